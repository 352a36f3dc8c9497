"""My programme: starred sessions kept in the address, with no account and no cookie."""

import datetime
import re

import icalendar
import pytest
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils import translation

from events.models import Status
from events.my_programme import selection_from_query
from tests.factories import add_person, make_day, make_person, make_programme, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def day():
    return make_day(programme=make_programme(slug="days-of-almaty"), date=datetime.date(2025, 10, 9))


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_page_lists_starred_sessions_by_day_and_flags_clashes(client, day):
    make_session(day=day, slug="gala", title_en="Gala concert", start="18:00", end="20:00")
    make_session(day=day, slug="film", title_en="Film night", start="19:00", end="21:00")
    make_session(day=day, slug="morning", title_en="Morning run", start="08:00", end="09:00")
    next_day = make_day(programme=day.programme, date=datetime.date(2025, 10, 10))
    make_session(day=next_day, slug="fair", title_en="Book fair", start="10:00")

    response = client.get("/en/my/?s=gala,film,morning,fair")

    text = text_of(response)
    assert text.index("9 October 2025") < text.index("Morning run") < text.index("Gala concert")
    assert text.index("Gala concert") < text.index("10 October 2025") < text.index("Book fair")
    assert "Some of your sessions overlap in time" in text
    assert "Overlaps with: Film night" in text
    assert "Overlaps with: Gala concert" in text
    assert text.count("Overlaps with:") == 2
    assert response.cookies == {}


def test_a_cancelled_session_clashes_with_nothing(client, day):
    make_session(day=day, slug="gala", title_en="Gala concert", start="18:00", end="20:00", status=Status.CANCELLED)
    make_session(day=day, slug="film", title_en="Film night", start="19:00", end="21:00")

    response = client.get("/en/my/?s=gala,film")

    assert "Overlaps with" not in text_of(response)
    assert "(Cancelled)" in text_of(response)


def test_page_offers_a_shareable_link_and_a_calendar(client, day, settings):
    settings.SITE_URL = "https://programmes.example"
    make_session(day=day, slug="gala", start="18:00")
    make_session(day=day, slug="film", start="19:00")

    response = client.get("/ru/my/?s=gala&s=film&s=gala")

    html = response.content.decode()
    assert 'value="https://programmes.example/ru/my/?s=gala,film"' in html
    assert 'href="/ru/my/calendar.ics?s=gala,film" download' in html
    assert 'href="webcal://testserver/ru/my/calendar.ics?s=gala,film"' in html


def test_drafts_and_unknown_slugs_are_left_out(client, day):
    make_session(day=day, slug="gala", title_en="Gala concert", start="18:00")
    make_session(day=day, slug="draft", title_en="Closed rehearsal", start="10:00", published=False)

    response = client.get("/en/my/?s=gala,draft,no-such-session")

    text = text_of(response)
    assert "Gala concert" in text
    assert "Closed rehearsal" not in text
    assert "2 sessions in this link are no longer published." in text


def test_empty_selection_says_how_to_star(client):
    response = client.get("/kk/my/")

    assert response.status_code == 200
    assert 'href="/kk/"' in response.content.decode()


def test_calendar_of_the_selection(client, day):
    make_session(day=day, slug="gala", title_en="Gala concert", start="18:00", end="20:00")
    make_session(day=day, slug="film", title_en="Film night", start="19:00")

    response = client.get("/en/my/calendar.ics?s=gala")

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="my-programme.ics"'
    calendar = icalendar.Calendar.from_ical(response.content)
    assert [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")] == ["Gala concert"]


def test_star_button_adds_and_removes_without_javascript(day, rf):
    gala = make_session(day=day, slug="gala", title_en="Gala concert", start="18:00")
    request = rf.get("/en/my/")

    with translation.override("en"):
        add = render_to_string("includes/star_button.html", {"session": gala, "selection": ["film"]}, request)
        remove = render_to_string(
            "includes/star_button.html", {"session": gala, "selection": ["film", "gala"]}, request
        )

    # The form goes back to the page it is on (here My programme), at the session.
    assert 'method="get" action="/en/my/#session-gala"' in add
    assert '<input type="hidden" name="s" value="film">' in add
    assert 'name="s" value="gala"' in add
    assert "Add to my programme" in add
    assert '<input type="hidden" name="s" value="film">' in remove
    assert 'value="gala"' not in remove
    assert "Remove from my programme" in remove


def test_selection_is_read_from_commas_and_repeats_and_drops_non_slugs():
    query = QueryDict("s=gala,film&s=gala&s=<script>&s=fair")

    assert selection_from_query(query) == ["gala", "film", "fair"]


@pytest.mark.parametrize("n", [1, 3])
def test_my_programme_query_count_does_not_grow(client, django_assert_num_queries, n, day):
    slugs = []
    for i in range(n):
        session = make_session(day=day, slug=f"s{i}", start=f"1{i}:00")
        add_person(session, make_person())
        slugs.append(session.slug)

    # 3 queries: newest change (Last-Modified), sessions joined to day,
    # programme, space and venue, their people.
    with django_assert_num_queries(3):
        response = client.get("/en/my/?s=" + ",".join(slugs))

    assert response.content.decode().count('class="star star--on"') == n


def test_share_link_names_the_host_and_port_the_page_came_from(client, day, settings):
    settings.SITE_URL = ""
    settings.ALLOWED_HOSTS = ["localhost"]
    make_session(day=day, slug="gala", start="18:00")

    html = client.get("/en/my/?s=gala", HTTP_HOST="localhost:8104").content.decode()

    assert 'value="http://localhost:8104/en/my/?s=gala"' in html
    assert '<a href="http://localhost:8104/en/my/?s=gala">Open the link</a>' in html
    assert 'href="webcal://localhost:8104/en/my/calendar.ics?s=gala"' in html


@pytest.mark.parametrize(
    ("lang", "label"), [("kk", "Менің бағдарламам"), ("ru", "Моя программа"), ("en", "My programme")]
)
def test_the_header_links_my_programme_with_the_count_the_address_carries(client, day, lang, label):
    make_session(day=day, slug="gala", start="18:00")
    make_session(day=day, slug="film", start="19:00")

    plain = client.get(f"/{lang}/programmes/days-of-almaty/").content.decode().split("</header>")[0]
    starred = client.get(f"/{lang}/programmes/days-of-almaty/?s=gala,film").content.decode().split("</header>")[0]
    mine = client.get(f"/{lang}/my/?s=gala").content.decode().split("</header>")[0]

    assert f'<a href="/{lang}/my/" data-my-programme>{label}<span data-my-programme-count></span></a>' in plain
    assert (
        f'<a href="/{lang}/my/?s=gala,film" data-my-programme>{label}<span data-my-programme-count> (2)</span></a>'
        in starred
    )
    assert f'data-my-programme aria-current="page">{label}<span data-my-programme-count> (1)</span>' in mine


def test_pages_load_the_script_that_keeps_the_programme_in_the_browser(client, day):
    html = client.get("/en/programmes/days-of-almaty/").content.decode()

    # An external file, as the Content-Security-Policy (script-src 'self') requires.
    assert '<script src="/static/js/my-programme.js" defer></script>' in html
    assert "<script>" not in html


def test_the_calendar_of_the_selection_names_clashes(client, day):
    make_session(day=day, slug="gala", title_en="Gala concert", start="18:00", end="20:00")
    make_session(day=day, slug="film", title_en="Film night", start="19:00", end="21:00")

    calendar = icalendar.Calendar.from_ical(client.get("/en/my/calendar.ics?s=gala,film").content)

    descriptions = {str(event["SUMMARY"]): str(event["DESCRIPTION"]) for event in calendar.walk("VEVENT")}
    assert "Overlaps with: Film night" in descriptions["Gala concert"]
    assert "Overlaps with: Gala concert" in descriptions["Film night"]


@pytest.mark.parametrize(
    ("lang", "note"),
    [
        ("kk", "жаңа сілтеме арқылы қайта жазылыңыз"),
        ("ru", "подпишитесь заново по новой ссылке"),
        ("en", "subscribe again with the new link"),
    ],
)
def test_the_page_says_what_a_subscription_holds_and_offers_to_keep_a_shared_list(client, day, lang, note):
    make_session(day=day, slug="gala", start="18:00")

    html = client.get(f"/{lang}/my/?s=gala").content.decode()

    assert note in html
    # Shown by the script only when the link's list is not the one kept in the browser.
    assert '<p class="keep-selection no-print" data-keep-selection hidden>' in html
