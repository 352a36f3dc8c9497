"""One page of every public page type, built on the real programme data in fixtures/.

Shared by the HTML validator test and the browser tests, so that both check
the same pages. The data is the three source texts as loaded by ``loaddata``,
plus the few states the texts do not contain (a cancelled and a moved
session), made the way an organiser would: by changing a session's status.
"""

import dataclasses
import datetime
import zoneinfo
from contextlib import contextmanager
from unittest import mock
from urllib.parse import urlencode

from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

LANGUAGES = ["kk", "ru", "en"]
FIXTURES = [
    "fixtures/sources.json",
    "fixtures/almaty-days.json",
    "fixtures/president-visit.json",
    "fixtures/august-conference.json",
]

ALMATY = zoneinfo.ZoneInfo("Asia/Almaty")
MAIN_PROGRAMME = "days-of-almaty-ekr"
MAIN_DAY = "2025-10-09"
# Fixed clocks around the Days of Almaty (9 October 2025, UTC+5).
DURING = datetime.datetime(2025, 10, 9, 12, 0, tzinfo=ALMATY)
BEFORE = datetime.datetime(2025, 10, 1, 10, 0, tzinfo=ALMATY)
AFTER = datetime.datetime(2025, 10, 20, 10, 0, tzinfo=ALMATY)

CANCELLED_SESSION = "business-forum-almaty-and-ekr"
MOVED_SESSION = "dialogue-platform-4-school-gymnasium-no-11"
# Published through releases here (the fixtures publish every save), so its release page is checked too.
RELEASED_PROGRAMME = "president-visit-creative-centre-2023"
MY_SELECTION = "open-lessons-of-almaty-teachers,round-table-quality-of-education,festival-of-almatinskaya-street"
SEARCH_WORDS = {"kk": "Алматы", "ru": "алматы", "en": "ALMATY"}


@dataclasses.dataclass(frozen=True)
class Page:
    """A page type: the URL name and arguments of one example, and the clock it is seen at."""

    name: str
    url_name: str = ""
    kwargs: dict = dataclasses.field(default_factory=dict)
    query: dict = dataclasses.field(default_factory=dict)
    clock: datetime.datetime = AFTER
    status: int = 200
    # A path under the language prefix that no route matches (the 404 page).
    missing_path: str = ""

    def path(self, language: str) -> str:
        """The page's path in ``language``, with its query string."""
        if self.missing_path:
            return f"/{language}/{self.missing_path}"
        with translation.override(language):
            path = reverse(self.url_name, kwargs=self.kwargs)
        query = {key: (value[language] if isinstance(value, dict) else value) for key, value in self.query.items()}
        return f"{path}?{urlencode(query)}" if query else path


PAGES = [
    Page("home", "events:home"),
    Page("home-running", "events:home", clock=DURING),
    Page("programme", "events:programme", {"slug": MAIN_PROGRAMME}),
    Page("programme-month-only", "events:programme", {"slug": "august-conference-almaty-education"}),
    Page("grid", "events:grid", {"slug": MAIN_PROGRAMME}),
    # With the "now" line across the 10:00 row.
    Page("grid-running", "events:grid", {"slug": MAIN_PROGRAMME}, clock=DURING),
    Page("day", "events:day", {"slug": MAIN_PROGRAMME, "date": MAIN_DAY}),
    Page("day-month-only", "events:day", {"slug": "august-conference-almaty-education", "date": "2017-08-01"}),
    Page("session", "events:session", {"slug": "gala-concert"}),
    Page("session-cancelled", "events:session", {"slug": CANCELLED_SESSION}),
    Page("session-moved", "events:session", {"slug": MOVED_SESSION}),
    Page("session-no-time", "events:session", {"slug": "open-lessons-of-almaty-teachers"}),
    Page("session-with-exhibit", "events:session", {"slug": "photo-exhibition-museum-of-the-history-of-almaty"}),
    Page("now-next-running", "events:now_next", {"slug": MAIN_PROGRAMME}, clock=DURING),
    Page("now-next-before", "events:now_next", {"slug": MAIN_PROGRAMME}, clock=BEFORE),
    Page("now-next-ended", "events:now_next", {"slug": MAIN_PROGRAMME}, clock=AFTER),
    Page("search-empty", "events:search"),
    Page("search", "events:search", query={"q": SEARCH_WORDS}),
    Page(
        "search-filtered",
        "events:search",
        query={"q": SEARCH_WORDS, "day": MAIN_DAY, "category": "education"},
    ),
    Page("search-no-results", "events:search", query={"q": "qqqxxzz"}),
    Page("venues", "venues:index"),
    Page("venue", "venues:venue", {"slug": "palace-of-culture-of-metallurgists"}),
    # It reloads itself by its Refresh header (tests/venues/test_venue_signage.py).
    Page("venue-signage", "venues:signage", {"slug": "palace-of-culture-of-metallurgists"}, clock=DURING),
    # No venue in the source texts has an address; this one also has halls.
    Page("venue-no-address", "venues:venue", {"slug": "altai-technopark"}),
    Page("people", "people:index"),
    Page("person-with-honours", "people:person", {"slug": "andrey-tregubenko"}),
    Page("group", "people:person", {"slug": "arlan-quartet"}),
    Page("institution", "people:person", {"slug": "museum-of-the-history-of-almaty"}),
    Page("photographer", "people:person", {"slug": "v-likhanov"}),
    Page("exhibits", "gallery:index"),
    Page("exhibit", "gallery:exhibit", {"slug": "photographs-from-the-museum-of-the-history-of-almaty"}),
    Page("exhibit-photos-pending", "gallery:exhibit", {"slug": "president-visit-creative-centre-2023-photos"}),
    Page("changes", "exports:changes", {"slug": MAIN_PROGRAMME}),
    Page("programme-released", "events:programme", {"slug": RELEASED_PROGRAMME}),
    Page("release", "events:release", {"slug": RELEASED_PROGRAMME, "number": 1}),
    Page("my-programme-empty", "exports:my_programme"),
    # The round table (15:30-17:00) and the street festival (16:00) overlap: the page warns of the clash.
    Page("my-programme", "exports:my_programme", query={"s": MY_SELECTION}),
    Page("not-found", missing_path="no-such-page/", status=404),
    # The conference is known only by its month: its schedule.xml says why there is none.
    Page("no-schedule", "exports:schedule_xml", {"slug": "august-conference-almaty-education"}, status=404),
]
PAGE_NAMES = [page.name for page in PAGES]


def load_site_data() -> None:
    """Load the real programme data and give two sessions the states the source texts lack."""
    from events.models import Session, Status

    call_command("loaddata", *FIXTURES, verbosity=0)
    cancelled = Session.objects.get(slug=CANCELLED_SESSION)
    cancelled.status = Status.CANCELLED
    cancelled.status_note_en = "The forum is cancelled."
    cancelled.status_note_ru = "Форум отменён."
    cancelled.status_note_kk = "Форум болмайды."
    cancelled.save()
    moved = Session.objects.get(slug=MOVED_SESSION)
    moved.status = Status.MOVED
    moved.status_note_en = "The platform meets in the assembly hall."
    moved.status_note_ru = "Площадка работает в актовом зале."
    moved.status_note_kk = "Алаң мәжіліс залында өтеді."
    moved.save()
    from events.models import Programme
    from events.releases import publish_release

    released = Programme.objects.get(slug=RELEASED_PROGRAMME)
    released.publishes_on_release = True
    released.save()
    publish_release(
        programme=released,
        name="1.0",
        note={
            "kk": "Бағдарлама дереккөзде жарияланғандай.",
            "ru": "Программа в том виде, в каком её опубликовал источник.",
            "en": "The programme as its source published it.",
        },
    )


@contextmanager
def clock(moment: datetime.datetime):
    """Fix the time the pages see (``django.utils.timezone.now``, used by every view)."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield
