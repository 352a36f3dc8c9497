import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from events.models import Status
from tests.factories import make_day, make_programme, make_public_venue, make_session, make_space, make_venue

pytestmark = pytest.mark.django_db


def venue_url(venue, language):
    with translation.override(language):
        return reverse("venues:venue", kwargs={"slug": venue.slug})


@pytest.fixture
def venue():
    return make_public_venue(
        slug="palace",
        name_kk="Республика сарайы",
        name_ru="Дворец Республики",
        name_en="Palace of the Republic",
        city_kk="Өскемен",
        city_ru="Усть-Каменогорск",
        city_en="Oskemen",
        address_kk="",
        address_ru="",
        address_en="",
    )


@pytest.mark.parametrize(
    ("language", "name", "city", "hall", "date"),
    [
        ("kk", "Республика сарайы", "Өскемен", "Үлкен зал", "9 қазан 2025 ж."),
        ("ru", "Дворец Республики", "Усть-Каменогорск", "Большой зал", "9 октября 2025 г."),
        ("en", "Palace of the Republic", "Oskemen", "Main hall", "9 October 2025"),
    ],
)
def test_venue_page_in_each_language(client, venue, language, name, city, hall, date):
    space = make_space(venue=venue, slug="hall", name_kk="Үлкен зал", name_ru="Большой зал", name_en="Main hall")
    space.capacity = 800
    space.save()
    make_session(day=make_day(date=datetime.date(2025, 10, 9)), space=space, start="18:00", end="20:00")

    response = client.get(venue_url(venue, language))

    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert f"<h1>{name}</h1>" in html
    assert f"<dd>{city}</dd>" in html
    assert hall in html
    # Django's kk catalogue capitalises month names; the project's catalogue lowers them.
    assert f'<time datetime="2025-10-09">{date}</time>' in html.replace("Қазан", "қазан")
    assert '<time datetime="2025-10-09T18:00:00+0500">18:00</time>–' in html
    assert '<time datetime="2025-10-09T20:00:00+0500">20:00</time>' in html


def test_venue_page_in_english_says_address_is_not_given(client, venue):
    response = client.get(venue_url(venue, "en"))

    assert "The address is not given in the source." in response.content.decode()


def test_venue_page_shows_the_address_when_the_source_gives_it(client):
    venue = make_public_venue(address_kk="Абай даңғылы, 1", address_ru="проспект Абая, 1", address_en="1 Abai Avenue")

    html = client.get(venue_url(venue, "ru")).content.decode()

    assert "проспект Абая, 1" in html
    assert "Адрес в источнике не указан." not in html


def test_venue_page_lists_spaces_with_seats(client, venue):
    make_space(venue=venue, slug="hall", name_en="Main hall", capacity=800)
    make_space(venue=venue, slug="foyer", name_en="Foyer")

    html = client.get(venue_url(venue, "en")).content.decode()

    assert "Main hall — 800 seats" in html
    assert "Foyer" in html


def test_venue_page_groups_sessions_by_day_in_time_order(client, venue):
    space = make_space(venue=venue)
    day1 = make_day(date=datetime.date(2025, 10, 9))
    day2 = make_day(programme=day1.programme, date=datetime.date(2025, 10, 10))
    make_session(day=day2, space=space, start="10:00", title_en="Third")
    make_session(day=day1, space=space, start="15:00", title_en="Second")
    make_session(day=day1, space=space, start="09:00", title_en="First")

    html = client.get(venue_url(venue, "en")).content.decode()

    assert html.index("9 October 2025") < html.index("First") < html.index("Second")
    assert html.index("Second") < html.index("10 October 2025") < html.index("Third")


def test_venue_page_links_to_each_session(client, venue):
    session = make_session(space=make_space(venue=venue), start="10:00", title_en="Concert")

    html = client.get(venue_url(venue, "en")).content.decode()

    with translation.override("en"):
        assert f'<a href="{session.get_absolute_url()}">Concert</a>' in html


def test_venue_page_marks_a_cancelled_session(client, venue):
    make_session(space=make_space(venue=venue), start="10:00", title_en="Concert", status=Status.CANCELLED)

    html = client.get(venue_url(venue, "en")).content.decode()

    assert "<del>Concert</del>" in html
    assert '<span class="status">Cancelled</span>' in html


def test_venue_page_hides_unpublished_sessions(client, venue):
    space = make_space(venue=venue)
    make_session(space=space, start="10:00", title_en="Public concert")
    make_session(space=space, start="12:00", title_en="Draft concert", published=False)
    hidden_programme = make_programme(published=False)
    make_session(day=make_day(programme=hidden_programme), space=space, start="14:00", title_en="Draft programme")

    html = client.get(venue_url(venue, "en")).content.decode()

    assert "Public concert" in html
    assert "Draft concert" not in html
    assert "Draft programme" not in html


def test_venue_used_only_by_drafts_is_hidden_everywhere(client):
    hidden = make_venue(slug="hidden-hall", name_en="Hidden hall")
    make_session(space=make_space(venue=hidden), published=False, title_en="Draft concert")

    page = client.get(venue_url(hidden, "en"))
    index = client.get(reverse("venues:index")).content.decode()
    sitemap = client.get("/sitemap.xml").content.decode()
    search = client.get("/en/search/?q=hidden").content.decode()
    calendar = client.get("/en/venues/hidden-hall/calendar.ics")

    assert page.status_code == 404
    assert "Hidden hall" not in index
    assert "hidden-hall" not in sitemap
    assert "Hidden hall" not in search
    assert calendar.status_code == 404


def test_unknown_venue_is_404(client):
    response = client.get("/en/venues/no-such-venue/")

    assert response.status_code == 404


def test_venue_page_is_cacheable_and_sets_no_cookies(client, venue):
    response = client.get(venue_url(venue, "en"))

    assert response["Cache-Control"] == "public, max-age=300"
    # The language is in the URL: a shared cache needs no Vary on Accept-Language.
    assert "Accept-Language" not in response.get("Vary", "")
    assert response.cookies == {}


@pytest.mark.parametrize("n", [1, 3])
def test_venue_page_query_count_does_not_grow(client, django_assert_num_queries, venue, n):
    programme = make_programme()
    for i in range(n):
        space = make_space(venue=venue, name_en=f"Hall {i}")
        day = make_day(programme=programme, date=datetime.date(2025, 10, 9 + i))
        make_session(day=day, space=space, start="10:00")
        make_session(day=day, space=space, start="12:00")
    url = venue_url(venue, "en")

    # 4 queries: the content revision (ETag and Last-Modified, sources.caching);
    # then the venue, its spaces, the published sessions in them with day and programme joined
    with django_assert_num_queries(4):
        client.get(url)


@pytest.mark.parametrize(
    ("language", "link"),
    [
        ("kk", "OpenStreetMap картасынан іздеу"),
        ("ru", "Найти на карте OpenStreetMap"),
        ("en", "Find it on OpenStreetMap"),
    ],
)
def test_venue_page_offers_a_map_search_by_name_and_city_as_the_source_writes_them(client, venue, language, link):
    html = client.get(venue_url(venue, language)).content.decode()

    # The venue was written in Russian: the map is searched in Russian on every page, with no invented address.
    query = "%D0%94%D0%B2%D0%BE%D1%80%D0%B5%D1%86+%D0%A0%D0%B5%D1%81%D0%BF%D1%83%D0%B1%D0%BB%D0%B8%D0%BA%D0%B8"
    city = "%2C+%D0%A3%D1%81%D1%82%D1%8C-%D0%9A%D0%B0%D0%BC%D0%B5%D0%BD%D0%BE%D0%B3%D0%BE%D1%80%D1%81%D0%BA"
    assert f'<a href="https://www.openstreetmap.org/search?query={query}{city}" rel="external">{link}</a>' in html
    assert "Дворец Республики, Усть-Каменогорск" in html


def test_venue_page_says_nothing_of_the_kind_of_venue(client, venue):
    venue.kind = "palace"
    venue.save()

    html = client.get(venue_url(venue, "ru")).content.decode()

    assert "<dt>Вид</dt>" not in html
    assert "Дворец или культурный центр" not in html
