"""Dates and times as each language writes them (CLDR) on the pages, in calendars and in the admin."""

import datetime

import icalendar
import pytest
from django.urls import reverse

from tests.events.factories_pages import make_almaty_days, make_concert, make_source
from tests.events.test_admin import day_form_data

pytestmark = pytest.mark.django_db

WHEN = {
    "kk": ("2025 ж. 9 қазан, бейсенбі", "2025 ж. 9 қазан"),
    "ru": ("четверг, 9 октября 2025 г.", "9 октября 2025 г."),
    "en": ("Thursday, 9 October 2025", "9 October 2025"),
}


@pytest.fixture
def concert():
    _programme, day = make_almaty_days()
    return make_concert(day, end="20:00", source=make_source(), original_language="ru")


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_day_page_heading_has_the_weekday_and_the_times_a_24_hour_clock(client, concert, lang):
    html = client.get(f"/{lang}/programmes/days-of-almaty/2025-10-09/").content.decode()

    h1 = html.split("<h1>")[1].split("</h1>")[0]
    assert h1 == f'<time datetime="2025-10-09">{WHEN[lang][0]}</time>'
    assert (
        '<time datetime="2025-10-09T18:00:00+0500">18:00</time>–<time datetime="2025-10-09T20:00:00+0500">20:00</time>'
        in html
    )


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_programme_page_day_heading_in_cldr_order(client, concert, lang):
    html = client.get(f"/{lang}/programmes/days-of-almaty/").content.decode()

    assert f'<time datetime="2025-10-09">{WHEN[lang][1]}</time>' in html


@pytest.mark.parametrize(
    ("lang", "written_in"),
    [("kk", "Жазылған тілі: орыс тілі."), ("ru", "Язык оригинала: русский."), ("en", "Written in Russian.")],
)
def test_session_page_dates_and_the_language_of_the_source(client, concert, lang, written_in):
    html = client.get(f"/{lang}/sessions/gala-concert/").content.decode()

    title = {"kk": "Гала-концерт", "ru": "Гала-концерт", "en": "Gala concert"}[lang]
    assert f"<title>{title} — {WHEN[lang][1]}" in html
    assert '<time datetime="2025-10-09T18:00:00+0500">18:00</time>' in html
    assert written_in in html


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_calendar_description_says_when_in_the_visitors_language(client, concert, lang):
    response = client.get(f"/{lang}/sessions/gala-concert/calendar.ics")

    (event,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["DESCRIPTION"]).splitlines()[0] == f"{WHEN[lang][0]}, 18:00–20:00"


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_a_day_calendar_is_named_with_its_date(client, concert, lang):
    response = client.get(f"/{lang}/programmes/days-of-almaty/2025-10-09/calendar.ics")

    name = str(icalendar.Calendar.from_ical(response.content)["X-WR-CALNAME"])
    assert name.endswith(f" — {WHEN[lang][1]}")


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_admin_list_and_form_show_dates_in_cldr_order_and_take_them_back(organiser_client, concert, lang):
    organiser_client.defaults["HTTP_ACCEPT_LANGUAGE"] = lang

    listing = organiser_client.get(reverse("admin:events_session_changelist")).content.decode()
    form = organiser_client.get(reverse("admin:events_day_change", args=[concert.day.pk])).content.decode()

    assert f'<td class="field-when">{WHEN[lang][1]}<br>18:00–20:00</td>' in listing
    # The date widget writes and reads the first input format (the calendar pop-up uses it too).
    shown = {"kk": "09.10.2025", "ru": "09.10.2025", "en": "2025-10-09"}[lang]
    assert f'value="{shown}"' in form


def test_a_kazakh_organiser_saves_a_day_typed_as_the_widget_writes_it(organiser_client, concert):
    organiser_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "kk"
    url = reverse("admin:events_day_change", args=[concert.day.pk])

    response = organiser_client.post(url, {**day_form_data(concert.day, []), "date": "10.10.2025"})

    assert response.status_code == 302
    concert.day.refresh_from_db()
    assert concert.day.date == datetime.date(2025, 10, 10)
