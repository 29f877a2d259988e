"""
Add the registry of UN system entities (commitments/parsing/lexicons/un_entities.json), the
other international organizations and the parties to a conflict (kind non_state) to the
actor tables. Rows curators have are kept as they are; the two actors whose bundled kind
changed (parties to armed conflict: non_state; IOM: intergovernmental) change only if they
still have the kind they were seeded with.
"""

from django.db import migrations

RECLASSIFIED = {
    "parties to armed conflict": ("other", "non_state"),
    "IOM": ("un_system", "intergovernmental"),
}


def seed(apps, schema_editor):
    from commitments.lexicon import seed_lexicon
    from commitments.parsing import load_default_lexicon

    actor = apps.get_model("commitments", "Actor")
    for name, (seeded, kind) in RECLASSIFIED.items():
        actor.objects.filter(name=name, kind=seeded).update(kind=kind)
    seed_lexicon(load_default_lexicon(), apps=apps)


def unseed(apps, schema_editor):
    actor = apps.get_model("commitments", "Actor")
    for name, (seeded, kind) in RECLASSIFIED.items():
        actor.objects.filter(name=name, kind=kind).update(kind=seeded)


class Migration(migrations.Migration):
    dependencies = [("commitments", "0007_addressee_kinds")]

    operations = [migrations.RunPython(seed, unseed)]
