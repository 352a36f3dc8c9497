import sys

from django.core.management.base import CommandError
from django.utils.translation import gettext_lazy as _

from sources.content_po import export_po
from sources.management.base import TranslatedCommand
from sources.translation_status import LANGUAGES


class Command(TranslatedCommand):
    help = _("Write every translatable content field of a language to a .po file for translators.")

    def add_arguments(self, parser):
        parser.add_argument("--language", required=True, choices=LANGUAGES, help=_("The language to translate into."))
        parser.add_argument("--output", help=_("The .po file to write; standard output when left out."))

    def handle(self, *args, language, output=None, **options):
        """Export the content of ``language`` for a translator; ``import_content_po`` reads the filled file back."""
        po = export_po(language)
        if output:
            try:
                po.save(output)
            except OSError as exc:
                raise CommandError(f"cannot write {output}: {exc}") from exc
            translated = sum(1 for entry in po if entry.msgstr)
            self.stderr.write(f"Wrote {len(po)} entries ({translated} translated) to {output}.")
        else:
            sys.stdout.write(str(po))
