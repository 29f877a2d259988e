from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "webhooks"
    verbose_name = "Webhooks"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from states.signals import entry_decided

        from . import events

        # The states app announces each committed review decision; it never calls this app.
        entry_decided.connect(events.entry_decided, dispatch_uid="webhooks-entry-decided")
