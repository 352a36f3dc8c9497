"""The filters of the search page: day, venue, category and person, by query string."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from events.models import Category
from tests.factories import add_person, make_day, make_person, make_programme, make_session, make_space, make_venue

pytestmark = pytest.mark.django_db


def search(client, language="en", **params):
    with translation.override(language):
        path = reverse("events:search")
    return client.get(path, params).content.decode()


@pytest.fixture
def programme():
    programme = make_programme()
    day1 = make_day(programme=programme, date=datetime.date(2025, 10, 9))
    day2 = make_day(programme=programme, date=datetime.date(2025, 10, 10))
    palace = make_venue(slug="palace", name_en="Palace", name_ru="Дворец", name_kk="Сарай")
    school = make_venue(slug="school", name_en="School No. 1", name_ru="Школа № 1", name_kk="№ 1 мектеп")
    singer = make_person(slug="singer", name_en="Singer", name_ru="Певица", name_kk="Әнші")
    concert = make_session(
        day=day1, space=make_space(venue=palace), start="18:00", title_en="Concert", category=Category.CULTURE
    )
    add_person(concert, singer)
    make_session(
        day=day1, space=make_space(venue=school), start="10:00", title_en="Lesson", category=Category.EDUCATION
    )
    make_session(day=day2, space=make_space(venue=palace), start="11:00", title_en="Forum", category=Category.BUSINESS)
    return programme


def found(html):
    """The session titles in the results, in page order."""
    titles = [title for title in ("Concert", "Lesson", "Forum") if f">{title}</a></h3>" in html]
    return sorted(titles, key=lambda title: html.index(f">{title}</a></h3>"))


def test_filter_by_day(client, programme):
    assert found(search(client, day="2025-10-09")) == ["Lesson", "Concert"]


def test_filter_by_venue(client, programme):
    assert found(search(client, venue="palace")) == ["Concert", "Forum"]


def test_filter_by_category(client, programme):
    assert found(search(client, category="education")) == ["Lesson"]


def test_filter_by_person(client, programme):
    assert found(search(client, person="singer")) == ["Concert"]


def test_filters_combine(client, programme):
    assert found(search(client, venue="palace", day="2025-10-10")) == ["Forum"]


def test_filters_with_no_match_say_so(client, programme):
    html = search(client, venue="school", category="business")

    assert "No sessions match these filters." in html


def test_unknown_filter_value_is_explained_not_an_error(client, programme):
    html = search(client, venue="no-such-venue")

    assert 'role="alert"' in html
    assert "Venue: Select a valid choice." in html


def test_filter_choices_are_labelled_in_the_page_language(client, programme):
    html = search(client, "ru")

    assert '<label for="id_venue">' in html
    assert '<option value="palace">Дворец</option>' in html
    assert '<option value="2025-10-09">9 октября 2025 г.</option>' in html
    assert '<option value="singer">Певица</option>' in html


def test_filter_choices_leave_out_what_is_hidden(client, programme):
    hidden_programme = make_programme(published=False)
    hidden_venue = make_venue(slug="hidden-hall", name_en="Hidden hall")
    hidden_person = make_person(slug="hidden-person", name_en="Hidden person")
    session = make_session(
        day=make_day(programme=hidden_programme, date=datetime.date(2025, 12, 1)),
        space=make_space(venue=hidden_venue),
    )
    add_person(session, hidden_person)

    html = search(client, "en")

    assert "hidden-hall" not in html
    assert "hidden-person" not in html
    assert "2025-12-01" not in html


def test_selected_filters_stay_selected(client, programme):
    html = search(client, venue="palace", category="culture")

    assert '<option value="palace" selected>Palace</option>' in html
    assert '<option value="culture" selected>Culture</option>' in html


@pytest.mark.parametrize("n", [1, 3])
def test_filter_query_count_does_not_grow(client, django_assert_num_queries, n):
    programme = make_programme()
    venue = make_venue(slug="palace")
    for i in range(n):
        session = make_session(
            day=make_day(programme=programme, date=datetime.date(2025, 10, 9 + i)),
            space=make_space(venue=venue),
            start="10:00",
        )
        add_person(session, make_person())
    with translation.override("en"):
        path = reverse("events:search")

    # 4 queries: the content revision (ETag and Last-Modified, sources.caching);
    # then the form's days, venues and people (one UNION); the sessions at the venue and their people
    with django_assert_num_queries(4):
        client.get(path, {"venue": "palace"})
