"""Public pages and exports are gzipped on the wire; the admin, which carries CSRF tokens, is not."""

import datetime
import gzip

import pytest

from tests.factories import add_person, make_day, make_person, make_programme, make_session, make_space, make_venue

pytestmark = pytest.mark.django_db


@pytest.fixture
def gala():
    programme = make_programme(slug="days-of-almaty")
    day = make_day(programme=programme, date=datetime.date(2025, 10, 9))
    session = make_session(
        day=day, slug="gala", title_en="Gala concert", start="18:00", space=make_space(venue=make_venue(slug="palace"))
    )
    add_person(session, make_person(slug="orchestra", name_en="Folk Orchestra"))
    return session


@pytest.mark.parametrize(
    "url", ["/en/programmes/days-of-almaty/", "/en/sessions/gala/", "/en/programmes/days-of-almaty/calendar.ics"]
)
def test_a_public_response_is_gzipped_for_a_client_that_accepts_it(client, gala, url):
    plain = client.get(url)

    compressed = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")

    assert "Content-Encoding" not in plain
    assert compressed["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed.content) == plain.content
    assert len(compressed.content) < len(plain.content)
    assert "Accept-Encoding" in compressed["Vary"]
    assert "Accept-Language" not in compressed["Vary"]
    assert compressed.cookies == {}


@pytest.mark.parametrize("page_cache_seconds", [0, 600])
def test_a_compressed_page_revalidates_with_its_weakened_etag(client, settings, gala, page_cache_seconds):
    settings.PAGE_CACHE_SECONDS = page_cache_seconds
    compressed = client.get("/en/sessions/gala/", HTTP_ACCEPT_ENCODING="gzip")

    again = client.get("/en/sessions/gala/", HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=compressed["ETag"])

    assert compressed["ETag"].startswith('W/"')
    assert again.status_code == 304


def test_the_admin_is_not_compressed(admin_client):
    response = admin_client.get("/admin/events/session/add/", HTTP_ACCEPT_ENCODING="gzip")

    # The form carries a CSRF token: a compressed page could give its length away (BREACH).
    assert "Content-Encoding" not in response
    assert b"csrfmiddlewaretoken" in response.content
