"""
Webhooks in the admin: administrators (with the webhook permissions) register an
organization's receivers, send a test ping, and read the delivery log; deliveries and their
attempts are read-only, written by the worker alone.
"""

from django.contrib import admin, messages
from django.db import models
from django.db.models import Count, Max

from . import events
from .models import Delivery, DeliveryAttempt, Webhook

RECENT_DELIVERIES = 20
# What an entry's name is made of (`ProgressEntry.__str__`), read with the deliveries.
ENTRY_AS_TEXT = [
    "entry__state",
    "entry__subject_organization",
    "entry__commitment__resolution",
    "entry__commitment__paragraph",
]


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class DeliveryInline(ReadOnlyMixin, admin.TabularInline):
    model = Delivery
    verbose_name_plural = f"Latest deliveries (the newest {RECENT_DELIVERIES})"
    fields = ["created", "event", "entry", "status", "attempts", "next_attempt_at", "last_result"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False
    extra = 0

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        # The formset keeps the webhook's own; of those, the newest (the change view's id).
        newest = Delivery.objects.order_by("-created", "-id")
        object_id = request.resolver_match and request.resolver_match.kwargs.get("object_id")
        if object_id:
            newest = newest.filter(webhook_id=object_id)
        ids = list(newest.values_list("pk", flat=True)[:RECENT_DELIVERIES])
        return (
            queryset.filter(pk__in=ids)
            .select_related("webhook", *ENTRY_AS_TEXT)
            .prefetch_related("log")
        )

    @admin.display(description="last attempt")
    def last_result(self, delivery):
        attempts = list(delivery.log.all())  # prefetched, in order of number
        if not attempts:
            return "—"
        attempt = attempts[-1]
        result = attempt.status_code or attempt.error
        return f"{result} ({attempt.duration_ms} ms)"


class DeliveryAttemptInline(ReadOnlyMixin, admin.TabularInline):
    model = DeliveryAttempt
    fields = ["number", "started_at", "duration_ms", "status_code", "error", "response_excerpt"]
    readonly_fields = fields
    can_delete = False
    extra = 0


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    list_display = ["organization", "url", "active", "delivery_count", "last_delivery"]
    search_fields = ["organization__name", "url"]
    autocomplete_fields = ["organization"]
    fields = ["organization", "url", "secret", "active", "created", "updated"]
    readonly_fields = ["created", "updated"]
    inlines = [DeliveryInline]
    actions = ["send_test_ping"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "secret":
            field.widget.attrs.update({"class": "vLargeTextField", "autocomplete": "off"})
        return field

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("organization")
            .annotate(delivery_count=Count("deliveries"), last_delivery=Max("deliveries__created"))
        )

    @admin.display(description="deliveries", ordering="delivery_count")
    def delivery_count(self, webhook):
        return webhook.delivery_count

    @admin.display(description="last delivery", ordering="last_delivery")
    def last_delivery(self, webhook):
        return webhook.last_delivery

    @admin.action(description="Send a test ping to the selected webhooks", permissions=["change"])
    def send_test_ping(self, request, queryset):
        hooks = list(queryset.filter(active=True))
        for webhook in hooks:
            events.ping(webhook)
        skipped = queryset.count() - len(hooks)
        self.message_user(
            request,
            f"{len(hooks)} test ping(s) queued; the delivery log shows the answer.",
            messages.SUCCESS,
        )
        if skipped:
            self.message_user(
                request, f"{skipped} switched-off webhook(s) skipped.", messages.WARNING
            )


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["created", "webhook", "event", "entry", "status", "attempts", "next_attempt_at"]
    list_filter = ["status", "event", "webhook__organization"]
    search_fields = ["event_id", "webhook__url", "webhook__organization__name"]
    list_select_related = ["webhook__organization", *ENTRY_AS_TEXT]
    fields = [
        "webhook",
        "event",
        "event_id",
        "entry",
        "status",
        "attempts",
        "next_attempt_at",
        "created",
        "completed_at",
        "body",
    ]
    readonly_fields = fields
    inlines = [DeliveryAttemptInline]
