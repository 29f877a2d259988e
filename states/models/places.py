"""
States and the M49 regions they belong to.

Progress on a commitment is recorded per state and compared across regions, so the list of
states and their grouping must be the UN's own: names as the UN prints them, codes from
ISO 3166-1 and regions from the UN Statistics Division's M49 standard. The rows are loaded
by the 0002 data migration from states/data/m49.csv rather than typed in by users.
"""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..choices import (
    RegionLevel,
    UnStatus,
)
from ..names import region_name, state_name

m49_validator = RegexValidator(r"^\d{3}$", "An M49 code is three digits, zero-padded: 002.")
iso2_validator = RegexValidator(r"^[A-Z]{2}$", "An ISO alpha-2 code is two capital letters.")
iso3_validator = RegexValidator(r"^[A-Z]{3}$", "An ISO alpha-3 code is three capital letters.")


class Region(models.Model):
    """
    An M49 geographic region, sub-region or intermediate region.

    M49 nests three deep (Africa > Sub-Saharan Africa > Western Africa); only the top tier
    has no parent. Regions are reference data: PROTECT keeps a region that states still
    point to from being deleted by accident.
    """

    m49_code = models.CharField(
        "M49 code",
        max_length=3,
        unique=True,
        validators=[m49_validator],
        help_text=_("UN M49 area code, zero-padded, e.g. 002 for Africa."),
    )
    name = models.CharField(max_length=100)
    level = models.CharField(max_length=16, choices=RegionLevel)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["level", "name"])]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(level=RegionLevel.REGION, parent__isnull=True)
                    | (~Q(level=RegionLevel.REGION) & Q(parent__isnull=False))
                ),
                name="region_parent_matches_level",
            ),
            models.CheckConstraint(
                condition=Q(level__in=RegionLevel.values), name="region_level_valid"
            ),
            models.CheckConstraint(
                condition=Q(m49_code__regex=r"^[0-9]{3}\Z"), name="region_m49_code_valid"
            ),
            models.CheckConstraint(condition=~Q(name=""), name="region_has_name"),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        """The region's name in the reader's language (`name` is the UN's English one)."""
        return region_name(self.m49_code, self.name)


class StateQuerySet(models.QuerySet):
    def members(self):
        return self.filter(un_status=UnStatus.MEMBER)

    def observers(self):
        return self.filter(un_status=UnStatus.OBSERVER)

    def in_region(self, region):
        """
        States anywhere under `region` (a Region or its primary key), at whichever M49 tier it
        sits: a region, a sub-region or an intermediate region. The one meaning of "in a
        region" for every list, filter and count (a queryset to filter other models by:
        `state__in=...`); each state keeps its three tiers, so no walk down the tree is needed.
        """
        return self.filter(Q(region=region) | Q(subregion=region) | Q(intermediate_region=region))


class State(models.Model):
    """
    A UN member state or non-member observer state (193 + 2).

    The name is the UN's short name ("Bolivia (Plurinational State of)", "Türkiye"), because
    that is how resolutions and voting records name states; the ISO codes are kept to match
    data from other sources. The M49 numeric code of a state equals its ISO 3166-1 numeric
    code. The three region links are denormalized on purpose so that lists can filter by
    any tier with one indexed column.
    """

    name = models.CharField(max_length=100, unique=True, help_text=_("UN short name."))
    slug = models.SlugField(max_length=100, unique=True)
    iso2 = models.CharField("ISO alpha-2", max_length=2, unique=True, validators=[iso2_validator])
    iso3 = models.CharField("ISO alpha-3", max_length=3, unique=True, validators=[iso3_validator])
    m49_code = models.CharField("M49 code", max_length=3, unique=True, validators=[m49_validator])
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="states",
        limit_choices_to={"level": RegionLevel.REGION},
    )
    subregion = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="subregion_states",
        limit_choices_to={"level": RegionLevel.SUBREGION},
    )
    intermediate_region = models.ForeignKey(
        Region,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="intermediate_region_states",
        limit_choices_to={"level": RegionLevel.INTERMEDIATE},
        help_text=_("Only some sub-regions are divided further, e.g. Sub-Saharan Africa."),
    )
    un_status = models.CharField(
        "UN status", max_length=16, choices=UnStatus, default=UnStatus.MEMBER
    )
    un_member_since = models.DateField(
        "UN member since",
        null=True,
        blank=True,
        help_text=_("Date of admission to the United Nations; empty when not recorded."),
    )

    objects = StateQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["un_status", "name"])]
        constraints = [
            # The field validators' patterns: codes are lookup keys (the API names states
            # by iso3) and the slug is in URLs.
            models.CheckConstraint(
                condition=Q(iso2__regex=r"^[A-Z]{2}\Z")
                & Q(iso3__regex=r"^[A-Z]{3}\Z")
                & Q(m49_code__regex=r"^[0-9]{3}\Z"),
                name="state_codes_valid",
            ),
            models.CheckConstraint(
                condition=Q(slug__regex=r"^[-a-zA-Z0-9_]+\Z"), name="state_slug_valid"
            ),
            models.CheckConstraint(condition=~Q(name=""), name="state_has_name"),
            models.CheckConstraint(
                condition=Q(un_status__in=UnStatus.values), name="state_un_status_valid"
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        """The state's name in the reader's language (`name` is the UN's English short name)."""
        return state_name(self.iso3, self.name)

    @staticmethod
    def read_code(text: str) -> str:
        """
        An ISO alpha-3 code as an address gives it (any case, spaces around), or "" when
        the text cannot be one: it never reaches a query, where a NUL character is an error
        on PostgreSQL.
        """
        code = text.strip().upper()
        return code if len(code) == 3 and code.isascii() and code.isalpha() else ""

    def clean(self):
        """Keep the three region links one consistent M49 path."""
        errors = {}
        if self.subregion_id and self.region_id and self.subregion.parent_id != self.region_id:
            errors["subregion"] = "This sub-region is not part of the chosen region."
        if (
            self.intermediate_region_id
            and self.subregion_id
            and self.intermediate_region.parent_id != self.subregion_id
        ):
            errors["intermediate_region"] = (
                "This intermediate region is not part of the chosen sub-region."
            )
        if errors:
            raise ValidationError(errors)
