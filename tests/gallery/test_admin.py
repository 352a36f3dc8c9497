import pytest
from django.urls import reverse

from gallery.models import Exhibit, ExhibitPhotographer, Photo
from tests.factories import make_person, make_session

pytestmark = pytest.mark.django_db


def make_exhibits(n: int) -> None:
    for i in range(n):
        photographer = make_person(name_en=f"Photographer {i}")
        exhibit = Exhibit.objects.create(
            slug=f"exhibit-{i}",
            title_en=f"Almaty in photographs {i}",
            institution=make_person(name_en=f"Archive {i}"),
        )
        make_session(title_en=f"Exhibition opening {i}", exhibit=exhibit)
        ExhibitPhotographer.objects.create(exhibit=exhibit, person=photographer)
        Photo.objects.create(exhibit=exhibit, key="first", caption_en=f"Medeu {i}", photographer=photographer)


# The Django session, the user, then per changelist: the exhibit filter's
# choices (photos and photographers only), the filtered and the full count, and
# the rows joined to the relations they show (photo count annotated on exhibits).
CHANGELISTS = [("gallery_exhibit", 5), ("gallery_photo", 6), ("gallery_exhibitphotographer", 6)]


@pytest.mark.parametrize(("model", "queries"), CHANGELISTS)
@pytest.mark.parametrize("n", [1, 3])
def test_changelist_query_count_does_not_grow(organiser_client, django_assert_num_queries, model, queries, n):
    make_exhibits(n)

    with django_assert_num_queries(queries):
        response = organiser_client.get(reverse(f"admin:{model}_changelist"))

    assert response.context["cl"].result_count == n


def test_exhibit_changelist_shows_institution_session_and_photo_count(organiser_client):
    make_exhibits(1)

    response = organiser_client.get(reverse("admin:gallery_exhibit_changelist"))

    html = response.content.decode()
    assert "Almaty in photographs 0" in html
    assert "Archive 0" in html
    assert "Exhibition opening 0" in html
    assert list(response.context["cl"].result_list.values_list("photo_count", flat=True)) == [1]


def test_photo_changelist_shows_caption_exhibit_and_photographer(organiser_client):
    make_exhibits(1)

    response = organiser_client.get(reverse("admin:gallery_photo_changelist"))

    html = response.content.decode()
    assert "Medeu 0" in html
    assert "Photographer 0" in html
    assert 'alt="False"' in html  # the "image" column: no file uploaded yet


def test_exhibit_page_has_photographer_and_photo_inlines(organiser_client):
    make_exhibits(1)
    exhibit = Exhibit.objects.get()

    response = organiser_client.get(reverse("admin:gallery_exhibit_change", args=[exhibit.pk]))

    html = response.content.decode()
    assert 'name="credits-TOTAL_FORMS"' in html
    assert 'name="photos-0-caption_kk"' in html
    assert 'value="Medeu 0"' in html
