import pytest
from django.urls import reverse

from people.models import Honour, PersonKind
from tests.factories import make_person

pytestmark = pytest.mark.django_db


def make_people(n: int) -> None:
    for i in range(n):
        ensemble = make_person(kind=PersonKind.GROUP, name_en=f"Ensemble {i}")
        person = make_person(name_en=f"Singer {i}", affiliation=ensemble)
        person.honours.add(
            Honour.objects.create(slug=f"honour-{i}-a", name_en=f"Honoured artist {i}"),
            Honour.objects.create(slug=f"honour-{i}-b", name_en=f"Laureate {i}"),
        )


@pytest.mark.parametrize("n", [1, 3])
def test_person_changelist_query_count_does_not_grow(organiser_client, django_assert_num_queries, n):
    make_people(n)

    # The Django session, the user, the honours filter's choices, the filtered
    # and the full count, the people joined to their affiliation, their honours.
    with django_assert_num_queries(7):
        response = organiser_client.get(reverse("admin:people_person_changelist"))

    assert response.context["cl"].result_count == 2 * n


@pytest.mark.parametrize("n", [1, 3])
def test_honour_changelist_query_count_does_not_grow(organiser_client, django_assert_num_queries, n):
    make_people(n)

    # The Django session, the user, the filtered and the full count, the honours.
    with django_assert_num_queries(5):
        response = organiser_client.get(reverse("admin:people_honour_changelist"))

    assert response.context["cl"].result_count == 2 * n


def test_person_changelist_shows_affiliation_and_honours(organiser_client):
    make_people(1)

    response = organiser_client.get(reverse("admin:people_person_changelist"))

    html = response.content.decode()
    assert "Singer 0" in html
    assert "Ensemble 0" in html
    assert "Honoured artist 0, Laureate 0" in html


def test_person_search_covers_every_language(organiser_client):
    make_person(name_kk="Әйгерім", name_ru="Айгерим", name_en="Aigerim")
    make_person(name_en="Someone else")
    url = reverse("admin:people_person_changelist")

    found = [organiser_client.get(url, {"q": q}).context["cl"].result_count for q in ("Әйгерім", "Айгерим", "Aigerim")]

    assert found == [1, 1, 1]
