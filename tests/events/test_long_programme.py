"""A long programme's page leads by day: each day's number of sessions and a link to its page."""

import datetime

import pytest

from events import views
from tests.factories import make_day, make_programme, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def long_programme(monkeypatch):
    # Three sessions count as long here; the real threshold is views.LEAD_BY_DAY_ABOVE.
    monkeypatch.setattr(views, "LEAD_BY_DAY_ABOVE", 2)
    programme = make_programme(slug="long")
    first = make_day(programme=programme, date=datetime.date(2027, 6, 1))
    second = make_day(programme=programme, date=datetime.date(2027, 6, 2))
    for start in ("10:00", "11:00"):
        make_session(day=first, start=start, title_en=f"Talk at {start}", title_ru=f"Лекция в {start}")
    make_session(day=second, start="10:00", title_en="Concert", title_ru="Концерт")
    make_session(day=second, start="12:00", published=False, slug="draft-rehearsal")
    return programme


@pytest.mark.parametrize(
    ("lang", "first", "second"),
    [("en", "2 sessions", "1 session"), ("ru", "2 мероприятия", "1 мероприятие"), ("kk", "2 іс-шара", "1 іс-шара")],
)
def test_each_day_links_to_its_page_with_its_number_of_sessions(client, long_programme, lang, first, second):
    html = client.get(f"/{lang}/programmes/long/").content.decode()

    assert f'<a href="/{lang}/programmes/long/2027-06-01/">{first}</a>' in html
    assert f'<a href="/{lang}/programmes/long/2027-06-02/">{second}</a>' in html
    assert 'class="session-card' not in html
    assert "draft-rehearsal" not in html


def test_the_page_says_why_and_reads_no_people(client, long_programme, django_assert_num_queries):
    # 6 queries: the content revision; the programme; its days; its changes since yesterday;
    # one session more than the page shows at most (without their people); each day's number of sessions.
    with django_assert_num_queries(6):
        html = client.get("/en/programmes/long/").content.decode()

    assert "The programme is long, so each day has a page of its own: choose a day." in html
    assert '"numberOfItems": 2' in html


def test_a_day_page_of_a_long_programme_lists_its_sessions(client, long_programme):
    html = client.get("/en/programmes/long/2027-06-01/").content.decode()

    assert html.count('<li class="session-card') == 2
    assert "Talk at 11:00" in html
