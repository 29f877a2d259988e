"""The linker's suggestions, for reviewers to confirm or reject."""

from django.contrib import admin
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .linking import ask_text, diff_markup
from .models import CommitmentLink


@admin.register(CommitmentLink)
class CommitmentLinkAdmin(admin.ModelAdmin):
    """
    The linker's suggestions, for reviewers to confirm or reject in bulk. Links are made by
    the linker only; a decided link is never changed by it again, and a rejected one is
    hidden from the commitment pages.
    """

    list_display = ["earlier", "later", "kind", "score", "status", "decided_by", "decided_at"]
    list_filter = [
        "status",
        "kind",
        ("later__resolution", admin.RelatedOnlyFieldListFilter),
        ("earlier__resolution", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = [
        "earlier__paragraph__text",
        "later__paragraph__text",
        "earlier__resolution__symbol",
        "later__resolution__symbol",
    ]
    list_select_related = [
        "earlier__resolution",
        "earlier__paragraph",
        "later__resolution",
        "later__paragraph",
        "decided_by",
    ]
    fields = [
        "earlier",
        "later",
        "wording",
        "why",
        "kind",
        "score",
        "status",
        "decided_by",
        "decided_at",
        "created",
        "updated",
    ]
    readonly_fields = [
        "earlier",
        "later",
        "wording",
        "why",
        "score",
        "status",
        "decided_by",
        "decided_at",
        "created",
        "updated",
    ]
    actions = ["confirm_links", "reject_links"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        """A wrong link is rejected, so the linker does not suggest it again."""
        return False

    def has_review_permission(self, request):
        return request.user.has_perm("commitments.review_commitmentlink")

    @admin.display(description="Wording, earlier to later")
    def wording(self, obj):
        earlier, later = obj.earlier.paragraph, obj.later.paragraph
        return diff_markup(
            ask_text(earlier.text, earlier.opener), ask_text(later.text, later.opener)
        )

    @admin.display(description=_("Why the linker suggested it"))
    def why(self, obj):
        return render_to_string("commitments/_link_explanation.html", {"link": obj}) or "—"

    @admin.action(description="Confirm links", permissions=["review"])
    def confirm_links(self, request, queryset):
        self._decide(request, queryset, CommitmentLink.Status.CONFIRMED)

    @admin.action(description="Reject links", permissions=["review"])
    def reject_links(self, request, queryset):
        self._decide(request, queryset, CommitmentLink.Status.REJECTED)

    def _decide(self, request, queryset, status):
        now = timezone.now()
        count = queryset.update(status=status, decided_by=request.user, decided_at=now, updated=now)
        noun = "link" if count == 1 else "links"
        self.message_user(request, f"{status.label} {count} {noun}.")
