from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils.translation import gettext_lazy as _

from sources.content_po import import_po
from sources.management.base import TranslatedCommand
from sources.translation_status import LANGUAGES


class Command(TranslatedCommand):
    help = _(
        "Read a .po file made by export_content_po and filled by a translator back into the content. "
        "Fields changed in the admin since the export are reported and left alone unless --force is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help=_("The filled .po file."))
        parser.add_argument("--language", choices=LANGUAGES, help=_("Refuse the file unless it is for this language."))
        parser.add_argument(
            "--force", action="store_true", help=_("Overwrite fields changed in the admin since the export.")
        )
        parser.add_argument(
            "--user", help=_("The translator's user name: each changed record's admin history names them.")
        )

    def handle(self, *args, path, language=None, force=False, user=None, **options):
        """Import a translator's .po file, printing each change and each conflict."""
        translator = None
        if user:
            try:
                translator = get_user_model().objects.get(username=user)
            except get_user_model().DoesNotExist:
                raise CommandError(f"No user named {user!r}; nothing was changed.") from None
        report = import_po(path, language=language, force=force, user=translator)
        if report.errors:
            for error in report.errors:
                self.stderr.write(f"error: {error}")
            raise CommandError(f"{path}: {len(report.errors)} error(s); nothing was changed.")
        for change in report.changed:
            self.stdout.write(f"changed {change.context}: {change.old!r} -> {change.new!r}")
        for conflict in report.conflicts:
            self.stdout.write(f"conflict {conflict}")
        self.stdout.write(
            f"{report.language}: {len(report.changed)} changed, {len(report.conflicts)} conflict(s), "
            f"{report.unchanged} unchanged, {report.untranslated} untranslated, {report.fuzzy} fuzzy skipped."
        )
