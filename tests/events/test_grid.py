"""The grid view: venues across, time down, in a labelled scroll region."""

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

    assert f'<li class="venue-grid__head" style="grid-area: 1 / 2 / 2 / span 1">{venue}</li>' in html
    assert '<li class="venue-grid__time" style="grid-area: 2 / 1">18:00</li>' in html
    assert '<li class="venue-grid__time" style="grid-area: 3 / 1">20:00</li>' in html
    assert '<li class="venue-grid__session" style="grid-area: 2 / 2 / 3">' in html
    assert title in html


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

    assert 'style="grid-area: 1 / 2 / 2 / span 2">Palace of Culture of Metallurgists</li>' in html
    assert '<li class="venue-grid__session" style="grid-area: 2 / 2 / 4">' in html
    assert '<li class="venue-grid__session" style="grid-area: 3 / 3 / 5">' in html


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

    assert response.content.decode().count('<li class="venue-grid__session"') == n
