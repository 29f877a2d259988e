"""
Accents do not count in the search on PostgreSQL: a text-search configuration
'english_unaccent', the 'english' one (its stemming and stop words) with the unaccent
dictionary before the stemmer for the words that have letters outside ASCII, and the GIN
indexes made again on it (search/engine.py's CONFIG, character for character). Nothing on
other databases, whose fallback search folds accents by itself.

unaccent ships with PostgreSQL (contrib) and is a trusted extension: the owner of the
database may create it.
"""

from django.db import migrations

# The documents of 0001_full_text_indexes, as they stood.
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

CONFIGURATION = """
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'english_unaccent') THEN
        CREATE TEXT SEARCH CONFIGURATION english_unaccent (COPY = english);
        ALTER TEXT SEARCH CONFIGURATION english_unaccent
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
    END IF;
END
$$;
"""


def indexes(config):
    return [
        f"DROP INDEX IF EXISTS {name}; CREATE INDEX {name} ON {table} "
        f"USING gin ((to_tsvector('{config}'::regconfig, {document})))"
        for name, (table, document) in INDEXES.items()
    ]


class PostgresOnlySQL(migrations.RunSQL):
    """RunSQL that does its work on PostgreSQL and nothing on other databases."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_full_text_indexes")]

    operations = [
        PostgresOnlySQL(sql=CONFIGURATION, reverse_sql=migrations.RunSQL.noop),
        PostgresOnlySQL(sql=indexes("english_unaccent"), reverse_sql=indexes("english")),
    ]
