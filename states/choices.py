"""Choice lists of the states app: one place for the codes the database stores."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.TextChoices):
    """The three tiers of the M49 geographic grouping, broadest first."""

    REGION = "region", "Region"
    SUBREGION = "subregion", "Sub-region"
    INTERMEDIATE = "intermediate", "Intermediate region"


class UnStatus(models.TextChoices):
    """Standing at the UN: members vote; non-member observer states take part without voting."""

    MEMBER = "member", "Member state"
    OBSERVER = "observer", "Observer state"


class OrganizationKind(models.TextChoices):
    """What kind of body an organization is, for filtering and for the report's groupings."""

    NGO = "ngo", "Non-governmental organization"
    UN_ENTITY = "un_entity", "UN entity"
    INTERGOVERNMENTAL = "intergovernmental", "Intergovernmental organization"
    NHRI = "nhri", "National human rights institution"
    OTHER = "other", "Other"


class ImplementationStatus(models.TextChoices):
    """How far a subject has come on a commitment, as the evidence shows."""

    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    PARTIAL = "partial", "Partially implemented"
    IMPLEMENTED = "implemented", "Implemented"
    REGRESSED = "regressed", "Regressed"
    NO_INFORMATION = "no_information", "No information"


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

    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted for review"
    APPROVED = "approved", "Approved"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Confidence(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class MembershipRole(models.TextChoices):
    """What a person does in an organization: members report; coordinators also run it."""

    MEMBER = "member", _("Member")
    COORDINATOR = "coordinator", _("Coordinator")
