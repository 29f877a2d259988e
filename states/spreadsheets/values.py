"""
What each column of a row may hold, in words when it does not: the commitments and states
a row names (read once an import, `Lookups`), the statuses and confidence levels, the date,
the reference and the summary, each as an import-export widget.
"""

import datetime
import re
from collections.abc import Callable

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export import widgets

from commitments.models import Commitment
from commitments.symbols import normalize_symbol
from core.languages import english_choices

from ..choices import Confidence, ImplementationStatus
from ..models import State
from ..names import names_everywhere
from .reading import cell_text

MAX_REFERENCE = 100

SPELLING = _("Write it like “A/RES/65/190 OP 17” (the Commitments sheet lists them).")
# "A/RES/65/190 OP 17", "A/RES/65/190, para. 17(a)", "65/190 op 3 (b)"
REFERENCE = re.compile(
    r"^(?P<symbol>.+?)[\s,]*(?:\bOP\b\.?|\bO\.P\.|\boperative\s+paragraph\b|\bparagraph\b|"
    r"\bpara\b\.?|§)\s*(?P<label>\d+(?:\s*\(?\s*[a-z]{1,5}\s*\)?)*)\s*$",
    re.IGNORECASE,
)


# What each column may hold -------------------------------------------------------------


def plain(value) -> str:
    """A label or code as typed, compared without case, spaces or underscores."""
    return re.sub(r"[\s_\-]+", " ", cell_text(value)).strip().lower()


def _choice_lookup(choices) -> dict[str, str]:
    lookup = {}
    for value, label in english_choices(choices):
        lookup[plain(value)] = value
        lookup[plain(label)] = value
    return lookup


STATUS_LOOKUP = {**_choice_lookup(ImplementationStatus), "partial": ImplementationStatus.PARTIAL}
CONFIDENCE_LOOKUP = _choice_lookup(Confidence)


def normalize_label(text: str) -> str:
    """A paragraph's label as typed, as `Paragraph.label` prints it: "17 (a)" -> "17(a)"."""
    label = re.sub(r"\s+", "", text).lower()
    label = re.sub(r"(?<=[0-9)])([a-z]+)(?=$|\()", r"(\1)", label)  # "17a" -> "17(a)"
    return label


class Lookups:
    """What the rows are read against, loaded once for an import."""

    def __init__(self):
        self.commitments = {}  # (symbol, label) -> (commitment id, reference as printed)
        self.suffixes = {}  # the end of a symbol after a slash -> the symbols ending so
        rows = (
            Commitment.objects.trackable()
            .filter(resolution__is_adopted=True)
            .values_list(
                "pk", "resolution__symbol", "paragraph__number", "paragraph__sub", "paragraph__part"
            )
        )
        for pk, symbol, number, sub, part in rows:
            label = f"{number}" + "".join(f"({piece})" for piece in (sub or "").split("-") if piece)
            if part:
                # An annexed text's paragraph: "annex, para. 12(b)", typed with its part.
                label = f"{part}, para. {label}"
                self.commitments[(symbol.upper(), normalize_label(label))] = (
                    pk,
                    f"{symbol}, {label}",
                )
                continue
            self.commitments[(symbol.upper(), label.lower())] = (pk, f"{symbol} OP {label}")
            parts = symbol.upper().split("/")
            for start in range(1, len(parts)):
                self.suffixes.setdefault("/".join(parts[start:]), set()).add(symbol.upper())
        self.entries = {}  # organization id -> its entries, read by the first resource
        self.states = {}
        for pk, name, iso3, iso2 in State.objects.values_list("pk", "name", "iso3", "iso2"):
            self.states[plain(name)] = (pk, name)
            # As a monitor working in another of the UN's languages may type it.
            for local_name in names_everywhere(iso3):
                self.states.setdefault(plain(local_name), (pk, name))
            self.states[iso3.lower()] = (pk, name)
            self.states[iso2.lower()] = (pk, name)

    def commitment(self, text: str):
        """(id, reference as printed) of the commitment a reference names; ValueError if none."""
        match = REFERENCE.match(text)
        if not match:
            raise ValueError(
                _("“%(text)s” is not a commitment reference. %(spelling)s")
                % {"text": text, "spelling": SPELLING}
            )
        symbol = normalize_symbol(match["symbol"])
        label = normalize_label(match["label"])
        symbols = {symbol} if (symbol, label) in self.commitments else self.suffixes.get(symbol, ())
        found = [self.commitments[key] for s in symbols if (key := (s, label)) in self.commitments]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            references = gettext(" or ").join(sorted(ref for _pk, ref in found))
            raise ValueError(
                _("“%(text)s” could be %(references)s: write the whole symbol.")
                % {"text": text, "references": references}
            )
        raise ValueError(
            _(
                "Unknown commitment “%(text)s”: no adopted, trackable commitment has this "
                "reference. %(spelling)s"
            )
            % {"text": text, "spelling": SPELLING}
        )

    def state(self, text: str):
        found = self.states.get(plain(text))
        if found is None:
            raise ValueError(
                _("State “%(text)s” not found: use a name or ISO3 code from the States sheet.")
                % {"text": text}
            )
        return found


class RequiredText(widgets.Widget):
    def __init__(self, label, max_length=None):
        super().__init__(coerce_to_string=True)
        self.label, self.max_length = label, max_length

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            raise ValueError(_("%(column)s is required.") % {"column": self.label})
        if self.max_length and len(text) > self.max_length:
            raise ValueError(
                _("%(column)s is longer than %(limit)s characters.")
                % {"column": self.label, "limit": self.max_length}
            )
        return text


class SummaryWidget(RequiredText):
    def clean(self, value, row=None, **kwargs):
        text = str(value).strip() if value is not None else ""
        if not text:
            raise ValueError(_("%(column)s is required.") % {"column": self.label})
        return text.replace("\r\n", "\n")


class ReferenceWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if len(text) > MAX_REFERENCE:
            raise ValueError(
                _("The reference is longer than %(limit)s characters.") % {"limit": MAX_REFERENCE}
            )
        return text


class LookupWidget(RequiredText):
    """A commitment or a state, by what the row says; the id, from the import's lookups."""

    def __init__(self, label, find: Callable[[str], tuple]):
        super().__init__(label)
        self.find = find

    def clean(self, value, row=None, **kwargs):
        return self.find(super().clean(value, row, **kwargs))[0]


class ChoiceWidget(RequiredText):
    def __init__(self, label, lookup, choices, default=None):
        super().__init__(label)
        self.lookup, self.choices, self.default = lookup, choices, default

    def clean(self, value, row=None, **kwargs):
        if self.default is not None and not cell_text(value):
            return self.default
        text = super().clean(value, row, **kwargs)
        found = self.lookup.get(plain(text))
        if found is None:
            allowed = ", ".join(label for _, label in english_choices(self.choices))
            raise ValueError(
                _("%(column)s “%(text)s” is not allowed: use one of %(allowed)s.")
                % {"column": self.label, "text": text, "allowed": allowed}
            )
        return found


class FactDateWidget(RequiredText):
    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            day = value.date()
        elif isinstance(value, datetime.date):
            day = value
        else:
            text = super().clean(value, row, **kwargs)
            try:
                day = datetime.date.fromisoformat(text[:10] if "T" in text else text)
            except ValueError:
                raise ValueError(
                    _("“%(text)s” is not a date: write it as YYYY-MM-DD, e.g. 2025-03-31.")
                    % {"text": text}
                ) from None
        if day > timezone.localdate():
            raise ValueError(
                _("The date %(date)s is in the future: record what has happened.")
                % {"date": day.isoformat()}
            )
        return day
