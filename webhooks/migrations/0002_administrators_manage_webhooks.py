"""Administrators manage webhooks and read their delivery log; no other role does."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Administrators": [
        "view_webhook",
        "add_webhook",
        "change_webhook",
        "delete_webhook",
        "view_delivery",
        "view_deliveryattempt",
    ],
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("webhooks")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="webhooks", codename__in=codenames)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("webhooks", "0001_initial"),
        ("states", "0004_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
