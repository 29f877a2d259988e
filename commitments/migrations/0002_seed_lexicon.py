"""Load the parser's bundled lexicon (commitments/parsing/lexicons/*.json) into its tables."""

from django.db import migrations


def seed(apps, schema_editor):
    from commitments.lexicon import seed_lexicon
    from commitments.parsing import load_default_lexicon, load_sdg_targets

    seed_lexicon(load_default_lexicon(), load_sdg_targets(), apps=apps)


class Migration(migrations.Migration):
    dependencies = [("commitments", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
