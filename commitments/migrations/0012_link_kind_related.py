"""
A lineage link whose two wordings are only loosely similar is called "related": below a
similarity of 0.45 (SIMILAR_ENOUGH in commitments/lineage/models.py, where the reasons are)
the linker names no change of verb, addressees or length. The data step gives the linker's
suggested links below that line the new kind; links a reviewer confirmed or rejected keep
the kind the reviewer left them with, as the linker leaves them too.
"""

from django.db import migrations, models

# SIMILAR_ENOUGH as it stood when this migration was written: a migration does not follow
# later changes of the constant.
SIMILAR_ENOUGH = 0.45


def relabel_loose_links(apps, schema_editor):
    CommitmentLink = apps.get_model("commitments", "CommitmentLink")
    CommitmentLink.objects.filter(status="suggested", score__lt=SIMILAR_ENOUGH).exclude(
        kind="related"
    ).update(kind="related")


class Migration(migrations.Migration):
    dependencies = [
        ("commitments", "0011_chapeaux"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="commitmentlink",
            name="commitment_link_kind_valid",
        ),
        migrations.AlterField(
            model_name="commitmentlink",
            name="kind",
            field=models.CharField(
                choices=[
                    ("renewed", "Renewed"),
                    ("strengthened", "Strengthened"),
                    ("weakened", "Weakened"),
                    ("broadened", "Broadened"),
                    ("narrowed", "Narrowed"),
                    ("reworded", "Reworded"),
                    ("related", "Related"),
                ],
                max_length=16,
            ),
        ),
        migrations.AddConstraint(
            model_name="commitmentlink",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "kind__in",
                        [
                            "renewed",
                            "strengthened",
                            "weakened",
                            "broadened",
                            "narrowed",
                            "reworded",
                            "related",
                        ],
                    )
                ),
                name="commitment_link_kind_valid",
            ),
        ),
        migrations.RunPython(relabel_loose_links, migrations.RunPython.noop),
    ]
