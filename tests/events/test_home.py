"""The home page: running programme with now and next first, then coming and past programmes."""

import datetime
import zoneinfo
from unittest import mock

import pytest

from tests.events.factories_pages import (
    add_person,
    make_almaty_days,
    make_concert,
    make_day,
    make_palace,
    make_person,
    make_programme,
    names,
)

pytestmark = pytest.mark.django_db

ALMATY = zoneinfo.ZoneInfo("Asia/Almaty")


def at(*args):
    return mock.patch("django.utils.timezone.now", return_value=datetime.datetime(*args, tzinfo=ALMATY))


@pytest.fixture
def programmes():
    programme, day = make_almaty_days()
    make_concert(day, start="18:00", end="20:00")
    conference = make_programme(
        slug="august-conference", **names("Тамыз кеңесі", "Августовская конференция", "The August conference")
    )
    make_day(programme=conference, date=datetime.date(2017, 8, 1), date_precision="month")
    make_programme(slug="draft", published=False, **names("Жоба", "Черновик", "Draft programme"))
    return programme


@pytest.mark.parametrize(
    ("lang", "title", "past"),
    [
        ("kk", "Шығыс Қазақстан облысындағы Алматы күндері", "Тамыз кеңесі"),
        ("ru", "Дни Алматы в Восточно-Казахстанской области", "Августовская конференция"),
        ("en", "Days of Almaty in East Kazakhstan Region", "The August conference"),
    ],
)
def test_home_lists_coming_and_past_programmes(client, programmes, lang, title, past):
    with at(2025, 9, 1, 12, 0):
        html = client.get(f"/{lang}/").content.decode()

    assert f'<a href="/{lang}/programmes/days-of-almaty/">{title}</a>' in html
    assert past in html
    assert html.index(title) < html.index(past)
    assert "Draft programme" not in html and "Черновик" not in html and "Жоба" not in html


def test_home_shows_dates_by_their_precision(client, programmes):
    with at(2025, 9, 1, 12, 0):
        html = client.get("/en/").content.decode()

    assert '<time datetime="2025-10-09">9 October 2025</time>' in html
    assert '<time datetime="2017-08">August 2017</time>' in html
    assert "Starts in 38 days." in html
    assert "This programme has ended." in html


def test_running_programme_shows_now_and_next_first(client, programmes):
    with at(2025, 10, 9, 18, 30):
        html = client.get("/en/").content.decode()

    main = html.split("<main")[1]
    now_next = main.split('<section class="now-next"')[1].split("</section>")[0]
    assert main.index('<section class="now-next"') < main.index("<h2>On now</h2>")
    assert "Gala concert" in now_next.split("<h3>Now</h3>")[1].split("<h3>Next</h3>")[0]
    assert '<time datetime="2025-10-09T18:00:00+0500">18:00</time>' in now_next


def test_home_is_cacheable_and_sets_no_cookie(client, programmes):
    response = client.get("/ru/")

    assert response["Cache-Control"] == "public, max-age=300"
    assert response.cookies == {}


@pytest.mark.parametrize("n", [1, 3])
def test_home_query_count_does_not_grow(client, django_assert_num_queries, n):
    programme, day = make_almaty_days()
    for i in range(n):
        session = make_concert(day, space=make_palace(slug=f"palace-{i}"), slug=f"concert-{i}", start="18:00")
        add_person(session, make_person(), order=1)
        make_day(programme=make_programme(), date=datetime.date(2017, 8, 1 + i))

    # 4 queries: the content revision (ETag and Last-Modified, sources.caching);
    # then the programmes with their first and last dates; the running
    # programme's sessions on now or next, with day, space and venue joined;
    # their people.
    with at(2025, 10, 9, 12, 0), django_assert_num_queries(4):
        response = client.get("/en/")

    assert response.content.decode().count('<li class="session-card') == n
