"""Backup and restore: the whole site, every row and every photo, comes back exactly, on SQLite and PostgreSQL.

The tests commit their data (``transactional_db``): pg_dump reads the database
from a connection of its own and sees only committed rows.
"""

import datetime
import io
import json
import tarfile
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group
from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError
from django.db import connection

from events.models import Session
from gallery.models import Exhibit, Photo
from tests.gallery.samples import image_bytes, upload


def database_rows() -> dict[str, list[tuple]]:
    """Every row of every table as the database stores it, in primary key order, and the id counters.

    Raw SQL, so no manager (modeltranslation's rewrites columns) stands between
    the test and the data.
    """
    rows = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            key = connection.introspection.get_primary_key_column(cursor, table)
            cursor.execute(
                f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY {connection.ops.quote_name(key)}"
            )
            rows[table] = cursor.fetchall()
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name, seq FROM sqlite_sequence ORDER BY name")
        else:
            cursor.execute("SELECT sequencename, last_value FROM pg_sequences ORDER BY sequencename")
        rows["id counters"] = cursor.fetchall()
    return rows


def media_bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def drop_every_table() -> None:
    """Leave the test database as a new, empty one: no tables at all."""
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA foreign_keys = OFF")
            for table in tables:
                cursor.execute(f"DROP TABLE {connection.ops.quote_name(table)}")
            cursor.execute("PRAGMA foreign_keys = ON")
        else:
            cursor.execute(f"DROP TABLE {', '.join(connection.ops.quote_name(t) for t in tables)} CASCADE")


@pytest.fixture
def site(transactional_db, admin_user, client, settings):
    """The programme as seeded, a session an organiser moved, an uploaded photo, users, groups, a login."""
    call_command("seed_site", verbosity=0)
    gala = Session.objects.get(slug="gala-concert")
    gala.start_time = datetime.time(18, 30)
    gala.save()
    LogEntry.objects.log_actions(admin_user.pk, [gala], CHANGE, change_message='[{"changed": {"fields": ["Starts"]}}]')
    exhibit = Exhibit.objects.first()
    Photo.objects.create(exhibit=exhibit, key="stage", image=upload("stage.jpg", image_bytes("JPEG", (1800, 1200))))
    Group.objects.create(name="Press").user_set.add(admin_user)
    client.force_login(admin_user)
    yield settings
    # A failed restore may leave no tables; the next test needs them.
    if "events_session" not in connection.introspection.table_names():
        call_command("migrate", verbosity=0)


@pytest.fixture
def empty_media(settings, tmp_path):
    def switch():
        settings.MEDIA_ROOT = tmp_path / "new-media"
        settings.MEDIA_ROOT.mkdir()

    return switch


def backup(path: Path) -> str:
    out = StringIO()
    call_command("backup_site", "--output", str(path), stdout=out)
    return out.getvalue()


def test_a_site_restored_into_an_empty_database_is_the_same_row_for_row_and_byte_for_byte(site, tmp_path, empty_media):
    archive = tmp_path / "site.tar.gz"
    rows, media = database_rows(), media_bytes(site.MEDIA_ROOT)

    output = backup(archive)
    drop_every_table()
    empty_media()
    call_command("restore_site", str(archive), stdout=StringIO())

    assert database_rows() == rows
    assert media_bytes(site.MEDIA_ROOT) == media
    assert len(media) == 7  # the upright original and three WebP and three JPEG renditions
    assert rows["events_change"] and rows["django_admin_log"] and rows["django_session"] and rows["auth_user_groups"]
    assert output.startswith(f"Backed up the {'SQLite' if connection.vendor == 'sqlite' else 'PostgreSQL'} database")
    assert archive.stat().st_mode & 0o777 == 0o600


def test_a_restored_site_carries_on_numbering_its_rows(site, tmp_path, empty_media):
    archive = tmp_path / "site.tar.gz"
    backup(archive)
    newest_entry = LogEntry.objects.order_by("pk").last().pk
    drop_every_table()
    empty_media()
    call_command("restore_site", str(archive), stdout=StringIO())

    gala = Session.objects.get(slug="gala-concert")
    gala.start_time = datetime.time(19, 0)
    gala.save()
    entry = LogEntry.objects.log_actions(
        LogEntry.objects.first().user_id, [gala], CHANGE, change_message="Moved.", single_object=True
    )

    assert entry.pk == newest_entry + 1
    assert gala.sequence == 2


def test_restore_refuses_a_site_with_content_and_changes_nothing(site, tmp_path):
    archive = tmp_path / "site.tar.gz"
    backup(archive)
    Session.objects.filter(slug="gala-concert").update(title_en="Changed after the backup")
    rows, media = database_rows(), media_bytes(site.MEDIA_ROOT)

    with pytest.raises(CommandError) as refused:
        call_command("restore_site", str(archive), stdout=StringIO())

    assert str(refused.value).startswith("The site is not empty (1 admin.logentry, ")
    assert ", 1 auth.user, " in str(refused.value)
    assert ", 14 events.session, " in str(refused.value)
    assert "7 media files); restoring would replace it. Nothing was changed." in str(refused.value)
    assert str(refused.value).endswith("Run again with --yes (make restore FORCE=1) to replace it.")
    assert database_rows() == rows
    assert media_bytes(site.MEDIA_ROOT) == media


def test_restore_with_yes_replaces_a_site_that_changed_since_the_backup(site, tmp_path):
    archive = tmp_path / "site.tar.gz"
    rows, media = database_rows(), media_bytes(site.MEDIA_ROOT)
    backup(archive)
    gala = Session.objects.get(slug="gala-concert")
    gala.start_time = datetime.time(20, 0)
    gala.save()
    Photo.objects.create(exhibit=Exhibit.objects.last(), key="later", image=upload("later.png", image_bytes("PNG")))
    (site.MEDIA_ROOT / "stray.txt").write_text("not in the backup")

    call_command("restore_site", str(archive), "--yes", stdout=StringIO())

    assert database_rows() == rows
    assert media_bytes(site.MEDIA_ROOT) == media


def rewritten(archive: Path, target: Path, *, manifest=None, extra: tuple[str, bytes] | None = None) -> Path:
    """A copy of ``archive`` with its manifest changed by ``manifest(dict)`` or an ``extra`` member added."""
    with tarfile.open(archive, "r:gz") as source, tarfile.open(target, "w:gz") as copy:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == "manifest.json" and manifest:
                changed = json.loads(data)
                manifest(changed)
                data = json.dumps(changed).encode()
                member.size = len(data)
            copy.addfile(member, io.BytesIO(data))
        if extra:
            info = tarfile.TarInfo(extra[0])
            info.size = len(extra[1])
            copy.addfile(info, io.BytesIO(extra[1]))
    return target


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"manifest": lambda m: m["database"].update(vendor="oracle")},
            "was made from oracle, and the configured database is ",
        ),
        (
            {"manifest": lambda m: m["migrations"].append(["events", "9999_from_the_future"])},
            "was made by a newer version of the site (migrations events.9999_from_the_future are not in this one)",
        ),
        ({"extra": ("../outside.txt", b"x")}, "holds '../outside.txt', which a site backup does not"),
        ({"extra": ("media/../../outside.txt", b"x")}, "holds 'media/../../outside.txt', which a site backup does not"),
        ({"manifest": lambda m: m["database"].update(file="../database.sqlite3")}, "names its database file"),
    ],
    ids=["other database", "newer site", "stray member", "path out of media", "database out of the archive"],
)
def test_restore_refuses_an_archive_it_cannot_trust_and_changes_nothing(site, tmp_path, change, message):
    archive = tmp_path / "site.tar.gz"
    backup(archive)
    Session.objects.filter(slug="gala-concert").update(title_en="Changed after the backup")
    rows, media = database_rows(), media_bytes(site.MEDIA_ROOT)

    with pytest.raises(CommandError, match="Nothing was changed|nothing was changed") as refused:
        call_command("restore_site", str(rewritten(archive, tmp_path / "bad.tar.gz", **change)), "--yes")

    assert message in str(refused.value)
    assert database_rows() == rows
    assert media_bytes(site.MEDIA_ROOT) == media
    assert not (tmp_path / "outside.txt").exists()


@pytest.mark.parametrize(
    ("command", "summary"),
    [
        ("backup_site", "Write the database and every file in MEDIA_ROOT into one .tar.gz archive"),
        ("restore_site", "Replace the database and MEDIA_ROOT with a backup made by backup_site."),
    ],
)
def test_help_describes_the_command(command, summary, capsys):
    ManagementUtility(["manage.py", "help", command]).execute()

    assert summary in " ".join(capsys.readouterr().out.split())
