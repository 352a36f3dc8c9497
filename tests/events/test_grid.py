"""The grid view: venues across, time down, in a labelled scroll region."""

import base64
import hashlib
import re

import pytest

from tests.events.factories_pages import (
    add_person,
    make_almaty_days,
    make_concert,
    make_palace,
    make_person,
    make_session,
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
    assert '<li class="venue-grid__time at-3-1-4-2">20:00</li>' in html
    assert '<li class="venue-grid__session at-2-2-3-3">' in html
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
    assert '<h2 id="grid-2025-10-09">' in html


def test_overlapping_sessions_in_one_venue_get_their_own_lanes(client):
    programme, day = make_almaty_days()
    palace = make_palace()
    make_concert(day, space=palace, start="18:00", end="20:00")
    make_session(
        day=day, space=palace, start="19:00", end="21:00", takes_space=False, **names("Көрме", "Выставка", "Exhibition")
    )

    html = client.get(URL.format(lang="en")).content.decode()

    assert '<li class="venue-grid__head at-1-2-2-4">Palace of Culture of Metallurgists</li>' in html
    assert '<li class="venue-grid__session at-2-2-4-3">' in html
    assert '<li class="venue-grid__session at-3-3-5-4">' in html
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
