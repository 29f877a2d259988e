"""Load the parser's bundled lexicon (commitments/parsing/lexicons/*.json) into its tables."""

from django.db import migrations


# The actor kinds the tables allowed then; actors of kinds added later (non_state) are
# seeded by 0008, after 0007 allows them.
KINDS = {"states", "un_system", "intergovernmental", "civil_society", "private_sector", "other"}


def seed(apps, schema_editor):
    from dataclasses import replace

    from commitments.lexicon import seed_lexicon
    from commitments.parsing import load_default_lexicon, load_sdg_targets

    lexicon = load_default_lexicon()
    actors = tuple(entry for entry in lexicon.actors if entry.kind in KINDS)
    seed_lexicon(replace(lexicon, actors=actors), load_sdg_targets(), apps=apps)


class Migration(migrations.Migration):
    dependencies = [("commitments", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
