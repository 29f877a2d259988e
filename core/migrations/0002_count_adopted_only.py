"""
Figures cached before resolutions knew whether they were adopted counted drafts too: a new
structure token makes them all stale, and the maintained counts are counted again.
"""

import uuid

from django.db import migrations


def structure_changed(apps, schema_editor):
    FiguresVersion = apps.get_model("core", "FiguresVersion")
    FiguresVersion.objects.update_or_create(
        scope="structure", defaults={"token": uuid.uuid4().hex}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_figures_version_from_reports"),
        ("commitments", "0010_resolution_adoption"),
    ]

    operations = [migrations.RunPython(structure_changed, migrations.RunPython.noop)]
