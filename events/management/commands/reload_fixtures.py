"""Load the programme fixtures over a site that has content, after saying what they would overwrite."""

import sys

from django.core.management.base import CommandError
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError
from django.utils.translation import gettext_lazy as _

from events.seeding import SITE_FIXTURES, ReloadRefused, StalePlan, plan_reload, reload_fixtures
from sources.management.base import TranslatedCommand


class Command(TranslatedCommand):
    help = _(
        "Show which records differ from the programme fixtures, then, once confirmed with --yes or by "
        "typing yes, write the fixtures' values over them as organisers' edits are saved: calendar "
        "revisions rise and the change log tells residents. Records the fixtures do not have are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "fixtures", nargs="*", default=SITE_FIXTURES, help=_("Fixture files (default: the four in fixtures/).")
        )
        parser.add_argument("--yes", action="store_true", help=_("Reload without asking."))
        parser.add_argument(
            "--no-input", action="store_false", dest="interactive", help=_("Never ask; without --yes, change nothing.")
        )

    def handle(self, *args, fixtures, yes=False, interactive=True, **options):
        """List what the fixtures would overwrite and add; reload only once confirmed (see events.seeding)."""
        plan = plan_reload(fixtures)
        for line in plan.lines():
            self.stdout.write(line)
        if not plan.changes_anything:
            self.stdout.write("The site already holds everything the fixtures hold; nothing to reload.")
            return
        if not yes and not self._confirmed(interactive):
            raise CommandError("Nothing was changed. Run again with --yes to overwrite the records listed above.")
        try:
            done = reload_fixtures(fixtures=fixtures, expected=plan)
        except StalePlan:
            raise CommandError(
                "The site changed while the reload was being confirmed; nothing was changed. Run it again."
            ) from None
        except ReloadRefused as error:
            raise CommandError(f"Nothing was changed: {error}") from error
        except (DatabaseError, DeserializationError) as error:
            raise CommandError(f"The database refused the reload, so nothing was changed: {error}") from error
        self.stdout.write(f"Reloaded: {len(done.overwrites)} record(s) overwritten, {sum(done.added.values())} added.")

    def _confirmed(self, interactive: bool) -> bool:
        if not (interactive and sys.stdin.isatty()):
            return False
        answer = input("Type 'yes' to overwrite the records listed above with the fixtures' values: ")
        return answer.strip().lower() == "yes"
