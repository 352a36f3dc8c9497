"""The session page: time with its UTC offset, place, people with honours, topics, status, source."""

import datetime
import json
import re

import pytest

from events.models import Role, Status, TopicKind
from tests.events.factories_pages import (
    add_person,
    make_almaty_days,
    make_concert,
    make_day,
    make_honour,
    make_person,
    make_programme,
    make_session,
    make_source,
    make_topic,
    names,
)

pytestmark = pytest.mark.django_db

URL = "/{lang}/sessions/gala-concert/"


def json_ld(html: str) -> dict:
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))


@pytest.fixture
def concert():
    programme, day = make_almaty_days()
    session = make_concert(
        day,
        source=make_source(),
        **names(
            "Мерекелік концерт.\n\nӘншілер.",
            "Праздничный концерт.\n\nПоют звёзды.",
            "A festive concert.\n\nStars sing.",
            "description",
        ),
    )
    tenor = make_person(
        slug="andrey-tregubenko", **names("Андрей Трегубенко", "Андрей Трегубенко", "Andrey Tregubenko", "name")
    )
    tenor.honours.add(make_honour("honoured-worker", "Honoured Worker of the Republic of Kazakhstan"))
    add_person(session, tenor, order=1)
    make_topic("opera", "Opera arias", TopicKind.ACTIVITY, session=session)
    return session


@pytest.mark.parametrize(
    ("lang", "title", "date", "venue", "singer", "honour"),
    [
        (
            "kk",
            "Гала-концерт",
            "2025 ж.",
            "Металлургтер мәдениет сарайы",
            "Роза Рымбаева",
            "Honoured Worker of the Republic of Kazakhstan (kk)",
        ),
        (
            "ru",
            "Гала-концерт",
            "9 октября 2025 г.",
            "Дворец культуры металлургов",
            "Роза Рымбаева",
            "Honoured Worker of the Republic of Kazakhstan (ru)",
        ),
        (
            "en",
            "Gala concert",
            "9 October 2025",
            "Palace of Culture of Metallurgists",
            "Roza Rymbayeva",
            "Honoured Worker of the Republic of Kazakhstan",
        ),
    ],
)
def test_session_page_shows_when_where_and_who(client, concert, lang, title, date, venue, singer, honour):
    html = client.get(URL.format(lang=lang)).content.decode()

    assert f"<h1>{title}</h1>" in html
    assert date in html
    assert '<time datetime="2025-10-09T18:00:00+0500">18:00</time>' in html
    assert "UTC+5" in html
    assert venue in html
    assert f'<a href="/{lang}/people/roza-rymbayeva-{concert.pk}/">{singer}</a>' in html
    assert honour in html


def test_session_page_in_english_reads_as_a_person_sees_it(client, concert):
    html = client.get(URL.format(lang="en")).content.decode()

    assert "Local time in Kazakhstan (UTC+5); the end time is not given" in html
    assert "<p>A festive concert.</p><p>Stars sing.</p>" in html
    assert "Andrey Tregubenko</a> — Performer" in html
    assert "<h2>What the programme includes</h2>\n<ul><li>Opera arias</li></ul>" in html
    assert "Source: Programme text. Written in Russian." in html
    assert (
        '<dd><a href="/en/venues/palace-of-culture-of-metallurgists/">'
        "Palace of Culture of Metallurgists</a>, Oskemen</dd>" in html
    )


def test_a_2023_session_states_utc_plus_6(client):
    programme = make_programme(slug="visit-2023")
    day = make_day(programme=programme, date=datetime.date(2023, 6, 1))
    make_concert(day, start="10:00")

    html = client.get(URL.format(lang="en")).content.decode()

    assert '<time datetime="2023-06-01T10:00:00+0600">10:00</time>' in html
    assert "Local time in Kazakhstan (UTC+6)" in html


@pytest.mark.parametrize(
    ("status", "banner", "ld_status"),
    [
        (Status.CANCELLED, "Cancelled: this session will not take place.", "EventCancelled"),
        (Status.MOVED, "Moved: the time or place of this session has changed.", "EventRescheduled"),
    ],
)
def test_cancelled_and_moved_sessions_are_unmistakable(client, status, banner, ld_status):
    programme, day = make_almaty_days()
    make_concert(day, status=status, **names("Себебі", "Причина", "The hall is being repaired.", "status_note"))

    html = client.get(URL.format(lang="en")).content.decode()

    assert f'<div class="status-banner" role="note">\n<p><strong>{banner}</strong></p>' in html
    assert "<p>The hall is being repaired.</p>" in html
    assert (
        '<dd><del><time datetime="2025-10-09">9 October 2025</time>, <time datetime="2025-10-09T18:00:00+0500">' in html
    )
    assert json_ld(html)["eventStatus"] == f"https://schema.org/{ld_status}"


def test_session_page_carries_an_event(client, concert):
    organiser = make_person(slug="akimat", **names("Әкімдік", "Акимат", "Akimat", "name"))
    add_person(concert, organiser, role=Role.ORGANISER, order=2)

    html = client.get(URL.format(lang="en")).content.decode()

    data = json_ld(html)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Event"
    assert data["name"] == "Gala concert"
    assert data["startDate"] == "2025-10-09T18:00:00+05:00"
    assert "endDate" not in data
    assert data["inLanguage"] == "en"
    assert data["location"] == {
        "@type": "Place",
        "name": "Palace of Culture of Metallurgists",
        "address": {"@type": "PostalAddress", "addressLocality": "Oskemen", "addressCountry": "KZ"},
    }
    assert [p["name"] for p in data["performer"]] == ["Roza Rymbayeva", "Andrey Tregubenko"]
    assert data["organizer"] == [{"@type": "Person", "name": "Akimat", "url": "http://testserver/en/people/akimat/"}]


def test_end_date_is_given_when_known(client):
    programme, day = make_almaty_days()
    make_concert(day, start="18:00", end="20:30")

    data = json_ld(client.get(URL.format(lang="ru")).content.decode())

    assert data["endDate"] == "2025-10-09T20:30:00+05:00"
    assert data["inLanguage"] == "ru"


def test_draft_session_is_not_found(client):
    programme, day = make_almaty_days()
    make_concert(day, is_published=False)

    response = client.get(URL.format(lang="en"))

    assert response.status_code == 404


def test_session_of_a_draft_programme_is_not_found(client):
    programme, day = make_almaty_days(is_published=False)
    make_session(day=day, slug="gala-concert")

    assert client.get(URL.format(lang="en")).status_code == 404


@pytest.mark.parametrize("n", [1, 3])
def test_session_page_query_count_does_not_grow(client, django_assert_num_queries, n):
    programme, day = make_almaty_days()
    session = make_concert(day)
    for i in range(n):
        person = make_person()
        person.honours.add(make_honour(f"honour-{i}", f"Honour {i}"))
        add_person(session, person, order=i + 1)
        make_topic(f"topic-{i}", f"Topic {i}", TopicKind.SPECIALTY, session=session, order=i)

    # 5 queries: the content revision (ETag and Last-Modified, sources.caching);
    # then the session with day, programme, space, venue, source and
    # exhibit joined; its people; their honours; its topics.
    with django_assert_num_queries(5):
        response = client.get(URL.format(lang="en"))

    assert response.content.decode().count("Honour ") == n


def test_a_note_about_the_sessions_people_is_shown_on_the_session_not_on_one_performer(client):
    programme, day = make_almaty_days()
    concert = make_concert(
        day,
        people_note_kk="Бағдарламада басқа орындаушылар да аталады",
        people_note_ru="В программе упомянуты и другие исполнители",
        people_note_en="The programme also mentions other performers",
    )

    html = client.get(f"/ru/sessions/{concert.slug}/").content.decode()

    assert "</ul>\n<p>В программе упомянуты и другие исполнители</p>" in html
    assert "Исполнитель: В программе" not in html
