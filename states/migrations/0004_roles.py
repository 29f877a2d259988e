"""The three roles as groups: contributors, reviewers and administrators."""

from django.db import migrations

from core.grants import GrantPermissions

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


class Migration(migrations.Migration):
    dependencies = [
        ("states", "0003_progress_entries"),
        ("commitments", "0002_seed_lexicon"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [GrantPermissions(ROLES)]
