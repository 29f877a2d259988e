"""The organizations that report on states, and their members."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..choices import (
    OrganizationKind,
)
from .places import State


class Organization(models.Model):
    """
    A body other than a state that reports on or acts on commitments.

    National NGOs and national human rights institutions belong to one country, which lets
    their reports be shown beside that state's record; international bodies have none.
    Losing a state (never expected) must not delete the organization, hence SET_NULL.
    """

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    acronym = models.CharField(max_length=32, blank=True)
    kind = models.CharField(max_length=32, choices=OrganizationKind)
    country = models.ForeignKey(
        State,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organizations",
        help_text=_("For national NGOs and national human rights institutions."),
    )
    website = models.URLField(blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["kind", "name"])]
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="organization_has_name"),
            models.CheckConstraint(
                condition=Q(slug__regex=r"^[-a-zA-Z0-9_]+\Z"), name="organization_slug_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=OrganizationKind.values), name="organization_kind_valid"
            ),
            # URLValidator's schemes: never javascript: or data: in a link.
            models.CheckConstraint(
                condition=Q(website="")
                | Q(website__istartswith="http://")
                | Q(website__istartswith="https://")
                | Q(website__istartswith="ftp://")
                | Q(website__istartswith="ftps://"),
                name="organization_website_scheme_valid",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


class Membership(models.Model):
    """A user's belonging to an organization: contributors record progress for it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organization", "user"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="unique_membership")
        ]

    def __str__(self):
        return f"{self.user} in {self.organization}"
