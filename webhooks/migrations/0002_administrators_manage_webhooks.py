"""Administrators manage webhooks and read their delivery log; no other role does."""

from django.db import migrations

from core.grants import GrantPermissions

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



class Migration(migrations.Migration):
    dependencies = [
        ("webhooks", "0001_initial"),
        ("states", "0004_roles"),
    ]

    operations = [GrantPermissions(GRANTS, app_label="webhooks")]
