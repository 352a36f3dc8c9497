"""iCalendar exports: a session, a day, a venue, a person, a programme."""

import datetime
import os
import shutil
import subprocess
import sys

import icalendar
import pytest
import vobject
from django.template.loader import render_to_string
from django.test import RequestFactory

from events.models import DatePrecision, Status
from tests.factories import add_person, make_day, make_person, make_programme, make_session, make_space, make_venue

pytestmark = pytest.mark.django_db

SITE = "https://programmes.example"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def gala():
    programme = make_programme(slug="days-of-almaty", title_en="Days of Almaty", title_ru="Дни Алматы")
    day = make_day(programme=programme, date=datetime.date(2025, 10, 9))
    palace = make_venue(slug="palace", name_en="Palace of Culture", name_ru="Дворец культуры")
    session = make_session(
        day=day,
        slug="gala-concert",
        title_en="Gala concert",
        title_ru="Гала-концерт",
        title_kk="Гала-концерт (kk)",
        start="18:00",
        end="20:00",
        space=make_space(venue=palace, slug="hall", name_en="Great hall"),
    )
    add_person(session, make_person(slug="orchestra", name_en="Symphony orchestra"))
    return session


def events_of(response) -> list:
    calendar = icalendar.Calendar.from_ical(response.content)
    return list(calendar.walk("VEVENT"))


def by_uid(response) -> dict:
    return {str(event["UID"]): event for event in events_of(response)}


def test_programme_calendar_parses_with_icalendar_and_vobject(client, gala):
    make_session(day=gala.day, slug="draft-rehearsal", title_en="Closed rehearsal", start="10:00", published=False)

    response = client.get("/en/programmes/days-of-almaty/calendar.ics")

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="days-of-almaty.ics"'
    events = by_uid(response)
    assert list(events) == ["session-gala-concert@programmes.example"]
    event = events["session-gala-concert@programmes.example"]
    assert str(event["SUMMARY"]) == "Gala concert"
    assert event.decoded("DTSTART") == datetime.datetime(
        2025, 10, 9, 18, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=5))
    )
    assert event["DTSTART"].params["TZID"] == "Asia/Almaty"
    assert str(event["LOCATION"]) == "Palace of Culture, Great hall"
    assert str(event["URL"]) == f"{SITE}/en/sessions/gala-concert/"
    assert f"{SITE}/en/sessions/gala-concert/" in str(event["DESCRIPTION"])
    assert "Symphony orchestra" in str(event["DESCRIPTION"])
    assert str(event["STATUS"]) == "CONFIRMED"
    assert event["LAST-MODIFIED"].dt == gala.updated_at.replace(microsecond=0)
    assert "DTSTAMP" in event
    parsed = vobject.readOne(response.content.decode())
    assert [vevent.summary.value for vevent in parsed.vevent_list] == ["Gala concert"]
    assert parsed.vtimezone.tzid.value == "Asia/Almaty"


def test_calendar_is_in_the_language_of_the_address(client, gala):
    response = client.get("/ru/programmes/days-of-almaty/calendar.ics")

    event = by_uid(response)["session-gala-concert@programmes.example"]
    assert str(event["SUMMARY"]) == "Гала-концерт"
    assert str(event["LOCATION"]).startswith("Дворец культуры")
    assert str(event["URL"]) == f"{SITE}/ru/sessions/gala-concert/"
    assert icalendar.Calendar.from_ical(response.content)["X-WR-CALNAME"] == "Дни Алматы"


def test_times_follow_kazakhstans_2024_change_of_zone(client):
    programme = make_programme(slug="two-years")
    make_session(day=make_day(programme=programme, date=datetime.date(2023, 10, 9)), slug="in-2023", start="10:00")
    make_session(day=make_day(programme=programme, date=datetime.date(2025, 10, 9)), slug="in-2025", start="10:00")

    response = client.get("/en/programmes/two-years/calendar.ics")

    events = by_uid(response)
    utc = datetime.UTC
    assert events["session-in-2023@programmes.example"].decoded("DTSTART").astimezone(utc) == datetime.datetime(
        2023, 10, 9, 4, 0, tzinfo=utc
    )
    assert events["session-in-2025@programmes.example"].decoded("DTSTART").astimezone(utc) == datetime.datetime(
        2025, 10, 9, 5, 0, tzinfo=utc
    )
    vtimezone = vobject.readOne(response.content.decode()).vtimezone.gettzinfo()
    assert vtimezone.utcoffset(datetime.datetime(2023, 10, 9, 10)) == datetime.timedelta(hours=6)
    assert vtimezone.utcoffset(datetime.datetime(2025, 10, 9, 10)) == datetime.timedelta(hours=5)


def test_items_without_end_or_time_and_month_only_dates(client):
    programme = make_programme(slug="loose-times")
    day = make_day(programme=programme, date=datetime.date(2025, 10, 9))
    make_session(day=day, slug="open-end", title_en="Open end", start="11:00")
    make_session(day=day, slug="all-day", title_en="Exhibition")
    month = make_day(programme=programme, date=datetime.date(2025, 11, 1), date_precision=DatePrecision.MONTH)
    make_session(day=month, slug="some-day-in-november", title_en="Some day in November")

    response = client.get("/en/programmes/loose-times/calendar.ics")

    events = by_uid(response)
    assert sorted(events) == ["session-all-day@programmes.example", "session-open-end@programmes.example"]
    open_end = events["session-open-end@programmes.example"]
    assert "DTEND" not in open_end
    assert "DURATION" not in open_end
    assert "End time not announced." in str(open_end["DESCRIPTION"])
    all_day = events["session-all-day@programmes.example"]
    assert all_day.decoded("DTSTART") == datetime.date(2025, 10, 9)
    assert all_day.decoded("DTEND") == datetime.date(2025, 10, 10)
    assert all_day["DTSTART"].params["VALUE"] == "DATE"


def test_cancelled_session_has_status_cancelled_and_a_higher_sequence(client, gala):
    before = by_uid(client.get("/en/programmes/days-of-almaty/calendar.ics"))
    gala.status = Status.CANCELLED
    gala.status_note_en = "The hall is under repair."
    gala.save()

    after = by_uid(client.get("/en/programmes/days-of-almaty/calendar.ics"))

    old, new = before["session-gala-concert@programmes.example"], after["session-gala-concert@programmes.example"]
    assert str(new["STATUS"]) == "CANCELLED"
    assert new["SEQUENCE"] > old["SEQUENCE"]
    assert str(new["SUMMARY"]) == "Cancelled: Gala concert"
    assert "The hall is under repair." in str(new["DESCRIPTION"])


def test_moving_a_session_raises_its_sequence_but_an_unchanged_save_does_not(gala):
    gala.save()
    gala.refresh_from_db()
    assert gala.sequence == 0

    gala.start_time = datetime.time(19, 0)
    gala.save()

    gala.refresh_from_db()
    assert gala.sequence == 1


def test_control_characters_are_stripped(client):
    programme = make_programme(slug="control")
    make_session(day=make_day(programme=programme), slug="tabbed", title_en="Vertical\x0btab", start="09:00")

    response = client.get("/en/programmes/control/calendar.ics")

    assert b"\x0b" not in response.content
    assert str(by_uid(response)["session-tabbed@programmes.example"]["SUMMARY"]) == "Verticaltab"
    vobject.readOne(response.content.decode())


@pytest.mark.parametrize(
    "url",
    [
        "/kk/sessions/gala-concert/calendar.ics",
        "/ru/programmes/days-of-almaty/2025-10-09/calendar.ics",
        "/en/venues/palace/calendar.ics",
        "/en/people/orchestra/calendar.ics",
    ],
)
def test_session_day_venue_and_person_calendars_hold_the_session(client, gala, url):
    response = client.get(url)

    assert list(by_uid(response)) == ["session-gala-concert@programmes.example"]
    assert vobject.readOne(response.content.decode()).vevent.uid.value == "session-gala-concert@programmes.example"


def test_a_draft_session_has_no_calendar(client, gala):
    draft = make_session(day=gala.day, slug="draft", published=False)

    response = client.get(f"/en/sessions/{draft.slug}/calendar.ics")

    assert response.status_code == 404


def test_calendar_links_offer_download_and_webcal_subscription(settings):
    settings.ALLOWED_HOSTS = ["programmes.example"]
    request = RequestFactory().get("/en/programmes/x/", HTTP_HOST="programmes.example")

    html = render_to_string(
        "includes/calendar_links.html", {"ics_url": "/en/programmes/x/calendar.ics", "month_only": True}, request
    )

    assert 'href="/en/programmes/x/calendar.ics" download' in html
    assert 'href="webcal://programmes.example/en/programmes/x/calendar.ics"' in html
    assert "known only to the month are not in calendars" in html


KHAL_CONFIG = """
[calendars]
[[programme]]
path = {path}
type = calendar
[locale]
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M
local_timezone = Asia/Almaty
default_timezone = Asia/Almaty
[sqlite]
path = {db}
"""


def khal_listing(ics: bytes, tmp_path, day: str) -> list[str]:
    """Import ``ics`` into khal, a real calendar client, and list ``day`` as "HH:MM title" lines."""
    path = tmp_path / "programme.ics"
    path.write_bytes(ics)
    (tmp_path / "calendar").mkdir()
    config = tmp_path / "khal.conf"
    config.write_text(KHAL_CONFIG.format(path=tmp_path / "calendar", db=tmp_path / "khal.db"))
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "TZ": "Asia/Almaty", "LANG": "C.UTF-8"}
    khal = ["khal", "-c", str(config)]
    subprocess.run([*khal, "import", "--batch", "-a", "programme", str(path)], check=True, env=env, capture_output=True)
    listing = subprocess.run(
        [*khal, "list", "--format", "{start-time} {title}", day, "1d"],
        check=True,
        env=env,
        capture_output=True,
        text=True,
    )
    return listing.stdout.splitlines()


@pytest.mark.skipif(shutil.which("khal") is None, reason="khal is not installed (apt-get install khal)")
def test_khal_imports_the_programme_and_lists_the_gala_concert_at_18(client, gala, tmp_path):
    ics = client.get("/en/programmes/days-of-almaty/calendar.ics").content

    assert "18:00 Gala concert" in khal_listing(ics, tmp_path, "2025-10-09")


@pytest.mark.parametrize("n", [1, 3])
def test_programme_calendar_query_count_does_not_grow(client, django_assert_num_queries, n):
    programme = make_programme(slug="counted")
    day = make_day(programme=programme)
    venue = make_venue()
    for i in range(n):
        session = make_session(day=day, start=f"1{i}:00", space=make_space(venue=venue))
        add_person(session, make_person())

    # 4 queries: newest change (Last-Modified), programme, sessions with day,
    # programme, space and venue joined, their people.
    with django_assert_num_queries(4):
        response = client.get("/en/programmes/counted/calendar.ics")

    assert len(events_of(response)) == n


@pytest.mark.parametrize("n", [1, 3])
def test_person_calendar_query_count_does_not_grow(client, django_assert_num_queries, n):
    person = make_person(slug="soloist")
    day = make_day()
    for i in range(n):
        add_person(make_session(day=day, start=f"1{i}:00"), person)

    # 4 queries: newest change, person, sessions (joined), their people.
    with django_assert_num_queries(4):
        response = client.get("/en/people/soloist/calendar.ics")

    assert len(events_of(response)) == n


# Addresses and UIDs -----------------------------------------------------------------------------


def test_without_site_url_links_name_the_host_and_port_the_calendar_came_from(client, gala, settings):
    settings.SITE_URL = ""
    settings.ALLOWED_HOSTS = ["127.0.0.1"]

    response = client.get("/en/programmes/days-of-almaty/calendar.ics", HTTP_HOST="127.0.0.1:8123")

    event = events_of(response)[0]
    assert str(event["URL"]) == "http://127.0.0.1:8123/en/sessions/gala-concert/"
    assert "http://127.0.0.1:8123/en/sessions/gala-concert/" in str(event["DESCRIPTION"])


@pytest.mark.parametrize(
    ("site_url", "allowed_hosts", "domain"),
    [
        # The domain UIDs have always had where SITE_URL names the site: kept.
        ("https://programmes.example", ["programmes.example", "localhost"], "programmes.example"),
        # No SITE_URL: the site's own name among the hosts, never an address or loopback.
        ("", ["127.0.0.1", "localhost", ".oskemen-days.kz"], "oskemen-days.kz"),
        # `make run` on any port: the same reserved name every time.
        ("http://127.0.0.1:8000", ["127.0.0.1", "localhost", "[::1]"], "programme-site.invalid"),
        ("http://127.0.0.1:8107", ["127.0.0.1", "localhost", "[::1]"], "programme-site.invalid"),
        ("", ["*"], "programme-site.invalid"),
    ],
)
def test_uids_take_their_domain_from_the_settings_never_from_loopback(
    client, gala, settings, site_url, allowed_hosts, domain
):
    settings.SITE_URL = site_url
    settings.ALLOWED_HOSTS = allowed_hosts
    settings.CALENDAR_UID_DOMAIN = ""

    response = client.get("/en/sessions/gala-concert/calendar.ics", HTTP_HOST="localhost")

    assert list(by_uid(response)) == [f"session-gala-concert@{domain}"]


def test_calendar_uid_domain_names_the_uids_whatever_the_site_url(client, gala, settings):
    settings.CALENDAR_UID_DOMAIN = "programme.oskemen.kz"

    response = client.get("/en/sessions/gala-concert/calendar.ics")

    assert list(by_uid(response)) == ["session-gala-concert@programme.oskemen.kz"]


def test_uids_stay_the_same_across_hosts_ports_languages_and_restarts(client, gala, settings):
    """A calendar app that imported the calendar once matches every session again, wherever it fetches it."""
    settings.SITE_URL = ""
    settings.CALENDAR_UID_DOMAIN = ""
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
    url = "/{lang}/programmes/days-of-almaty/calendar.ics"

    seen = {
        tuple(by_uid(client.get(url.format(lang=lang), HTTP_HOST=host)))
        for host in ("127.0.0.1:8000", "localhost:8107")
        for lang in ("kk", "en")
    }
    # A new process, as `make run` starts it on another port, computes the same domain.
    restarted = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from events.exports import uid_domain; print(uid_domain())",
        ],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "SITE_URL": "http://127.0.0.1:8107",
            "ALLOWED_HOSTS": "127.0.0.1,localhost,[::1]",
            "CALENDAR_UID_DOMAIN": "",
        },
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
    )

    assert seen == {("session-gala-concert@programme-site.invalid",)}
    assert restarted.stdout.strip() == "programme-site.invalid"
