"""The programme page: days with dates, time slots, places, performers; structured data; caching."""

import datetime
import json
import re

import pytest

from events.models import Status
from tests.events.factories_pages import (
    add_person,
    make_almaty_days,
    make_concert,
    make_day,
    make_palace,
    make_person,
    make_session,
    make_space,
    names,
)
from tests.factories import make_venue

pytestmark = pytest.mark.django_db

URL = "/{lang}/programmes/days-of-almaty/"


def json_ld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


@pytest.fixture
def programme_day():
    programme, day = make_almaty_days()
    make_concert(day)
    school = make_venue(
        slug="school-44", **names("№44 орта мектеп", "Средняя школа №44", "Secondary School No. 44", "name")
    )
    lyceum = make_venue(slug="lyceum", **names("Лицей", "Лицей", "Lyceum", "name"))
    for number, venue in enumerate([school, lyceum], start=1):
        make_session(
            day=day,
            start="10:00",
            end="12:30",
            space=make_space(venue=venue),
            platform_number=number,
            slug=f"dialogue-platform-{number}",
            **names("Диалог алаңы", "Диалоговая площадка", "Dialogue platform"),
        )
    make_session(
        day=day,
        slug="open-lessons",
        location_note_en="Schools of Oskemen",
        location_note_ru="Школы Усть-Каменогорска",
        location_note_kk="Өскемен мектептері",
        **names("Ашық сабақтар", "Открытые уроки", "Open lessons"),
    )
    make_session(
        day=day, start="12:00", published=False, slug="rehearsal", **names("Жаттығу", "Репетиция", "Rehearsal")
    )
    return programme, day


@pytest.mark.parametrize(
    ("lang", "title", "date", "venue", "all_day", "platform"),
    [
        (
            "kk",
            "Шығыс Қазақстан облысындағы Алматы күндері",
            "9 [Ққ]азан 2025 ж\\.",
            "Металлургтер мәдениет сарайы",
            "",
            "",
        ),
        (
            "ru",
            "Дни Алматы в Восточно-Казахстанской области",
            "9 октября 2025 г.",
            "Дворец культуры металлургов",
            "",
            "",
        ),
        (
            "en",
            "Days of Almaty in East Kazakhstan Region",
            "9 October 2025",
            "Palace of Culture of Metallurgists",
            "All day",
            "Platform No. 2",
        ),
    ],
)
def test_programme_page_shows_days_slots_places_and_performers(
    client, programme_day, lang, title, date, venue, all_day, platform
):
    response = client.get(URL.format(lang=lang))

    html = response.content.decode()
    assert f"<h1>{title}</h1>" in html
    assert re.search(f'<time datetime="2025-10-09">{date}</time>', html)
    assert venue in html
    assert "18:00" in html
    assert (
        '<time datetime="2025-10-09T10:00:00+0500">10:00</time>–<time datetime="2025-10-09T12:30:00+0500">12:30</time>'
        in html
    )
    assert all_day in html
    assert platform in html
    assert "Роза Рымбаева" in html or "Roza Rymbayeva" in html


def test_sessions_come_in_time_order_whole_day_items_first(client, programme_day):
    # After the list of days: the "changed since yesterday" strip above it names sessions too.
    html = client.get(URL.format(lang="en")).content.decode().split('<nav aria-label="Days">')[1]

    positions = [
        html.index(text) for text in ["All day", "Open lessons", "10:00", "Dialogue platform", "18:00", "Gala concert"]
    ]
    assert positions == sorted(positions)


def test_parallel_sessions_share_one_slot(client, programme_day):
    html = client.get(URL.format(lang="en")).content.decode()

    slot = html.split('<h3 class="slot__time"><time datetime="2025-10-09T10:00:00+0500">')[1].split("</ul>")[0]
    assert slot.count('<li class="session-card') == 2
    assert "Secondary School No. 44</a>, Platform No. 1" in slot
    assert "Lyceum</a>, Platform No. 2" in slot


def test_draft_session_is_not_on_the_page(client, programme_day):
    html = client.get(URL.format(lang="en")).content.decode()

    assert "Rehearsal" not in html
    assert json_ld(html)["numberOfItems"] == 4


def test_draft_programme_is_not_found(client):
    make_almaty_days(is_published=False)

    response = client.get(URL.format(lang="en"))

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_cancelled_session_says_so_on_the_programme(client, programme_day):
    programme, day = programme_day
    make_session(
        day=day, start="20:00", status=Status.CANCELLED, slug="fireworks", **names("Отшашу", "Салют", "Fireworks")
    )

    html = client.get(URL.format(lang="en")).content.decode()

    card = html.split('<li class="session-card session-card--cancelled">')[1].split("</li>")[0]
    assert "Fireworks" in card
    assert '<p class="status">Cancelled</p>' in card


@pytest.mark.parametrize(
    ("lang", "status"),
    [
        ("kk", "Ауыстырылды: 10 қазанға ауыстырылды."),
        ("ru", "Перенесено: Перенесён на 10 октября."),
        ("en", "Moved: Moved to 10 October."),
    ],
)
def test_moved_session_card_says_where_it_went(client, programme_day, lang, status):
    programme, day = programme_day
    make_session(
        day=day,
        start="20:00",
        status=Status.MOVED,
        slug="fireworks",
        status_note_kk="10 қазанға ауыстырылды.",
        status_note_ru="Перенесён на 10 октября.",
        status_note_en="Moved to 10 October.",
        **names("Отшашу", "Салют", "Fireworks"),
    )

    html = client.get(URL.format(lang=lang)).content.decode()

    card = html.split('<li class="session-card session-card--moved">')[1].split("</li>")[0]
    assert f'<p class="status">{status}</p>' in card


def test_programme_page_carries_an_item_list_of_events(client, programme_day):
    html = client.get(URL.format(lang="en")).content.decode()

    data = json_ld(html)
    assert data["@type"] == "ItemList"
    concert = next(item["item"] for item in data["itemListElement"] if item["item"]["name"] == "Gala concert")
    assert concert["startDate"] == "2025-10-09T18:00:00+05:00"
    assert concert["location"]["name"] == "Palace of Culture of Metallurgists"
    assert concert["eventStatus"] == "https://schema.org/EventScheduled"
    assert concert["url"] == "http://testserver/en/sessions/gala-concert/"


def test_structured_data_cannot_close_its_script_element(client):
    programme, day = make_almaty_days()
    make_concert(day, **names("</script><b>", "</script><b>", "</script><b> & co"))

    html = client.get(URL.format(lang="en")).content.decode()

    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in script
    assert "\\u003C/script\\u003E\\u003Cb\\u003E \\u0026 co" in script
    assert json_ld(html)["itemListElement"][0]["item"]["name"] == "</script><b> & co"


def test_public_page_is_cacheable_and_sets_no_cookie(client, programme_day):
    response = client.get(URL.format(lang="en"))

    assert response["Cache-Control"] == "public, max-age=300"
    # The language is in the URL: a shared cache needs no Vary on Accept-Language.
    assert "Accept-Language" not in response.get("Vary", "")
    assert "Cookie" not in response.get("Vary", "")
    assert response.cookies == {}
    assert "Last-Modified" in response.headers


def test_opengraph_and_title_name_the_programme(client, programme_day):
    html = client.get(URL.format(lang="ru")).content.decode()

    assert "<title>Дни Алматы в Восточно-Казахстанской области — " in html
    assert '<meta property="og:title" content="Дни Алматы в Восточно-Казахстанской области">' in html
    assert '<meta property="og:url" content="http://testserver/ru/programmes/days-of-almaty/">' in html


def test_month_only_day_shows_the_month(client):
    programme, day = make_almaty_days()
    make_day(programme=programme, date=datetime.date(2025, 11, 1), date_precision="month")

    html = client.get(URL.format(lang="en")).content.decode()

    assert '<time datetime="2025-11">November 2025</time>' in html


@pytest.mark.parametrize("n", [1, 3])
def test_programme_page_query_count_does_not_grow(client, django_assert_num_queries, n):
    programme, day = make_almaty_days()
    second_day = make_day(programme=programme, date=datetime.date(2025, 10, 10))
    for i in range(n):
        space = make_palace(slug=f"palace-{i}")
        session = make_concert(day if i % 2 else second_day, space=space, slug=f"concert-{i}", start=f"1{i}:00")
        add_person(session, make_person(), order=1)

    # 6 queries: the content revision (ETag and Last-Modified, sources.caching);
    # then the programme; its days; the changes since yesterday (the strip);
    # the sessions with day, space and venue joined, their recent change
    # annotated (badges); the people of those sessions.
    with django_assert_num_queries(6):
        response = client.get(URL.format(lang="en"))

    assert response.content.decode().count('<li class="session-card') == n
