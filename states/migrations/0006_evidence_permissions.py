"""Roles see evidence and the current assessment; administrators may correct evidence."""

from django.db import migrations

from core.grants import GrantPermissions

GRANTS = {
    "Contributors": ["view_evidence", "add_evidence"],
    "Reviewers": ["view_evidence", "view_currentassessment"],
    "Administrators": ["view_evidence", "add_evidence", "change_evidence", "view_currentassessment"],
}


class Migration(migrations.Migration):
    dependencies = [("states", "0005_evidence_and_current_assessment")]

    operations = [GrantPermissions(GRANTS, app_label="states")]
