"""Choice lists of the states app: one place for the codes the database stores."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.TextChoices):
    """The three tiers of the M49 geographic grouping, broadest first."""

    REGION = "region", _("Region")
    SUBREGION = "subregion", _("Sub-region")
    INTERMEDIATE = "intermediate", _("Intermediate region")


class UnStatus(models.TextChoices):
    """Standing at the UN: members vote; non-member observer states take part without voting."""

    MEMBER = "member", _("Member state")
    OBSERVER = "observer", _("Observer state")


class OrganizationKind(models.TextChoices):
    """What kind of body an organization is, for filtering and for the report's groupings."""

    NGO = "ngo", _("Non-governmental organization")
    UN_ENTITY = "un_entity", _("UN entity")
    INTERGOVERNMENTAL = "intergovernmental", _("Intergovernmental organization")
    NHRI = "nhri", _("National human rights institution")
    OTHER = "other", _("Other")


class ImplementationStatus(models.TextChoices):
    """How far a subject has come on a commitment, as the evidence shows."""

    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    PARTIAL = "partial", _("Partially implemented")
    IMPLEMENTED = "implemented", _("Implemented")
    REGRESSED = "regressed", _("Regressed")
    NO_INFORMATION = "no_information", _("No information")


# Most advanced first: a tie in a topic cell shows the further-along status.
STATUS_ORDER = [
    ImplementationStatus.IMPLEMENTED,
    ImplementationStatus.PARTIAL,
    ImplementationStatus.IN_PROGRESS,
    ImplementationStatus.NOT_STARTED,
    ImplementationStatus.REGRESSED,
    ImplementationStatus.NO_INFORMATION,
]


class WorkflowState(models.TextChoices):
    """Where a progress entry stands in review; only approved entries count anywhere public."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for review")
    APPROVED = "approved", _("Approved")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Confidence(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class MembershipRole(models.TextChoices):
    """What a person does in an organization: members report; coordinators also run it."""

    MEMBER = "member", _("Member")
    COORDINATOR = "coordinator", _("Coordinator")
