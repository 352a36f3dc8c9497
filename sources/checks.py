"""System checks for what every page needs: the interface catalogues compiled.

The ``.mo`` files are built from ``locale/*/LC_MESSAGES/*.po`` by
``make compilemessages`` (``make run`` does it) and are not kept in git. A site
started without them (``manage.py runserver`` straight after a checkout, a
deployment that skipped the step) would serve every interface string, the
error pages' among them, in English, whatever the language in the address.
"""

from pathlib import Path

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.translation)
def catalogues_compiled(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """An error for each catalogue with no compiled ``.mo``, a warning for one older than its ``.po``."""
    found = []
    for locale_path in settings.LOCALE_PATHS:
        for po in sorted(Path(locale_path).glob("*/LC_MESSAGES/*.po")):
            mo = po.with_suffix(".mo")
            if not mo.exists():
                found.append(
                    checks.Error(
                        f"{po} is not compiled: pages would show its messages in English.",
                        hint="Run `make compilemessages`.",
                        id="sources.E001",
                    )
                )
            elif mo.stat().st_mtime < po.stat().st_mtime:
                found.append(
                    checks.Warning(
                        f"{mo} is older than {po.name}: pages show the messages as they were when it was compiled.",
                        hint="Run `make compilemessages`.",
                        id="sources.W001",
                    )
                )
    return found
