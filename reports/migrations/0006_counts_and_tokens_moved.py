from django.db import migrations


class Migration(migrations.Migration):
    """
    The maintained counts now belong to states and the cache tokens to core (their own
    migrations take them over): the reports app forgets the models, and the tables stay.
    """

    dependencies = [
        ("core", "0001_figures_version_from_reports"),
        ("reports", "0005_request_count"),
        ("states", "0014_maintained_counts_from_reports"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="ThemeCount"),
                migrations.DeleteModel(name="StateStatusCount"),
                migrations.DeleteModel(name="FiguresVersion"),
            ],
            database_operations=[],
        ),
    ]
