from django.db import migrations, models


class Migration(migrations.Migration):
    """
    The cache tokens move from the reports app to core, every app's to share: the table
    (reports_figuresversion) and its rows stay as they are; only Django's record of which app
    owns the model changes.
    """

    initial = True

    dependencies = [
        ("reports", "0004_figures_version"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="FiguresVersion",
                    fields=[
                        (
                            "scope",
                            models.CharField(max_length=100, primary_key=True, serialize=False),
                        ),
                        ("token", models.CharField(max_length=32)),
                    ],
                    options={"db_table": "reports_figuresversion"},
                ),
            ],
            database_operations=[],
        ),
    ]
