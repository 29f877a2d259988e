"""Reporting requests read from the text, who asked to be reminded, and what was sent."""

from django.contrib import admin
from django.utils import timezone

from .models import DeadlineSubscription, ReminderSent, ReportingRequest


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
