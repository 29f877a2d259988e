"""
The database half of a backup, one class per database vendor.

Each class copies the database behind a Django connection to a file and loads such a file back,
using the vendor's own tools: pg_dump and pg_restore (with psql) for PostgreSQL, SQLite's online
backup API for SQLite. Either way the copy is consistent (one snapshot, never a write caught half
done), and the row counts written to the manifest are read from that same snapshot.

A load replaces the database only with a copy whose rows match the manifest, table by table:
`prepare` reads the whole copy without touching the database (a file that is not a database of
the vendor is refused there), and `load` either counts the rows before replacing anything
(SQLite) or counts them inside the one transaction that replaces the database, rolling it back
on a difference (PostgreSQL).
"""

import os
import re
import sqlite3
import subprocess
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from django.db.backends.postgresql.client import DatabaseClient


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why and what to do."""


@dataclass(frozen=True)
class Snapshot:
    """What a database copy holds: rows per table and the migrations applied."""

    tables: dict[str, int]
    migrations: dict[str, list[str]]


def count_rows(connection) -> dict[str, int]:
    """Rows in every table of the database behind `connection` (a Django connection)."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def differences(counts: dict[str, int], tables: dict[str, int]) -> list[str]:
    """How the rows counted (`counts`) differ from a manifest's (`tables`), table by table."""
    return [
        f"{table}: {counts.get(table, 'no table')} rows, the backup has {count}"
        for table, count in tables.items()
        if counts.get(table) != count
    ]


def describe(connection) -> Snapshot:
    """
    Row counts and applied migrations, read through `connection` itself (Django's
    MigrationRecorder would read through the connection of the same alias instead, outside
    the snapshot being described).
    """
    tables = count_rows(connection)
    migrations: dict[str, list[str]] = {}
    if "django_migrations" in tables:
        with connection.cursor() as cursor:
            cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
            for app, name in cursor.fetchall():
                migrations.setdefault(app, []).append(name)
    return Snapshot(tables, migrations)


def database_at(connection, name):
    """A new, unconnected Django connection like `connection` but to the database `name`."""
    copied = connection.copy()
    copied.settings_dict["NAME"] = str(name)
    return copied


class PostgreSQL:
    vendor = "postgresql"
    label = "PostgreSQL"
    filename = "database.dump"

    def __init__(self, connection):
        self.connection = connection

    def dump(self, path: Path) -> Snapshot:
        """
        pg_dump in its custom format. A connection of our own opens a read-only repeatable-read
        transaction, exports its snapshot and counts the rows in it; pg_dump reads that same
        snapshot (--snapshot), so the manifest's counts are exactly the dump's, however busy
        the site is meanwhile.
        """
        reader = self.connection.copy()
        try:
            reader.set_autocommit(False)
            with reader.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                cursor.execute("SELECT pg_export_snapshot()")
                (snapshot_id,) = cursor.fetchone()
            snapshot = describe(reader)
            self.run("pg_dump", "--format=custom", f"--snapshot={snapshot_id}", f"--file={path}")
        finally:
            reader.close()
        return snapshot

    def prepare(self, path: Path, tables: dict[str, int]) -> Path:
        """
        The dump as the SQL script that `load` runs, written by pg_restore without connecting
        to any database: it reads the whole dump, so a file that is not one, or a damaged one,
        is refused here, before anything changes.
        """
        script = path.with_name("database.sql")
        self.run(
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            f"--file={script}",
            str(path),
            connect=False,
            failed=f"{self.filename} in the archive is not a dump pg_restore can read "
            "({detail}). Nothing was restored.",
        )
        return script

    def load(self, script: Path, tables: dict[str, int]):
        """
        Run the script in one transaction (psql --single-transaction), replacing the objects the
        dump holds, then count every table's rows inside that same transaction: a difference
        from the manifest, like any failed statement, rolls it all back and the database is as
        it was. The counting needs no scratch database, so no CREATEDB privilege.
        """
        check = script.with_name("verify-rows.sql")
        check.write_text(_row_check(tables), encoding="utf-8")
        result = self.run(
            "psql",
            "--no-psqlrc",
            "--quiet",
            "--single-transaction",
            "--set=ON_ERROR_STOP=1",
            f"--file={script}",
            f"--file={check}",
            check=False,
        )
        if result.returncode == 0:
            return
        if mismatch := re.search(rf"{ROWS_DIFFER}: (.*)", result.stderr):
            raise BackupError(
                f"The database copy does not match the manifest ({mismatch[1]}). Nothing was "
                "restored: the database is as it was."
            )
        raise BackupError(
            "Loading the database failed, so nothing was restored: the database is as it was "
            f"({result.stderr.strip() or result.returncode})."
        )

    def run(
        self,
        program: str,
        *options: str,
        connect: bool = True,
        failed: str | None = None,
        check: bool = True,
    ):
        """
        Run a PostgreSQL client program against the connection's database (unless `connect`
        is false). The password goes in PGPASSWORD, never on the command line where any local
        user could read it (ps); SSL and service options travel as Django's dbshell passes
        them. A failure raises BackupError (`failed`, with {detail}, says what it means) unless
        `check` is false.
        """
        settings_dict = self.connection.settings_dict
        _, env = DatabaseClient.settings_to_cmd_args_env(settings_dict, [])
        args = [program, "--no-password", *options]
        if connect:
            for option, key in (("--username", "USER"), ("--host", "HOST"), ("--port", "PORT")):
                if settings_dict.get(key):
                    args.append(f"{option}={settings_dict[key]}")
            if settings_dict.get("NAME"):
                args.append(f"--dbname={settings_dict['NAME']}")
        try:
            result = subprocess.run(
                args, env={**os.environ, **(env or {})}, capture_output=True, text=True, check=False
            )
        except FileNotFoundError as error:
            raise BackupError(
                f"{program} was not found. Install PostgreSQL's client programs of the "
                "server's major version (Debian: postgresql-client)."
            ) from error
        if check and result.returncode != 0:
            detail = result.stderr.strip() or f"exit status {result.returncode}"
            raise BackupError(
                failed.format(detail=detail) if failed else f"{program} failed: {detail}"
            )
        return result


def _literal(text: str) -> str:
    """A SQL string literal (standard_conforming_strings on: only quotes are doubled)."""
    return "'" + text.replace("'", "''") + "'"


# The start of the error the row check raises, found again in psql's messages.
ROWS_DIFFER = "rows differ from the backup"


def _row_check(tables: dict[str, int]) -> str:
    """
    SQL that raises an error when a table's rows differ from `tables`. The names are data in a
    temporary table, never spliced into the PL/pgSQL, whatever a manifest holds.
    """
    values = ", ".join(f"({_literal(table)}, {int(count)})" for table, count in tables.items())
    return f"""
-- The dump's script emptied search_path; count the tables where the site finds them.
RESET search_path;
SET standard_conforming_strings = on;
CREATE TEMPORARY TABLE pg_temp.backup_expected_rows (name text, count bigint) ON COMMIT DROP;
{f"INSERT INTO pg_temp.backup_expected_rows VALUES {values};" if values else ""}
DO $check$
DECLARE
    item record;
    found bigint;
    problems text[] := '{{}}';
BEGIN
    FOR item IN SELECT name, count FROM pg_temp.backup_expected_rows ORDER BY name LOOP
        IF to_regclass(quote_ident(item.name)) IS NULL THEN
            problems := problems
                || format('%s: no table, the backup has %s', item.name, item.count);
        ELSE
            EXECUTE format('SELECT count(*) FROM %I', item.name) INTO found;
            IF found <> item.count THEN
                problems := problems
                    || format('%s: %s rows, the backup has %s', item.name, found, item.count);
            END IF;
        END IF;
    END LOOP;
    IF cardinality(problems) > 0 THEN
        RAISE EXCEPTION '{ROWS_DIFFER}: %', array_to_string(problems[1:10], '; ');
    END IF;
END
$check$;
"""


class SQLite:
    vendor = "sqlite"
    label = "SQLite"
    filename = "database.sqlite3"

    def __init__(self, connection):
        self.connection = connection

    def dump(self, path: Path) -> Snapshot:
        """
        A copy through SQLite's online backup API: consistent even while others write, where
        copying the file could catch a write half done or miss pages still in the WAL file.
        The counts are read from the copy itself.
        """
        source = self.open(self.connection.settings_dict["NAME"])
        target = sqlite3.connect(path)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
        copied = database_at(self.connection, path)
        try:
            return describe(copied)
        finally:
            copied.close()

    def prepare(self, path: Path, tables: dict[str, int]) -> Path:
        """
        Check the copy before it replaces anything: SQLite's integrity check (a file that is
        not a SQLite database fails it), then every table's rows against the manifest.
        """
        try:
            with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as copy:
                result = [row[0] for row in copy.execute("PRAGMA integrity_check")]
        except sqlite3.DatabaseError as error:
            raise BackupError(
                f"{self.filename} in the archive is not a SQLite database ({error}). Nothing "
                "was restored."
            ) from error
        if result != ["ok"]:
            raise BackupError(
                f"{self.filename} in the archive is damaged ({'; '.join(result[:5])}). Nothing "
                "was restored."
            )
        copied = database_at(self.connection, path)
        try:
            counts = count_rows(copied)
        finally:
            copied.close()
        problems = differences(counts, tables) + [
            f"{table}: {count} rows, not in the manifest"
            for table, count in counts.items()
            if table not in tables
        ]
        if problems:
            raise BackupError(
                f"The database copy does not match the manifest ({'; '.join(problems[:10])}). "
                "Nothing was restored: the database is as it was."
            )
        return path

    def load(self, path: Path, tables: dict[str, int]):
        """
        Replace the whole database with the copy `prepare` checked, again through the backup
        API: it writes every page under SQLite's lock in one step, so other connections see the
        old database or the new one, never a mix, and Django's own connection reads the new one
        at once.
        """
        self.connection.ensure_connection()
        source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            source.backup(self.connection.connection)
        finally:
            source.close()

    def open(self, name):
        """A plain sqlite3 connection to `name` (a file, or the test runner's in-memory URI)."""
        timeout = self.connection.settings_dict.get("OPTIONS", {}).get("timeout", 5)
        return sqlite3.connect(name, uri=True, timeout=timeout)


VENDORS = {database.vendor: database for database in (PostgreSQL, SQLite)}


def for_connection(connection):
    """The vendor class for a Django connection, or BackupError for a database we cannot copy."""
    try:
        return VENDORS[connection.vendor](connection)
    except KeyError:
        raise BackupError(
            f"Backups support PostgreSQL and SQLite, not {connection.display_name}."
        ) from None
