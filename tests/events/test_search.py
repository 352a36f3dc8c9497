"""The search page: words in the page's language with fallback, any letter case in any alphabet,
any inflected form of a Kazakh, Russian or English word, and a misspelt word."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from events.models import Category, Role, SearchDocument, SessionTopic, Topic, TopicKind
from events.search_index import rebuild_all
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
    # programme, space, venue joined, ranked by their search documents) and their people;
    # matching people, venues and exhibits (one UNION)
    with django_assert_num_queries(5):
        client.get(path, {"q": "almaty"})


def test_words_that_find_only_a_venue_say_no_session_matches(client):
    # The district is searched among venues, not in the sessions held there.
    make_public_venue(name_en="Altai Technopark", district_en="Ulba district")

    html = search(client, q="ulba")

    assert "No sessions match these filters." in html
    assert "0 sessions" not in html
    assert ">Altai Technopark</a>" in html


# The gala concert and the street festival of the Days of Almaty, in the words of the source texts.
@pytest.fixture
def gala():
    venue = make_venue(
        name_kk="Металлургтер мәдениет сарайы",
        name_ru="Дворец культуры металлургов",
        name_en="Palace of Culture of Metallurgists",
    )
    return make_session(
        space=make_space(venue=venue),
        title_kk="Салтанатты гала-концерт",
        title_ru="Торжественный гала-концерт",
        title_en="Gala concert",
        description_kk="Концертке ҚР еңбек сіңірген мәдениет қайраткерлері қатысады.",
        description_ru="В концерте примут участие Заслуженные деятели культуры РК.",
        description_en="Honoured cultural figures of Kazakhstan take part in the concert.",
        category=Category.CULTURE,
        start="18:00",
    )


@pytest.fixture
def street_festival():
    return make_session(
        title_kk="Алматинская көшесінің мерекесі",
        title_ru="Праздник улицы Алматинская",
        title_en="Festival of Almatinskaya Street",
        description_kk="Көше мерекесінде қаланың шығармашылық ұжымдарының қатысуымен концерттік бағдарлама.",
        description_ru="На празднике улицы будет организована концертная программа.",
        description_en="The street festival has a concert programme by the city's companies.",
        category=Category.FESTIVAL,
        start="16:00",
    )


def found_titles(html: str) -> list[str]:
    """The titles of the sessions found, in the order shown."""
    return re.findall(r'<h3><a href="/\w\w/sessions/[^"]+/">(?:<span lang="\w\w">)?([^<]+)', html)


@pytest.mark.parametrize(
    ("language", "query", "title"),
    [
        ("ru", "концерта", "Торжественный гала-концерт"),
        ("ru", "концерты", "Торжественный гала-концерт"),
        ("ru", "КОНЦЕРТОВ", "Торжественный гала-концерт"),
        ("kk", "концерттер", "Салтанатты гала-концерт"),
        ("kk", "концертке", "Салтанатты гала-концерт"),
        ("kk", "концерттің", "Салтанатты гала-концерт"),
        ("kk", "концерттеріне", "Салтанатты гала-концерт"),
        ("en", "concerts", "Gala concert"),
    ],
)
def test_inflected_words_find_the_gala_concert_first(client, gala, street_festival, language, query, title):
    html = search(client, language, q=query)

    # The festival only mentions a concert programme in its description: it comes after.
    assert found_titles(html)[0] == title
    assert len(found_titles(html)) == 2


def test_hyphenated_words_are_searched_as_words(client, gala, street_festival):
    html = search(client, "en", q="Gala-concerts")

    assert found_titles(html) == ["Gala concert"]


@pytest.mark.parametrize(
    ("language", "query", "title"),
    [
        ("ru", "фестиваль", "Праздник улицы Алматинская"),
        ("ru", "фестивали", "Праздник улицы Алматинская"),
        ("kk", "фестиваль", "Алматинская көшесінің мерекесі"),
        ("kk", "фестивальдер", "Алматинская көшесінің мерекесі"),
        ("en", "festivals", "Festival of Almatinskaya Street"),
    ],
)
def test_the_category_is_searched(client, gala, street_festival, language, query, title):
    html = search(client, language, q=query)

    assert found_titles(html) == [title]


def test_english_plural_finds_an_exhibition_by_its_category(client, gala):
    make_session(title_en="Oskemen then and now", category=Category.EXHIBITION, start="11:00")

    html = search(client, "en", q="exhibitions")

    assert found_titles(html) == ["Oskemen then and now"]


@pytest.mark.parametrize(
    ("language", "title"), [("ru", "Торжественный гала-концерт"), ("kk", "Салтанатты гала-концерт")]
)
def test_a_misspelt_word_finds_the_closest_spelling(client, gala, street_festival, language, title):
    # pg_trgm similarity on PostgreSQL, the same measure in Python on SQLite.
    html = search(client, language, q="консерт")

    assert found_titles(html) == [title]


def test_a_misspelling_is_not_looked_for_when_the_word_is_found(client, gala):
    make_session(title_en="Concerto evening", start="20:00")

    html = search(client, "en", q="concert")

    # "concert" starts "concerto": found by its stem, so no near spellings are added.
    assert found_titles(html) == ["Gala concert", "Concerto evening"]


def test_a_misspelling_far_from_every_word_finds_nothing(client, gala):
    html = search(client, "ru", q="кинофильм")

    assert found_titles(html) == []
    assert "По запросу «кинофильм» ничего не найдено." in html


@pytest.mark.parametrize(
    ("language", "query"),
    [("kk", "сарайында"), ("ru", "металлургов"), ("ru", "Дворце"), ("en", "metallurgists palace")],
)
def test_the_venue_is_searched_in_any_form(client, gala, street_festival, language, query):
    html = search(client, language, q=query)

    assert len(found_titles(html)) == 1


def test_people_and_topics_are_searched_and_rank_after_the_title(client, gala, street_festival):
    add_person(street_festival, make_person(name_kk="Роза Рымбаева", name_ru="Роза Рымбаева", name_en="Roza Rymbayeva"))
    topic = Topic.objects.create(
        slug="solo", kind=TopicKind.ACTIVITY, name_kk="Гала жеке нөмір", name_ru="Гала-номер", name_en="Gala solo"
    )
    SessionTopic.objects.create(session=street_festival, topic=topic)

    by_person = search(client, "ru", q="Рымбаевой")
    by_topic = search(client, "en", q="gala")

    assert found_titles(by_person) == ["Праздник улицы Алматинская"]
    # "Gala" is in the concert's title and in a topic of the festival.
    assert found_titles(by_topic) == ["Gala concert", "Festival of Almatinskaya Street"]


def test_documents_follow_edits_of_the_session_and_what_it_names(client, gala):
    person = make_person(name_en="Medet Chotabayev")
    add_person(gala, person)
    gala.title_en = "Evening of stars"
    gala.save()
    person.name_en = "Arlan Quartet"
    person.save()
    venue = gala.space.venue
    venue.name_en = "Oskemen Philharmonic"
    venue.save()

    assert found_titles(search(client, "en", q="stars")) == ["Evening of stars"]
    assert found_titles(search(client, "en", q="gala")) == []
    assert found_titles(search(client, "en", q="quartets")) == ["Evening of stars"]
    assert found_titles(search(client, "en", q="chotabayev")) == []
    assert found_titles(search(client, "en", q="philharmonic")) == ["Evening of stars"]


def test_a_removed_performer_no_longer_finds_the_session(client, gala):
    appearance = add_person(gala, make_person(name_en="Medet Chotabayev"))

    appearance.delete()

    assert found_titles(search(client, "en", q="chotabayev")) == []


def test_deleting_a_session_deletes_its_documents(gala):
    add_person(gala, make_person(name_en="Medet Chotabayev"))

    gala.delete()

    assert not SearchDocument.objects.exists()


def test_rebuilding_writes_every_session_in_every_language(gala, street_festival):
    SearchDocument.objects.all().delete()

    rebuild_all()

    document = SearchDocument.objects.get(session=gala, language="kk")
    assert document.title == " салтанатты салтанат гала концерт "
    assert SearchDocument.objects.filter(session=street_festival).count() == 3


def test_a_draft_session_is_not_found_by_any_form(client, gala):
    make_session(title_ru="Закрытый концерт", published=False)

    html = search(client, "ru", q="концерты")

    assert found_titles(html) == ["Торжественный гала-концерт"]


def test_rebuild_search_command_writes_the_documents(gala):
    SearchDocument.objects.all().delete()
    out = io.StringIO()

    call_command("rebuild_search", stdout=out)

    assert out.getvalue() == "Wrote 3 search documents.\n"
    assert SearchDocument.objects.get(session=gala, language="en").title == " gala concert "


@pytest.mark.parametrize(("language", "query"), [("ru", "театрах"), ("kk", "театрында"), ("en", "theatres")])
def test_people_and_venues_are_listed_for_an_inflected_word(client, language, query):
    make_public_venue(
        name_kk="Қазақ драма театры",
        name_ru="Казахский театр драмы",
        name_en="Kazakh Drama Theatre",
        city_en="Oskemen",
    )

    html = search(client, language, q=query)

    name = {"kk": "Қазақ драма театры", "ru": "Казахский театр драмы", "en": "Kazakh Drama Theatre"}[language]
    assert f">{name}</a>" in html.split('id="found-venues"')[1]
