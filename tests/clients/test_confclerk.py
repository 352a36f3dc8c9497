"""Every schedule the site offers, imported into ConfClerk: each event on its day, with time, room and people.

Slow (ConfClerk runs under Xvfb and is clicked through its dialogs), so it runs
with ``make confclerk`` (``pytest -m confclerk``), not in ``make test``; it
skips where confclerk, Xvfb or xdotool is missing.
"""

import datetime
import urllib.request
from xml.etree import ElementTree

import pytest
from django.core.management import call_command

from events.models import Programme
from tests.clients.confclerk import import_files, missing_tools

pytestmark = [
    pytest.mark.confclerk,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(bool(missing_tools()), reason=f"needs {', '.join(missing_tools())}"),
]

FIXTURES = [
    "fixtures/sources.json",
    "fixtures/almaty-days.json",
    "fixtures/president-visit.json",
    "fixtures/august-conference.json",
]
PROGRAMMES = ["days-of-almaty-ekr", "president-visit-creative-centre-2023"]
LANGUAGES = ["kk", "ru", "en"]


def expected_events(xml: bytes) -> list[tuple]:
    """What the file says of each event: title, day, start, minutes, room, people."""
    root = ElementTree.fromstring(xml)
    rows = []
    for day in root.iter("day"):
        for event in day.iter("event"):
            hours, minutes = event.findtext("duration").split(":")
            rows.append(
                (
                    event.findtext("title"),
                    datetime.date.fromisoformat(day.get("date")),
                    event.findtext("start"),
                    int(hours) * 60 + int(minutes),
                    event.findtext("room"),
                    tuple(sorted(person.text for person in event.iter("person"))),
                )
            )
    return sorted(rows, key=lambda row: (row[1], row[2], row[0]))


def test_confclerk_shows_every_event_of_every_schedule_on_its_day(live_server, tmp_path):
    call_command("loaddata", *FIXTURES, verbosity=0)
    files, expected = [], []
    for slug in PROGRAMMES:
        for lang in LANGUAGES:
            path = tmp_path / f"{slug}-{lang}.xml"
            with urllib.request.urlopen(f"{live_server.url}/{lang}/programmes/{slug}/schedule.xml") as response:
                path.write_bytes(response.read())
            files.append(path)
            expected.append(expected_events(path.read_bytes()))

    conferences = import_files(files)

    assert len(conferences) == len(files)
    for conference, events in zip(conferences, expected, strict=True):
        shown = sorted(
            (e.title, e.day, e.start, e.minutes, e.room, e.persons)
            for day in conference.days
            for e in conference.events_on(day)
        )
        assert shown == sorted(events)
        assert conference.day_change == "04:00"
        # Each event links its page on the site, as an address an app can open.
        assert all(
            event.url.startswith(("http://", "https://")) and "/sessions/" in event.url for event in conference.events
        )
    # Every letter arrives: the conference is named as the programme is in each language.
    assert [conference.title for conference in conferences] == [
        getattr(Programme.objects.get(slug=slug), f"title_{lang}") for slug in PROGRAMMES for lang in LANGUAGES
    ]
    # The whole-day items are among the events shown on their day.
    visit = conferences[LANGUAGES.index("en") + len(LANGUAGES)]
    assert [(e.start, e.minutes) for e in visit.events_on(datetime.date(2023, 6, 1))] == [("06:00", 18 * 60)]
