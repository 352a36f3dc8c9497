"""Render the published site into a folder that a static server, a CDN or a phone can serve."""

from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext_lazy as _

from events.prerender import prerender_site
from sources.management.base import TranslatedCommand


class Command(TranslatedCommand):
    help = _(
        "Render every public page, calendar, schedule, feed and sitemap of the published programmes, in every "
        "language, with the static files and photos they use, into a folder. --changed renders again only the "
        "pages whose content changed since the last run into that folder (run it after saves, or every minute)."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help=_("The folder to write (made if missing)."))
        parser.add_argument(
            "--changed", action="store_true", help=_("Render again only what changed since the last run.")
        )
        parser.add_argument(
            "--offline",
            action="store_true",
            help=_(
                "Make the links relative, for a copy opened from the folder without a server (a phone, a USB stick)."
            ),
        )

    def handle(self, *args, folder, changed, offline, **options):
        """Write the folder, say in one line what was rendered, kept, copied and removed; fail on a broken page."""
        result = prerender_site(folder=folder, changed_only=changed, offline=offline)
        if options["verbosity"] > 1:
            for path in result.rendered:
                self.stdout.write(f"rendered {path}")
            for path in result.removed:
                self.stdout.write(f"removed {path}")
        self.stdout.write(
            f"{len(result.rendered)} rendered, {len(result.unchanged)} unchanged, {len(result.copied)} files copied, "
            f"{len(result.removed)} removed, in {folder}"
        )
        if result.failed:
            raise CommandError("These could not be rendered: " + ", ".join(result.failed))
