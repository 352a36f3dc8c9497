"""The server's page cache: kept pages are served without rendering, and an edit reaches exactly the pages it changes.

Run with the cache the settings give: the process's own memory by default, the
shared Redis of the PostgreSQL run with ``CACHE_URL``. A kept page costs no
query with a shared cache, and one (the content revision, which tells a
worker that another one changed something) with a cache of its own.
"""

import contextlib
import datetime
import gzip
import math
import re
import time
from types import SimpleNamespace

import pytest
import redis
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import Role, Session
from gallery.models import Photo
from sources import caching
from sources.caching import cache_is_shared
from sources.models import Revision
from tests.events.factories_pages import make_honour, make_topic
from tests.factories import (
    add_person,
    make_day,
    make_exhibit,
    make_person,
    make_programme,
    make_session,
    make_space,
    make_venue,
)

pytestmark = pytest.mark.django_db

QUERIES_WHEN_KEPT = 0 if cache_is_shared() else 1
# A moment inside the Days of Almaty, so that home and now-and-next show what is on.
DURING = datetime.datetime(2025, 10, 9, 13, 30, 20, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def page_cache(settings, monkeypatch):
    settings.PAGE_CACHE_SECONDS = 600
    monkeypatch.setattr("django.utils.timezone.now", lambda: DURING)
    cache.clear()
    yield
    with contextlib.suppress(redis.exceptions.ConnectionError):  # a test pointed the cache at nothing
        cache.clear()


@pytest.fixture
def site():
    """Two programmes; the first has a gala (palace, orchestra with a member, an exhibit) and a lecture."""
    almaty = make_programme(slug="days-of-almaty", title_en="Days of Almaty")
    day = make_day(programme=almaty, date=datetime.date(2025, 10, 9))
    make_day(programme=almaty, date=datetime.date(2025, 10, 10))
    palace = make_venue(slug="palace", name_en="Palace of Culture")
    school = make_venue(slug="school", name_en="School No. 1")
    gala = make_session(
        day=day, slug="gala", title_en="Gala concert", start="18:00", end="20:00", space=make_space(venue=palace)
    )
    lecture = make_session(
        day=day, slug="lecture", title_en="Open lecture", start="11:00", end="12:00", space=make_space(venue=school)
    )
    orchestra = make_person(slug="orchestra", name_en="Folk Orchestra", kind="group")
    soloist = make_person(slug="soloist", name_en="Aigul Soloist", affiliation=orchestra)
    professor = make_person(slug="professor", name_en="Professor Abenov")
    add_person(gala, orchestra)
    add_person(gala, soloist, order=1)
    add_person(lecture, professor)
    exhibit = make_exhibit(slug="old-almaty", title_en="Old Almaty", session=gala)
    Photo.objects.create(exhibit=exhibit, key="p1", caption_en="Zenkov Cathedral", photographer=soloist)
    make_topic("music", "Folk music", "topic", session=gala)

    visit = make_programme(slug="visit", title_en="Official visit")
    hall = make_venue(slug="hall", name_en="City Hall")
    meeting = make_session(
        day=make_day(programme=visit, date=datetime.date(2025, 10, 9)),
        slug="meeting",
        title_en="Meeting with residents",
        start="10:00",
        space=make_space(venue=hall),
    )
    add_person(meeting, make_person(slug="mayor", name_en="The Mayor"))
    return {"gala": gala, "lecture": lecture, "meeting": meeting}


GALA_PAGES = [
    "/en/",
    "/en/programmes/days-of-almaty/",
    "/en/programmes/days-of-almaty/grid/",
    "/en/programmes/days-of-almaty/2025-10-09/",
    "/en/programmes/days-of-almaty/now/",
    "/en/programmes/days-of-almaty/calendar.ics",
    "/en/programmes/days-of-almaty/2025-10-09/calendar.ics",
    "/en/programmes/days-of-almaty/schedule.xml",
    "/en/programmes/days-of-almaty/schedule.json",
    "/en/sessions/gala/",
    "/en/sessions/gala/calendar.ics",
    "/en/venues/palace/",
    "/en/venues/palace/calendar.ics",
    "/en/people/orchestra/",
    "/en/people/orchestra/calendar.ics",
    "/en/people/soloist/",
    "/en/exhibits/old-almaty/",
]
OTHER_PAGES = [
    "/en/programmes/visit/",
    "/en/programmes/visit/2025-10-09/",
    "/en/programmes/visit/calendar.ics",
    "/en/sessions/meeting/",
    "/en/sessions/lecture/",
    "/en/sessions/lecture/calendar.ics",
    "/en/venues/school/",
    "/en/venues/hall/",
    "/en/people/professor/",
    "/en/people/mayor/",
    "/en/venues/",
    "/en/people/",
    "/en/exhibits/",
]
ALL_PAGES = GALA_PAGES + OTHER_PAGES + ["/en/programmes/days-of-almaty/changes/"]


def get(client, url, **headers):
    """GET ``url``; returns the response and the number of queries it took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    return response, len(queries)


def fresh(client, settings, url):
    """What ``url`` shows when rendered now, past the server's cache."""
    settings.PAGE_CACHE_SECONDS = 0
    try:
        return client.get(url)
    finally:
        settings.PAGE_CACHE_SECONDS = 600


def test_a_kept_page_is_served_without_rendering(client, site):
    for url in ALL_PAGES:
        first, first_queries = get(client, url)

        again, queries = get(client, url)

        assert first.status_code == again.status_code == 200, url
        assert first_queries > QUERIES_WHEN_KEPT, url
        assert queries == QUERIES_WHEN_KEPT, url
        assert again.content == first.content
        assert again["Content-Type"] == first["Content-Type"]
        assert again.get("Content-Disposition") == first.get("Content-Disposition")
        assert again["ETag"] == first["ETag"]
        assert again["Cache-Control"] == "public, max-age=300"
        assert again.cookies == {}
        assert "Accept-Language" not in again.get("Vary", "")


@pytest.mark.parametrize("url", ["/en/programmes/days-of-almaty/", "/en/programmes/days-of-almaty/schedule.xml"])
def test_a_kept_page_goes_out_compressed_once_for_all(client, site, url):
    plain = client.get(url)

    compressed, queries = get(client, url, HTTP_ACCEPT_ENCODING="gzip, br")
    again = client.get(url, HTTP_ACCEPT_ENCODING="gzip")

    assert queries == QUERIES_WHEN_KEPT
    assert compressed["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed.content) == plain.content
    assert again.content == compressed.content
    assert compressed["Content-Length"] == str(len(compressed.content))
    assert compressed["ETag"] == f"W/{plain['ETag']}"
    assert "Accept-Encoding" in compressed["Vary"]
    assert "Accept-Encoding" in client.get(url)["Vary"]


def test_the_grid_keeps_the_hash_of_its_inline_style(client, site):
    first = client.get("/en/programmes/days-of-almaty/grid/")

    again = client.get("/en/programmes/days-of-almaty/grid/")

    assert "'sha256-" in first["Content-Security-Policy"]
    assert again["Content-Security-Policy"] == first["Content-Security-Policy"]


@pytest.mark.parametrize("url", ["/en/sessions/gala/", "/en/programmes/days-of-almaty/calendar.ics", "/en/"])
def test_a_conditional_request_gets_304_from_the_cache(client, site, url):
    first = client.get(url)
    cache.delete_many(_kept_page_keys(first))  # even once the kept copy is gone

    again, queries = get(client, url, HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304
    assert again.content == b""
    assert queries == QUERIES_WHEN_KEPT
    assert again["ETag"] == first["ETag"]


def _kept_page_keys(response):
    return ["page:" + response["ETag"].strip('"')]


def test_a_conditional_request_after_an_edit_gets_the_new_page(client, site):
    first = client.get("/en/sessions/gala/")
    site["gala"].title_en = "Gala concert of the Days of Almaty"
    site["gala"].save()

    again = client.get("/en/sessions/gala/", HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 200
    assert "Gala concert of the Days of Almaty" in again.content.decode()


def test_if_modified_since_gets_304_once_the_second_of_the_last_change_is_over(client, site, monkeypatch):
    now = [math.floor(time.time()) + 5.5]
    monkeypatch.setattr(caching, "time", SimpleNamespace(time=lambda: now[0]))
    client.get("/en/sessions/gala/")
    now[0] += 2  # the second of the last change is over
    first = client.get("/en/sessions/gala/")

    again, queries = get(client, "/en/sessions/gala/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    site["gala"].title_en = "Gala concert, new time"
    site["gala"].save()
    after_the_edit = client.get("/en/sessions/gala/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])

    assert again.status_code == 304
    assert queries == QUERIES_WHEN_KEPT
    assert after_the_edit.status_code == 200
    assert "Gala concert, new time" in after_the_edit.content.decode()


def test_a_weak_etag_from_compression_still_matches(client, site):
    first = client.get("/en/sessions/gala/")

    again = client.get("/en/sessions/gala/", HTTP_IF_NONE_MATCH=f"W/{first['ETag']}")

    assert again.status_code == 304


def test_an_edit_of_a_session_shows_on_every_page_of_it_at_the_next_request(client, site):
    for url in GALA_PAGES:
        client.get(url)
    gala = site["gala"]
    gala.title_en = "Grand gala concert"
    gala.save()

    for url in GALA_PAGES:
        response = client.get(url)
        assert "Grand gala concert" in response.content.decode(), url


def test_an_edit_of_a_session_keeps_every_other_page(client, site):
    for url in OTHER_PAGES:
        client.get(url)
    gala = site["gala"]
    gala.title_en = "Grand gala concert"
    gala.start_time = datetime.time(19, 0)
    gala.save()

    for url in OTHER_PAGES:
        response, queries = get(client, url)
        assert queries == QUERIES_WHEN_KEPT, url
        assert response.status_code == 200


def test_an_edit_of_a_person_keeps_the_other_programme(client, site):
    for url in OTHER_PAGES:
        client.get(url)
    orchestra = site["gala"].people.get(slug="orchestra")
    orchestra.name_en = "State Folk Orchestra"
    orchestra.save()

    kept = [url for url in OTHER_PAGES if get(client, url)[1] == QUERIES_WHEN_KEPT]
    people_index = client.get("/en/people/").content.decode()

    # The people index names the orchestra; nothing else of the other pages does.
    assert set(OTHER_PAGES) - set(kept) == {"/en/people/"}
    assert "State Folk Orchestra" in people_index


def test_a_deleted_session_leaves_its_pages(client, site):
    for url in [*GALA_PAGES, "/en/sessions/lecture/"]:
        client.get(url)
    site["gala"].delete()

    session_page = client.get("/en/sessions/gala/")
    programme_page = client.get("/en/programmes/days-of-almaty/").content.decode()
    # The "since yesterday" strip names the removed session on purpose; the programme itself does not.
    programme_page = re.sub(r'<section class="recent-changes".*?</section>', "", programme_page, flags=re.S)
    venue_page = client.get("/en/venues/palace/")
    person_page = client.get("/en/people/orchestra/")
    lecture_page, queries = get(client, "/en/sessions/lecture/")

    assert session_page.status_code == 404
    assert "Gala concert" not in programme_page
    assert "Open lecture" in programme_page
    # The palace holds nothing published any more.
    assert venue_page.status_code == 404
    # The orchestra's member took a photo of the exhibit: still listed, without the gala.
    assert person_page.status_code == 200
    assert "Gala concert" not in person_page.content.decode()
    assert lecture_page.status_code == 200
    assert queries == QUERIES_WHEN_KEPT


def test_people_taken_off_and_put_on_a_session(client, site):
    gala = site["gala"]
    professor = site["lecture"].people.get()
    for url in ["/en/sessions/gala/", "/en/people/soloist/", "/en/people/professor/", "/en/people/"]:
        client.get(url)

    gala.people.remove(gala.people.get(slug="soloist"))
    gala.people.add(professor, through_defaults={"role": Role.SPEAKER, "order": 5})

    session_page = client.get("/en/sessions/gala/").content.decode()
    professor_page = client.get("/en/people/professor/").content.decode()
    soloist_page = client.get("/en/people/soloist/").content.decode()
    assert "Professor Abenov" in session_page
    assert "Aigul Soloist" not in session_page
    assert "Gala concert" in professor_page
    assert "Gala concert" not in soloist_page


def test_each_language_is_kept_apart(client, site):
    gala = site["gala"]
    gala.title_kk, gala.title_ru = "Гала-концерт (kk)", "Гала-концерт"
    gala.save()
    english = client.get("/en/sessions/gala/")

    russian = client.get("/ru/sessions/gala/")
    kazakh = client.get("/kk/sessions/gala/")
    russian_again, queries = get(client, "/ru/sessions/gala/")

    assert "<h1>Gala concert</h1>" in english.content.decode()
    assert "<h1>Гала-концерт</h1>" in russian.content.decode()
    assert "<h1>Гала-концерт (kk)</h1>" in kazakh.content.decode()
    assert russian_again.content == russian.content
    assert queries == QUERIES_WHEN_KEPT
    assert len({english["ETag"], russian["ETag"], kazakh["ETag"]}) == 3


def test_now_and_next_is_kept_for_the_minute_only(client, site, monkeypatch):
    first = client.get("/en/programmes/days-of-almaty/now/")
    _same_minute, queries_in_the_minute = get(client, "/en/programmes/days-of-almaty/now/")
    # 18:05 in Almaty: the gala is on.
    monkeypatch.setattr("django.utils.timezone.now", lambda: datetime.datetime(2025, 10, 9, 13, 5, tzinfo=datetime.UTC))

    later = client.get("/en/programmes/days-of-almaty/now/", HTTP_IF_NONE_MATCH=first["ETag"])

    assert queries_in_the_minute == QUERIES_WHEN_KEPT
    assert later.status_code == 200
    assert later["ETag"] != first["ETag"]
    now_section = later.content.decode().split('id="now"')[-1]
    assert "Gala concert" in now_section


def test_a_page_with_a_query_string_is_rendered_each_time(client, site):
    client.get("/en/programmes/days-of-almaty/?s=gala")

    response, queries = get(client, "/en/programmes/days-of-almaty/?s=gala")

    assert queries > QUERIES_WHEN_KEPT
    assert "Remove from my programme" in response.content.decode()


@pytest.mark.skipif(cache_is_shared(), reason="with a shared cache every worker sees the same versions")
def test_a_change_made_by_another_worker_is_seen(client, site):
    client.get("/en/sessions/lecture/")
    # Another worker saved the lecture: the database and the revision moved on, this process's cache did not.
    Session.objects.filter(slug="lecture").update(title_en="Lecture moved online")
    Revision.objects.update(changed_at=DURING + datetime.timedelta(seconds=5))

    response = client.get("/en/sessions/lecture/")

    assert "Lecture moved online" in response.content.decode()


def _edit_venue(site):
    venue = site["gala"].space.venue
    venue.name_en, venue.address_en = "Palace of the Republic", "Abai Avenue 1"
    venue.save()


def _edit_space(site):
    space = site["gala"].space
    space.name_en = "Great Hall"
    space.save()


def _edit_member(site):
    soloist = site["gala"].people.get(slug="soloist")
    soloist.name_en, soloist.affiliation = "Aigul Nurlanova", None
    soloist.save()


def _honour(site):
    site["gala"].people.get(slug="orchestra").honours.add(make_honour("honoured", "Honoured Ensemble"))


def _edit_exhibit(site):
    exhibit = site["gala"].exhibit
    exhibit.title_en = "Almaty of the Sixties"
    exhibit.save()


def _edit_photo(site):
    photo = Photo.objects.get(key="p1")
    photo.caption_en, photo.photographer = "Ascension Cathedral", site["lecture"].people.get()
    photo.save()


def _edit_topic(site):
    topic = site["gala"].topic_links.get().topic
    topic.name_en = "Kazakh folk music"
    topic.save()


def _edit_programme(site):
    programme = site["gala"].day.programme
    programme.title_en = "Days of Almaty in East Kazakhstan"
    programme.save()


def _move_day(site):
    day = site["gala"].day.programme.days.get(date=datetime.date(2025, 10, 10))
    day.date = datetime.date(2025, 10, 11)
    day.save()


def _move_session(site):
    gala = site["gala"]
    gala.space = site["meeting"].space
    gala.day = site["meeting"].day
    gala.save()


def _unpublish_session(site):
    lecture = site["lecture"]
    lecture.is_published = False
    lecture.save()


def _rename_session_slug(site):
    lecture = site["lecture"]
    lecture.slug = "public-lecture"
    lecture.save()


EDITS = [
    _edit_venue,
    _edit_space,
    _edit_member,
    _honour,
    _edit_exhibit,
    _edit_photo,
    _edit_topic,
    _edit_programme,
    _move_day,
    _move_session,
    _unpublish_session,
    _rename_session_slug,
]


# One page of each kind, for each thing an edit can reach.
COMPARED_PAGES = [
    "/en/",
    "/en/programmes/days-of-almaty/",
    "/en/programmes/days-of-almaty/grid/",
    "/en/programmes/days-of-almaty/calendar.ics",
    "/en/programmes/days-of-almaty/schedule.json",
    "/en/programmes/days-of-almaty/changes/",
    "/en/sessions/gala/",
    "/en/sessions/lecture/",
    "/en/sessions/meeting/",
    "/en/venues/",
    "/en/venues/palace/",
    "/en/venues/hall/calendar.ics",
    "/en/people/",
    "/en/people/orchestra/",
    "/en/people/soloist/",
    "/en/people/professor/",
    "/en/exhibits/",
    "/en/exhibits/old-almaty/",
    "/en/programmes/visit/",
]


def test_after_each_edit_every_kept_page_is_what_a_fresh_rendering_shows(client, settings, site):
    for url in COMPARED_PAGES:
        client.get(url)

    for edit in EDITS:
        edit(site)

        for url in COMPARED_PAGES:
            kept, queries = get(client, url)
            if queries == QUERIES_WHEN_KEPT:  # a page rendered again just now is fresh
                rendered = fresh(client, settings, url)
                assert (kept.status_code, kept.content) == (rendered.status_code, rendered.content), (edit, url)


def test_a_cache_that_does_not_answer_costs_speed_not_the_page(client, settings, site):
    # Nothing listens on port 1: connecting is refused at once.
    settings.CACHES = {
        "default": {"BACKEND": "config.cache.ReusedClientRedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    }

    response = client.get("/en/sessions/gala/")

    assert response.status_code == 200
    assert "<h1>Gala concert</h1>" in response.content.decode()


def test_a_kept_page_is_rendered_again_after_local_midnight(client, site, monkeypatch):
    # Change badges ("moved, was 18:00") last whole local days: a copy kept
    # yesterday must not be served, nor a client's copy confirmed, today.
    first = client.get("/en/programmes/days-of-almaty/")
    same_day, queries_that_day = get(client, "/en/programmes/days-of-almaty/", HTTP_IF_NONE_MATCH=first["ETag"])
    after_midnight = datetime.datetime(2025, 10, 9, 19, 10, tzinfo=datetime.UTC)  # 00:10 on 10 October in Almaty
    monkeypatch.setattr("django.utils.timezone.now", lambda: after_midnight)

    next_day, queries_next_day = get(client, "/en/programmes/days-of-almaty/", HTTP_IF_NONE_MATCH=first["ETag"])

    assert same_day.status_code == 304 and queries_that_day == QUERIES_WHEN_KEPT
    assert next_day.status_code == 200
    assert next_day["ETag"] != first["ETag"]
    assert queries_next_day > QUERIES_WHEN_KEPT


def test_the_grid_is_kept_for_the_minute_only(client, site, monkeypatch):
    # Its "now" line moves with the clock.
    first = client.get("/en/programmes/days-of-almaty/grid/")
    monkeypatch.setattr("django.utils.timezone.now", lambda: DURING + datetime.timedelta(minutes=1))

    later = client.get("/en/programmes/days-of-almaty/grid/", HTTP_IF_NONE_MATCH=first["ETag"])

    assert later.status_code == 200
    assert later["ETag"] != first["ETag"]
