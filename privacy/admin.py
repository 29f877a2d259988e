"""
Personal data in the admin: "Export personal data" and "Erase personal data" on users, and
the read-only list of erasures.

The user admin is the one already registered (Django's, or a subclass another app put there)
with these actions added, so nothing it offers is lost. Both actions go through
privacy/personal_data.py, whose rules decide who may act on whom; the actions are offered
only to superusers and holders of `auth.change_user`.
"""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils import timezone

from .models import ErasureRecord
from .personal_data import (
    ErasureRefused,
    audit_trail,
    erase_user,
    export_personal_data,
    may_manage,
)
from .views import export_filename, json_attachment

User = get_user_model()
RegisteredUserAdmin = type(admin.site.get_model_admin(User))


def erasure_refusal(user, by) -> str | None:
    """Why `by` cannot erase `user`, for the confirmation page, or None when it may go ahead."""
    if hasattr(user, "erasure"):
        return "already erased"
    if not may_manage(by, user):
        return "only a superuser may erase a superuser"
    if (
        user.is_superuser
        and user.is_active
        and not User._default_manager.filter(is_superuser=True, is_active=True)
        .exclude(pk=user.pk)
        .exists()
    ):
        return "the last active superuser"
    return None


class UserAdmin(RegisteredUserAdmin):
    actions = [*(RegisteredUserAdmin.actions or ()), "export_personal_data", "erase_personal_data"]

    def has_personal_data_permission(self, request):
        user = request.user
        return user.is_active and (user.is_superuser or user.has_perm("auth.change_user"))

    @admin.action(description="Export personal data", permissions=["personal_data"])
    def export_personal_data(self, request, queryset):
        """One user's document, or a list of them; each export is written to the admin log."""
        users = list(queryset.order_by("pk"))
        refused = [user for user in users if not may_manage(request.user, user)]
        if refused:
            names = ", ".join(user.get_username() for user in refused)
            self.message_user(
                request,
                f"Nothing exported: only a superuser may export a superuser's data ({names}).",
                messages.ERROR,
            )
            return None
        documents = [export_personal_data(user) for user in users]
        for user in users:
            self.log_change(request, user, "Exported personal data.")
        if len(users) == 1:
            return json_attachment(documents[0], export_filename(users[0]))
        filename = f"personal-data-{len(users)}-users-{timezone.localdate():%Y-%m-%d}.json"
        return json_attachment(documents, filename)

    @admin.action(description="Erase personal data", permissions=["personal_data"])
    def erase_personal_data(self, request, queryset):
        """
        A confirmation page listing the accounts and what happens to them; on "Erase", each
        is erased through `erase_user`, and any the rules refuse is reported and skipped.
        """
        users = list(queryset.select_related("erasure").order_by("pk"))
        if "apply" in request.POST:
            self._erase(request, users)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Erase personal data",
            "subtitle": None,
            "opts": self.opts,
            "action_name": "erase_personal_data",
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "rows": [(user, erasure_refusal(user, request.user)) for user in users],
        }
        return TemplateResponse(request, "privacy/admin_erase_confirmation.html", context)

    def _erase(self, request, users):
        erased = 0
        for user in users:
            try:
                erase_user(user, by=request.user, channel=ErasureRecord.Channel.ADMIN)
            except (ErasureRefused, PermissionDenied) as refusal:
                self.message_user(
                    request, f"Not erased: {user.get_username()}: {refusal}", messages.WARNING
                )
            else:
                erased += 1
                self.log_change(request, user, "Erased personal data.")
        if erased:
            noun = "account" if erased == 1 else "accounts"
            self.message_user(request, f"Erased {erased} {noun}.", messages.SUCCESS)

    def get_deleted_objects(self, objs, request):
        """
        Deleting a user who changed entries would clear the history's record of who did it
        and drop their admin log: show that trail as protected, so deletion is refused and
        "Erase personal data" is used instead. Users with no trail delete as before.
        """
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        trail = audit_trail(objs)
        if trail:
            protected = [*protected, *trail, "(use “Erase personal data” instead)"]
        return deleted, counts, perms_needed, protected


admin.site.unregister(User)
admin.site.register(User, UserAdmin)


@admin.register(ErasureRecord)
class ErasureRecordAdmin(admin.ModelAdmin):
    """The record of erasures: read only, never edited or removed."""

    list_display = ["user", "erased_by", "erased_at", "channel"]
    list_filter = ["channel"]
    list_select_related = ["user", "erased_by"]
    readonly_fields = ["user", "erased_by", "erased_at", "channel", "removed"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
