"""The grid view: venues across, time down, in a labelled scroll region; a list by time on a phone."""

import base64
import datetime
import hashlib
import re
import zoneinfo
from unittest import mock

import pytest

from tests.events.factories_pages import (
    add_person,
    make_almaty_days,
    make_concert,
    make_palace,
    make_person,
    make_session,
    make_space,
    make_venue,
    names,
)

pytestmark = pytest.mark.django_db

URL = "/{lang}/programmes/days-of-almaty/grid/"


def placements(html: str) -> dict:
    """Each cell class of the page's grid stylesheet and the grid-area it gives."""
    style = re.search(r"<style>(.*?)</style>", html, re.S).group(1)
    return dict(re.findall(r"\.(at-[\d-]+)\{grid-area:([\d/]+)\}", style))


@pytest.mark.parametrize(
    ("lang", "venue", "title"),
    [
        ("kk", "Металлургтер мәдениет сарайы", "Гала-концерт"),
        ("ru", "Дворец культуры металлургов", "Гала-концерт"),
        ("en", "Palace of Culture of Metallurgists", "Gala concert"),
    ],
)
def test_grid_puts_venues_across_and_times_down(client, lang, venue, title):
    programme, day = make_almaty_days()
    make_concert(day, start="18:00", end="20:00")

    html = client.get(URL.format(lang=lang)).content.decode()

    assert '<ul class="venue-grid venue-grid--columns-1">' in html
    assert f'<li class="venue-grid__head at-1-2-2-3">{venue}</li>' in html
    assert '<li class="venue-grid__time at-2-1-3-2">18:00</li>' in html
    # A moment at which something only ends is a line of the grid, not an item a screen reader announces.
    assert '<li class="venue-grid__time venue-grid__time--ends at-3-1-4-2" aria-hidden="true">20:00</li>' in html
    assert '<li class="venue-grid__session venue-grid__session--scheduled at-2-2-3-3">' in html
    assert placements(html) == {
        "at-1-1-2-2": "1/1/2/2",  # the corner above the times
        "at-1-2-2-3": "1/2/2/3",
        "at-2-1-3-2": "2/1/3/2",
        "at-2-2-3-3": "2/2/3/3",
        "at-3-1-4-2": "3/1/4/2",
    }
    assert title in html


def test_grid_places_its_cells_by_classes_in_a_style_its_policy_allows_by_hash(client):
    programme, day = make_almaty_days()
    make_concert(day, start="18:00", end="20:00")

    response = client.get(URL.format(lang="en"))

    html = response.content.decode()
    style = re.search(r"<style>(.*?)</style>", html, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    style_src = re.search(r"style-src ([^;]*)", response["Content-Security-Policy"]).group(1).split()
    assert f"'sha256-{digest}'" in style_src
    assert "'unsafe-inline'" not in style_src
    assert ".venue-grid--columns-1{--columns:1}" in style
    assert " style=" not in html


def test_grid_is_a_labelled_focusable_scroll_region(client):
    programme, day = make_almaty_days()
    make_concert(day)

    html = client.get(URL.format(lang="en")).content.decode()

    assert '<div class="grid-scroll" role="region" tabindex="0" aria-labelledby="grid-2025-10-09">' in html
    assert '<section>\n<h2 id="grid-2025-10-09">' in html


def test_overlapping_sessions_in_one_venue_get_their_own_lanes(client):
    programme, day = make_almaty_days()
    palace = make_palace()
    make_concert(day, space=palace, start="18:00", end="20:00")
    make_session(
        day=day, space=palace, start="19:00", end="21:00", takes_space=False, **names("Көрме", "Выставка", "Exhibition")
    )

    html = client.get(URL.format(lang="en")).content.decode()

    assert '<li class="venue-grid__head at-1-2-2-4">Palace of Culture of Metallurgists</li>' in html
    assert '<li class="venue-grid__session venue-grid__session--scheduled at-2-2-4-3">' in html
    assert '<li class="venue-grid__session venue-grid__session--scheduled at-3-3-5-4">' in html
    placed = placements(html)
    assert {cell: placed.get(cell) for cell in ("at-1-2-2-4", "at-2-2-4-3", "at-3-3-5-4")} == {
        "at-1-2-2-4": "1/2/2/4",  # the palace's heading spans both lanes
        "at-2-2-4-3": "2/2/4/3",
        "at-3-3-5-4": "3/3/5/4",
    }


def test_grid_lists_whole_day_items_and_leaves_out_drafts(client):
    programme, day = make_almaty_days()
    make_concert(day)
    make_session(day=day, **names("Ашық сабақтар", "Открытые уроки", "Open lessons"))
    make_session(day=day, start="12:00", published=False, **names("Жаттығу", "Репетиция", "Rehearsal"))

    html = client.get(URL.format(lang="en")).content.decode()

    assert "<h3>All day</h3>" in html
    assert "Open lessons" in html
    assert "Rehearsal" not in html


@pytest.mark.parametrize("n", [1, 3])
def test_grid_query_count_does_not_grow(client, django_assert_num_queries, n):
    programme, day = make_almaty_days()
    for i in range(n):
        session = make_concert(day, space=make_palace(slug=f"palace-{i}"), slug=f"concert-{i}", start=f"1{i}:00")
        add_person(session, make_person(), order=1)

    # 5 queries: the content revision (ETag and Last-Modified, sources.caching);
    # then the programme; its days; the sessions with day, space and
    # venue joined; their people.
    with django_assert_num_queries(5):
        response = client.get(URL.format(lang="kk"))

    assert response.content.decode().count('<li class="venue-grid__session ') == n


ALMATY = zoneinfo.ZoneInfo("Asia/Almaty")


def at(*args):
    """Patch the clock to a moment in Almaty time."""
    return mock.patch("django.utils.timezone.now", return_value=datetime.datetime(*args, tzinfo=ALMATY))


def make_venues(day, count: int) -> list:
    """``count`` venues with one session each, at 10:00, 11:00, ... (one grid column each)."""
    sessions = []
    for i in range(count):
        venue = make_venue(slug=f"school-{i}", **names(f"Мектеп {i}", f"Школа {i}", f"School {i}", "name"))
        sessions.append(
            make_session(
                day=day,
                space=make_space(venue=venue, slug="whole"),
                slug=f"lesson-{i}",
                start=f"{10 + i}:00",
                end=f"{10 + i}:45",
                **names(f"Сабақ {i}", f"Урок {i}", f"Lesson {i}"),
            )
        )
    return sessions


def test_nine_venues_make_nine_column_headings_and_no_filter(client):
    programme, day = make_almaty_days()
    make_venues(day, 9)

    html = client.get(URL.format(lang="en")).content.decode()

    assert re.findall(r'<li class="venue-grid__head at-1-\d+-2-\d+">([^<]*)</li>', html) == [
        f"School {i}" for i in range(9)
    ]
    assert "Show only these venues" not in html


def test_a_phone_reads_the_grid_as_a_list_by_time_each_item_naming_its_place(client, settings):
    settings.CHANGE_BADGE_DAYS = 0  # every session here is new; the order is what is read
    programme, day = make_almaty_days()
    make_venues(day, 2)

    html = client.get(URL.format(lang="ru")).content.decode()

    # In the page's order: each time, then what starts at it with its place; the CSS lays the same list out as a grid.
    cells = re.findall(r'<li class="venue-grid__(time|session)[^"]*"[^>]*>(.*?)</li>', html, re.S)
    read = [re.sub(r"<[^>]+>", " ", text).split() for kind, text in cells if kind in ("time", "session")]
    assert [" ".join(words) for words in read] == [
        "10:00",
        "Урок 0 10:00 – 10:45 Школа 0",
        "10:45",
        "11:00",
        "Урок 1 11:00 – 11:45 Школа 1",
        "11:45",
    ]
    assert html.count('<span class="venue-grid__place">') == 2


def test_more_venues_than_fit_offer_a_venue_filter_that_keeps_the_chosen_columns(client):
    programme, day = make_almaty_days()
    make_venues(day, 10)

    page = client.get(URL.format(lang="kk")).content.decode()
    chosen = client.get(URL.format(lang="en") + "?venue=school-3&venue=school-7&venue=nowhere").content.decode()

    assert "Тек мына орындарды көрсету" in page
    assert page.count('<input type="checkbox" name="venue"') == 10
    assert re.findall(r'<li class="venue-grid__head at-1-\d+-2-\d+">([^<]*)</li>', chosen) == ["School 3", "School 7"]
    assert '<input type="checkbox" name="venue" value="school-3" checked>' in chosen
    assert "Lesson 5" not in chosen
    assert '<a href="/en/programmes/days-of-almaty/grid/">Show every venue</a>' in chosen


def test_during_the_day_a_now_line_crosses_the_row_it_falls_in(client):
    programme, day = make_almaty_days()
    make_concert(day, start="18:00", end="20:00")

    with at(2025, 10, 9, 18, 30):
        html = client.get(URL.format(lang="en")).content.decode()
    with at(2025, 10, 10, 18, 30):
        next_day = client.get(URL.format(lang="en")).content.decode()

    # 18:30 is a quarter of the way from 18:00 to 20:00, in the row of 18:00 (row 2), across the times and the palace.
    assert (
        '<li class="venue-grid__now at-2-1-3-3" id="now"><span class="venue-grid__now-rule now-25">'
        '<span class="venue-grid__now-label">Now, 18:30</span></span></li>'
    ) in html
    assert placements(html)["at-2-1-3-3"] == "2/1/3/3"
    assert ".now-25{top:25%}" in html
    assert '<a href="#now">Go to the current time</a>' in html
    assert 'id="now"' not in next_day


def test_the_now_line_moves_the_page_validator_with_the_clock(client):
    programme, day = make_almaty_days()
    make_concert(day, start="18:00", end="20:00")

    with at(2025, 10, 9, 18, 30):
        first = client.get(URL.format(lang="en"))
    with at(2025, 10, 9, 18, 31):
        again = client.get(URL.format(lang="en"), HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 200
    assert "Now, 18:31" in again.content.decode()
