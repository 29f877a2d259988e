"""
Lexicon data shown to readers, with a column per language (django-modeltranslation): a
topic's name and description, an SDG target's title. `topic.name` reads the reader's language,
falling back to English; the admin edits every language.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import SdgTarget, Topic


@register(Topic)
class TopicTranslation(TranslationOptions):
    fields = ("name", "description")


@register(SdgTarget)
class SdgTargetTranslation(TranslationOptions):
    fields = ("title",)
