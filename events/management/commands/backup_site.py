"""Back up the whole site, database and uploaded photos, into one archive; ``make backup`` calls it."""

from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext_lazy as _

from events.backups import BackupError, default_path, describe, make_backup
from sources.management.base import TranslatedCommand


class Command(TranslatedCommand):
    help = _(
        "Write the database and every file in MEDIA_ROOT into one .tar.gz archive "
        "(default backups/site-YYYYmmdd-HHMMSS.tar.gz); restore_site puts it back."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, help=_("The archive to write (default: a new file in backups/)."))

    def handle(self, *args, output=None, **options):
        """Make the archive (see events.backups) and print where it is and what it holds."""
        path = output or default_path()
        try:
            manifest = make_backup(path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        size = path.stat().st_size / 1_000_000
        self.stdout.write(f"Backed up the {describe(manifest)} to {path} ({size:.1f} MB).")
