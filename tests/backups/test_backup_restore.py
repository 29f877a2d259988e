"""
`manage.py backup` and `manage.py restore`: a backup restored into an empty site gives back
every row of every table and every file, byte for byte; a restore never starts on a site that
holds data (without --force) or from an archive that is damaged, tampered with, of the other
database vendor or of a later version, and then changes nothing.

Tests that restore a database, or need the data they build in the archive, commit it (pg_dump
reads from its own connection); those that only see a restore refused run in a transaction.
"""

import io
import json
import subprocess
import tarfile
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from psycopg import sql

from backups import archive
from backups.databases import database_at
from commitments.factories import CommitmentFactory, TopicFactory
from states.factories import OrganizationFactory, ProgressEntryFactory, UserFactory
from states.models import State
from tests.files import docx_bytes, pdf_bytes, pdf_upload, png_upload, upload

committed = pytest.mark.django_db(transaction=True, serialized_rollback=True)
in_a_transaction = pytest.mark.django_db

# Tables whose every row is compared in full, besides the counts of all the others; the test
# fails if any of them is empty, so it cannot pass on nothing.
KEY_TABLES = [
    "auth_user",
    "commitments_commitment",
    "states_progressentry",
    "states_historicalprogressentry",
    "states_evidence",
    "states_historicalevidence",
]

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="pg_dump and pg_restore are PostgreSQL's"
)


@pytest.fixture
def site(media_root):
    """
    Commitments, organizations, entries in every workflow state with their history, and
    evidence with uploaded files; plus a generated report, a file that is not evidence.
    """
    reviewer = UserFactory(role="Reviewers")
    organization = OrganizationFactory(national=True)
    author = UserFactory(role="Contributors", organizations=[organization])
    commitments = CommitmentFactory.create_batch(3, topics=[TopicFactory()])
    states = iter(State.objects.members().order_by("iso3"))

    def entry(commitment):
        return ProgressEntryFactory(
            commitment=commitment, state=next(states), organization=organization, created_by=author
        )

    draft = entry(commitments[0])
    draft.add_evidence(author, file=pdf_upload("Journal officiel n° 150.pdf"), citation="p. 4")

    approved = entry(commitments[0])
    approved.add_evidence(author, file=png_upload("notice.png"))
    approved.add_evidence(author, url="https://gazette.example.org/150")
    approved.transition("submit", author)
    approved.transition("approve", reviewer, "Matches the gazette.")

    rejected = entry(commitments[1])
    circular = rejected.add_evidence(
        author, file=upload("circular.docx", docx_bytes(), "application/octet-stream")
    )
    rejected.transition("submit", author)
    rejected.transition("request_changes", reviewer, "Cite the page.")
    rejected.edit(author, summary="The circular of 3 May, page 2.")
    rejected.remove_evidence(author, circular)
    rejected.transition("submit", author)
    rejected.transition("reject", reviewer, "Out of scope.")

    entry(commitments[2]).transition("withdraw", author)
    submitted = entry(commitments[2])
    submitted.add_evidence(author, citation="A/HRC/35/37, para. 12")
    submitted.transition("submit", author)

    report = Path(media_root) / "jobs" / "2026" / "11" / "report.pdf"
    report.parent.mkdir(parents=True)
    report.write_bytes(pdf_bytes("Progress report"))


@pytest.fixture
def archived(media_root, tmp_path):
    """
    An archive of the site as its migrations left it, with one evidence file; then an entry
    with an evidence file written after it: data a refused restore must leave as it is. The
    archive comes first because on SQLite the backup's own connection to the shared in-memory
    test database would wait for this test's uncommitted writes.
    """
    seed = Path(media_root) / "evidence" / "2026" / "11" / "seed.pdf"
    seed.parent.mkdir(parents=True)
    seed.write_bytes(pdf_bytes("Seed"))
    path = backup(tmp_path / "backups")
    entry = ProgressEntryFactory()
    entry.add_evidence(entry.created_by, file=pdf_upload("gazette.pdf"))
    return path


@pytest.fixture
def empty_target(tmp_path):
    """A connection to a second, empty database: a file on SQLite, a scratch database on PG."""
    if connection.vendor == "sqlite":
        target = database_at(connection, tmp_path / "restored.sqlite3")
        yield target
        target.close()
        return
    name = f"{connection.settings_dict['NAME']}_restored"
    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    with maintenance_connection() as maintenance:
        maintenance.execute(drop)
        maintenance.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    target = database_at(connection, name)
    yield target
    target.close()
    with maintenance_connection() as maintenance:
        maintenance.execute(drop)


def maintenance_connection():
    params = connection.settings_dict
    return psycopg.connect(
        dbname="postgres",
        autocommit=True,
        **{
            key: params[setting]
            for key, setting in (("user", "USER"), ("host", "HOST"), ("port", "PORT"))
            if params.get(setting)
        },
        **({"password": params["PASSWORD"]} if params.get("PASSWORD") else {}),
    )


def table_rows(database) -> dict[str, list]:
    """Every row of every table, in a stable order, read through a Django connection."""
    quote = database.ops.quote_name
    with database.cursor() as cursor:
        tables = database.introspection.table_names(cursor)
        rows = {}
        for table in tables:
            cursor.execute(f"SELECT * FROM {quote(table)}")
            fetched = [
                tuple(bytes(value) if isinstance(value, memoryview) else value for value in row)
                for row in cursor.fetchall()
            ]
            rows[table] = sorted(fetched, key=repr)
    return rows


def files(root) -> dict[str, bytes]:
    root = Path(root)
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def backup(output: Path) -> Path:
    """Run `manage.py backup` and return the archive it names on its first line."""
    out = io.StringIO()
    call_command("backup", output=output, stdout=out)
    return Path(out.getvalue().splitlines()[0])


def members(path: Path) -> dict[str, bytes]:
    with tarfile.open(path) as tar:
        return {member.name: tar.extractfile(member).read() for member in tar}


def write_archive(path: Path, contents: dict[str, bytes], symlinks=()) -> Path:
    with tarfile.open(path, "w:gz") as tar:
        for name, data in contents.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        for name, target in symlinks:
            info = tarfile.TarInfo(name)
            info.type, info.linkname = tarfile.SYMTYPE, target
            tar.addfile(info)
    return path


def with_manifest(path: Path, destination: Path, change) -> Path:
    """A copy of the archive at `path` whose manifest `change` (a function) has edited."""
    contents = members(path)
    manifest = json.loads(contents["manifest.json"])
    change(manifest, contents)
    contents["manifest.json"] = json.dumps(manifest).encode()
    return write_archive(destination, contents)


@committed
def test_it_restores_every_row_and_every_file_into_an_empty_site(
    site, media_root, empty_target, tmp_path
):
    path = backup(tmp_path / "backups")
    restored_media = tmp_path / "restored-media"

    restored = archive.restore(path, connection=empty_target, media_root=restored_media)

    original, copy = table_rows(connection), table_rows(empty_target)
    assert all(original[table] for table in KEY_TABLES)
    for table in KEY_TABLES:
        assert copy[table] == original[table], table
    assert copy == original
    assert restored.backup.tables == {table: len(rows) for table, rows in original.items()}
    original_files = files(media_root)
    assert len(original_files) == 4  # three evidence files and the report
    assert files(restored_media) == original_files
    assert restored.extra_tables == [] and restored.pending_migrations == []


@committed
def test_it_writes_the_expected_members_only_for_its_owner_to_read(site, media_root, tmp_path):
    output = tmp_path / "backups"

    path = backup(output)

    assert path.parent == output and path.name.startswith("commitment-tracker-")
    assert path.name.endswith(".tar.gz")
    assert list(output.iterdir()) == [path]  # no partial file, no staging folder left
    assert path.stat().st_mode & 0o777 == 0o600
    assert output.stat().st_mode & 0o777 == 0o700
    with tarfile.open(path) as tar:
        assert all(member.isreg() for member in tar.getmembers())
        names = tar.getnames()
    manifest = json.loads(members(path)["manifest.json"])
    database_file = "database.dump" if connection.vendor == "postgresql" else "database.sqlite3"
    assert manifest["database"]["vendor"] == connection.vendor
    assert sorted(names) == sorted(
        ["manifest.json", database_file] + [f"media/{name}" for name in files(media_root)]
    )
    assert len(names) == len(set(names))
    assert {item["path"] for item in manifest["media"]} == set(files(media_root))
    assert manifest["tables"] == {
        table: len(rows) for table, rows in table_rows(connection).items()
    }
    assert "0001_initial" in manifest["migrations"]["states"]
    assert {"states", "commitments", "backups"} <= set(manifest["apps"])


@in_a_transaction
def test_it_refuses_a_database_that_holds_data_without_force(archived, media_root, tmp_path):
    path = archived
    before = table_rows(connection), files(media_root)

    with pytest.raises(CommandError, match=r"already holds data.*pass --force"):
        call_command("restore", path)

    assert (table_rows(connection), files(media_root)) == before


@committed
def test_it_counts_files_under_media_root_as_data(site, tmp_path, empty_target):
    path = backup(tmp_path / "backups")
    media = tmp_path / "other-media"
    (media / "evidence").mkdir(parents=True)
    (media / "evidence" / "kept.pdf").write_bytes(b"%PDF-1.4 kept")

    with pytest.raises(
        archive.BackupError, match=r"other-media has 1 file\. Restore into an empty"
    ):
        archive.restore(path, connection=empty_target, media_root=media)

    assert files(media) == {"evidence/kept.pdf": b"%PDF-1.4 kept"}
    assert table_rows(empty_target) == {}


@committed
def test_it_puts_back_what_changed_since_the_backup_with_force(site, media_root, tmp_path):
    path = backup(tmp_path / "backups")
    before = table_rows(connection)
    saved_files = files(media_root)
    entry = ProgressEntryFactory()
    entry.add_evidence(entry.created_by, file=pdf_upload("later.pdf"))
    get_user_model().objects.filter(username__startswith="user").update(email="x@example.org")
    out = io.StringIO()

    call_command("restore", path, force=True, stdout=out)

    assert table_rows(connection) == before
    restored_files = files(media_root)
    assert {name: restored_files[name] for name in saved_files} == saved_files
    # The file uploaded after the backup is left where it was; only the archive's are written.
    assert len(restored_files) == len(saved_files) + 1
    assert "every count matches the backup" in out.getvalue()
    assert "every SHA-256 matches the backup" in out.getvalue()


@in_a_transaction
@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: data[: len(data) // 2], id="truncated-to-half"),
        pytest.param(lambda data: data[:-100], id="last-bytes-missing"),
        pytest.param(
            lambda data: (
                data[: len(data) // 2]
                + bytes([data[len(data) // 2] ^ 0xFF])
                + data[len(data) // 2 + 1 :]
            ),
            id="byte-flipped",
        ),
    ],
)
def test_it_refuses_a_damaged_archive_and_leaves_the_site_untouched(
    archived, media_root, tmp_path, damage
):
    path = archived
    damaged = tmp_path / "damaged.tar.gz"
    damaged.write_bytes(damage(path.read_bytes()))
    before = table_rows(connection), files(media_root)

    with pytest.raises(CommandError, match=r"is damaged.*Nothing was restored") as refused:
        call_command("restore", damaged, force=True)

    assert str(damaged) in str(refused.value)
    assert (table_rows(connection), files(media_root)) == before


@in_a_transaction
def test_it_refuses_a_file_whose_bytes_differ_from_the_manifest(archived, media_root, tmp_path):
    path = archived
    contents = members(path)
    evidence = next(name for name in contents if name.startswith("media/evidence/"))
    contents[evidence] = b"%PDF-1.4 forged"
    tampered = write_archive(tmp_path / "tampered.tar.gz", contents)
    before = table_rows(connection), files(media_root)

    with pytest.raises(CommandError, match=rf"does not match its manifest \({evidence}: its size"):
        call_command("restore", tampered, force=True)

    assert (table_rows(connection), files(media_root)) == before


@in_a_transaction
@pytest.mark.parametrize(
    ("name", "symlink"),
    [
        ("../escaped.txt", None),
        ("media/../../escaped.txt", None),
        ("/tmp/escaped.txt", None),
        ("settings.py", None),
        ("media/evidence/link.pdf", "/etc/passwd"),
    ],
)
def test_it_refuses_an_archive_member_it_does_not_expect(
    archived, media_root, tmp_path, name, symlink
):
    path = archived
    contents = members(path)
    if symlink is None:
        contents[name] = b"written where it should not be"
        crafted = write_archive(tmp_path / "crafted.tar.gz", contents)
    else:
        crafted = write_archive(tmp_path / "crafted.tar.gz", contents, [(name, symlink)])
    before = table_rows(connection), files(media_root)

    with pytest.raises(CommandError, match=rf"unexpected member '{name}'"):
        call_command("restore", crafted, force=True)

    assert (table_rows(connection), files(media_root)) == before
    assert not list(tmp_path.rglob("escaped.txt"))


@in_a_transaction
def test_it_refuses_an_archive_of_the_other_database_vendor(archived, media_root, tmp_path):
    other, other_label, other_file = (
        ("sqlite", "SQLite", "database.sqlite3")
        if connection.vendor == "postgresql"
        else ("postgresql", "PostgreSQL", "database.dump")
    )

    def swap_vendor(manifest, contents):
        contents[other_file] = contents.pop(manifest["database"]["file"])
        manifest["database"].update(vendor=other, file=other_file)

    path = with_manifest(archived, tmp_path / "other.tar.gz", swap_vendor)
    before = table_rows(connection), files(media_root)

    with pytest.raises(CommandError, match=rf"holds a {other_label} database, but this site"):
        call_command("restore", path, force=True)

    assert (table_rows(connection), files(media_root)) == before


@in_a_transaction
def test_it_refuses_an_archive_made_by_a_later_version(archived, media_root, tmp_path):
    def add_migration(manifest, contents):
        manifest["migrations"]["states"].append("9999_from_the_future")

    path = with_manifest(archived, tmp_path / "later.tar.gz", add_migration)
    before = table_rows(connection), files(media_root)

    with pytest.raises(CommandError, match=r"later version.*states\.9999_from_the_future"):
        call_command("restore", path, force=True)

    assert (table_rows(connection), files(media_root)) == before


@in_a_transaction
def test_it_leaves_no_archive_behind_when_the_backup_fails(media_root, tmp_path, monkeypatch):
    (Path(media_root) / "evidence").mkdir(parents=True)
    (Path(media_root) / "evidence" / "kept.pdf").write_bytes(pdf_bytes())

    def files_then_one_gone(media_root, skip=None):
        yield from media_files(media_root, skip)
        yield "evidence/gone.pdf", Path(media_root) / "evidence" / "gone.pdf"

    media_files = archive.media_files
    monkeypatch.setattr(archive, "media_files", files_then_one_gone)
    output = tmp_path / "backups"

    with pytest.raises(CommandError, match=r"Backup failed: .*gone\.pdf"):
        call_command("backup", output=output)

    assert list(output.iterdir()) == []


@committed
@postgresql_only
def test_it_gives_pg_dump_and_pg_restore_the_password_in_their_environment_only(
    site, tmp_path, empty_target, monkeypatch
):
    """The server trusts local connections, so the password is not checked, only carried."""
    password = "never-on-a-command-line-7d1f"
    source = database_at(connection, connection.settings_dict["NAME"])
    source.settings_dict["PASSWORD"] = empty_target.settings_dict["PASSWORD"] = password
    calls = []
    run = subprocess.run

    def spy(args, **kwargs):
        calls.append((args, kwargs["env"]))
        return run(args, **kwargs)

    monkeypatch.setattr(subprocess, "run", spy)

    made = archive.create(tmp_path / "backups", connection=source, media_root=settings.MEDIA_ROOT)
    archive.restore(made.path, connection=empty_target, media_root=tmp_path / "restored-media")
    source.close()

    assert [args[0] for args, _ in calls] == ["pg_dump", "pg_restore"]
    assert all(password not in " ".join(args) for args, _ in calls)
    assert all(env["PGPASSWORD"] == password for _, env in calls)
