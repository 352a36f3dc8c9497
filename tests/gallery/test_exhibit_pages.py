import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image

from gallery.models import ExhibitPhotographer, Photo
from people.models import PersonKind
from tests.factories import (
    make_day,
    make_exhibit,
    make_person,
    make_programme,
    make_session,
    make_space,
    make_venue,
)

pytestmark = pytest.mark.django_db


def url(name, language, **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def jpeg(width=40, height=30) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "steelblue").save(buffer, "JPEG")
    return SimpleUploadedFile("photo.jpg", buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def exhibit():
    museum = make_person(
        kind=PersonKind.INSTITUTION,
        slug="museum",
        name_kk="Облыстық музей",
        name_ru="Областной музей",
        name_en="Regional Museum",
    )
    exhibit = make_exhibit(
        slug="old-almaty",
        title_kk="Ескі Алматы",
        title_ru="Старая Алма-Ата",
        title_en="Old Almaty",
        description_en="Photographs of the city.",
        photographers_note_kk="және басқалар",
        photographers_note_ru="и другие",
        photographers_note_en="and others",
        institution=museum,
    )
    for order, name in enumerate(["Second Photographer", "First Photographer"][::-1]):
        person = make_person(name_kk=name, name_ru=name, name_en=name)
        ExhibitPhotographer.objects.create(exhibit=exhibit, person=person, order=order)
    return exhibit


@pytest.mark.parametrize(
    ("language", "title", "museum", "note", "date"),
    [
        ("kk", "Ескі Алматы", "Облыстық музей", "және басқалар", "9 қазан 2025 ж."),
        ("ru", "Старая Алма-Ата", "Областной музей", "и другие", "9 октября 2025 г."),
        ("en", "Old Almaty", "Regional Museum", "and others", "9 October 2025"),
    ],
)
def test_exhibit_page_in_each_language(client, exhibit, language, title, museum, note, date):
    venue = make_venue(name_kk="Музей", name_ru="Музей", name_en="Museum building")
    session = make_session(
        day=make_day(date=datetime.date(2025, 10, 9)),
        space=make_space(venue=venue),
        start="11:00",
        end="17:00",
        exhibit=exhibit,
    )

    html = client.get(url("gallery:exhibit", language, slug=exhibit.slug)).content.decode()

    assert f'<html lang="{language}">' in html
    assert f"<h1>{title}</h1>" in html
    with translation.override(language):
        assert f'<a href="{exhibit.institution.get_absolute_url()}">{museum}</a>' in html
        assert f'<a href="{session.get_absolute_url()}">' in html
        assert f'<a href="{venue.get_absolute_url()}">' in html
    assert f"Second Photographer</a> {note}</dd>" in html
    assert f'<time datetime="2025-10-09">{date}</time>' in html.replace("Қазан", "қазан")
    assert '<time datetime="2025-10-09T11:00:00+0500">11:00</time>–' in html


def test_exhibit_page_lists_photographers_in_order(client, exhibit):
    html = client.get(url("gallery:exhibit", "en", slug=exhibit.slug)).content.decode()

    assert html.index("First Photographer") < html.index("Second Photographer")


@pytest.mark.parametrize(
    ("language", "heading", "caption"),
    [
        ("kk", "Көрмеде", "Зеньков соборы"),
        ("ru", "На выставке", "Собор Зенькова"),
        ("en", "In the exhibit", "Zenkov Cathedral"),
    ],
)
def test_an_exhibit_without_photographs_reads_as_a_complete_page_not_a_gallery(
    client, exhibit, language, heading, caption
):
    Photo.objects.create(
        exhibit=exhibit,
        key="p1",
        caption_kk="Зеньков соборы",
        caption_ru="Собор Зенькова",
        caption_en="Zenkov Cathedral",
        alt_text_en="A wooden cathedral",
    )
    Photo.objects.create(exhibit=exhibit, key="p2")  # nothing to say about it: left out

    html = client.get(url("gallery:exhibit", language, slug=exhibit.slug)).content.decode()

    main = html[html.index("<main") : html.index("</main>")]
    assert f'<h2 id="described">{heading}</h2>' in main
    assert f"<li>{caption}</li>" in main
    # No frame waiting for a picture, no gallery heading, no promise of files to come.
    for absent in ("<img", "<figure", 'id="photos"', "pending", "later"):
        assert absent not in main


def test_photo_whose_file_is_missing_from_storage_is_described_in_words(client, exhibit):
    photo = Photo.objects.create(exhibit=exhibit, key="p1", caption_en="Lost file")
    Photo.objects.filter(pk=photo.pk).update(image="photos/2025/not-there.jpg")

    html = client.get(url("gallery:exhibit", "en", slug=exhibit.slug)).content.decode()

    assert "<li>Lost file</li>" in html
    assert "not-there.jpg" not in html
    assert "<img" not in html


def test_photo_with_a_file_is_a_responsive_image_with_alt_text_and_credit(client, exhibit):
    photographer = make_person(name_en="Photographer Name")
    Photo.objects.create(
        exhibit=exhibit,
        key="p1",
        image=jpeg(40, 30),
        caption_en="Medeu skating rink",
        alt_text_en="Skaters on an open-air rink",
        photographer=photographer,
    )

    html = client.get(url("gallery:exhibit", "en", slug=exhibit.slug)).content.decode()

    photo = Photo.objects.get()
    assert f'<img src="{photo.image.url}" srcset="{photo.image.url} 40w"' in html
    assert 'width="40" height="30" alt="Skaters on an open-air rink"' in html
    assert "<figcaption>Medeu skating rink" in html
    with translation.override("en"):
        assert f'Photo: <a href="{photographer.get_absolute_url()}">Photographer Name</a>' in html


def test_exhibit_page_does_not_link_an_unpublished_session(client, exhibit):
    make_session(title_en="Draft opening", published=False, exhibit=exhibit)

    html = client.get(url("gallery:exhibit", "en", slug=exhibit.slug)).content.decode()

    assert "Draft opening" not in html
    assert "Shown at" not in html


def test_unpublished_exhibit_is_404_and_not_on_the_index(client):
    hidden = make_exhibit(title_en="Hidden exhibit", published=False)
    make_exhibit(title_en="Public exhibit")

    detail = client.get(url("gallery:exhibit", "en", slug=hidden.slug))
    index = client.get(url("gallery:index", "en")).content.decode()

    assert detail.status_code == 404
    assert "Public exhibit" in index
    assert "Hidden exhibit" not in index


def test_unknown_exhibit_is_404(client):
    response = client.get("/kk/exhibits/no-such-exhibit/")

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("language", "title", "museum"),
    [
        ("kk", "Ескі Алматы", "Облыстық музей"),
        ("ru", "Старая Алма-Ата", "Областной музей"),
        ("en", "Old Almaty", "Regional Museum"),
    ],
)
def test_exhibit_index_in_each_language(client, exhibit, language, title, museum):
    Photo.objects.create(exhibit=exhibit, key="p1")
    Photo.objects.create(exhibit=exhibit, key="p2")

    html = client.get(url("gallery:index", language)).content.decode()

    assert f'<html lang="{language}">' in html
    with translation.override(language):
        assert f'<a href="{exhibit.get_absolute_url()}">{title}</a>' in html
    assert museum in html


def test_exhibit_index_counts_photos_and_names_the_session_day(client, exhibit):
    make_session(day=make_day(date=datetime.date(2025, 10, 10)), exhibit=exhibit)
    Photo.objects.create(exhibit=exhibit, key="p1", image=jpeg())
    Photo.objects.create(exhibit=exhibit, key="p2", image=jpeg())
    Photo.objects.create(exhibit=exhibit, key="p3")  # no file: not a photo anyone can look at

    html = client.get(url("gallery:index", "en")).content.decode()

    assert '2 photos · <time datetime="2025-10-10">10 October 2025</time>' in html


def test_exhibit_index_does_not_count_photos_of_an_exhibit_with_none_to_show(client, exhibit):
    make_session(day=make_day(date=datetime.date(2025, 10, 10)), exhibit=exhibit)
    Photo.objects.create(exhibit=exhibit, key="p1")

    html = client.get(url("gallery:index", "ru")).content.decode()

    assert '<p class="meta"><time datetime="2025-10-10">' in html
    assert "фото" not in html[html.index("<main") : html.index("</main>")].replace("Фотовыставки", "")


def test_exhibit_pages_are_cacheable_and_set_no_cookies(client, exhibit):
    for response in (
        client.get(url("gallery:index", "en")),
        client.get(url("gallery:exhibit", "en", slug=exhibit.slug)),
    ):
        assert response["Cache-Control"] == "public, max-age=300"
        # The language is in the URL: a shared cache needs no Vary on Accept-Language.
        assert "Accept-Language" not in response.get("Vary", "")
        assert response.cookies == {}


@pytest.mark.parametrize("n", [1, 3])
def test_exhibit_page_query_count_does_not_grow(client, django_assert_num_queries, n):
    exhibit = make_exhibit(
        institution=make_person(kind=PersonKind.INSTITUTION),
        session=make_session(space=make_space(), start="10:00"),
    )
    for i in range(n):
        ExhibitPhotographer.objects.create(exhibit=exhibit, person=make_person(), order=i)
        Photo.objects.create(exhibit=exhibit, key=f"p{i}", photographer=make_person())
    page = url("gallery:exhibit", "en", slug=exhibit.slug)

    # 4 queries: the content revision (ETag and Last-Modified, sources.caching);
    # then the exhibit with institution, session, day, programme, space and venue joined
    # (and whether the session is published), photographers in order, photos with their photographer
    with django_assert_num_queries(4):
        client.get(page)


@pytest.mark.parametrize("n", [1, 3])
def test_exhibit_index_query_count_does_not_grow(client, django_assert_num_queries, n):
    programme = make_programme()
    for i in range(n):
        exhibit = make_exhibit(
            institution=make_person(kind=PersonKind.INSTITUTION),
            session=make_session(day=make_day(programme=programme, date=datetime.date(2025, 10, 1 + i))),
        )
        Photo.objects.create(exhibit=exhibit, key="p1")
    page = url("gallery:index", "en")

    # 2 queries: the content revision (ETag and Last-Modified, sources.caching);
    # then published exhibits with institution, session, day, space and venue joined, photo count annotated
    with django_assert_num_queries(2):
        client.get(page)
