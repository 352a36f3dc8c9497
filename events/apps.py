from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Programmes")

    def ready(self):
        # Which pages the server keeps, and which of them each record's changes reach.
        from events import page_cache  # noqa: F401
