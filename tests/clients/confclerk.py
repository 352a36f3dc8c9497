"""Import frab schedules into ConfClerk, a real conference app, and read back what it stored.

ConfClerk (Debian's ``confclerk``, 0.7.1) has no command line for importing,
so it runs under Xvfb and is driven with ``xdotool`` mouse clicks, at fixed
places: without a window manager every window opens at the top left corner of
the screen, and keyboard shortcuts do nothing (typing into the focused field
does work). What ConfClerk imported is read from its SQLite file under
``$HOME/.local/share/Toastfreeware/ConfClerk/``; ``$HOME`` is a temporary
directory, so nothing of the person running it is touched.

Run from the test ``tests/clients/test_confclerk.py`` (``make confclerk``), or
directly on exported files: ``python -m tests.clients.confclerk FILE.xml ...``.
"""

import dataclasses
import datetime
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

TOOLS = ("confclerk", "Xvfb", "xdotool")
SCREEN = "1280x900x24"
DATABASE = Path(".local/share/Toastfreeware/ConfClerk/ConfClerk.sqlite")
# Where ConfClerk 0.7.1 draws what is clicked, on a screen of SCREEN.
CONFERENCES_MENU = (50, 10)
ADD_CONFERENCE = (176, 107)
URL_FIELD = (430, 165)
TIMEOUT = 15.0
# How long a menu or dialog takes to open before it can be clicked.
SETTLE = 0.4


def missing_tools() -> list[str]:
    return [tool for tool in TOOLS if shutil.which(tool) is None]


@dataclasses.dataclass(frozen=True)
class Event:
    """One event as ConfClerk stored it: local day and time, length, room, people."""

    title: str
    day: datetime.date
    start: str
    minutes: int
    room: str
    persons: tuple[str, ...]
    url: str


@dataclasses.dataclass(frozen=True)
class Conference:
    title: str
    venue: str
    city: str
    day_change: str
    days: tuple[datetime.date, ...]
    events: tuple[Event, ...]

    def events_on(self, day: datetime.date) -> list[Event]:
        """The events ConfClerk's day view lists for ``day``: from its day change to the next one."""
        return [event for event in self.events if event.day == day and event.start >= self.day_change]


class ConfClerk:
    """A ConfClerk running under its own Xvfb, with a home of its own."""

    def __init__(self, home: Path, display: str):
        self.home = home
        self.env = {
            "HOME": str(home),
            "XDG_RUNTIME_DIR": str(home),
            "DISPLAY": display,
            "PATH": "/usr/bin:/bin",
            "LANG": "C.UTF-8",
            "QT_QPA_PLATFORM": "xcb",
        }

    def _xdotool(self, *args: str) -> str:
        result = subprocess.run(["xdotool", *args], env=self.env, capture_output=True, text=True, check=True)
        return result.stdout

    def click(self, x: int, y: int) -> None:
        self._xdotool("mousemove", "--sync", str(x), str(y), "click", "1")

    def conference_count(self) -> int:
        path = self.home / DATABASE
        if not path.exists():
            return 0
        with sqlite3.connect(path) as db:
            return db.execute("SELECT count(*) FROM conference").fetchone()[0]

    def import_url(self, url: str) -> None:
        """Add a conference from ``url`` (http:// or file://) the way a person does, and wait for it."""
        before = self.conference_count()
        self.click(*CONFERENCES_MENU)
        time.sleep(SETTLE)
        self.click(*ADD_CONFERENCE)
        time.sleep(SETTLE)
        self.click(*URL_FIELD)
        self._xdotool("type", "--delay", "1", url)
        self._xdotool("key", "Return")
        deadline = time.monotonic() + TIMEOUT
        while self.conference_count() == before:
            if time.monotonic() > deadline:
                raise TimeoutError(f"ConfClerk did not import {url}")
            time.sleep(0.1)
        # The conference editor stays open with the new conference; the next import opens it again.

    def conferences(self) -> list[Conference]:
        """Every conference in ConfClerk's database, with its events in start order."""
        with sqlite3.connect(self.home / DATABASE) as db:
            return [
                self._conference(db, *row)
                for row in db.execute(
                    "SELECT id, title, coalesce(venue, ''), coalesce(city, ''), start, end, day_change FROM conference "
                    "ORDER BY id"
                )
            ]

    @staticmethod
    def _conference(db, conference_id, title, venue, city, start, end, day_change) -> "Conference":
        # ConfClerk keeps local times as timestamps without a zone: read them as UTC.
        def local(seconds: int) -> datetime.datetime:
            return datetime.datetime.fromtimestamp(seconds, tz=datetime.UTC).replace(tzinfo=None)

        rows = db.execute(
            "SELECT e.id, e.title, e.start, e.duration, coalesce(r.name, ''), "
            "  (SELECT group_concat(p.name, '|') FROM event_person ep JOIN person p "
            "     ON p.id = ep.xid_person AND p.xid_conference = ep.xid_conference "
            "   WHERE ep.xid_conference = e.xid_conference AND ep.xid_event = e.id), "
            "  (SELECT min(l.url) FROM link l WHERE l.xid_conference = e.xid_conference AND l.xid_event = e.id) "
            "FROM event e LEFT JOIN event_room er ON er.xid_conference = e.xid_conference AND er.xid_event = e.id "
            "LEFT JOIN room r ON r.id = er.xid_room WHERE e.xid_conference = ? ORDER BY e.start, e.id",
            (conference_id,),
        ).fetchall()
        events = tuple(
            Event(
                title=event_title,
                day=local(event_start).date(),
                start=local(event_start).strftime("%H:%M"),
                minutes=duration // 60,
                room=room,
                persons=tuple(sorted((persons or "").split("|"))) if persons else (),
                url=url or "",
            )
            for _id, event_title, event_start, duration, room, persons, url in rows
        )
        first, last = local(start).date(), local(end).date()
        days = tuple(first + datetime.timedelta(days=n) for n in range((last - first).days + 1))
        change = f"{(day_change or 0) // 3600:02d}:{(day_change or 0) % 3600 // 60:02d}"
        return Conference(title, venue, city, change, days, events)


@contextmanager
def running_confclerk() -> Iterator[ConfClerk]:
    """Start Xvfb on a free display and ConfClerk on it, in a temporary home; stop both afterwards."""
    with tempfile.TemporaryDirectory(prefix="confclerk-") as home:
        read_end, write_end = os.pipe()
        xvfb = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write_end), "-screen", "0", SCREEN, "-nolisten", "tcp"],
            pass_fds=(write_end,),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(write_end)
        try:
            with os.fdopen(read_end) as pipe:
                display = ":" + pipe.readline().strip()
            clerk = ConfClerk(Path(home), display)
            app = subprocess.Popen(["confclerk"], env=clerk.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                clerk._xdotool("search", "--sync", "--onlyvisible", "--class", "confclerk")
                yield clerk
            finally:
                app.terminate()
                app.wait(timeout=10)
        finally:
            xvfb.terminate()
            xvfb.wait(timeout=10)


def import_files(paths: Sequence[Path]) -> list[Conference]:
    """Import each schedule file into one ConfClerk and return the conferences it stored, in order."""
    with running_confclerk() as clerk:
        for path in paths:
            clerk.import_url(Path(path).resolve().as_uri())
        return clerk.conferences()


def main(argv: Sequence[str]) -> int:
    if missing := missing_tools():
        print(f"missing: {', '.join(missing)} (apt-get install confclerk xvfb xdotool)", file=sys.stderr)
        return 2
    for conference in import_files([Path(arg) for arg in argv]):
        where = ", ".join(part for part in (conference.venue, conference.city) if part) or "no venue or city"
        days = ", ".join(day.isoformat() for day in conference.days)
        print(f"{conference.title} ({where}; {days}; day change {conference.day_change})")
        for event in conference.events:
            print(f"  {event.day} {event.start} +{event.minutes}' [{event.room}] {event.title} {event.persons}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
