"""Text that stays in English whatever the reader's language."""

from django.utils import translation


def english(text) -> str:
    """
    `text` (a lazy translation such as a choice's label) in English: for data that files and
    programs exchange (spreadsheet templates and imports, downloads), which must read the same
    for everyone.
    """
    with translation.override(None):
        return str(text)


def english_choices(choices) -> list[tuple[str, str]]:
    """A TextChoices class's (value, label) pairs, labels in English."""
    return [(value, english(label)) for value, label in choices.choices]
