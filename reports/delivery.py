"""
How a printable report reaches its reader without tying up a web process.

Laying out a PDF is slow whatever its size: WeasyPrint takes a second or more for a report of
twenty commitments (most of it fixed: fonts subset, styles applied), and about a minute and a
half for the busiest state's at 1,000,000 entries (some 600 pages). So no PDF is ever made on
a request: every PDF is prepared by a background job (jobs/), whose page offers it, shows its
progress and then serves the file. The web page of a report is quick to print while it is
small, but one listing thousands of commitments takes seconds too, so a report is sized first
(`printable.size`: the commitments it lists and the approved entries it cites, two counts
kept per version): over REPORTS_INLINE_MAX_ITEMS items its page leads to the job's page too.

A PDF made is kept under its `key`, one *build* of the report: its parameters (kind, subject,
audience, language, and whether it leaves out the commitments without approved progress;
reports take no filters) and its *version*, the figures tokens of its
subject (core/caching.py): a state's entry token, or the entry tokens of every commitment
a resolution or topic report covers. Every entry saved, and every evidence item added,
removed or made confidential, replaces its state's and commitment's tokens, so a kept PDF is
served until something it prints has changed, and never after. One job makes one build,
however many ask for it (a unique constraint on the job's `report_key`).

Audience: a report shows approved entries and public evidence to whoever asks, but one made
for a signed-in user names them ("generated for"), so it is theirs alone (`user:<id>`);
visitors share one (`public`), built once however many ask.
"""

import hashlib
from dataclasses import dataclass, replace
from functools import cached_property
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from commitments.models import Resolution, Topic
from core.caching import ENTRIES, cache, figures_version, subject_scope
from states.models import State

from . import printable

PUBLIC = "public"

# How each kind of report names its subject in addresses and job parameters.
SUBJECTS = {
    "state": lambda key: State.objects.get(slug=key),
    "resolution": lambda key: Resolution.objects.get(pk=key),
    "topic": lambda key: Topic.objects.get(slug=key),
}


class NoSuchSubject(LookupError):
    pass


def find_subject(kind: str, key: str):
    """The subject a report's address names; NoSuchSubject for an unknown kind or key."""
    if kind not in SUBJECTS:
        raise NoSuchSubject(f"There are no {kind} reports.")
    try:
        return SUBJECTS[kind](key)
    except (ValueError, State.DoesNotExist, Resolution.DoesNotExist, Topic.DoesNotExist) as error:
        raise NoSuchSubject(f"The report's subject ({kind} “{key}”) does not exist.") from error


def leaves_out_unassessed(data) -> bool:
    """Whether a report's address (GET or POST data) asks to leave out the unassessed."""
    return data.get("unassessed") == "omit"


def includes_drafts(data) -> bool:
    """Whether a report's address asks for the commitments of draft resolutions too."""
    return data.get("drafts") == "1"


def audience_of(user) -> str:
    return f"user:{user.pk}" if user is not None and user.is_authenticated else PUBLIC


@dataclass
class ReportRequest:
    kind: str  # "state", "resolution" or "topic"
    subject: object
    audience: str  # PUBLIC, or "user:<id>"
    language: str
    # Commitments without approved progress left out, rather than listed in a short table.
    omit_unassessed: bool = False
    # The commitments of draft resolutions (not yet adopted) counted in too.
    drafts: bool = False

    @classmethod
    def of(cls, kind, subject, user, language=None, omit_unassessed=False, drafts=False):
        return cls(
            kind=kind,
            subject=subject,
            audience=audience_of(user),
            language=language or translation.get_language() or settings.LANGUAGE_CODE,
            omit_unassessed=omit_unassessed,
            drafts=drafts,
        )

    @property
    def subject_name(self) -> str:
        """The subject as a title names it: a resolution by its symbol alone."""
        return self.subject.display_symbol if self.kind == "resolution" else str(self.subject)

    @property
    def subject_key(self) -> str:
        """The subject as addresses name it: a slug, or a resolution's id."""
        return str(self.subject.pk if self.kind == "resolution" else self.subject.slug)

    def scopes(self) -> list[str]:
        """The figures scopes whose change can change this report (one query at most)."""
        if self.kind == "state":
            return [subject_scope(ENTRIES, "state", self.subject.pk)]
        covered = printable.covered_commitments(self.kind, self.subject, self.drafts).order_by("pk")
        return [
            subject_scope(ENTRIES, "commitment", pk) for pk in covered.values_list("pk", flat=True)
        ]

    @cached_property
    def version(self) -> str:
        return _digest(figures_version(self.scopes()))

    @cached_property
    def key(self) -> str:
        """One build of this report: its parameters and the version of its figures."""
        parts = [self.kind, str(self.subject.pk), self.audience, self.language, self.version]
        # Only when left out: the full report's builds keep the keys they were made under.
        if self.omit_unassessed:
            parts.append("omit-unassessed")
        if self.drafts:
            parts.append("drafts")
        return _digest("|".join(parts))

    @cached_property
    def size(self) -> int:
        """`printable.size`, counted once per version (the key names the version)."""
        name = f"report-size:{self.key}"
        counted = cache().get(name)
        if counted is None:
            counted = printable.size(self.kind, self.subject, self.drafts)
            cache().set(name, counted)
        return counted

    @property
    def inline(self) -> bool:
        """Whether the report's web page is small enough to be printed on a request."""
        return self.size <= settings.REPORTS_INLINE_MAX_ITEMS

    def job_params(self) -> dict:
        return {
            "report": self.kind,
            "key": self.subject_key,
            "audience": self.audience,
            "language": self.language,
            **self.options(),
        }

    def options(self) -> dict:
        """The reader's choices, as the report's addresses carry them."""
        return {
            **({"unassessed": "omit"} if self.omit_unassessed else {}),
            **({"drafts": "1"} if self.drafts else {}),
        }

    def page_url(self) -> str:
        """The report's web page."""
        page = reverse(f"reports:{self.kind}_report", args=[self.subject_key])
        return page + ("?" + urlencode(self.options()) if self.options() else "")

    @property
    def listed_url(self) -> str:
        """The report's page with the commitments without approved progress in a short table."""
        return replace(self, omit_unassessed=False).page_url()

    @property
    def omitted_url(self) -> str:
        """The report's page with the commitments without approved progress left out."""
        return replace(self, omit_unassessed=True).page_url()

    def job_url(self) -> str:
        """The page of this report's PDF, prepared in the background (jobs/views.py)."""
        return (
            reverse("jobs:report")
            + "?"
            + urlencode({"report": self.kind, "key": self.subject_key, **self.options()})
        )


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()
