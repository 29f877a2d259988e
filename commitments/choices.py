"""Choice lists of the commitments app: one place for the codes the database stores."""

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class Body(models.TextChoices):
    """The UN organ that adopted a resolution."""

    GENERAL_ASSEMBLY = "GA", _("General Assembly")
    HUMAN_RIGHTS_COUNCIL = "HRC", _("Human Rights Council")
    ECOSOC = "ECOSOC", _("Economic and Social Council")
    SECURITY_COUNCIL = "SC", _("Security Council")
    COMMISSION_STATUS_WOMEN = "CSW", _("Commission on the Status of Women")
    COMMISSION_CRIME_PREVENTION = "CCPCJ", _("Commission on Crime Prevention and Criminal Justice")
    OTHER = "OTHER", _("Other body")

    @classmethod
    def from_name(cls, name: str | None) -> "Body":
        """Map a body's printed name (as the parser returns it) to its code."""
        if not name:
            return cls.OTHER
        wanted = name.strip().casefold()
        # The printed names are English whatever the reader's language.
        with translation.override(None):
            for choice in cls:
                if str(choice.label).casefold() == wanted or choice.value.casefold() == wanted:
                    return choice
        return cls.OTHER


class ParagraphKind(models.TextChoices):
    PREAMBULAR = "preambular", _("Preambular")
    OPERATIVE = "operative", _("Operative")
    # An operative paragraph of a draft the resolution recommends to another organ ("the
    # adoption of the following draft resolution"): that organ's to adopt, no commitment here.
    RECOMMENDED = "recommended", _("Recommended to another organ")


class Strength(models.TextChoices):
    """How strong an ask the operative verb makes, strongest first."""

    BINDING = "binding", _("Binding")
    STRONG = "strong", _("Strong")
    MODERATE = "moderate", _("Moderate")
    DECLARATORY = "declaratory", _("Declaratory")

    @classmethod
    def rank(cls, value: str) -> int:
        """Higher is stronger; lets lineage say whether an ask was strengthened."""
        order = [cls.DECLARATORY, cls.MODERATE, cls.STRONG, cls.BINDING]
        return order.index(value) if value in order else -1


class ActorKind(models.TextChoices):
    """What kind of addressee an actor is."""

    STATES = "states", _("States")
    UN_SYSTEM = "un_system", _("UN system")
    INTERGOVERNMENTAL = "intergovernmental", _("Intergovernmental")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    PRIVATE_SECTOR = "private_sector", _("Private sector")
    NON_STATE = "non_state", _("Parties to a conflict and armed groups")
    ADOPTING_BODY = "adopting_body", _("The adopting body")
    OTHER = "other", _("Other")


class AddresseeKind(models.TextChoices):
    """Who a commitment as a whole is addressed to (the gold annotation's actor_kind)."""

    STATES = "states", _("States")
    UN_SYSTEM = "un_system", _("UN system")
    INTERGOVERNMENTAL = "intergovernmental", _("Other international organizations")
    NON_STATE = "non_state", _("Parties to a conflict and armed groups")
    MIXED = "mixed", _("Several kinds")
    OTHER = "other", _("Other addressees")
    SELF = "self", _("No addressee (the body itself)")


class LexiconPhraseKind(models.TextChoices):
    """Word lists the parser reads besides verbs, actors and topics."""

    ADVERB = "adverb", _("Adverb before an operative verb")
    VERB_COMPLEMENT = "verb_complement", _("Fixed complement of an operative verb")
    PREAMBULAR_OPENER = "preambular_opener", _("Preambular opener")


class RequestKind(models.TextChoices):
    """What a reporting request asks for by its deadline (commitments.parsing.reporting)."""

    REPORT = "report", _("Report")
    REVIEW = "review", _("Review")
    CONSIDERATION = "consideration", _("Consideration of the question")
    MEETING = "meeting", _("Meeting")
    MANDATE = "mandate", _("Mandate ends")


class DueBasis(models.TextChoices):
    """How a reporting request's due date was found."""

    SESSION = "session", _("Numbered session")
    NEXT_SESSION = "next_session", _("Next session")
    SESSION_YEAR = "session_year", _("Session of a year")
    DURATION = "duration", _("Duration from adoption")
    DATE = "date", _("Printed date")
    YEAR = "year", _("Year")
    PERIOD = "period", _("Period from adoption")
    NONE = "", _("No time given")


class SubscriptionScope(models.TextChoices):
    """Which reporting requests a deadline subscription covers."""

    RESOLUTION = "resolution", _("One resolution")
    TOPIC = "topic", _("One topic")
    ALL = "all", _("Every resolution")


class TextStatus(models.TextChoices):
    """Whether a resolution's text in another language lines up with the English numbering."""

    ALIGNED = "aligned", _("Aligned")
    MISALIGNED = "misaligned", _("Numbering does not match")


def version_languages() -> list[tuple[str, str]]:
    """The official languages a resolution's other versions may be in: all but English."""
    from django.conf import settings

    return [(code, name) for code, name in settings.LANGUAGES if code != "en"]


# How a paragraph's text in another language is labelled beside the English one. The label is
# read in the reader's language, which is the version's: "Texte en français".
TEXT_LABELS = {
    "ar": _("Text in Arabic"),
    "es": _("Text in Spanish"),
    "fr": _("Text in French"),
    "ru": _("Text in Russian"),
    "zh-hans": _("Text in Chinese"),
}
