"""frab-compatible schedule.xml and schedule.json for conference apps."""

import datetime
import json
import uuid
from pathlib import Path
from xml.etree import ElementTree

import pytest
import xmlschema
from django.template.loader import render_to_string
from django.utils import translation

from events.frab import GUID_NAMESPACE
from events.models import DatePrecision, Status
from tests.factories import add_person, make_day, make_person, make_programme, make_session, make_space, make_venue

pytestmark = pytest.mark.django_db

# A copy of ../shared/specs/frab-schedule.xsd, so the tests run in any checkout.
XSD = xmlschema.XMLSchema(Path(__file__).resolve().parent.parent / "specs" / "frab-schedule.xsd")


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "https://programmes.example"


@pytest.fixture
def programme():
    programme = make_programme(slug="days-of-almaty", title_en="Days of Almaty", title_ru="Дни Алматы")
    day = make_day(programme=programme, date=datetime.date(2025, 10, 9))
    hall = make_space(venue=make_venue(name_en="Palace of Culture"), slug="hall", name_en="Great hall")
    gala = make_session(
        day=day, slug="gala-concert", title_en="Gala concert", title_ru="Гала-концерт", start="18:00", end="20:00"
    )
    gala.space = hall
    gala.save()
    add_person(gala, make_person(name_en="Symphony orchestra"))
    make_session(day=day, slug="open-end", title_en="Opening\x0b ceremony", start="10:00")
    make_session(day=day, slug="exhibition", title_en="Exhibition")
    make_session(day=day, slug="closed-rehearsal", title_en="Closed rehearsal", start="12:00", published=False)
    month = make_day(programme=programme, date=datetime.date(2025, 11, 1), date_precision=DatePrecision.MONTH)
    make_session(day=month, slug="some-day-in-november", title_en="Some day in November")
    return programme


def xml_events(content: bytes) -> dict:
    root = ElementTree.fromstring(content)
    return {event.findtext("slug"): event for event in root.iter("event")}


def json_events(content: bytes) -> dict:
    days = json.loads(content)["schedule"]["conference"]["days"]
    return {event["slug"]: event for day in days for events in day["rooms"].values() for event in events}


def test_schedule_xml_is_valid_against_the_xsd(client, programme):
    response = client.get("/en/programmes/days-of-almaty/schedule.xml")

    assert response["Content-Type"] == "application/xml; charset=utf-8"
    XSD.validate(response.content)
    events = xml_events(response.content)
    assert sorted(events) == ["exhibition", "gala-concert", "open-end"]
    gala = events["gala-concert"]
    assert gala.get("guid") == str(uuid.uuid5(GUID_NAMESPACE, "gala-concert"))
    assert gala.findtext("title") == "Gala concert"
    assert gala.findtext("date") == "2025-10-09T18:00:00+05:00"
    assert gala.findtext("start") == "18:00"
    assert gala.findtext("duration") == "02:00"
    assert gala.findtext("room") == "Palace of Culture, Great hall"
    assert gala.findtext("language") == "en"
    assert [person.text for person in gala.iter("person")] == ["Symphony orchestra"]
    assert gala.find("links/link").get("href") == "https://programmes.example/en/sessions/gala-concert/"


def test_times_unknown_are_said_honestly(client, programme):
    response = client.get("/en/programmes/days-of-almaty/schedule.xml")

    events = xml_events(response.content)
    assert events["open-end"].findtext("duration") == "00:00"
    assert events["open-end"].findtext("subtitle") == "End time not announced."
    assert events["open-end"].findtext("title") == "Opening ceremony"
    # An item without a time runs from 06:00 (Giggity's day starts then, ConfClerk's at 04:00) to midnight:
    # "24:00" would be read as no time at all, and an item at 00:00 would fall into another day.
    exhibition = events["exhibition"]
    assert (exhibition.findtext("date"), exhibition.findtext("start")) == ("2025-10-09T06:00:00+05:00", "06:00")
    assert exhibition.findtext("duration") == "18:00"
    assert exhibition.findtext("subtitle") == "No time is given: it runs through the day."
    assert "some-day-in-november" not in events


def test_a_day_of_whole_day_items_starts_at_the_day_change(client):
    programme = make_programme(slug="visit")
    make_session(day=make_day(programme=programme, date=datetime.date(2023, 6, 1)), slug="the-visit")

    response = client.get("/en/programmes/visit/schedule.xml")

    XSD.validate(response.content)
    day = ElementTree.fromstring(response.content).find("day")
    assert (day.get("start"), day.get("end")) == ("2023-06-01T06:00:00+06:00", "2023-06-02T00:00:00+06:00")
    assert [event.findtext("start") for event in day.iter("event")] == ["06:00"]


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_a_programme_with_nothing_dated_has_no_schedule_and_says_why_in_the_visitors_language(client, fmt):
    programme = make_programme(slug="august", title_ru="Августовская конференция")
    make_session(day=make_day(programme=programme, date=datetime.date(2017, 8, 1), date_precision=DatePrecision.MONTH))
    empty = make_programme(slug="empty")
    make_day(programme=empty, date=datetime.date(2025, 10, 9))

    month_only = client.get(f"/ru/programmes/august/schedule.{fmt}")
    nothing_yet = client.get(f"/en/programmes/empty/schedule.{fmt}")

    assert (month_only.status_code, nothing_yet.status_code) == (404, 404)
    text = month_only.content.decode()
    assert "даты этой программы известны только с точностью до месяца" in text
    assert 'href="/ru/programmes/august/"' in text
    assert "nothing with a date is published in this programme yet" in nothing_yet.content.decode()


def test_the_programme_page_offers_the_schedule_only_when_something_is_dated(client, programme):
    august = make_programme(slug="august")
    make_session(day=make_day(programme=august, date=datetime.date(2017, 8, 1), date_precision=DatePrecision.MONTH))

    dated = client.get("/en/programmes/days-of-almaty/").content.decode()
    undated = client.get("/en/programmes/august/").content.decode()

    assert 'href="/en/programmes/days-of-almaty/schedule.xml"' in dated
    assert "schedule.xml" not in undated
    assert "this programme's dates are known only to the month" in undated


def test_schedule_json_carries_the_same_sessions_as_the_xml(client, programme):
    xml = xml_events(client.get("/ru/programmes/days-of-almaty/schedule.xml").content)

    response = client.get("/ru/programmes/days-of-almaty/schedule.json")

    assert response["Content-Type"] == "application/json; charset=utf-8"
    schedule = json.loads(response.content)["schedule"]
    conference = schedule["conference"]
    assert (conference["acronym"], conference["title"], conference["start"], conference["end"]) == (
        "days-of-almaty",
        "Дни Алматы",
        "2025-10-09",
        "2025-10-09",
    )
    assert [(day["index"], day["date"]) for day in conference["days"]] == [(1, "2025-10-09")]
    events = json_events(response.content)
    assert {slug: event["guid"] for slug, event in events.items()} == {
        slug: event.get("guid") for slug, event in xml.items()
    }
    assert events["gala-concert"]["title"] == "Гала-концерт"
    assert events["gala-concert"]["language"] == "ru"


def test_guids_and_slugs_are_stable_across_languages(client, programme):
    kk = xml_events(client.get("/kk/programmes/days-of-almaty/schedule.xml").content)
    en = xml_events(client.get("/en/programmes/days-of-almaty/schedule.xml").content)

    assert {slug: event.get("guid") for slug, event in kk.items()} == {
        slug: event.get("guid") for slug, event in en.items()
    }
    assert all(slug.isascii() for slug in kk)


def test_offsets_follow_kazakhstans_2024_change_of_zone(client):
    programme = make_programme(slug="two-years")
    make_session(day=make_day(programme=programme, date=datetime.date(2023, 10, 9)), slug="in-2023", start="10:00")
    make_session(day=make_day(programme=programme, date=datetime.date(2025, 10, 9)), slug="in-2025", start="10:00")

    response = client.get("/en/programmes/two-years/schedule.xml")

    XSD.validate(response.content)
    events = xml_events(response.content)
    assert events["in-2023"].findtext("date") == "2023-10-09T10:00:00+06:00"
    assert events["in-2025"].findtext("date") == "2025-10-09T10:00:00+05:00"
    days = [day.get("start") for day in ElementTree.fromstring(response.content).iter("day")]
    assert days == ["2023-10-09T10:00:00+06:00", "2025-10-09T10:00:00+05:00"]


def test_cancelled_session_says_so_in_its_title(client, programme):
    gala = programme.days.get(date=datetime.date(2025, 10, 9)).sessions.get(slug="gala-concert")
    gala.status = Status.CANCELLED
    gala.save()

    response = client.get("/en/programmes/days-of-almaty/schedule.xml")

    XSD.validate(response.content)
    assert xml_events(response.content)["gala-concert"].findtext("title") == "Cancelled: Gala concert"


def test_an_unpublished_programme_has_no_schedule(client):
    make_session(day=make_day(programme=make_programme(slug="draft", published=False)), start="10:00")

    response = client.get("/en/programmes/draft/schedule.xml")

    assert response.status_code == 404


@pytest.mark.parametrize("n", [1, 3])
@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_schedule_query_count_does_not_grow(client, django_assert_num_queries, n, fmt):
    programme = make_programme(slug="counted")
    day = make_day(programme=programme)
    for i in range(n):
        add_person(make_session(day=day, start=f"1{i}:00"), make_person())

    # 4 queries: newest change (Last-Modified, also the schedule's version),
    # programme, sessions joined to day, programme, space and venue, their people.
    with django_assert_num_queries(4):
        response = client.get(f"/en/programmes/counted/schedule.{fmt}")

    assert len(xml_events(response.content) if fmt == "xml" else json_events(response.content)) == n


def test_programme_links_include_offers_every_export(rf, programme):
    request = rf.get("/en/programmes/days-of-almaty/")

    with translation.override("en"):
        html = render_to_string(
            "includes/programme_links.html", {"programme": programme, "has_schedule": True}, request
        )

    for path in ["calendar.ics", "schedule.xml", "schedule.json", "changes/", "changes.atom"]:
        assert f'href="/en/programmes/days-of-almaty/{path}"' in html
    assert 'href="webcal://testserver/en/programmes/days-of-almaty/calendar.ics"' in html


@pytest.mark.parametrize("n", [1, 3])
def test_no_schedule_page_query_count_does_not_grow(client, django_assert_num_queries, n):
    programme = make_programme(slug="august")
    day = make_day(programme=programme, date=datetime.date(2017, 8, 1), date_precision=DatePrecision.MONTH)
    for _ in range(n):
        add_person(make_session(day=day), make_person())

    # 4 queries: newest change (Last-Modified), programme, sessions joined to day,
    # programme, space and venue, their people.
    with django_assert_num_queries(4):
        response = client.get("/en/programmes/august/schedule.xml")

    assert response.status_code == 404
    assert "known only to the month" in response.content.decode()


def test_without_site_url_event_links_name_the_host_and_port_of_the_request(client, programme, settings):
    settings.SITE_URL = ""
    settings.ALLOWED_HOSTS = ["localhost"]

    response = client.get("/en/programmes/days-of-almaty/schedule.json", HTTP_HOST="localhost:8104")

    schedule = json.loads(response.content)["schedule"]
    assert schedule["base_url"] == "http://localhost:8104/en/programmes/days-of-almaty/"
    assert json_events(response.content)["gala-concert"]["url"] == "http://localhost:8104/en/sessions/gala-concert/"
