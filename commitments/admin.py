from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from .forms import MarkAdoptedForm, ResolutionAdminForm
from .lineage import ask_text, diff_markup
from .models import (
    Actor,
    ActorAlias,
    Commitment,
    CommitmentActor,
    CommitmentLink,
    DeadlineSubscription,
    LexiconPhrase,
    OperativeVerb,
    Paragraph,
    ReminderSent,
    ReportingRequest,
    Resolution,
    ResolutionRevision,
    SdgTarget,
    Topic,
    TopicKeyword,
    VerbForm,
)


class ResolutionRevisionInline(admin.TabularInline):
    model = ResolutionRevision
    fields = ["version", "source_hash", "replaced_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True


@admin.register(Resolution)
class ResolutionAdmin(SimpleHistoryAdmin):
    """
    Resolutions, with the history of their heading. A draft is marked adopted on its own
    page ("Mark adopted", linked from the change form), with a note for the history; the
    change form checks a symbol against its body's format the same way.
    """

    form = ResolutionAdminForm

    list_display = [
        "display_symbol",
        "title",
        "body",
        "adopted_on",
        "is_adopted",
        "version",
        "commitment_count",
    ]
    list_filter = ["is_adopted", "body", "adopted_on"]
    search_fields = ["symbol", "title"]
    date_hierarchy = "adopted_on"
    readonly_fields = [
        "adoption",
        "source_hash",
        "version",
        "parse_warnings",
        "imported_by",
        "created",
        "updated",
    ]
    inlines = [ResolutionRevisionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(commitment_total=Count("commitments"))

    def get_urls(self):
        adopt = path(
            "<int:pk>/adopt/",
            self.admin_site.admin_view(self.mark_adopted_view),
            name="commitments_resolution_adopt",
        )
        return [adopt, *super().get_urls()]

    @admin.display(description="Adoption")
    def adoption(self, obj):
        if obj.pk is None or obj.is_adopted:
            return "Adopted" if obj.pk else "-"
        url = reverse("admin:commitments_resolution_adopt", args=[obj.pk])
        return format_html('Draft. <a href="{}">Mark adopted…</a>', url)

    def mark_adopted_view(self, request, pk):
        resolution = get_object_or_404(Resolution, pk=pk)
        if not self.has_change_permission(request, resolution):
            raise PermissionDenied
        form = MarkAdoptedForm(request.POST or None, resolution=resolution)
        if request.method == "POST" and form.is_valid() and form.save(request.user):
            messages.success(request, f"{resolution.display_symbol} is marked adopted.")
            return redirect("admin:commitments_resolution_change", resolution.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Mark {resolution.display_symbol} adopted",
            "opts": self.model._meta,
            "original": resolution,
            "form": form,
        }
        return TemplateResponse(request, "admin/commitments/resolution/mark_adopted.html", context)

    @admin.display(description="Commitments", ordering="commitment_total")
    def commitment_count(self, obj):
        return obj.commitment_total


@admin.register(ResolutionRevision)
class ResolutionRevisionAdmin(admin.ModelAdmin):
    list_display = ["resolution", "version", "replaced_at"]
    search_fields = ["resolution__symbol", "resolution__title"]
    readonly_fields = ["resolution", "version", "source_text", "source_hash", "replaced_at"]


@admin.register(Paragraph)
class ParagraphAdmin(admin.ModelAdmin):
    list_display = ["resolution", "label", "kind", "opener", "position", "retired"]
    list_filter = ["kind", "retired", "resolution__body"]
    search_fields = ["text", "resolution__symbol", "opener"]
    list_select_related = ["resolution"]
    raw_id_fields = ["resolution", "parent"]


class CommitmentActorInline(admin.TabularInline):
    model = CommitmentActor
    fields = ["position", "text", "actor", "kind"]
    autocomplete_fields = ["actor"]
    extra = 0


@admin.register(Commitment)
class CommitmentAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "verb_phrase",
        "canonical_verb",
        "strength",
        "actor_kind",
        "action",
        "is_trackable",
        "retired",
    ]
    list_filter = [
        "strength",
        "actor_kind",
        "is_trackable",
        "retired",
        "resolution__body",
        "topics",
    ]
    search_fields = ["paragraph__text", "verb_phrase", "action", "resolution__symbol"]
    list_select_related = ["resolution", "paragraph"]
    raw_id_fields = ["paragraph", "resolution"]
    filter_horizontal = ["topics"]
    readonly_fields = ["is_trackable", "created", "updated"]
    inlines = [CommitmentActorInline]


class ActorAliasInline(admin.TabularInline):
    model = ActorAlias
    extra = 1


@admin.register(Actor)
class ActorAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "commitment_count"]
    list_filter = ["kind"]
    search_fields = ["name", "aliases__alias"]
    inlines = [ActorAliasInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_commitment_counts()

    @admin.display(description="Commitments", ordering="commitment_count")
    def commitment_count(self, obj):
        return obj.commitment_count


@admin.register(ActorAlias)
class ActorAliasAdmin(admin.ModelAdmin):
    list_display = ["alias", "actor"]
    list_filter = ["actor__kind"]
    search_fields = ["alias", "actor__name"]
    autocomplete_fields = ["actor"]


class TopicKeywordInline(admin.TabularInline):
    model = TopicKeyword
    extra = 1


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "parent", "position"]
    list_filter = ["parent", "sdg_targets"]
    search_fields = ["name", "slug", "keywords__keyword"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["sdg_targets"]
    inlines = [TopicKeywordInline]


@admin.register(SdgTarget)
class SdgTargetAdmin(admin.ModelAdmin):
    list_display = ["code", "title"]
    search_fields = ["code", "title"]


class VerbFormInline(admin.TabularInline):
    model = VerbForm
    extra = 1


@admin.register(OperativeVerb)
class OperativeVerbAdmin(admin.ModelAdmin):
    list_display = ["canonical", "strength", "directive", "form_list"]
    list_filter = ["strength", "directive"]
    search_fields = ["canonical", "forms__form"]
    inlines = [VerbFormInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("forms")

    @admin.display(description="Printed forms")
    def form_list(self, obj):
        return ", ".join(form.form for form in obj.forms.all())


@admin.register(LexiconPhrase)
class LexiconPhraseAdmin(admin.ModelAdmin):
    list_display = ["phrase", "kind"]
    list_filter = ["kind"]
    search_fields = ["phrase"]


# Deadlines and reporting requests -------------------------------------------------------------


@admin.register(ReportingRequest)
class ReportingRequestAdmin(admin.ModelAdmin):
    list_display = [
        "resolution",
        "paragraph_label",
        "kind",
        "requested_of",
        "session",
        "due_date",
        "is_estimate",
        "fulfilled_on",
    ]
    list_filter = [
        "kind",
        "due_body",
        "is_estimate",
        "basis",
        ("fulfilled_on", admin.EmptyFieldListFilter),
        ("due_date", admin.EmptyFieldListFilter),
        "resolution__body",
    ]
    search_fields = ["source_text", "requested_of", "resolution__symbol", "fulfilment_note"]
    date_hierarchy = "due_date"
    list_select_related = ["resolution", "commitment__paragraph"]
    raw_id_fields = ["commitment", "resolution"]
    readonly_fields = ["source_text", "span_start", "span_end", "basis", "created", "updated"]
    fieldsets = [
        (None, {"fields": ["resolution", "commitment", "kind", "requested_of", "source_text"]}),
        (
            "Due",
            {
                "fields": ["due_body", "due_session", "session_kind", "due_date", "is_estimate"],
                "description": "Read from the text at import; a re-import reads them again.",
            },
        ),
        ("Fulfilment", {"fields": ["fulfilled_on", "fulfilment_note"]}),
        ("Source", {"fields": ["basis", "span_start", "span_end", "created", "updated"]}),
    ]
    actions = ["mark_fulfilled_today"]

    @admin.display(description="Paragraph", ordering="commitment__paragraph__position")
    def paragraph_label(self, obj):
        return obj.commitment.paragraph.label

    @admin.display(description="Session")
    def session(self, obj):
        return obj.session_label

    @admin.action(description="Mark as fulfilled today")
    def mark_fulfilled_today(self, request, queryset):
        count = queryset.filter(fulfilled_on__isnull=True).update(
            fulfilled_on=timezone.localdate(), updated=timezone.now()
        )
        self.message_user(request, f"{count} request(s) marked as fulfilled.")


@admin.register(DeadlineSubscription)
class DeadlineSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["user", "scope", "resolution", "topic", "created"]
    list_filter = ["scope", "topic"]
    search_fields = ["user__username", "user__email", "resolution__symbol"]
    list_select_related = ["user", "resolution", "topic"]
    raw_id_fields = ["user", "resolution"]


@admin.register(ReminderSent)
class ReminderSentAdmin(admin.ModelAdmin):
    list_display = ["user", "request", "due_date", "window_days", "sent_on"]
    list_filter = ["sent_on", "window_days"]
    search_fields = ["user__username", "user__email", "request__resolution__symbol"]
    list_select_related = ["user", "request__commitment__paragraph", "request__resolution"]
    readonly_fields = ["user", "request", "due_date", "window_days", "sent_on"]

    def has_add_permission(self, request):
        return False


# Lineage links ---------------------------------------------------------------------------------


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
