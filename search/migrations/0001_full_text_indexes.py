"""
GIN indexes for the full-text search, on PostgreSQL only (SQLite runs the fallback search).

Each indexes the very expression search/engine.py filters on: SearchVector(*fields,
config="english") compiles to to_tsvector('english'::regconfig, COALESCE(a, '') || ' ' || ...),
and the planner uses an expression index only for an identical expression.
"""

from django.db import migrations

INDEXES = {
    "search_resolution_document": (
        "commitments_resolution",
        "COALESCE(symbol, '') || ' ' || COALESCE(title, '')",
    ),
    "search_paragraph_document": ("commitments_paragraph", "COALESCE(text, '')"),
    "search_progressentry_document": ("states_progressentry", "COALESCE(summary, '')"),
    "search_evidence_document": (
        "states_evidence",
        "COALESCE(citation, '') || ' ' || COALESCE(description, '')",
    ),
}


class PostgresOnlySQL(migrations.RunSQL):
    """RunSQL that does its work on PostgreSQL and nothing on other databases."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [
        ("commitments", "0001_initial"),
        ("states", "0005_evidence_and_current_assessment"),
    ]

    operations = [
        PostgresOnlySQL(
            sql=f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
            f"USING gin ((to_tsvector('english'::regconfig, {document})))",
            reverse_sql=f"DROP INDEX IF EXISTS {name}",
        )
        for name, (table, document) in INDEXES.items()
    ]
