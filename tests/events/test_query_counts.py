"""Every public page and export runs a fixed number of queries, at most six, whatever the programme's size.

Each case builds a programme around one session, venue, person and exhibit
(the pages asked for), then grows it: ``n`` days of ``n`` sessions, each in a
venue of its own and with two people, a topic and an exhibit; the person and
venue asked for take part in every one. The same literal count must hold for
``n`` = 1 and 3, and the page must show the grown data (so a page that
stopped loading something would not pass by running fewer queries).
"""

import datetime
import zoneinfo
from unittest import mock

import pytest
from django.contrib.sitemaps.views import sitemap
from django.test import RequestFactory

from events.models import Role, SessionPerson
from events.sitemaps import sitemaps
from gallery.models import ExhibitPhotographer
from people.models import PersonKind
from tests.events.factories_pages import make_honour, make_topic
from tests.factories import make_day, make_exhibit, make_person, make_programme, make_session, make_space, make_venue

pytestmark = pytest.mark.django_db

ALMATY = zoneinfo.ZoneInfo("Asia/Almaty")
FIRST_DAY = datetime.date(2025, 10, 9)
# While the first day runs: the home page then shows what is on now and next.
MOMENT = datetime.datetime(2025, 10, 9, 9, 30, tzinfo=ALMATY)
BUDGET = 6


def grow(n: int) -> dict:
    """A published programme of ``n`` days with ``n`` sessions each, around the subjects of the pages."""
    programme = make_programme(slug="big", city_en="Oskemen")
    venue = make_venue(slug="palace", name_en="Palace")
    person = make_person(slug="singer", name_en="Singer Almaty", kind=PersonKind.GROUP)
    person.honours.add(make_honour("honoured", "Honoured"))
    make_person(slug="member", name_en="Member", affiliation=person)
    exhibit = make_exhibit(slug="photos", title_en="Photos of Almaty", institution=person)
    ExhibitPhotographer.objects.create(exhibit=exhibit, person=person)
    for d in range(n):
        day = make_day(programme=programme, date=FIRST_DAY + datetime.timedelta(days=d))
        for i in range(n):
            hall = make_space(venue=venue, slug=f"hall-{d}-{i}", name_en=f"Hall {d}-{i}")
            other = make_space(venue=make_venue(name_en=f"Almaty hall {d}-{i}"))
            for space in (hall, other):
                first = d == 0 and i == 0 and space is hall
                session = make_session(
                    day=day,
                    **({"slug": "gala"} if first else {}),
                    title_en=f"Almaty concert {d}-{i}",
                    start=f"{9 + i:02d}:00",
                    end=f"{10 + i:02d}:00",
                    space=space,
                )
                SessionPerson.objects.create(session=session, person=person, role=Role.PERFORMER, order=0)
                SessionPerson.objects.create(session=session, person=make_person(), role=Role.HOST, order=1)
                make_topic(f"topic-{session.slug}", f"Topic {session.slug}", "activity", session=session)
                if not first:
                    make_exhibit(session=session, title_en=f"Almaty exhibit {session.slug}")
    # The session asked for shows the exhibit; a draft beside it must not leak.
    gala = programme.days.get(date=FIRST_DAY).sessions.get(slug="gala")
    gala.exhibit = exhibit
    gala.save()
    make_session(day=programme.days.get(date=FIRST_DAY), slug="draft", published=False, space=make_space(venue=venue))
    return {"n": n, "sessions": 2 * n * n}


BIG = "/en/programmes/big"
# (url, queries, the queries, what the grown page must show n times (or n*n, "sessions" times))
PAGES = [
    ("/en/", 4, "revision; programmes with their dates; sessions on now and next; their people", None),
    (
        f"{BIG}/",
        6,
        "revision; programme; days; changes since yesterday; sessions (day, space, venue); people",
        ('<li class="session-card', "sessions"),
    ),
    (
        f"{BIG}/2025-10-09/",
        5,
        "revision; programme; days; the day's sessions; people",
        ('<li class="session-card', "day"),
    ),
    (f"{BIG}/grid/", 5, "revision; programme; days; sessions; people", ("Almaty concert", "sessions")),
    (
        "/en/sessions/gala/",
        5,
        "revision; session (day, programme, space, venue, source, exhibit); people; honours; topics",
        None,
    ),
    (f"{BIG}/now/", 5, "revision; programme; days; sessions on now and next; people", None),
    (f"{BIG}/changes/", 3, "revision; programme; its newest changes", None),
    (f"{BIG}/changes.atom", 3, "revision; programme; its newest changes", None),
    ("/en/venues/", 2, "revision; public venues with their session counts", ("Almaty hall", "half")),
    (
        "/en/venues/palace/",
        4,
        "revision; venue; its spaces; its sessions (day, programme, space)",
        ("Almaty concert", "half"),
    ),
    ("/en/people/", 2, "revision; public people with their affiliation", None),
    (
        "/en/people/singer/",
        6,
        "revision; person; honours; appearances; members; exhibits",
        ("Almaty concert", "sessions"),
    ),
    (
        "/en/exhibits/",
        2,
        "revision; published exhibits with their session's day and venue",
        ("Almaty exhibit", "exhibits"),
    ),
    ("/en/exhibits/photos/", 4, "revision; exhibit; its photographers; its photos", None),
    (
        "/en/search/?q=almaty",
        5,
        "revision; filter choices; matching sessions; people; people, venues, exhibits",
        ("session-card", "sessions"),
    ),
    (
        f"{BIG}/calendar.ics",
        4,
        "Last-Modified; programme; sessions (day, programme, space, venue); people",
        ("BEGIN:VEVENT", "sessions"),
    ),
    (
        f"{BIG}/2025-10-09/calendar.ics",
        4,
        "Last-Modified; day; sessions (day, programme, space, venue); people",
        ("BEGIN:VEVENT", "day"),
    ),
    ("/en/sessions/gala/calendar.ics", 3, "Last-Modified; the session (day, programme, space, venue); people", None),
    (
        "/en/venues/palace/calendar.ics",
        4,
        "Last-Modified; venue; sessions (day, programme, space, venue); people",
        ("BEGIN:VEVENT", "half"),
    ),
    (
        "/en/people/singer/calendar.ics",
        4,
        "Last-Modified; person; sessions (day, programme, space, venue); people",
        ("BEGIN:VEVENT", "sessions"),
    ),
    (
        f"{BIG}/schedule.xml",
        4,
        "Last-Modified (also the version); programme; sessions (day, programme, space, venue); people",
        ("<event ", "sessions"),
    ),
    (
        f"{BIG}/schedule.json",
        4,
        "Last-Modified (also the version); programme; sessions (day, programme, space, venue); people",
        ('"guid"', "sessions"),
    ),
    ("/en/my/?s=gala,draft", 3, "Last-Modified; the starred sessions (day, programme, space, venue); people", None),
    (
        "/en/my/calendar.ics?s=gala",
        3,
        "Last-Modified; the starred sessions (day, programme, space, venue); people",
        None,
    ),
]


def expected_times(what: str, size: dict) -> int:
    n, sessions = size["n"], size["sessions"]
    return {"sessions": sessions, "day": 2 * n, "half": n * n, "exhibits": sessions - 1}[what]


@pytest.mark.parametrize("n", [1, 3])
@pytest.mark.parametrize(("url", "queries", "listed", "shows"), PAGES, ids=[page[0] for page in PAGES])
def test_page_runs_the_same_queries_at_any_size(client, django_assert_num_queries, n, url, queries, listed, shows):
    size = grow(n)

    with mock.patch("django.utils.timezone.now", return_value=MOMENT), django_assert_num_queries(queries):
        response = client.get(url)

    assert queries <= BUDGET, listed
    assert response.status_code == 200
    body = response.content.decode()
    # The starred list names the draft in its own address (and the language links'), never on the page.
    assert "draft" not in body.replace("s=gala,draft", "").replace("gala%2Cdraft", "")
    if shows:
        text, what = shows
        assert body.count(text) == expected_times(what, size), f"{url}: {listed}"


@pytest.mark.parametrize("n", [1, 3])
def test_sitemap_runs_the_same_queries_at_any_size(django_assert_num_queries, n):
    size = grow(n)
    request = RequestFactory().get("/sitemap.xml")

    # 6 queries, one per section: programmes (page and grid), days, sessions,
    # public venues, public people, published exhibits.
    with django_assert_num_queries(6):
        xml = sitemap(request, sitemaps=sitemaps).render().content.decode()

    # Each session: a <loc> per language, each naming the three alternates.
    assert xml.count("/sessions/") == size["sessions"] * 3 * 4
    assert "/sessions/draft/" not in xml
