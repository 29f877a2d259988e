"""The three roles as groups: contributors, reviewers and administrators."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = {
    "Contributors": [
        "view_progressentry",
        "add_progressentry",
        "change_progressentry",
    ],
    "Reviewers": [
        "view_progressentry",
        "review_progressentry",
    ],
    "Administrators": [
        "view_progressentry",
        "add_progressentry",
        "change_progressentry",
        "review_progressentry",
        "add_resolution",
        "change_resolution",
        "view_resolution",
        "add_organization",
        "change_organization",
        "add_membership",
        "change_membership",
        "delete_membership",
    ],
}


def create_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*Permission.objects.filter(codename__in=codenames))


class Migration(migrations.Migration):
    dependencies = [
        ("states", "0003_progress_entries"),
        ("commitments", "0002_seed_lexicon"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
