"""
A resolution's text in another of the six official languages.

The English text (Resolution.source_text) is the one parsed; a version in Arabic, Chinese,
French, Russian or Spanish is split by its numbering alone (commitments.parsing.numbering) and
its pieces matched to the English operative paragraphs by part, number and sub-paragraph. A
version whose numbering does not line up is kept with its problems and none of its text is
shown: nothing is aligned by guess.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from ..choices import TEXT_LABELS, TextStatus, version_languages
from .resolutions import Paragraph, Resolution


class ResolutionTextQuerySet(models.QuerySet):
    def aligned(self):
        return self.filter(status=TextStatus.ALIGNED)


class ResolutionText(models.Model):
    """One resolution's text in one language other than English (at most one a language)."""

    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(max_length=8, choices=version_languages)
    source_text = models.TextField(help_text=_("The text as imported."))
    source_hash = models.CharField(max_length=64, help_text=_("SHA-256 of the text."))
    status = models.CharField(max_length=16, choices=TextStatus, default=TextStatus.ALIGNED)
    problems = models.JSONField(
        default=list,
        blank=True,
        help_text=_("Why the numbering does not line up with the English text."),
    )
    english_version = models.PositiveIntegerField(
        default=1, help_text=_("The version of the English text it was matched to.")
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = ResolutionTextQuerySet.as_manager()

    class Meta:
        ordering = ["resolution", "language"]
        verbose_name = _("resolution text in another language")
        verbose_name_plural = _("resolution texts in other languages")
        constraints = [
            models.UniqueConstraint(
                fields=["resolution", "language"], name="unique_resolution_text_language"
            ),
            models.CheckConstraint(
                condition=Q(
                    language__in=[code for code, _name in settings.LANGUAGES if code != "en"]
                ),
                name="resolution_text_language_other_than_english",
            ),
            models.CheckConstraint(
                condition=Q(status__in=TextStatus.values), name="resolution_text_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(source_text="") & ~Q(source_hash=""),
                name="resolution_text_has_source_text",
            ),
        ]

    def __str__(self):
        return f"{self.resolution.display_symbol} ({self.language})"

    @property
    def is_aligned(self) -> bool:
        return self.status == TextStatus.ALIGNED

    @property
    def direction(self) -> str:
        return "rtl" if self.language in settings.LANGUAGES_BIDI else "ltr"

    @property
    def label(self) -> str:
        """'Text in French', to print beside the English in the reader's language."""
        return str(TEXT_LABELS.get(self.language, self.get_language_display()))

    @property
    def problem_messages(self) -> list[str]:
        """The problems in the reader's language."""
        return [describe_problem(problem) for problem in self.problems]


def describe_problem(problem: dict) -> str:
    code = problem.get("code")
    places = ", ".join(problem.get("places", []))
    count = len(problem.get("places", []))
    if code == "empty":
        return gettext("No numbered paragraph was found in this text.")
    if code == "count":
        return gettext(
            "The English text has %(english)s numbered paragraphs and sub-paragraphs; "
            "this version has %(version)s."
        ) % {"english": problem["english"], "version": problem["version"]}
    if code == "missing":
        return ngettext(
            "Missing from this version: paragraph %(places)s.",
            "Missing from this version: paragraphs %(places)s.",
            count,
        ) % {"places": places}
    if code == "extra":
        return ngettext(
            "Not in the English text: paragraph %(places)s.",
            "Not in the English text: paragraphs %(places)s.",
            count,
        ) % {"places": places}
    if code == "repeated":
        return ngettext(
            "Numbered twice in this version: paragraph %(places)s.",
            "Numbered twice in this version: paragraphs %(places)s.",
            count,
        ) % {"places": places}
    return gettext("The numbering does not line up with the English text.")


class ParagraphTextQuerySet(models.QuerySet):
    def shown_in(self, language: str):
        """The paragraph texts of the aligned version in `language` (none for English)."""
        return self.filter(version__language=language, version__status=TextStatus.ALIGNED)


class ParagraphText(models.Model):
    """An English paragraph's text in an aligned version, matched by its numbering."""

    version = models.ForeignKey(
        ResolutionText, on_delete=models.CASCADE, related_name="paragraph_texts"
    )
    paragraph = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="translations")
    text = models.TextField()

    objects = ParagraphTextQuerySet.as_manager()

    class Meta:
        ordering = ["version", "paragraph__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "paragraph"], name="unique_paragraph_text_version"
            ),
            models.CheckConstraint(condition=~Q(text=""), name="paragraph_text_not_empty"),
        ]

    def __str__(self):
        return f"{self.paragraph} ({self.version.language})"
