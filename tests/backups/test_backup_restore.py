"""
`manage.py backup` and `manage.py restore`: a backup restored into an empty site gives back
every row of every table and every file, byte for byte; a restore never starts on a site that
holds data (without --force) or from an archive that is damaged, tampered with (even with its
manifest computed again), unsigned, of the other database vendor or of a later version, or
whose database copy is not what its manifest says, and then changes nothing; files the archive
does not hold are moved aside, never left in MEDIA_ROOT.

Tests that restore a database, or need the data they build in the archive, commit it (pg_dump
reads from its own connection); those that only see a restore refused run in a transaction.
"""

import hashlib
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

from backups import archive, signing
from backups.databases import database_at, for_connection
from states.models import ProgressEntry, State
from tests.factories.commitments import CommitmentFactory, TopicFactory
from tests.factories.states import OrganizationFactory, ProgressEntryFactory, UserFactory
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


@pytest.fixture(autouse=True)
def backup_dir(settings, tmp_path):
    """Archives, and the files a restore moves aside, go to a folder of the test's own."""
    settings.BACKUP_DIR = tmp_path / "backups"
    return settings.BACKUP_DIR


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
    """
    A copy of the archive at `path` whose manifest `change` (a function) has edited, signed
    with the site's key: what the site itself would have written, a version apart.
    """
    contents = members(path)
    manifest = json.loads(contents["manifest.json"])
    change(manifest, contents)
    contents["manifest.json"] = json.dumps(manifest).encode()
    contents["manifest.signature"] = signing.sign(contents["manifest.json"])
    return write_archive(destination, contents)


def with_database(manifest: dict, contents: dict, data: bytes):
    """Put `data` in the archive as its database copy, its size and hash in the manifest."""
    name = manifest["database"]["file"]
    contents[name] = data
    manifest["database"].update(size=len(data), sha256=hashlib.sha256(data).hexdigest())


def altered_database(path: Path, target, tmp_path: Path, statement: str, params) -> bytes:
    """
    The database copy of the archive at `path` loaded into `target` (an empty database),
    changed by one SQL statement and copied again with the vendor's tools: an altered copy
    that pg_restore or SQLite reads as well as the original.
    """
    contents = members(path)
    manifest = json.loads(contents["manifest.json"])
    name = manifest["database"]["file"]
    original = tmp_path / "original" / name
    original.parent.mkdir()
    original.write_bytes(contents[name])
    vendor = for_connection(target)
    vendor.load(vendor.prepare(original, manifest["tables"]), manifest["tables"])
    with target.cursor() as cursor:
        cursor.execute(statement, params)
    altered = tmp_path / "altered" / name
    altered.parent.mkdir()
    vendor.dump(altered)
    target.close()
    return altered.read_bytes()


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
        ["manifest.json", "manifest.signature", database_file]
        + [f"media/{name}" for name in files(media_root)]
    )
    # The signature comes last, and is an HMAC of the manifest's exact bytes.
    assert names[-2:] == ["manifest.json", "manifest.signature"]
    assert signing.verifies(members(path)["manifest.json"], members(path)["manifest.signature"])
    assert members(path)["manifest.signature"].startswith(b"hmac-sha256:")
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
def test_it_puts_back_what_changed_since_the_backup_with_force(
    site, media_root, tmp_path, backup_dir
):
    path = backup(backup_dir)
    before = table_rows(connection)
    saved_files = files(media_root)
    entry = ProgressEntryFactory()
    entry.add_evidence(entry.created_by, file=pdf_upload("later.pdf"))
    get_user_model().objects.filter(username__startswith="user").update(email="x@example.org")
    report = Path(media_root) / "jobs" / "2026" / "11" / "report.pdf"
    report.write_bytes(b"%PDF-1.4 edited after the backup")
    later = {name: data for name, data in files(media_root).items() if name not in saved_files}
    assert len(later) == 1
    out = io.StringIO()

    call_command("restore", path, force=True, stdout=out)

    assert table_rows(connection) == before
    assert files(media_root) == saved_files
    # The file uploaded after the backup and the old bytes of the one it replaced are moved
    # aside, both at their paths, in one folder under BACKUP_DIR.
    (set_aside,) = backup_dir.glob("media-replaced-*")
    assert files(set_aside) == {
        **later,
        "jobs/2026/11/report.pdf": b"%PDF-1.4 edited after the backup",
    }
    assert set_aside.stat().st_mode & 0o777 == 0o700
    assert not list(Path(media_root).glob(".restoring-*"))
    assert (
        f"moved aside, not in the backup or changed since: 2 files under MEDIA_ROOT, now in "
        f"{set_aside}" in out.getvalue()
    )
    assert "every count matches the backup" in out.getvalue()
    assert "every SHA-256 matches the backup" in out.getvalue()
    assert "signature: verified with SECRET_KEY" in out.getvalue()


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

    assert [args[0] for args, _ in calls] == ["pg_dump", "pg_restore", "psql"]
    assert all(password not in " ".join(args) for args, _ in calls)
    assert all(env["PGPASSWORD"] == password for _, env in calls)


@committed
def test_it_refuses_a_database_copy_whose_rows_differ_from_the_manifest(
    archived, media_root, tmp_path, backup_dir
):
    def one_user_more(manifest, contents):
        manifest["tables"]["auth_user"] += 1

    path = with_manifest(archived, tmp_path / "miscounted.tar.gz", one_user_more)
    entry = ProgressEntryFactory(summary="Written after the backup, kept by a refused restore.")
    before = table_rows(connection), files(media_root)

    with pytest.raises(
        CommandError,
        match=r"database copy does not match the manifest \(auth_user: 0 rows, the backup has 1\)"
        r".*the database is as it was",
    ):
        call_command("restore", path, force=True)

    assert (table_rows(connection), files(media_root)) == before
    assert ProgressEntry.objects.get(pk=entry.pk).summary == entry.summary
    # Nothing was moved aside, nothing half-written is left in MEDIA_ROOT.
    assert sorted(child.name for child in backup_dir.iterdir()) == [archived.name]
    assert not list(Path(media_root).glob(".restoring-*"))


@committed
def test_it_refuses_a_database_file_that_is_not_a_database_of_its_vendor(
    archived, media_root, tmp_path
):
    def not_a_database(manifest, contents):
        with_database(manifest, contents, b"Not a database, whatever its name says.\n" * 50)

    path = with_manifest(archived, tmp_path / "not-a-database.tar.gz", not_a_database)
    before = table_rows(connection), files(media_root)
    expected = (
        r"database\.sqlite3 in the archive is not a SQLite database \(file is not a database\)"
        if connection.vendor == "sqlite"
        else r"database\.dump in the archive is not a dump pg_restore can read \(pg_restore: "
        r"error: input file does not appear to be a valid archive"
    )

    with pytest.raises(CommandError, match=rf"Restore failed: {expected}.*Nothing was restored"):
        call_command("restore", path, force=True)

    assert (table_rows(connection), files(media_root)) == before


@committed
@pytest.mark.parametrize("signature", ["kept", "removed", "made with another key"])
def test_it_refuses_an_archive_altered_with_its_manifest_computed_again(
    media_root, tmp_path, empty_target, backup_dir, settings, signature
):
    contributor = UserFactory(username="contributor-amara", role="Contributors")
    path = backup(backup_dir)
    altered = altered_database(
        path,
        empty_target,
        tmp_path,
        "UPDATE auth_user SET is_superuser = %s, is_staff = %s WHERE username = %s",
        [True, True, "contributor-amara"],
    )
    contents = members(path)
    manifest = json.loads(contents["manifest.json"])
    with_database(manifest, contents, altered)
    contents["manifest.json"] = json.dumps(manifest).encode()
    if signature == "removed":
        del contents["manifest.signature"]
    elif signature == "made with another key":
        settings.BACKUP_SIGNING_KEY = "a key of the attacker's own choosing"
        contents["manifest.signature"] = signing.sign(contents["manifest.json"])
        settings.BACKUP_SIGNING_KEY = ""
    tampered = write_archive(tmp_path / "tampered.tar.gz", contents)
    before = table_rows(connection), files(media_root)
    refusal = (
        r"is not signed.*Nothing was restored.*--allow-unsigned"
        if signature == "removed"
        else r"the signature of its manifest does not verify.*SECRET_KEY.*Nothing was restored"
    )

    with pytest.raises(CommandError, match=refusal):
        call_command("restore", tampered, force=True)

    assert (table_rows(connection), files(media_root)) == before
    contributor.refresh_from_db()
    assert (contributor.is_superuser, contributor.is_staff) == (False, False)


@committed
def test_it_restores_an_unsigned_archive_only_with_allow_unsigned(
    site, media_root, tmp_path, backup_dir
):
    contents = members(backup(backup_dir))
    del contents["manifest.signature"]
    unsigned = write_archive(tmp_path / "made-before-signing.tar.gz", contents)
    before = table_rows(connection), files(media_root)
    ProgressEntryFactory(summary="Written after the backup.")
    out = io.StringIO()

    with pytest.raises(CommandError, match=r"is not signed"):
        call_command("restore", unsigned, force=True)
    call_command("restore", unsigned, force=True, allow_unsigned=True, stdout=out)

    assert (table_rows(connection), files(media_root)) == before
    assert "signature: none, restored with --allow-unsigned" in out.getvalue()


@committed
def test_it_verifies_the_signature_with_backup_signing_key(
    site, media_root, tmp_path, backup_dir, settings
):
    settings.BACKUP_SIGNING_KEY = "the-backup-key-kept-with-the-site-configuration"
    out = io.StringIO()
    call_command("backup", output=backup_dir, stdout=out)
    path = Path(out.getvalue().splitlines()[0])
    assert "signed with BACKUP_SIGNING_KEY" in out.getvalue()
    before = table_rows(connection)

    settings.BACKUP_SIGNING_KEY = ""
    with pytest.raises(CommandError, match=r"does not verify.*with the SECRET_KEY of the site"):
        call_command("restore", path, force=True)
    settings.BACKUP_SIGNING_KEY = "the-backup-key-kept-with-the-site-configuration"
    out = io.StringIO()
    call_command("restore", path, force=True, stdout=out)

    assert table_rows(connection) == before
    assert "signature: verified with BACKUP_SIGNING_KEY" in out.getvalue()
