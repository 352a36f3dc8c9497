import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from events.models import Role, Status
from gallery.models import ExhibitPhotographer, Photo
from people.models import Honour, PersonKind
from tests.factories import (
    add_person,
    make_day,
    make_exhibit,
    make_person,
    make_programme,
    make_session,
    make_space,
    make_venue,
)

pytestmark = pytest.mark.django_db


def person_url(person, language):
    with translation.override(language):
        return reverse("people:person", kwargs={"slug": person.slug})


@pytest.fixture
def singer():
    person = make_person(
        slug="singer",
        name_kk="Айгүл Иманбаева",
        name_ru="Айгуль Иманбаева",
        name_en="Aigul Imanbayeva",
        description_kk="Әнші.",
        description_ru="Певица.",
        description_en="Singer.",
    )
    honour = Honour.objects.create(
        slug="honoured-artist",
        name_kk="Қазақстанның еңбек сіңірген әртісі",
        name_ru="Заслуженная артистка Казахстана",
        name_en="Honoured Artist of Kazakhstan",
    )
    person.honours.add(honour)
    return person


@pytest.mark.parametrize(
    ("language", "name", "honour", "description", "date"),
    [
        ("kk", "Айгүл Иманбаева", "Қазақстанның еңбек сіңірген әртісі", "Әнші.", "2025 ж. 9 қазан"),
        ("ru", "Айгуль Иманбаева", "Заслуженная артистка Казахстана", "Певица.", "9 октября 2025 г."),
        ("en", "Aigul Imanbayeva", "Honoured Artist of Kazakhstan", "Singer.", "9 October 2025"),
    ],
)
def test_person_page_in_each_language(client, singer, language, name, honour, description, date):
    day = make_day(date=datetime.date(2025, 10, 9))
    session = make_session(
        day=day, start="18:00", title_kk="Гала-концерт", title_ru="Гала-концерт", title_en="Gala concert"
    )
    add_person(session, singer)

    html = client.get(person_url(singer, language)).content.decode()

    assert f'<html lang="{language}">' in html
    assert f"<h1>{name}</h1>" in html
    assert f"<li>{honour}</li>" in html
    assert f"<p>{description}</p>" in html
    assert f'<time datetime="2025-10-09">{date}</time>' in html.replace("Қазан", "қазан")
    assert '<time datetime="2025-10-09T18:00:00+0500">18:00</time>' in html
    with translation.override(language):
        assert f'<a href="{session.get_absolute_url()}">' in html


def test_person_page_shows_roles_and_notes_per_session(client, singer):
    session = make_session(start="18:00", title_en="Gala concert")
    add_person(session, singer, role=Role.PERFORMER)
    appearance = add_person(session, singer, role=Role.HOST, order=1)
    appearance.note_en = "opens the evening"
    appearance.save()

    html = client.get(person_url(singer, "en")).content.decode()

    assert "<p>Performer; Host (opens the evening)</p>" in html
    assert html.count("Gala concert") == 1


def test_person_page_shows_venue_and_time_order(client, singer):
    space = make_space(venue=make_venue(name_en="Palace of the Republic"), name_en="Main hall")
    programme = make_programme()
    later = make_session(day=make_day(programme=programme, date=datetime.date(2025, 10, 10)), title_en="Later")
    earlier = make_session(
        day=make_day(programme=programme, date=datetime.date(2025, 10, 9)),
        space=space,
        start="10:00",
        title_en="Earlier",
    )
    add_person(later, singer)
    add_person(earlier, singer)

    html = client.get(person_url(singer, "en")).content.decode()

    assert html.index("Earlier") < html.index("Later")
    assert "Palace of the Republic, Main hall" in html


def test_person_page_marks_a_cancelled_session(client, singer):
    add_person(make_session(start="18:00", title_en="Gala concert", status=Status.CANCELLED), singer)

    html = client.get(person_url(singer, "en")).content.decode()

    assert "<del>Gala concert</del>" in html
    assert '<span class="status">Cancelled</span>' in html


def test_person_page_hides_sessions_that_are_not_published(client, singer):
    add_person(make_session(title_en="Public concert"), singer)
    add_person(make_session(title_en="Draft session", published=False), singer)
    hidden_day = make_day(programme=make_programme(published=False))
    add_person(make_session(day=hidden_day, title_en="Session of a draft programme"), singer)

    html = client.get(person_url(singer, "en")).content.decode()

    assert "Public concert" in html
    assert "Draft session" not in html
    assert "Session of a draft programme" not in html


def test_person_page_links_the_affiliation_and_lists_members(client):
    museum = make_person(kind=PersonKind.INSTITUTION, name_en="Regional Museum")
    member = make_person(name_en="Zhanna Bekova", affiliation=museum)
    add_person(make_session(), member)

    member_html = client.get(person_url(member, "en")).content.decode()
    museum_html = client.get(person_url(museum, "en")).content.decode()

    with translation.override("en"):
        assert f'<dd><a href="{museum.get_absolute_url()}">Regional Museum</a></dd>' in member_html
        assert f'<a href="{member.get_absolute_url()}">Zhanna Bekova</a>' in museum_html
    # Whether a record is a person, group or institution is the site's own filing, not something to read.
    assert "<dt>Kind</dt>" not in museum_html
    assert "Institution</dd>" not in museum_html


def test_person_page_lists_exhibits_photographed_and_held_in_collection(client):
    photographer = make_person(name_en="Photographer")
    museum = make_person(kind=PersonKind.INSTITUTION, name_en="Museum")
    credited = make_exhibit(title_en="Credited exhibit", institution=museum)
    ExhibitPhotographer.objects.create(exhibit=credited, person=photographer)
    by_photo = make_exhibit(title_en="Exhibit with one photo by them")
    Photo.objects.create(exhibit=by_photo, key="p1", photographer=photographer)
    hidden = make_exhibit(title_en="Unpublished exhibit", institution=museum, published=False)
    ExhibitPhotographer.objects.create(exhibit=hidden, person=photographer)

    photographer_html = client.get(person_url(photographer, "en")).content.decode()
    museum_html = client.get(person_url(museum, "en")).content.decode()

    assert "Credited exhibit" in photographer_html
    assert "Exhibit with one photo by them" in photographer_html
    assert "Unpublished exhibit" not in photographer_html
    assert "Exhibits from their collection" in museum_html
    assert "Credited exhibit" in museum_html
    assert "Unpublished exhibit" not in museum_html


def test_person_page_without_sessions_says_so(client, singer):
    ExhibitPhotographer.objects.create(exhibit=make_exhibit(), person=singer)

    html = client.get(person_url(singer, "en")).content.decode()

    assert "No sessions are announced for them yet." in html


def test_person_named_only_in_drafts_is_hidden(client, singer):
    add_person(make_session(title_en="Draft session", published=False), singer)
    draft_exhibit = make_exhibit(published=False)
    ExhibitPhotographer.objects.create(exhibit=draft_exhibit, person=singer)

    page = client.get(person_url(singer, "en"))
    index = client.get(person_url(singer, "en").rsplit("/", 2)[0] + "/").content.decode()

    assert page.status_code == 404
    assert "Aigul Imanbayeva" not in index


def test_unknown_person_is_404(client):
    response = client.get("/ru/people/no-such-person/")

    assert response.status_code == 404


def test_person_page_is_cacheable_and_sets_no_cookies(client, singer):
    add_person(make_session(), singer)

    response = client.get(person_url(singer, "kk"))

    assert response["Cache-Control"] == "public, max-age=300"
    # The language is in the URL: a shared cache needs no Vary on Accept-Language.
    assert "Accept-Language" not in response.get("Vary", "")
    assert response.cookies == {}


@pytest.mark.parametrize("n", [1, 3])
def test_person_page_query_count_does_not_grow(client, django_assert_num_queries, n):
    museum = make_person(kind=PersonKind.INSTITUTION)
    person = make_person(kind=PersonKind.GROUP, affiliation=museum)
    for i in range(n):
        person.honours.add(Honour.objects.create(slug=f"honour-{i}", name_en=f"Honour {i}"))
        make_person(affiliation=person)
        space = make_space()
        add_person(make_session(space=space, start=f"1{i}:00"), person)
        exhibit = make_exhibit(institution=person)
        ExhibitPhotographer.objects.create(exhibit=exhibit, person=person)
        Photo.objects.create(exhibit=exhibit, key=f"p{i}", photographer=person)
    url = person_url(person, "en")

    # 6 queries: the content revision (ETag and Last-Modified, sources.caching);
    # then the person with affiliation joined, honours, appearances in published sessions
    # (with day, programme, space and venue joined), members, and one for the published
    # exhibits they photographed (credited or by a photo) or lent from their collection
    with django_assert_num_queries(6):
        client.get(url)
