"""Conditional requests of the HTML pages: 304 until what a page shows changes, then the new page."""

import datetime

import pytest

from gallery.models import Exhibit
from tests.factories import add_person, make_day, make_person, make_programme, make_session, make_space, make_venue

pytestmark = pytest.mark.django_db

PAGES = [
    "/en/programmes/days-of-almaty/",
    "/en/programmes/days-of-almaty/grid/",
    "/en/programmes/days-of-almaty/2025-10-09/",
    "/en/sessions/gala/",
    "/en/venues/",
    "/en/venues/palace/",
    "/en/people/",
    "/en/people/orchestra/",
    "/en/exhibits/",
    "/en/search/?q=gala",
    "/kk/",
    "/ru/programmes/days-of-almaty/now/",
]


@pytest.fixture
def gala():
    programme = make_programme(slug="days-of-almaty")
    day = make_day(programme=programme, date=datetime.date(2025, 10, 9))
    session = make_session(
        day=day, slug="gala", title_en="Gala concert", start="18:00", space=make_space(venue=make_venue(slug="palace"))
    )
    add_person(session, make_person(slug="orchestra", name_en="Orchestra"))
    return session


def revalidate(client, url, first):
    headers = {}
    if "ETag" in first:
        headers["HTTP_IF_NONE_MATCH"] = first["ETag"]
    if "Last-Modified" in first:
        headers["HTTP_IF_MODIFIED_SINCE"] = first["Last-Modified"]
    return client.get(url, **headers)


@pytest.mark.parametrize("url", PAGES)
def test_a_fresh_copy_gets_304_without_a_body(client, gala, url):
    first = client.get(url)

    again = revalidate(client, url, first)

    assert first.status_code == 200
    assert "ETag" in first
    assert again.status_code == 304
    assert again.content == b""
    assert again["Cache-Control"] == "public, max-age=300"
    assert "Accept-Language" not in again.get("Vary", "")


@pytest.mark.parametrize("url", ["/en/programmes/days-of-almaty/", "/en/sessions/gala/", "/en/people/orchestra/"])
def test_an_edit_gives_the_new_page_on_the_next_revalidation(client, gala, url):
    first = client.get(url)
    gala.title_en = "Gala concert of the Days of Almaty"
    gala.save()

    again = revalidate(client, url, first)

    assert again.status_code == 200
    assert "Gala concert of the Days of Almaty" in again.content.decode()


def test_deleting_an_exhibit_changes_the_exhibit_index(client, gala):
    exhibit = Exhibit.objects.create(slug="old-almaty", title_en="Old Almaty", is_published=True)
    first = client.get("/en/exhibits/")
    assert "Old Almaty" in first.content.decode()
    exhibit.delete()

    again = revalidate(client, "/en/exhibits/", first)

    assert again.status_code == 200
    assert "Old Almaty" not in again.content.decode()


def test_now_and_next_is_revalidated_every_minute(client, gala, monkeypatch):
    first = client.get("/en/")
    later = datetime.datetime(2030, 1, 1, 12, 0, tzinfo=datetime.UTC)
    monkeypatch.setattr("django.utils.timezone.now", lambda: later)

    again = revalidate(client, "/en/", first)

    assert again.status_code == 200
