"""Restore a backup made by backup_site into the configured database and MEDIA_ROOT; ``make restore`` calls it."""

from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext_lazy as _

from events.backups import BackupError, SiteNotEmpty, describe, pending_migrations, restore_backup
from sources.management.base import TranslatedCommand


class Command(TranslatedCommand):
    help = _(
        "Replace the database and MEDIA_ROOT with a backup made by backup_site. A site with content is "
        "replaced only with --yes. Stop the site first."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help=_("The backup archive (.tar.gz)."))
        parser.add_argument("--yes", action="store_true", help=_("Replace a site that has content."))

    def handle(self, *args, archive, yes=False, **options):
        """Restore the archive (see events.backups), refusing a site with content without --yes."""
        try:
            manifest = restore_backup(archive, force=yes)
        except SiteNotEmpty as error:
            raise CommandError(f"{error} Run again with --yes (make restore FORCE=1) to replace it.") from error
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored the {describe(manifest)} from {archive}.")
        pending = pending_migrations(manifest)
        if pending:
            self.stdout.write(
                f"The backup predates {len(pending)} migration(s) of this version; run manage.py migrate next."
            )
