"""Choice lists of the commitments app: one place for the codes the database stores."""

from django.db import models


class Body(models.TextChoices):
    """The UN organ that adopted a resolution."""

    GENERAL_ASSEMBLY = "GA", "General Assembly"
    HUMAN_RIGHTS_COUNCIL = "HRC", "Human Rights Council"
    ECOSOC = "ECOSOC", "Economic and Social Council"
    SECURITY_COUNCIL = "SC", "Security Council"
    COMMISSION_STATUS_WOMEN = "CSW", "Commission on the Status of Women"
    COMMISSION_CRIME_PREVENTION = "CCPCJ", "Commission on Crime Prevention and Criminal Justice"
    OTHER = "OTHER", "Other body"

    @classmethod
    def from_name(cls, name: str | None) -> "Body":
        """Map a body's printed name (as the parser returns it) to its code."""
        if not name:
            return cls.OTHER
        wanted = name.strip().casefold()
        for choice in cls:
            if choice.label.casefold() == wanted or choice.value.casefold() == wanted:
                return choice
        return cls.OTHER


class ParagraphKind(models.TextChoices):
    PREAMBULAR = "preambular", "Preambular"
    OPERATIVE = "operative", "Operative"
    # An operative paragraph of a draft the resolution recommends to another organ ("the
    # adoption of the following draft resolution"): that organ's to adopt, no commitment here.
    RECOMMENDED = "recommended", "Recommended to another organ"


class Strength(models.TextChoices):
    """How strong an ask the operative verb makes, strongest first."""

    BINDING = "binding", "Binding"
    STRONG = "strong", "Strong"
    MODERATE = "moderate", "Moderate"
    DECLARATORY = "declaratory", "Declaratory"

    @classmethod
    def rank(cls, value: str) -> int:
        """Higher is stronger; lets lineage say whether an ask was strengthened."""
        order = [cls.DECLARATORY, cls.MODERATE, cls.STRONG, cls.BINDING]
        return order.index(value) if value in order else -1


class ActorKind(models.TextChoices):
    """What kind of addressee an actor is."""

    STATES = "states", "States"
    UN_SYSTEM = "un_system", "UN system"
    INTERGOVERNMENTAL = "intergovernmental", "Intergovernmental"
    CIVIL_SOCIETY = "civil_society", "Civil society"
    PRIVATE_SECTOR = "private_sector", "Private sector"
    NON_STATE = "non_state", "Parties to a conflict and armed groups"
    ADOPTING_BODY = "adopting_body", "The adopting body"
    OTHER = "other", "Other"


class AddresseeKind(models.TextChoices):
    """Who a commitment as a whole is addressed to (the gold annotation's actor_kind)."""

    STATES = "states", "States"
    UN_SYSTEM = "un_system", "UN system"
    INTERGOVERNMENTAL = "intergovernmental", "Other international organizations"
    NON_STATE = "non_state", "Parties to a conflict and armed groups"
    MIXED = "mixed", "Several kinds"
    OTHER = "other", "Other addressees"
    SELF = "self", "No addressee (the body itself)"


class LexiconPhraseKind(models.TextChoices):
    """Word lists the parser reads besides verbs, actors and topics."""

    ADVERB = "adverb", "Adverb before an operative verb"
    VERB_COMPLEMENT = "verb_complement", "Fixed complement of an operative verb"
    PREAMBULAR_OPENER = "preambular_opener", "Preambular opener"


class RequestKind(models.TextChoices):
    """What a reporting request asks for by its deadline (commitments.parsing.reporting)."""

    REPORT = "report", "Report"
    REVIEW = "review", "Review"
    CONSIDERATION = "consideration", "Consideration of the question"
    MEETING = "meeting", "Meeting"
    MANDATE = "mandate", "Mandate ends"


class DueBasis(models.TextChoices):
    """How a reporting request's due date was found."""

    SESSION = "session", "Numbered session"
    NEXT_SESSION = "next_session", "Next session"
    SESSION_YEAR = "session_year", "Session of a year"
    DURATION = "duration", "Duration from adoption"
    DATE = "date", "Printed date"
    YEAR = "year", "Year"
    PERIOD = "period", "Period from adoption"
    NONE = "", "No time given"


class SubscriptionScope(models.TextChoices):
    """Which reporting requests a deadline subscription covers."""

    RESOLUTION = "resolution", "One resolution"
    TOPIC = "topic", "One topic"
    ALL = "all", "Every resolution"
