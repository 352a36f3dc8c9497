"""Rewrite every session's search documents, after data was changed around ``save()`` (a raw SQL edit, say)."""

from django.utils.translation import gettext_lazy as _

from events.models import SearchDocument
from events.search_index import rebuild_all
from sources.management.base import TranslatedCommand


class Command(TranslatedCommand):
    help = _("Rewrite the stored search documents of every session (saves through the admin keep them up to date).")

    def handle(self, *args, **options):
        """Rewrite the documents (events.search_index) and say how many there are."""
        rebuild_all()
        self.stdout.write(f"Wrote {SearchDocument.objects.count()} search documents.")
