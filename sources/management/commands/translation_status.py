from django.utils.translation import gettext_lazy as _

from sources.management.base import TranslatedCommand
from sources.translation_status import LANGUAGES, content_status


class Command(TranslatedCommand):
    help = _(
        "Print, per translated model, field and language, how many records are translated "
        "out of those whose own language has the text."
    )

    def handle(self, *args, **options):
        """Print the table the admin's translation status page shows; for translators and CI logs."""
        rows = [("model", "field", *LANGUAGES)]
        for model in content_status():
            for field in model.fields:
                rows.append(
                    (model.label, field.name, *(f"{status.filled}/{status.total}" for status in field.languages))
                )
        widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
        for row in rows:
            self.stdout.write("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
