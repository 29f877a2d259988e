"""
The parser's vocabulary as stored in the database.

The parser (commitments.parsing) is pure Python and takes a Lexicon object; the defaults
ship as JSON in commitments/parsing/lexicons/. Those defaults are seeded into the tables
below by a data migration and from then on curators edit them in the admin, so every
import reads the lexicon from the database.
"""

import json
from pathlib import Path

from django.apps import apps as global_apps
from django.db import models

from .choices import LexiconPhraseKind
from .models import Actor, LexiconPhrase, OperativeVerb, Topic
from .parsing import Lexicon
from .parsing.lexicon import ActorEntry, TopicEntry, VerbEntry

PHRASE_FIELDS = {
    LexiconPhraseKind.ADVERB: "adverbs",
    LexiconPhraseKind.VERB_COMPLEMENT: "verb_complements",
    LexiconPhraseKind.PREAMBULAR_OPENER: "preambular_openers",
}


# The last lexicon read, with its compiled patterns: compiling costs a fifth of a second of
# CPU, more than parsing a long resolution, and the tables rarely change between imports.
_last_read: Lexicon | None = None


def lexicon_from_db() -> Lexicon:
    """
    Build the parser's Lexicon from the lexicon tables (eight queries).

    While the tables hold what they held at the last call, the same Lexicon object is
    returned, so its compiled patterns are reused; any edit gives a new one.
    """
    global _last_read
    lexicon = _read_tables()
    if lexicon == _last_read:
        return _last_read
    _last_read = lexicon
    return lexicon


def _read_tables() -> Lexicon:
    verbs = tuple(
        VerbEntry(
            canonical=verb.canonical,
            forms=tuple(form.form for form in verb.forms.all()),
            strength=verb.strength,
            directive=verb.directive,
        )
        for verb in OperativeVerb.objects.prefetch_related("forms")
    )
    phrases = {field: [] for field in PHRASE_FIELDS.values()}
    for kind, phrase in LexiconPhrase.objects.values_list("kind", "phrase"):
        phrases[PHRASE_FIELDS[kind]].append(phrase)
    actors = tuple(
        ActorEntry(
            canonical=actor.name,
            kind=actor.kind,
            aliases=tuple(alias.alias for alias in actor.aliases.all()),
        )
        for actor in Actor.objects.prefetch_related("aliases")
    )
    topics = tuple(
        TopicEntry(
            slug=topic.slug,
            name=topic.name_en or topic.name,  # the parser works in English
            parent=topic.parent.slug if topic.parent_id else None,
            keywords=tuple(keyword.keyword for keyword in topic.keywords.all()),
            sdg_targets=tuple(target.code for target in topic.sdg_targets.all()),
        )
        for topic in Topic.objects.select_related("parent").prefetch_related(
            "keywords", "sdg_targets"
        )
    )
    return Lexicon(
        verbs=verbs,
        adverbs=tuple(phrases["adverbs"]),
        verb_complements=tuple(phrases["verb_complements"]),
        preambular_openers=tuple(phrases["preambular_openers"]),
        actors=actors,
        topics=topics,
    )


def seed_lexicon(lexicon: Lexicon, sdg_targets: dict[str, str] | None = None, apps=global_apps):
    """
    Add the entries of `lexicon` (and SDG targets, code -> title) the tables lack.

    Rows curators already have are left as they edited them, so running it twice adds
    nothing. `apps` lets a data migration pass its historical models.
    """
    model = {name: apps.get_model("commitments", name) for name in SEEDED_MODELS}
    for code, title in (sdg_targets or {}).items():
        model["SdgTarget"].objects.get_or_create(code=code, defaults={"title": title})
    for entry in lexicon.verbs:
        verb, _ = model["OperativeVerb"].objects.get_or_create(
            canonical=entry.canonical,
            defaults={"strength": entry.strength, "directive": entry.directive},
        )
        for form in entry.forms:
            model["VerbForm"].objects.get_or_create(
                form__iexact=form, defaults={"verb": verb, "form": form}
            )
    for kind, field in PHRASE_FIELDS.items():
        for phrase in getattr(lexicon, field):
            model["LexiconPhrase"].objects.get_or_create(
                kind=kind, phrase__iexact=phrase, defaults={"phrase": phrase}
            )
    for entry in lexicon.actors:
        actor, _ = model["Actor"].objects.get_or_create(
            name=entry.canonical, defaults={"kind": entry.kind}
        )
        for alias in entry.aliases:
            model["ActorAlias"].objects.get_or_create(
                alias__iexact=alias, defaults={"actor": actor, "alias": alias}
            )
    for position, entry in enumerate(lexicon.topics):
        topic, _ = model["Topic"].objects.get_or_create(
            slug=entry.slug,
            defaults={
                "name": entry.name,
                "position": position,
                "parent": model["Topic"].objects.get(slug=entry.parent) if entry.parent else None,
            },
        )
        for keyword in entry.keywords:
            model["TopicKeyword"].objects.get_or_create(
                topic=topic, keyword__iexact=keyword, defaults={"keyword": keyword}
            )
        for code in getattr(entry, "sdg_targets", ()):
            topic.sdg_targets.add(model["SdgTarget"].objects.get(code=code))


SEEDED_MODELS = (
    "SdgTarget",
    "OperativeVerb",
    "VerbForm",
    "LexiconPhrase",
    "Actor",
    "ActorAlias",
    "Topic",
    "TopicKeyword",
)


# The built-in topics' names in the UN's other languages, by slug.
TOPIC_NAMES = Path(__file__).parent / "data" / "topic_names.json"


def fill_translations(apps=global_apps):
    """
    Fill the language columns (commitments/translation.py) the tables leave empty: English
    from the text each row already had, the built-in topics' names in the other languages.
    What curators wrote in the admin stays.
    """
    names = json.loads(TOPIC_NAMES.read_text(encoding="utf-8"))
    topic_model = apps.get_model("commitments", "Topic")
    target_model = apps.get_model("commitments", "SdgTarget")
    for topic in topic_model.objects.all():
        columns = {"name_en": topic.name, "description_en": topic.description}
        for language, name in names.get(topic.slug, {}).items():
            columns[f"name_{language.replace('-', '_')}"] = name
        changed = {key: value for key, value in columns.items() if not getattr(topic, key)}
        if changed:
            topic_model.objects.filter(pk=topic.pk).update(**changed)
    target_model.objects.filter(title_en__isnull=True).update(title_en=models.F("title"))
