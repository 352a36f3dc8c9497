"""The day page: its own URL, the day's slots in time order, links to the other days."""

import datetime

import pytest

from tests.events.factories_pages import (
    add_person,
    make_almaty_days,
    make_concert,
    make_day,
    make_palace,
    make_person,
    make_session,
    names,
)

pytestmark = pytest.mark.django_db

URL = "/{lang}/programmes/days-of-almaty/2025-10-09/"


@pytest.mark.parametrize(
    ("lang", "heading", "venue", "singer"),
    [
        ("kk", "2025 ж.", "Металлургтер мәдениет сарайы", "Роза Рымбаева"),
        ("ru", "9 октября 2025 г.", "Дворец культуры металлургов", "Роза Рымбаева"),
        ("en", "9 October 2025", "Palace of Culture of Metallurgists", "Roza Rymbayeva"),
    ],
)
def test_day_page_shows_the_days_sessions(client, lang, heading, venue, singer):
    programme, day = make_almaty_days()
    make_concert(day)

    html = client.get(URL.format(lang=lang)).content.decode()

    h1 = html.split("<h1>")[1].split("</h1>")[0]
    assert heading in h1
    assert '<time datetime="2025-10-09T18:00:00+0500">18:00</time>' in html
    assert venue in html
    assert singer in html


def test_day_page_leaves_out_drafts_and_other_days(client):
    programme, day = make_almaty_days()
    make_concert(day)
    make_session(day=day, start="12:00", published=False, **names("Жаттығу", "Репетиция", "Rehearsal"))
    other = make_day(programme=programme, date=datetime.date(2025, 10, 10))
    make_session(day=other, start="11:00", **names("Келесі", "Следующий", "Tomorrow's talk"))

    html = client.get(URL.format(lang="en")).content.decode()

    assert "Gala concert" in html
    assert "Rehearsal" not in html
    assert "Tomorrow&#x27;s talk" not in html
    assert (
        '<a href="/en/programmes/days-of-almaty/2025-10-10/" rel="next">'
        'Next day: <time datetime="2025-10-10">10 October 2025</time></a>' in html
    )


def test_day_page_prints_its_address(client):
    programme, day = make_almaty_days()
    make_concert(day)

    html = client.get(URL.format(lang="en")).content.decode()

    assert (
        '<p class="print-only print-url">Printed from http://testserver/en/programmes/days-of-almaty/2025-10-09/</p>'
        in html
    )


@pytest.mark.parametrize(
    "url", ["/en/programmes/days-of-almaty/2025-10-11/", "/en/programmes/days-of-almaty/2025-02-30/"]
)
def test_unknown_or_impossible_date_is_not_found(client, url):
    make_almaty_days()

    response = client.get(url)

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.parametrize("n", [1, 3])
def test_day_page_query_count_does_not_grow(client, django_assert_num_queries, n):
    programme, day = make_almaty_days()
    for i in range(n):
        session = make_concert(day, space=make_palace(slug=f"palace-{i}"), slug=f"concert-{i}", start=f"1{i}:00")
        add_person(session, make_person(), order=1)

    # 5 queries: the content revision (ETag and Last-Modified, sources.caching);
    # then the programme; its days (for the day and its neighbours); the
    # day's sessions with space and venue joined; their people.
    with django_assert_num_queries(5):
        response = client.get(URL.format(lang="ru"))

    assert response.content.decode().count('<li class="session-card') == n


@pytest.mark.parametrize(
    ("lang", "shown", "title"),
    [
        ("kk", "9 қазан", "<title>9 қазан — "),
        ("ru", "9 октября", "<title>9 октября — "),
        ("en", "9 October", "<title>9 October — "),
    ],
)
def test_a_day_whose_year_is_assumed_is_shown_without_it(client, lang, shown, title):
    programme, day = make_almaty_days()
    day.year_assumed = True
    day.save()
    make_concert(day)

    html = client.get(URL.format(lang=lang)).content.decode()
    search = client.get(f"/{lang}/search/").content.decode()

    h1 = html.split("<h1>")[1].split("</h1>")[0]
    assert f'<time datetime="10-09">{shown}</time>' in h1
    assert title in html
    assert "2025" not in h1
    assert f'<option value="2025-10-09">{shown}</option>' in search
