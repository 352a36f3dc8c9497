"""Backups of the whole site, the database and the uploaded photos in one archive, and their restore.

A backup is one ``.tar.gz`` file (``backups/site-YYYYmmdd-HHMMSS.tar.gz`` by
default) holding:

- ``manifest.json``: the format, the database it was made from, the
  migrations applied to it, when it was made and how many media files it has;
- the database in that database's own format, because that round-trips every
  row exactly, primary keys and id sequences included (the admin's history
  names objects by primary key, so a dump that renumbers rows, as ``dumpdata
  --natural-primary`` does, would point it at the wrong ones):
  ``database.sqlite3``, a copy made with SQLite's online backup API, or
  ``database.pgdump``, from ``pg_dump --format=custom``; both are one
  consistent snapshot taken while the site runs;
- ``media/``: every file under ``MEDIA_ROOT``, copied after the database, so
  every photo the database names is in it.

A restore puts both back into the configured database and ``MEDIA_ROOT``,
replacing what is there. It refuses a site with content unless told to
(``force``), a backup from the other kind of database, and a backup made by
a newer version of the site than this one.
"""

import datetime
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from contextlib import closing
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.backends.postgresql.client import DatabaseClient
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
VENDOR_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why and what to do."""


class SiteNotEmpty(BackupError):
    """A restore would replace a site that has content, and was not told to."""


def default_path() -> Path:
    """``backups/site-YYYYmmdd-HHMMSS.tar.gz`` in the project, stamped with the local time."""
    return Path(settings.BASE_DIR) / "backups" / f"site-{timezone.localtime():%Y%m%d-%H%M%S}.tar.gz"


def make_backup(path: Path) -> dict:
    """Write the database and MEDIA_ROOT to the archive ``path``; return its manifest. Called by ``backup_site``.

    The archive holds password hashes and sessions, so only its owner may
    read it. It is written under a temporary name and renamed when complete,
    so a backup interrupted half-way never looks like a whole one.
    """
    vendor = _vendor()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".backup-") as work:
        database_file = Path(work) / DATABASE_FILES[vendor]
        _DUMPERS[vendor](database_file)
        media_files = sorted(p for p in media_root.rglob("*") if p.is_file()) if media_root.is_dir() else []
        manifest = {
            "format": FORMAT,
            "made_at": timezone.now().isoformat(),
            "database": {"vendor": vendor, "file": database_file.name},
            "migrations": sorted(MigrationRecorder(connection).applied_migrations()),
            "media_files": len(media_files),
        }
        partial = path.with_name(f".{path.name}.partial")
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(descriptor, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
                data = json.dumps(manifest, indent=2).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mtime, info.mode = len(data), int(timezone.now().timestamp()), 0o600
                archive.addfile(info, io.BytesIO(data))
                archive.add(database_file, arcname=database_file.name)
                for file in media_files:
                    archive.add(file, arcname=f"{MEDIA}/{file.relative_to(media_root).as_posix()}")
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)
    return manifest


def site_contents() -> dict[str, int]:
    """What a restore would replace: rows per model label, and ``"media files"``; only what is there.

    Left out is what ``migrate`` alone creates (content types, permissions,
    the Organiser and Translator groups), so a freshly migrated database
    counts as empty. A database with no tables at all is empty too.
    """
    tables = set(connection.introspection.table_names())
    made_by_migrate = {ContentType, Permission, Group, Group.permissions.through}
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        opts = model._meta
        if opts.proxy or not opts.managed or model in made_by_migrate or opts.db_table not in tables:
            continue
        counts[opts.label_lower] = model._base_manager.count()
    if Group._meta.db_table in tables:
        counts[Group._meta.label_lower] = Group.objects.exclude(name__in=["Organiser", "Translator"]).count()
    media_root = Path(settings.MEDIA_ROOT)
    if media_root.is_dir():
        counts["media files"] = sum(1 for p in media_root.rglob("*") if p.is_file())
    return {label: count for label, count in counts.items() if count}


def read_manifest(path: Path) -> dict:
    """The manifest of the archive at ``path``, checked to be one this site can restore."""
    try:
        with tarfile.open(path, "r:gz") as archive:
            return _checked_manifest(archive)
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"{path} cannot be read as a site backup: {error}") from error


def restore_backup(path: Path, *, force: bool = False) -> dict:
    """Replace the database and MEDIA_ROOT with the archive at ``path``; return its manifest.

    Called by ``restore_site``. Refuses, changing nothing, when the site has
    content and ``force`` is not given. The archive is checked and unpacked
    before anything is replaced; the database is then replaced in one step
    (one transaction on PostgreSQL, the backup API on SQLite), then the media.
    """
    manifest = read_manifest(path)
    contents = site_contents()
    if contents and not force:
        listed = ", ".join(f"{count} {label}" for label, count in contents.items())
        raise SiteNotEmpty(f"The site is not empty ({listed}); restoring would replace it. Nothing was changed.")
    media_root = Path(settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    with (
        tarfile.open(path, "r:gz") as archive,
        tempfile.TemporaryDirectory(dir=media_root.parent, prefix=".restore-") as work,
    ):
        database_name = manifest["database"]["file"]
        members = []
        for member in archive.getmembers():
            if member.name == MANIFEST:
                continue
            parts = PurePosixPath(member.name).parts
            if member.name != database_name and (parts[0] != MEDIA or ".." in parts or len(parts) < 2):
                raise BackupError(f"{path} holds {member.name!r}, which a site backup does not; nothing was changed.")
            members.append(member)
        try:
            # The "data" filter also refuses links out of the folder and device files.
            archive.extractall(work, members=members, filter="data")
        except (OSError, tarfile.TarError) as error:
            raise BackupError(f"{path} cannot be unpacked: {error}; nothing was changed.") from error
        database_file = Path(work) / database_name
        if not database_file.is_file():
            raise BackupError(f"{path} has no {database_name}; nothing was changed.")
        _RESTORERS[manifest["database"]["vendor"]](database_file)
        _replace_folder(media_root, Path(work) / MEDIA)
    ContentType.objects.clear_cache()
    return manifest


def pending_migrations(manifest: dict) -> list[str]:
    """Migrations this version of the site has that the backup's database had not applied."""
    applied = set(manifest["migrations"])
    return sorted(f"{app}.{name}" for app, name in _known_migrations() - applied)


def _vendor() -> str:
    if connection.vendor not in DATABASE_FILES:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {connection.vendor}.")
    return connection.vendor


def _known_migrations() -> set[tuple[str, str]]:
    return set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)


def _checked_manifest(archive: tarfile.TarFile) -> dict:
    try:
        manifest = json.load(archive.extractfile(MANIFEST))
        manifest["migrations"] = [tuple(name) for name in manifest["migrations"]]
        vendor = manifest["database"]["vendor"]
        fmt = manifest["format"]
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise BackupError(
            f"{archive.name} is not a site backup (no readable {MANIFEST}). Nothing was changed."
        ) from error
    if fmt != FORMAT:
        raise BackupError(
            f"{archive.name} is a backup in format {fmt}; this version of the site reads {FORMAT}. Nothing was changed."
        )
    here = _vendor()
    if vendor != here:
        raise BackupError(
            f"{archive.name} was made from {VENDOR_NAMES.get(vendor, vendor)}, and the configured database is "
            f"{VENDOR_NAMES[here]}; restore it into {VENDOR_NAMES.get(vendor, vendor)}. Nothing was changed."
        )
    if manifest["database"].get("file") != DATABASE_FILES[vendor]:
        raise BackupError(
            f"{archive.name} names its database file {manifest['database'].get('file')!r}, which a site backup "
            "does not. Nothing was changed."
        )
    unknown = sorted(f"{app}.{name}" for app, name in set(manifest["migrations"]) - _known_migrations())
    if unknown:
        raise BackupError(
            f"{archive.name} was made by a newer version of the site (migrations {', '.join(unknown)} are not "
            "in this one); update the code first. Nothing was changed."
        )
    return manifest


def _replace_folder(root: Path, new: Path) -> None:
    """Make ``root`` hold exactly what ``new`` holds, keeping ``root`` itself (it may be a mount point)."""
    for child in root.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    if new.is_dir():
        for child in new.iterdir():
            shutil.move(child, root / child.name)


def _dump_sqlite(target: Path) -> None:
    connection.ensure_connection()
    with closing(sqlite3.connect(target)) as copy:
        connection.connection.backup(copy)


def _restore_sqlite(source: Path) -> None:
    connection.ensure_connection()
    with closing(sqlite3.connect(f"{source.as_uri()}?mode=ro", uri=True)) as backup:
        backup.backup(connection.connection)


def _postgresql_command(program: str, *arguments: str) -> tuple[list[str], dict]:
    """``program`` with the connection arguments and environment (password, SSL) of the configured database."""
    args, env = DatabaseClient.settings_to_cmd_args_env(connection.settings_dict, [])
    # The connection options come first and the database name last, as for psql.
    return [program, "--no-password", *arguments, *args[1:]], {**os.environ, **(env or {})}


def _run(args: list[str], env: dict | None = None, stdout=subprocess.DEVNULL) -> None:
    try:
        result = subprocess.run(args, env=env, stdout=stdout, stderr=subprocess.PIPE, text=True, check=False)
    except FileNotFoundError as error:
        raise BackupError(f"{args[0]} is not installed (Debian: apt-get install postgresql-client).") from error
    if result.returncode:
        raise BackupError(f"{args[0]} failed: {result.stderr.strip()}")


def _dump_postgresql(target: Path) -> None:
    _run(*_postgresql_command("pg_dump", "--format=custom", f"--file={target}"))


def _restore_postgresql(source: Path) -> None:
    """Drop every table and load the dump, in one transaction: a failed restore leaves the database as it was.

    pg_restore turns the dump into SQL, and psql runs it after the DROPs with
    ``--single-transaction``. Ownership and grants are left out, so the
    database's configured user owns what is restored.
    """
    script = source.with_suffix(".sql")
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    drops = (
        f"DROP TABLE IF EXISTS {', '.join(connection.ops.quote_name(t) for t in tables)} CASCADE;\n" if tables else ""
    )
    with script.open("w", encoding="utf-8") as out:
        out.write(drops)
        out.flush()
        _run(["pg_restore", "--no-owner", "--no-privileges", "--no-comments", "--file=-", str(source)], stdout=out)
    connection.close()
    _run(
        *_postgresql_command(
            "psql", "--quiet", "--single-transaction", "--set=ON_ERROR_STOP=1", "--output=/dev/null", f"--file={script}"
        )
    )


_DUMPERS = {"sqlite": _dump_sqlite, "postgresql": _dump_postgresql}
_RESTORERS = {"sqlite": _restore_sqlite, "postgresql": _restore_postgresql}


def describe(manifest: dict) -> str:
    """One line about a backup: "SQLite database and 12 media files, made 2026-12-01 21:30"."""
    made = timezone.localtime(datetime.datetime.fromisoformat(manifest["made_at"]))
    vendor = VENDOR_NAMES[manifest["database"]["vendor"]]
    return f"{vendor} database and {manifest['media_files']} media file(s), made {made:%Y-%m-%d %H:%M}"
