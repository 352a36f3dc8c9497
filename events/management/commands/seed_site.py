"""Load the programme fixtures into a new site, and only into a new one; ``make run`` calls it."""

from django.core.management import call_command
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from events.seeding import SITE_FIXTURES, describe_content, site_content
from sources.management.base import TranslatedCommand


class Command(TranslatedCommand):
    help = _(
        "Load the programme fixtures into a site that has no content yet. A site with content is left as it is; "
        "reload_fixtures loads the fixtures over it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "fixtures", nargs="*", default=SITE_FIXTURES, help=_("Fixture files (default: the four in fixtures/).")
        )

    def handle(self, *args, fixtures, **options):
        """Seed an empty database with ``loaddata``, or say in one line that the site already has data.

        ``loaddata`` calls no save(), which is right only here: with no
        content there is no organiser's edit to undo, no change log to
        contradict and no calendar SEQUENCE to set back.
        """
        with transaction.atomic():
            content = site_content()
            if not content:
                call_command("loaddata", *fixtures, verbosity=options["verbosity"], stdout=self.stdout)
                return
        self.stdout.write(
            f"The site already has data ({describe_content(content)}); the fixtures were not loaded. "
            "`manage.py reload_fixtures` shows what loading them over it would overwrite."
        )
