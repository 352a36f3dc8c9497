"""A venue's door screen: now and next at that venue, in large type, reloading itself."""

import datetime
import re
import zoneinfo
from unittest import mock

import pytest

from tests.events.factories_pages import make_almaty_days, make_concert, make_palace, make_session, make_space, names

pytestmark = pytest.mark.django_db

ALMATY = zoneinfo.ZoneInfo("Asia/Almaty")
URL = "/{lang}/venues/palace-of-culture-of-metallurgists/now/"


def at(*args):
    return mock.patch("django.utils.timezone.now", return_value=datetime.datetime(*args, tzinfo=ALMATY))


@pytest.fixture
def palace_day():
    programme, day = make_almaty_days()
    palace = make_palace()
    make_session(day=day, space=palace, slug="exhibition", **names("Фотокөрме", "Фотовыставка", "Photo exhibition"))
    make_concert(day, space=palace, start="18:00", end="20:00")
    elsewhere = make_session(day=day, start="17:00", slug="forum", **names("Форум", "Форум", "Business forum"))
    make_session(day=day, space=palace, start="21:00", published=False, slug="draft", **names("Ж", "Р", "Rehearsal"))
    return palace, elsewhere


def section(html: str, id_: str) -> str:
    return html.split(f'<h2 id="{id_}">')[1].split("</section>")[0]


@pytest.mark.parametrize(
    ("lang", "now", "next_"),
    [
        ("kk", "Фотокөрме", "Гала-концерт"),
        ("ru", "Фотовыставка", "Гала-концерт"),
        ("en", "Photo exhibition", "Gala concert"),
    ],
)
def test_the_door_screen_shows_now_and_next_at_this_venue_only(client, palace_day, lang, now, next_):
    with at(2025, 10, 9, 17, 30):
        response = client.get(URL.format(lang=lang))

    html = response.content.decode()
    assert f'<html lang="{lang}" class="signage">' in html
    assert response["Refresh"] == "60"
    assert "http-equiv" not in html
    assert f'<p class="signage__title">{now}</p>' in section(html, "signage-now")
    assert f'<p class="signage__title">{next_}</p>' in section(html, "signage-next")
    # Today's next session needs no date, only its time.
    assert re.search(r'<p class="when"><time datetime="2025-10-09T18:00:00\+0500">18:00</time>–', html)
    assert "Business forum" not in html and "Форум" not in html
    assert "Rehearsal" not in html
    # No navigation on a screen nobody touches.
    assert "site-nav" not in html
    assert response["Cache-Control"] == "public, max-age=60"
    assert "17:30" in re.search(r'<p class="signage__clock">(.*?)</p>', html).group(1)


def test_the_door_screen_after_the_last_day_says_nothing_more_is_planned(client, palace_day):
    with at(2025, 10, 10, 9, 0):
        html = client.get(URL.format(lang="en")).content.decode()

    assert "Nothing is on here at this moment." in section(html, "signage-now")
    assert "Nothing more is planned here." in section(html, "signage-next")


def test_the_venue_page_links_its_door_screen(client, palace_day):
    html = client.get("/en/venues/palace-of-culture-of-metallurgists/").content.decode()

    assert '<a href="/en/venues/palace-of-culture-of-metallurgists/now/">' in html


def test_a_venue_nobody_may_see_has_no_door_screen(client):
    make_palace(slug="closed-hall")

    response = client.get("/en/venues/closed-hall/now/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.parametrize("n", [1, 3])
def test_door_screen_query_count_does_not_grow(client, django_assert_num_queries, n):
    programme, day = make_almaty_days()
    palace = make_palace()
    for i in range(n):
        hall = make_space(venue=palace.venue, slug=f"hall-{i}", name_en=f"Hall {i}")
        make_session(day=day, space=hall, slug=f"s-{i}", start="10:00", end="10:30")

    # 4 queries: the content revision (the ETag, sources.caching); the venue;
    # the sessions on now or later there, with day, space and venue joined; their people.
    with at(2025, 10, 9, 9, 0), django_assert_num_queries(4):
        response = client.get(URL.format(lang="ru"))

    assert response.content.decode().count('<li class="signage__item">') == n


def test_a_reader_can_stop_the_door_screen_reloading(client, palace_day):
    with at(2025, 10, 9, 17, 30):
        reloading = client.get(URL.format(lang="en"))
        stopped = client.get(URL.format(lang="en") + "?refresh=off")
    still = stopped.content.decode()

    stop = '<a href="/en/venues/palace-of-culture-of-metallurgists/now/?refresh=off">Stop reloading</a>'
    assert stop in reloading.content.decode()
    assert reloading["Refresh"] == "60"
    assert not stopped.has_header("Refresh")
    assert '<a href="/en/venues/palace-of-culture-of-metallurgists/now/">Reload this page every minute</a>' in still
