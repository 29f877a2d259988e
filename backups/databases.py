"""
The database half of a backup, one class per database vendor.

Each class copies the database behind a Django connection to a file and loads such a file back,
using the vendor's own tools: pg_dump and pg_restore for PostgreSQL, SQLite's online backup API
for SQLite. Either way the copy is consistent (one snapshot, never a write caught half done),
and the row counts written to the manifest are read from that same snapshot.
"""

import os
import sqlite3
import subprocess
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

    def load(self, path: Path):
        """
        pg_restore into the configured database, replacing the objects the dump holds. One
        transaction: if any statement fails, the database is left as it was.
        """
        self.run(
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            str(path),
        )

    def run(self, program: str, *options: str):
        """
        Run a PostgreSQL client program against the connection's database. The password goes
        in PGPASSWORD, never on the command line where any local user could read it (ps);
        SSL and service options travel as Django's dbshell passes them.
        """
        settings_dict = self.connection.settings_dict
        _, env = DatabaseClient.settings_to_cmd_args_env(settings_dict, [])
        args = [program, "--no-password", *options]
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
        if result.returncode != 0:
            raise BackupError(f"{program} failed: {result.stderr.strip() or result.returncode}")


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

    def load(self, path: Path):
        """
        Replace the whole database with the copy, again through the backup API: it writes
        every page under SQLite's lock in one step, so other connections see the old database
        or the new one, never a mix, and Django's own connection reads the new one at once.
        """
        self.connection.ensure_connection()
        source = sqlite3.connect(path)
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
