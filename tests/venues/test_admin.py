import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import make_space, make_venue

pytestmark = pytest.mark.django_db


def make_venues(n: int) -> None:
    for i in range(n):
        venue = make_venue(name_en=f"Palace {i}")
        make_space(venue=venue, name_en="Great hall")
        make_space(venue=venue, name_en="Foyer")


# The Django session, the user, the filtered and the full count, the rows
# (venues with their space count annotated; spaces joined to their venue).
@pytest.mark.parametrize("model", ["venues_venue", "venues_space"])
@pytest.mark.parametrize("n", [1, 3])
def test_changelist_query_count_does_not_grow(organiser_client, django_assert_num_queries, model, n):
    make_venues(n)

    with django_assert_num_queries(5):
        response = organiser_client.get(reverse(f"admin:{model}_changelist"))

    assert response.context["cl"].result_count == n * (2 if model == "venues_space" else 1)


def test_venue_changelist_shows_names_and_space_counts(organiser_client):
    make_venues(1)

    response = organiser_client.get(reverse("admin:venues_venue_changelist"))

    assert list(response.context["cl"].result_list.values_list("name_en", "space_count")) == [("Palace 0", 2)]
    assert "Palace 0" in response.content.decode()


def test_space_changelist_names_the_venue(organiser_client):
    make_venues(1)

    response = organiser_client.get(reverse("admin:venues_space_changelist"))

    html = response.content.decode()
    assert "Palace 0, Great hall" in html
    assert "Palace 0, Foyer" in html


def test_venue_page_edits_its_spaces_with_language_tabs(organiser_client):
    venue = make_venue()
    make_space(venue=venue, name_en="Great hall")

    response = organiser_client.get(reverse("admin:venues_venue_change", args=[venue.pk]))

    html = response.content.decode()
    assert 'value="Great hall"' in html
    assert 'name="spaces-0-name_kk"' in html
    assert "/static/vendor/jquery-ui/jquery-ui.min.js" in html


def test_space_search_finds_the_venue_name_in_russian(organiser_client):
    make_space(venue=make_venue(name_ru="Дворец культуры"), name_en="Hall")
    make_space(venue=make_venue(name_ru="Школа"), name_en="Hall")

    response = organiser_client.get(reverse("admin:venues_space_changelist"), {"q": "Дворец"})

    assert response.context["cl"].result_count == 1


def metallurgists_palace():
    """A palace with its whole space and a foyer, named in three languages, and a school beside it."""
    palace = make_venue(
        name_kk="Металлургтер мәдениет сарайы",
        name_ru="Дворец культуры металлургов",
        name_en="Metallurgists' Palace of Culture",
    )
    whole = make_space(venue=palace, slug="whole")
    foyer = make_space(venue=palace, slug="foyer", name_kk="Фойе", name_ru="Фойе", name_en="Foyer")
    make_space(venue=make_venue(name_kk="№ 12 мектеп", name_ru="Школа № 12", name_en="School No. 12"), slug="whole")
    return whole, foyer


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("kk", ["Металлургтер мәдениет сарайы", "Металлургтер мәдениет сарайы, Фойе"]),
        ("ru", ["Дворец культуры металлургов", "Дворец культуры металлургов, Фойе"]),
        ("en", ["Metallurgists' Palace of Culture", "Metallurgists' Palace of Culture, Foyer"]),
    ],
)
def test_a_space_is_named_by_its_venue_in_the_organisers_language(language, expected):
    whole, foyer = metallurgists_palace()

    with translation.override(language):
        labels = [str(whole), str(foyer)]

    assert labels == expected


@pytest.mark.parametrize("term", ["Металл", "металл", "МЕТАЛЛ", "metallurg"])
def test_space_autocomplete_finds_the_venue_by_any_case_and_names_it(organiser_client, term):
    whole, foyer = metallurgists_palace()

    response = organiser_client.get(
        reverse("admin:autocomplete"),
        {"term": term, "app_label": "events", "model_name": "session", "field_name": "space"},
        HTTP_ACCEPT_LANGUAGE="kk",
    )

    assert response.json()["results"] == [
        {"id": str(foyer.pk), "text": "Металлургтер мәдениет сарайы, Фойе"},
        {"id": str(whole.pk), "text": "Металлургтер мәдениет сарайы"},
    ]


@pytest.mark.parametrize("n", [1, 3])
def test_space_autocomplete_query_count_does_not_grow(organiser_client, django_assert_num_queries, n):
    for _ in range(n):
        metallurgists_palace()

    # The Django session, the user, the paginator's count, the spaces with their venues joined.
    with django_assert_num_queries(4):
        response = organiser_client.get(
            reverse("admin:autocomplete"),
            {"term": "", "app_label": "events", "model_name": "session", "field_name": "space"},
        )

    assert len(response.json()["results"]) == 3 * n
