"""Conditional requests and caching headers of every export and the changes page."""

import datetime

import pytest
from django.utils.http import http_date

from tests.factories import add_person, make_day, make_person, make_programme, make_session, make_space, make_venue

pytestmark = pytest.mark.django_db

URLS = [
    "/en/programmes/days-of-almaty/calendar.ics",
    "/en/programmes/days-of-almaty/2025-10-09/calendar.ics",
    "/en/programmes/days-of-almaty/schedule.xml",
    "/en/programmes/days-of-almaty/schedule.json",
    "/en/programmes/days-of-almaty/changes/",
    "/en/programmes/days-of-almaty/changes.atom",
    "/en/sessions/gala/calendar.ics",
    "/en/venues/palace/calendar.ics",
    "/en/people/orchestra/calendar.ics",
    "/en/my/?s=gala",
    "/en/my/calendar.ics?s=gala",
]


@pytest.fixture
def gala():
    programme = make_programme(slug="days-of-almaty")
    day = make_day(programme=programme, date=datetime.date(2025, 10, 9))
    session = make_session(
        day=day, slug="gala", title_en="Gala concert", start="18:00", space=make_space(venue=make_venue(slug="palace"))
    )
    add_person(session, make_person(slug="orchestra"))
    return session


@pytest.mark.parametrize("url", URLS)
def test_fresh_copy_gets_304_and_caching_headers(client, gala, url):
    first = client.get(url)

    again = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])

    assert first.status_code == 200
    assert first["Cache-Control"] == "public, max-age=300"
    assert again.status_code == 304
    assert again.content == b""
    assert first.cookies == {}


@pytest.mark.parametrize("url", URLS)
def test_a_change_after_the_clients_copy_gets_the_new_export(client, gala, url):
    old_copy = http_date((gala.updated_at - datetime.timedelta(minutes=10)).timestamp())

    response = client.get(url, HTTP_IF_MODIFIED_SINCE=old_copy)

    assert response.status_code == 200
    assert b"gala" in response.content.lower()


def test_304_is_answered_without_building_the_export(client, gala, django_assert_num_queries):
    last_modified = client.get("/en/programmes/days-of-almaty/calendar.ics")["Last-Modified"]

    # 1 query: the newest change; the programme and its sessions are not loaded.
    with django_assert_num_queries(1):
        response = client.get("/en/programmes/days-of-almaty/calendar.ics", HTTP_IF_MODIFIED_SINCE=last_modified)

    assert response.status_code == 304


def test_renaming_the_venue_makes_the_calendar_new_again(client, gala):
    last_modified = client.get("/en/programmes/days-of-almaty/calendar.ics")["Last-Modified"]
    venue = gala.space.venue
    venue.name_en = "Palace of Culture"
    venue.save()
    type(venue).objects.filter(pk=venue.pk).update(updated_at=gala.updated_at + datetime.timedelta(minutes=5))

    response = client.get("/en/programmes/days-of-almaty/calendar.ics", HTTP_IF_MODIFIED_SINCE=last_modified)

    assert response.status_code == 200
    assert b"Palace of Culture" in response.content
