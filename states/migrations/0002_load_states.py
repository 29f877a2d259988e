"""
Load the M49 regions and the 195 UN member and observer states from states/data/m49.csv.

Every row is written with update_or_create keyed on its M49 code, so applying the migration
again (after a rollback, or on a database that already has some of the rows) corrects the
rows instead of duplicating them. The reverse is a no-op: states may by then be referenced
by progress records, and the rows are harmless once the tables themselves are dropped by
reversing 0001.
"""

import csv
from pathlib import Path

from django.db import migrations
from django.utils.text import slugify

CSV_PATH = Path(__file__).resolve().parent.parent / "data" / "m49.csv"


def read_rows():
    with CSV_PATH.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_states(apps, schema_editor):
    Region = apps.get_model("states", "Region")
    State = apps.get_model("states", "State")
    rows = read_rows()

    regions = {}

    def region(code, name, level, parent=None):
        if code not in regions:
            regions[code], _ = Region.objects.update_or_create(
                m49_code=code, defaults={"name": name, "level": level, "parent": parent}
            )
        return regions[code]

    for row in rows:
        top = region(row["region_code"], row["region_name"], "region")
        sub = region(row["subregion_code"], row["subregion_name"], "subregion", top)
        intermediate = None
        if row["intermediate_code"]:
            intermediate = region(
                row["intermediate_code"], row["intermediate_name"], "intermediate", sub
            )
        State.objects.update_or_create(
            m49_code=row["m49_code"],
            defaults={
                "name": row["name"],
                "slug": slugify(row["name"]),
                "iso2": row["iso2"],
                "iso3": row["iso3"],
                "region": top,
                "subregion": sub,
                "intermediate_region": intermediate,
                "un_status": row["un_status"],
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("states", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load_states, migrations.RunPython.noop, elidable=False),
    ]
