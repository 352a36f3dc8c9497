from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SourcesConfig(AppConfig):
    """The leaf every other app stands on: where facts come from and the rules texts follow.

    It imports no other app of the project (tests/test_layers.py checks it).
    """

    name = "sources"
    verbose_name = _("Source texts")

    def ready(self):
        # The lookup ``folded_contains`` with SQLite's casefold function, the
        # signals that move the content revision on and keep what translations
        # were made from, and the catalogue check.
        from sources import alphabet, caching, checks, translation_checks  # noqa: F401
