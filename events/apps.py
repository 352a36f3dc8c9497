from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Programmes")

    def ready(self):
        # The receivers that keep the stored search documents up to date.
        from events import search_index  # noqa: F401
