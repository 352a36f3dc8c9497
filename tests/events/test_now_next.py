"""Now and next, in Almaty time, with a fixed clock."""

import datetime
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
    names,
)

pytestmark = pytest.mark.django_db

ALMATY = zoneinfo.ZoneInfo("Asia/Almaty")
URL = "/{lang}/programmes/days-of-almaty/now/"


def at(*args):
    """Patch the clock to a moment in Almaty time."""
    return mock.patch("django.utils.timezone.now", return_value=datetime.datetime(*args, tzinfo=ALMATY))


@pytest.fixture
def day_of_talks():
    programme, day = make_almaty_days()
    make_session(
        day=day,
        start="10:00",
        end="12:30",
        slug="dialogue",
        **names("Диалог алаңы", "Диалоговая площадка", "Dialogue platform"),
    )
    make_session(
        day=day, start="14:30", end="15:30", slug="exhibition", **names("Көрме", "Выставка", "Interactive exhibition")
    )
    make_session(day=day, start="14:30", slug="forum", **names("Форум", "Форум", "Business forum"))
    make_session(day=day, start="14:00", published=False, slug="draft", **names("Жаттығу", "Репетиция", "Rehearsal"))
    make_concert(day, start="18:00")
    return programme, day


def section(html: str, heading: str) -> str:
    return html.split(f"<h2>{heading}</h2>")[1].split("<h2>")[0]


def test_during_a_session_it_is_now_and_the_next_slot_follows(client, day_of_talks):
    with at(2025, 10, 9, 11, 0):
        html = client.get(URL.format(lang="en")).content.decode()

    assert "Dialogue platform" in section(html, "Now")
    following = section(html, "Next")
    assert "Interactive exhibition" in following
    assert "Business forum" in following
    assert "Gala concert" not in following
    assert "Rehearsal" not in html
    assert "As of 11:00, 9 October 2025 (local time, UTC+5)." in html


def test_between_sessions_nothing_is_on(client, day_of_talks):
    with at(2025, 10, 9, 13, 0):
        html = client.get(URL.format(lang="en")).content.decode()

    assert "Nothing is on at this moment." in section(html, "Now")
    assert "Interactive exhibition" in section(html, "Next")


def test_a_session_without_an_end_is_on_for_the_rest_of_its_day(client, day_of_talks):
    with at(2025, 10, 9, 19, 0):
        html = client.get(URL.format(lang="en")).content.decode()

    assert "Gala concert" in section(html, "Now")
    assert "Nothing more is planned in this programme." in section(html, "Next")


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("kk", "Шығыс Қазақстан облысындағы Алматы күндері"),
        ("ru", "Дни Алматы в Восточно-Казахстанской области"),
        ("en", "The programme starts in 8 days."),
    ],
)
def test_before_the_programme_it_counts_the_days(client, day_of_talks, lang, text):
    with at(2025, 10, 1, 12, 0):
        html = client.get(URL.format(lang=lang)).content.decode()

    assert text in html
    assert "8" in html.split('<p class="lead">')[1].split("</p>")[0]
    assert "<h2>" not in html.split("<main")[1]


def test_one_day_before(client, day_of_talks):
    with at(2025, 10, 8, 23, 59):
        html = client.get(URL.format(lang="en")).content.decode()

    assert "The programme starts in 1 day." in html


def test_after_the_programme_it_has_ended(client, day_of_talks):
    with at(2025, 10, 10, 0, 5):
        html = client.get(URL.format(lang="en")).content.decode()

    assert "The programme has ended." in html


@pytest.mark.parametrize("n", [1, 3])
def test_now_next_query_count_does_not_grow(client, django_assert_num_queries, n):
    programme, day = make_almaty_days()
    for i in range(n):
        session = make_concert(day, space=make_palace(slug=f"palace-{i}"), slug=f"concert-{i}", start="18:00")
        add_person(session, make_person(), order=1)

    # 5 queries: the content revision (ETag and Last-Modified, sources.caching);
    # then the programme; its days; the sessions on now or later with
    # day, space and venue joined; their people.
    with at(2025, 10, 9, 12, 0), django_assert_num_queries(5):
        response = client.get(URL.format(lang="en"))

    assert section(response.content.decode(), "Next").count('<li class="session-card') == n


@pytest.mark.parametrize(
    ("lang", "open_ended", "all_day"),
    [
        ("kk", "Басталуы: 09:00; аяқталу уақыты көрсетілмеген", "Бүгін күні бойы; уақыты көрсетілмеген"),
        ("ru", "Началось в 09:00; время окончания не указано", "Сегодня весь день; время не указано"),
        ("en", "Started at 09:00; no end time is given", "All day today; the times are not given"),
    ],
)
def test_open_ended_and_whole_day_items_say_so_in_words(client, lang, open_ended, all_day):
    programme, day = make_almaty_days()
    make_session(day=day, start="09:00", **names("Диагностика", "Диагностика", "Diagnostics"))
    make_session(day=day, **names("Ашық сабақтар", "Открытые уроки", "Open lessons"))

    with at(2025, 10, 9, 17, 30):
        html = client.get(URL.format(lang=lang)).content.decode()

    now = section(html, {"kk": "Қазір", "ru": "Сейчас", "en": "Now"}[lang])
    assert f'<p class="when">{open_ended}</p>' in now
    # A whole-day card says so where the time would be, rather than leaving a gap.
    assert f'<p class="when">{all_day}</p>' in now
    assert '<p class="when"></p>' not in html
