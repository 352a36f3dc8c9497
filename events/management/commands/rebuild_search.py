"""Rewrite every session's search documents, after data was changed around ``save()`` (a raw SQL edit, say)."""

from django.core.management.base import BaseCommand

from events.models import SearchDocument
from events.search_index import rebuild_all


class Command(BaseCommand):
    # Plain text: argparse cannot format a lazy translation, and commands run untranslated.
    help = "Rewrite the stored search documents of every session (saves through the admin keep them up to date)."

    def handle(self, *args, **options):
        """Rewrite the documents (events.search_index) and say how many there are."""
        rebuild_all()
        self.stdout.write(f"Wrote {SearchDocument.objects.count()} search documents.")
