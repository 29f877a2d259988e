import django.db.models.deletion
from django.db import migrations, models

STATUSES = [
    ("not_started", "Not started"),
    ("in_progress", "In progress"),
    ("partial", "Partially implemented"),
    ("implemented", "Implemented"),
    ("regressed", "Regressed"),
    ("no_information", "No information"),
]


class Migration(migrations.Migration):
    """
    The maintained counts move from the reports app to states, whose approvals keep them: the
    tables (reports_themecount, reports_statestatuscount) and their rows stay as they are;
    only Django's record of which app owns the models changes.
    """

    dependencies = [
        ("commitments", "0006_commitment_themes"),
        ("reports", "0003_state_status_count"),
        ("states", "0013_entry_state_recent_index"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ThemeCount",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("status", models.CharField(choices=STATUSES, max_length=32)),
                        ("count", models.IntegerField(default=0)),
                        (
                            "state",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="states.state",
                            ),
                        ),
                        (
                            "topic",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="commitments.topic",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "reports_themecount",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("state", "topic", "status"),
                                name="one_theme_count_per_cell_status",
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="StateStatusCount",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("status", models.CharField(choices=STATUSES, max_length=32)),
                        ("count", models.IntegerField(default=0)),
                        (
                            "state",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="states.state",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "reports_statestatuscount",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("state", "status"), name="one_status_count_per_state"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
