"""Old or odd data never breaks an export: line breaks in one-line fields, control characters in the log."""

import datetime
import json

import icalendar
import pytest
from lxml import etree

from events.models import Change, ChangeKind, Programme, Session
from people.models import Person
from tests.factories import add_person, make_day, make_person, make_programme, make_session, make_space, make_venue
from venues.models import Venue

pytestmark = pytest.mark.django_db

# PostgreSQL cannot store NUL at all; other control characters it keeps.
ODD = "Gala\nconcert\r\n\x0b of the\x01 day"


@pytest.fixture
def odd_site():
    programme = make_programme(slug="days")
    day = make_day(programme=programme, date=datetime.date(2025, 10, 9))
    session = make_session(day=day, slug="gala", start="18:00", space=make_space(venue=make_venue(slug="palace")))
    add_person(session, make_person(slug="choir"))
    # Written past the validators, as data from before the text policy would be.
    for model, slug in [(Programme, "days"), (Session, "gala")]:
        model.objects.filter(slug=slug).update(title_en=ODD, title_ru=ODD, title_kk=ODD)
    Venue.objects.filter(slug="palace").update(name_en=ODD)
    Person.objects.filter(slug="choir").update(name_en=ODD)
    Change.objects.create(
        programme=programme,
        session=session,
        session_title={"en": ODD},
        kind=ChangeKind.CHANGED,
        before={"title": {"en": "Old\x01 title"}},
        after={"title": {"en": ODD}},
    )
    return session


CALENDARS = [
    "/en/sessions/gala/calendar.ics",
    "/en/programmes/days/calendar.ics",
    "/en/programmes/days/2025-10-09/calendar.ics",
    "/en/venues/palace/calendar.ics",
    "/en/people/choir/calendar.ics",
    "/en/my/calendar.ics?s=gala",
]


@pytest.mark.parametrize("url", CALENDARS)
def test_every_calendar_opens(client, odd_site, url):
    response = client.get(url)

    calendar = icalendar.Calendar.from_ical(response.content)
    assert response.status_code == 200
    assert "\n" not in str(calendar["X-WR-CALNAME"])
    summaries = [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]
    assert summaries == ["Gala concert of the day"]


def test_the_feed_and_schedules_stay_valid(client, odd_site):
    feed = client.get("/en/programmes/days/changes.atom")
    xml = client.get("/en/programmes/days/schedule.xml")
    data = client.get("/en/programmes/days/schedule.json")

    assert feed.status_code == xml.status_code == data.status_code == 200
    entry_title = etree.fromstring(feed.content).find(".//{http://www.w3.org/2005/Atom}entry/{*}title").text
    assert "\n" not in entry_title
    assert "\x01" not in etree.fromstring(xml.content).findtext(".//event/title")
    assert json.loads(data.content)["schedule"]["conference"]["title"]


def test_pages_show_the_text_and_keep_valid_json_ld(client, odd_site):
    response = client.get("/en/sessions/gala/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Gala\nconcert" in html.split("<main")[1]
    block = html.split('<script type="application/ld+json">')[1].split("</script>")[0]
    assert json.loads(block)["name"]
