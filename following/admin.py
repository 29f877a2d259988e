"""What people follow and their digests, for site administrators (read, or removed)."""

from django.contrib import admin

from .models import Follow, Follower


@admin.register(Follower)
class FollowerAdmin(admin.ModelAdmin):
    list_display = ["user", "frequency", "last_sent"]
    list_filter = ["frequency"]
    search_fields = ["user__username", "user__email"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]
    readonly_fields = ["last_sent", "created"]


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "subject_name", "created"]
    list_filter = ["kind"]
    search_fields = ["user__username", "user__email"]
    list_select_related = [
        "user",
        "state",
        "topic",
        "resolution",
        "commitment__paragraph",
        "commitment__resolution",
    ]
    raw_id_fields = ["user", "state", "topic", "resolution", "commitment"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
