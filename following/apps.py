from django.apps import AppConfig


class FollowingConfig(AppConfig):
    name = "following"
    verbose_name = "Following"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from states.signals import entry_decided

        from . import digests

        # The states app announces each committed decision; an approval sends the digests of
        # those who want them at once. It never calls this app.
        entry_decided.connect(digests.entry_decided, dispatch_uid="following-entry-decided")
