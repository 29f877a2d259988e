"""Roles see evidence and the current assessment; administrators may correct evidence."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Contributors": ["view_evidence", "add_evidence"],
    "Reviewers": ["view_evidence", "view_currentassessment"],
    "Administrators": ["view_evidence", "add_evidence", "change_evidence", "view_currentassessment"],
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("states")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="states", codename__in=codenames)
        )


class Migration(migrations.Migration):
    dependencies = [("states", "0005_evidence_and_current_assessment")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
