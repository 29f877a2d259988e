"""
Admin for the reference data: curators correct a name or code here, and add organizations.

Every list can be searched by name and by code, because curators arrive with whichever
identifier their source uses (an ISO code from a dataset, an M49 code from UNSD tables).
"""

from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from .models import Membership, Organization, ProgressEntry, Region, State


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "m49_code", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["name", "m49_code"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]


@admin.register(State)
class StateAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "iso3",
        "iso2",
        "m49_code",
        "region",
        "subregion",
        "intermediate_region",
        "un_status",
    ]
    list_filter = ["un_status", "region", "subregion", "intermediate_region"]
    search_fields = ["name", "slug", "iso2", "iso3", "m49_code"]
    list_select_related = ["region", "subregion", "intermediate_region"]
    autocomplete_fields = ["region", "subregion", "intermediate_region"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "slug", "un_status", "un_member_since"]}),
        ("Codes", {"fields": ["iso2", "iso3", "m49_code"]}),
        ("M49 region", {"fields": ["region", "subregion", "intermediate_region"]}),
    ]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "kind", "country", "website", "updated"]
    list_filter = ["kind", "country__region", "country__subregion"]
    search_fields = ["name", "acronym", "slug", "country__name", "country__iso3"]
    list_select_related = ["country"]
    autocomplete_fields = ["country"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["created", "updated"]
    # Curators paste bare domains; assume https, as Django 6 will by default.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "created"]
    list_filter = ["organization__kind"]
    search_fields = ["user__username", "user__email", "organization__name"]
    autocomplete_fields = ["organization"]
    raw_id_fields = ["user"]


@admin.register(ProgressEntry)
class ProgressEntryAdmin(SimpleHistoryAdmin):
    list_display = ["commitment", "subject", "organization", "status", "workflow_state", "updated"]
    list_filter = ["workflow_state", "status", "confidence", "state__region"]
    search_fields = [
        "summary",
        "state__name",
        "organization__name",
        "commitment__resolution__symbol",
    ]
    list_select_related = [
        "commitment__resolution",
        "commitment__paragraph",
        "state",
        "subject_organization",
        "organization",
    ]
    raw_id_fields = ["commitment", "created_by", "decided_by"]
    autocomplete_fields = ["state", "subject_organization", "organization"]
    readonly_fields = ["revision", "submitted_at", "decided_at", "decided_by", "created", "updated"]
