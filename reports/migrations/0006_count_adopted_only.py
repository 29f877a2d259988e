"""
Figures cached before resolutions knew whether they were adopted counted drafts too: a new
structure token makes them all stale, and the maintained counts are counted again.
"""

import uuid

from django.db import migrations


def structure_changed(apps, schema_editor):
    FiguresVersion = apps.get_model("reports", "FiguresVersion")
    FiguresVersion.objects.update_or_create(
        scope="structure", defaults={"token": uuid.uuid4().hex}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0005_request_count"),
        ("commitments", "0010_resolution_adoption"),
    ]

    operations = [migrations.RunPython(structure_changed, migrations.RunPython.noop)]
