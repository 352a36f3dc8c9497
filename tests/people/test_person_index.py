import pytest
from django.urls import reverse
from django.utils import translation

from people.models import PersonKind
from tests.factories import make_public_person

pytestmark = pytest.mark.django_db


def index_url(language):
    with translation.override(language):
        return reverse("people:index")


@pytest.mark.parametrize(
    ("language", "name", "group"),
    [
        ("kk", "Ержан Серікбаев", "«Тұмар» ансамблі"),
        ("ru", "Ержан Серикбаев", "Ансамбль «Тумар»"),
        ("en", "Yerzhan Serikbayev", "Tumar ensemble"),
    ],
)
def test_person_index_in_each_language(client, language, name, group):
    make_public_person(name_kk="Ержан Серікбаев", name_ru="Ержан Серикбаев", name_en="Yerzhan Serikbayev")
    make_public_person(
        kind=PersonKind.GROUP, name_kk="«Тұмар» ансамблі", name_ru="Ансамбль «Тумар»", name_en="Tumar ensemble"
    )

    html = client.get(index_url(language)).content.decode()

    assert f'<html lang="{language}">' in html
    assert f">{name}</a>" in html
    assert f">{group}</a>" in html


def test_person_index_groups_by_kind_in_order(client):
    make_public_person(kind=PersonKind.INSTITUTION, name_en="East Kazakhstan Regional Museum")
    make_public_person(kind=PersonKind.GROUP, name_en="Tumar ensemble")
    make_public_person(kind=PersonKind.PERSON, name_en="Zhanna Bekova")
    make_public_person(kind=PersonKind.PERSON, name_en="Aigerim Abenova")

    html = client.get(index_url("en")).content.decode()

    assert '<h2 id="people">People</h2>' in html
    assert '<h2 id="groups">Groups and ensembles</h2>' in html
    assert '<h2 id="institutions">Institutions</h2>' in html
    order = ["Aigerim Abenova", "Zhanna Bekova", "Tumar ensemble", "East Kazakhstan Regional Museum"]
    positions = [html.index(f">{name}</a>") for name in order]
    assert positions == sorted(positions)


def test_person_index_leaves_out_empty_sections(client):
    make_public_person(kind=PersonKind.PERSON, name_en="Aigerim Abenova")

    html = client.get(index_url("en")).content.decode()

    assert '<h2 id="people">People</h2>' in html
    assert "Institutions" not in html


def test_person_index_names_the_affiliation_and_marks_a_fallback(client):
    museum = make_public_person(kind=PersonKind.INSTITUTION, name_en="Regional Museum")
    make_public_person(name_kk="", name_ru="Бекова Ж.", name_en="", affiliation=museum)

    html = client.get(index_url("en")).content.decode()

    assert '<span lang="ru">Бекова Ж.</span>' in html
    assert '<span class="meta">— Regional Museum</span>' in html


def test_person_index_is_cacheable_and_sets_no_cookies(client):
    response = client.get(index_url("ru"))

    assert response["Cache-Control"] == "public, max-age=300"
    # The language is in the URL: a shared cache needs no Vary on Accept-Language.
    assert "Accept-Language" not in response.get("Vary", "")
    assert response.cookies == {}


@pytest.mark.parametrize("n", [1, 3])
def test_person_index_query_count_does_not_grow(client, django_assert_num_queries, n):
    museum = make_public_person(kind=PersonKind.INSTITUTION)
    for _ in range(n):
        make_public_person(affiliation=museum)
    url = index_url("en")

    # 2 queries: the content revision (ETag and Last-Modified, sources.caching);
    # then the people with their affiliation joined
    with django_assert_num_queries(2):
        client.get(url)


def test_person_index_sorts_kazakh_names_in_alphabet_order(client):
    for name in ["Бауыржан Байбек", "Әлібек Днишев", "Айгерім Әбенова", "Қасым Тоқаев", "Кәмила Ахметова"]:
        make_public_person(name_kk=name)

    html = client.get(index_url("kk")).content.decode()

    order = ["Айгерім Әбенова", "Әлібек Днишев", "Бауыржан Байбек", "Кәмила Ахметова", "Қасым Тоқаев"]
    positions = [html.index(f">{name}</a>") for name in order]
    assert positions == sorted(positions)
