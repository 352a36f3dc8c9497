"""The search page: words in the page's language with fallback, any letter case in any alphabet."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from events.models import Role
from gallery.models import Exhibit
from people.models import PersonKind
from tests.factories import (
    add_person,
    make_day,
    make_person,
    make_programme,
    make_public_person,
    make_public_venue,
    make_session,
    make_space,
    make_venue,
)

pytestmark = pytest.mark.django_db


def search(client, language="en", **params):
    with translation.override(language):
        path = reverse("events:search")
    return client.get(path, params).content.decode()


@pytest.fixture
def almaty_session():
    return make_session(
        slug="almaty-days",
        title_kk="Алматы күндері",
        title_ru="Дни Алматы",
        title_en="Days of Almaty",
        start="10:00",
    )


@pytest.mark.parametrize("query", ["АЛМАТЫ", "алматы", "Алматы", "аЛМаТы"])
def test_kazakh_words_match_in_any_case(client, almaty_session, query):
    html = search(client, "kk", q=query)

    assert ">Алматы күндері</a></h3>" in html


@pytest.mark.parametrize("query", ["ДНИ", "дни", "ДнИ"])
def test_russian_words_match_in_any_case(client, almaty_session, query):
    html = search(client, "ru", q=query)

    assert ">Дни Алматы</a></h3>" in html


@pytest.mark.parametrize("query", ["Өскемен", "өскемен", "ӨСКЕМЕН"])
def test_kazakh_letters_fold_in_venue_search(client, query):
    make_public_venue(
        name_kk="Қазақ драма театры",
        name_ru="Казахский театр драмы",
        name_en="Kazakh Drama Theatre",
        city_kk="Өскемен",
        city_ru="Усть-Каменогорск",
        city_en="Oskemen",
    )

    html = search(client, "kk", q=query)

    assert ">Қазақ драма театры</a>" in html


@pytest.mark.parametrize("query", ["ҚАЗАҚ", "қазақ", "Қазақ"])
def test_kazakh_letters_fold_in_person_search(client, query):
    make_public_person(
        kind=PersonKind.GROUP,
        name_kk="Қазақ биі ансамблі",
        name_ru="Ансамбль казахского танца",
        name_en="Kazakh Dance Ensemble",
    )

    html = search(client, "kk", q=query)

    assert ">Қазақ биі ансамблі</a>" in html


def test_words_in_a_fallback_language_are_found_and_marked(client):
    make_session(title_kk="", title_ru="Мастер-класс по хирургии", title_en="", start="09:00")

    html = search(client, "en", q="ХИРУРГИИ")

    assert '<span lang="ru">Мастер-класс по хирургии</span>' in html


def test_words_in_another_columns_language_also_match(client, almaty_session):
    html = search(client, "en", q="дни")

    assert ">Days of Almaty</a></h3>" in html


def test_every_word_must_match(client, almaty_session):
    make_session(title_en="Almaty jazz night", start="20:00")

    html = search(client, "en", q="almaty days")

    assert "Days of Almaty" in html
    assert "Almaty jazz night" not in html


def test_like_wildcards_in_the_query_are_plain_characters(client, almaty_session):
    html = search(client, "en", q="%")

    assert "Nothing found for “%”." in html
    assert "Days of Almaty" not in html


def test_sessions_are_found_by_a_performer_name(client, almaty_session):
    add_person(almaty_session, make_person(name_kk="Әлібек Днишев", name_ru="Алибек Днишев", name_en="Alibek Dnishev"))

    html = search(client, "kk", q="ӘЛІБЕК")

    assert ">Алматы күндері</a></h3>" in html
    assert ">Әлібек Днишев</a>" in html


def test_people_venues_and_exhibits_are_found(client):
    make_public_person(name_en="Oskemen Photographer")
    make_public_venue(name_en="Oskemen Drama Theatre")
    Exhibit.objects.create(slug="oskemen-then", title_en="Oskemen then and now", is_published=True)

    html = search(client, "en", q="oskemen")

    assert '<h2 id="found-people">' in html
    assert ">Oskemen Photographer</a>" in html
    assert ">Oskemen Drama Theatre</a>" in html
    assert ">Oskemen then and now</a>" in html


def test_hidden_objects_are_not_found(client):
    make_session(title_en="Secret rehearsal", published=False)
    make_session(day=make_day(programme=make_programme(published=False)), title_en="Secret programme session")
    Exhibit.objects.create(slug="secret", title_en="Secret exhibit", is_published=False)

    html = search(client, "en", q="secret")

    assert "Secret rehearsal" not in html
    assert "Secret programme session" not in html
    assert "Secret exhibit" not in html
    assert "Nothing found for “secret”." in html


def test_empty_search_shows_the_form_and_a_prompt_not_every_session(client, almaty_session):
    html = search(client, "en")

    assert "Type a name or a word, or choose a day, venue, category or person" in html
    assert "Days of Almaty</a></h3>" not in html
    assert '<label for="id_q">Words to look for</label>' in html


def test_no_results_says_so(client, almaty_session):
    html = search(client, "en", q="zzzz")

    assert "Nothing found for “zzzz”." in html


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_search_page_in_each_language(client, almaty_session, language):
    title = {"kk": "Алматы күндері", "ru": "Дни Алматы", "en": "Days of Almaty"}[language]

    html = search(client, language, q="алматы")

    assert f'<html lang="{language}">' in html
    assert f">{title}</a></h3>" in html
    assert '<meta name="robots" content="noindex">' in html


def test_search_page_is_cacheable_and_sets_no_cookies(client):
    with translation.override("en"):
        response = client.get(reverse("events:search"), {"q": "almaty"})

    assert response["Cache-Control"] == "public, max-age=300"
    # The language is in the URL: a shared cache needs no Vary on Accept-Language.
    assert "Accept-Language" not in response.get("Vary", "")
    assert response.cookies == {}


@pytest.mark.parametrize("n", [1, 3])
def test_search_query_count_does_not_grow(client, django_assert_num_queries, n):
    programme = make_programme()
    for i in range(n):
        session = make_session(
            day=make_day(programme=programme, date=datetime.date(2025, 10, 9 + i)),
            space=make_space(venue=make_venue(name_en=f"Almaty hall {i}")),
            title_en=f"Almaty session {i}",
            start="10:00",
        )
        add_person(session, make_person(name_en=f"Almaty singer {i}"), role=Role.PERFORMER)
        Exhibit.objects.create(slug=f"almaty-{i}", title_en=f"Almaty exhibit {i}", is_published=True)
    with translation.override("en"):
        path = reverse("events:search")

    # 5 queries: the content revision (ETag and Last-Modified, sources.caching);
    # then the form's days, venues and people (one UNION); the matching sessions (day,
    # programme, space, venue joined) and their people; matching people, venues and
    # exhibits (one UNION)
    with django_assert_num_queries(5):
        client.get(path, {"q": "almaty"})


def test_words_that_find_only_a_venue_say_no_session_matches(client):
    make_public_venue(name_en="Altai Technopark", name_ru="Технопарк «Алтай»", name_kk="«Алтай» технопаркі")

    html = search(client, q="technopark")

    assert "No sessions match these filters." in html
    assert "0 sessions" not in html
    assert ">Altai Technopark</a>" in html
