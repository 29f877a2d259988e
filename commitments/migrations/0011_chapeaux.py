"""
A paragraph that introduces sub-paragraphs (a chapeau) is no longer a trackable commitment:
its sub-paragraphs are. The data step marks the chapeaux already held and nothing else:
progress entries recorded on them stay on them (shown there, counted nowhere); the current
assessments are left as they are (the counts read only trackable commitments' ones), and the
structure's figures token is replaced, so every cached figure and the kept counts are counted
again on their next read (docs/caching.md).
"""

import uuid

from django.db import migrations, models
from django.db.models import Exists, OuterRef


def mark_chapeaux(apps, schema_editor):
    """
    Mark every commitment whose paragraph a current sub-paragraph continues, make it not
    trackable, and say what it did. Returns (chapeaux marked, entries recorded on them).
    """
    Commitment = apps.get_model("commitments", "Commitment")
    Paragraph = apps.get_model("commitments", "Paragraph")
    ProgressEntry = apps.get_model("states", "ProgressEntry")
    FiguresVersion = apps.get_model("core", "FiguresVersion")
    chapeaux = Commitment.objects.filter(
        Exists(Paragraph.objects.filter(parent=OuterRef("paragraph"), retired=False)),
        is_chapeau=False,
    )
    ids = list(chapeaux.values_list("pk", flat=True))
    if not ids:
        return 0, 0
    Commitment.objects.filter(pk__in=ids).update(is_chapeau=True, is_trackable=False)
    entries = ProgressEntry.objects.filter(commitment_id__in=ids).count()
    # Every figure counts the structure: a new token makes them all stale, the maintained
    # counts included (counted again, now without the chapeaux, by their next reader).
    FiguresVersion.objects.update_or_create(scope="structure", defaults={"token": uuid.uuid4().hex})
    # Said, not silent: what the rule changed on this database.
    print(
        f"  {len(ids)} paragraphs with sub-paragraphs are no longer tracked themselves (their "
        f"sub-paragraphs are); the {entries} progress entries recorded on them stay on them."
    )
    return len(ids), entries


def unmark_chapeaux(apps, schema_editor):
    """Back to the old rule: a chapeau asking someone to act is trackable again."""
    Commitment = apps.get_model("commitments", "Commitment")
    chapeaux = Commitment.objects.filter(is_chapeau=True)
    chapeaux.exclude(strength="declaratory").exclude(actor_kind="self").update(is_trackable=True)
    chapeaux.update(is_chapeau=False)
    FiguresVersion = apps.get_model("core", "FiguresVersion")
    FiguresVersion.objects.update_or_create(scope="structure", defaults={"token": uuid.uuid4().hex})


class Migration(migrations.Migration):
    dependencies = [
        ("commitments", "0010_resolution_adoption"),
        ("core", "0001_figures_version_from_reports"),
        ("states", "0003_progress_entries"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="commitment",
            name="commitment_trackable_matches",
        ),
        migrations.AddField(
            model_name="commitment",
            name="is_chapeau",
            field=models.BooleanField(
                default=False,
                editable=False,
                help_text="Its sub-paragraphs are tracked, each on its own; it is their context.",
                verbose_name="introduces sub-paragraphs",
            ),
        ),
        migrations.RunPython(mark_chapeaux, unmark_chapeaux),
        migrations.AddConstraint(
            model_name="commitment",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        models.Q(("strength", "declaratory"), _negated=True),
                        models.Q(("actor_kind", "self"), _negated=True),
                        ("is_chapeau", False),
                        ("is_trackable", True),
                    ),
                    models.Q(
                        models.Q(
                            ("strength", "declaratory"),
                            ("actor_kind", "self"),
                            ("is_chapeau", True),
                            _connector="OR",
                        ),
                        ("is_trackable", False),
                    ),
                    _connector="OR",
                ),
                name="commitment_trackable_matches",
            ),
        ),
    ]
