"""Any text at all in any field, old or odd, and every export still opens: hypothesis writes the text.

The values are written past the validators (``QuerySet.update``), as data from
before the text policy, a raw import or a future bug would be. Runs on SQLite
and PostgreSQL; PostgreSQL cannot store NUL, so the text never holds it.
"""

import datetime
import json
import shutil

import icalendar
import pytest
from django.test import Client
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from lxml import etree

from events.models import Programme, Session
from people.models import Person
from tests.events.test_ical import khal_listing
from tests.factories import add_person, make_day, make_person, make_programme, make_session, make_space, make_venue
from venues.models import Space, Venue

pytestmark = pytest.mark.django_db

# Every character but NUL (and lone surrogates, which no text column holds).
ANY_TEXT = st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), max_size=60)
EXPORTS = [
    "/en/sessions/gala/calendar.ics",
    "/en/programmes/days/calendar.ics",
    "/en/programmes/days/2025-10-09/calendar.ics",
    "/en/venues/palace/calendar.ics",
    "/en/people/choir/calendar.ics",
    "/en/my/calendar.ics?s=gala",
]


@pytest.fixture
def site():
    programme = make_programme(slug="days")
    day = make_day(programme=programme, date=datetime.date(2025, 10, 9))
    space = make_space(venue=make_venue(slug="palace"), slug="hall")
    session = make_session(day=day, slug="gala", start="18:00", end="20:00", space=space)
    add_person(session, make_person(slug="choir"))
    return session


def write_everywhere(title, text, name):
    Session.objects.filter(slug="gala").update(
        title_en=title, title_ru=title, description_en=text, location_note_en=name, status_note_en=text
    )
    Programme.objects.filter(slug="days").update(title_en=title, description_en=text, city_en=name)
    Venue.objects.filter(slug="palace").update(name_en=name, city_en=name, address_en=title)
    Space.objects.filter(slug="hall").update(name_en=name)
    Person.objects.filter(slug="choir").update(name_en=name, description_en=text)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=ANY_TEXT, text=ANY_TEXT, name=ANY_TEXT)
# The characters XML 1.0 and iCalendar refuse, and line breaks of every kind.
@example(title="a\x0b\x1f\x7fb\ufffe\uffff", text="\r\n\x85\u2028\u2029", name="</script><b>&amp;")
def test_any_text_leaves_every_export_readable(site, title, text, name):
    write_everywhere(title, text, name)
    client = Client()

    for url in EXPORTS:
        response = client.get(url)
        assert response.status_code == 200, url
        calendar = icalendar.Calendar.from_ical(response.content)
        assert all("\n" not in str(event["SUMMARY"]) for event in calendar.walk("VEVENT")), url
    xml = client.get("/en/programmes/days/schedule.xml")
    assert xml.status_code == 200
    etree.fromstring(xml.content)
    assert json.loads(client.get("/en/programmes/days/schedule.json").content)["schedule"]
    feed = client.get("/en/programmes/days/changes.atom")
    assert feed.status_code == 200
    etree.fromstring(feed.content)
    page = client.get("/en/sessions/gala/")
    assert page.status_code == 200
    block = page.content.decode().split('<script type="application/ld+json">')[1].split("</script>")[0]
    json.loads(block)


@pytest.mark.skipif(shutil.which("khal") is None, reason="khal is not installed (apt-get install khal)")
def test_a_title_with_a_line_break_imports_into_a_calendar_client(client, site, tmp_path):
    write_everywhere("Gala\nconcert", "Two\nlines", "Palace\nof the Republic")
    ics = client.get("/en/programmes/days/calendar.ics").content

    assert "18:00 Gala concert" in khal_listing(ics, tmp_path, "2025-10-09")
