import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import make_day, make_programme, make_public_venue, make_session, make_space, make_venue

pytestmark = pytest.mark.django_db


def index_url(language):
    with translation.override(language):
        return reverse("venues:index")


@pytest.mark.parametrize(
    ("language", "city", "name"),
    [
        ("kk", "Өскемен", "Республика сарайы"),
        ("ru", "Усть-Каменогорск", "Дворец Республики"),
        ("en", "Oskemen", "Palace of the Republic"),
    ],
)
def test_venue_index_groups_venues_by_city_in_each_language(client, language, city, name):
    venue = make_public_venue(
        name_kk="Республика сарайы",
        name_ru="Дворец Республики",
        name_en="Palace of the Republic",
        city_kk="Өскемен",
        city_ru="Усть-Каменогорск",
        city_en="Oskemen",
    )

    html = client.get(index_url(language)).content.decode()

    assert f'<html lang="{language}">' in html
    assert f">{city}</h2>" in html
    with translation.override(language):
        assert f'<a href="{venue.get_absolute_url()}">{name}</a>' in html


def test_venue_index_sorts_by_name_and_counts_published_sessions_only(client):
    b = make_venue(name_en="Beta hall", city_en="Almaty")
    make_public_venue(name_en="Alpha hall", city_en="Almaty")
    drafts_only = make_venue(name_en="Drafts-only hall", city_en="Almaty")
    make_session(space=make_space(venue=drafts_only), start="10:00", published=False)
    space = make_space(venue=b)
    make_session(space=space, start="10:00")
    make_session(space=space, start="12:00", published=False)
    make_session(day=make_day(programme=make_programme(published=False)), space=space, start="14:00")

    html = client.get(index_url("en")).content.decode()

    assert html.index("Alpha hall") < html.index("Beta hall")
    assert 'Beta hall</a></h3>\n<p class="meta">1 session</p>' in html
    assert 'Alpha hall</a></h3>\n<p class="meta">1 session</p>' in html
    # A venue with only draft sessions is not listed.
    assert "Drafts-only hall" not in html


def test_venue_index_falls_back_and_marks_the_language(client):
    make_public_venue(name_kk="", name_ru="Дворец", name_en="")

    html = client.get(index_url("en")).content.decode()

    assert '<span lang="ru">Дворец</span>' in html


def test_venue_index_is_cacheable_and_sets_no_cookies(client):
    response = client.get(index_url("kk"))

    assert response["Cache-Control"] == "public, max-age=300"
    # The language is in the URL: a shared cache needs no Vary on Accept-Language.
    assert "Accept-Language" not in response.get("Vary", "")
    assert response.cookies == {}


@pytest.mark.parametrize("n", [1, 3])
def test_venue_index_query_count_does_not_grow(client, django_assert_num_queries, n):
    for _ in range(n):
        make_session(space=make_space(), start="10:00")
    url = index_url("en")

    # 2 queries: the content revision (ETag and Last-Modified, sources.caching);
    # then the venues with their published-session counts annotated
    with django_assert_num_queries(2):
        client.get(url)
