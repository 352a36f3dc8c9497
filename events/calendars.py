"""Calendars (iCalendar, RFC 5545) of a session, a day, a programme, a venue and a person.

Each answers conditional requests from ``newest_change`` of its sessions (or
the midnight a badge of a recent change left: ``badge_moment``), so a
subscribed calendar that holds the newest copy gets 304 without the file being
built.
"""

import datetime
import functools
from collections.abc import Iterable

import icalendar
from django.conf import settings
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from icalendar.parser import _escape_char

from events.changelog import badge_moment, change_badge
from events.exports import (
    LOCAL_TZ,
    absolute_url,
    category_label,
    clean,
    newest_change,
    session_notes,
    session_summary,
    session_uid,
    site_origin,
    text,
)
from events.models import Day, Programme, Session
from events.public import public_people, public_venues
from sources.caching import public_view
from sources.text import one_line

PRODID = "-//Regional event programmes//Programme calendar//EN"
TZID = settings.TIME_ZONE


@functools.cache
def local_timezone() -> icalendar.Timezone:
    """The VTIMEZONE of ``TIME_ZONE`` (Asia/Almaty, with its 2024 change), built once per process.

    ``Timezone.from_tzid`` walks zoneinfo's transitions over decades, which
    took longer than writing a whole day's calendar; the component is the same
    for every calendar and language, and ``to_ical`` does not change it.
    """
    return icalendar.Timezone.from_tzid(settings.TIME_ZONE)


@functools.cache
def local_timezone_ical() -> bytes:
    """``local_timezone()`` as the bytes every calendar carries."""
    return local_timezone().to_ical()


def _fold(line: str) -> bytes:
    """One content line as UTF-8, folded at 75 octets (RFC 5545, 3.1).

    A fold never splits a character's bytes, nor an escape (``\\,``) from
    the character it escapes, as icalendar's own folding takes care to do.
    """
    data = line.encode()
    if len(data) <= 75:
        return data
    parts, start, limit = [], 0, 75
    while len(data) - start > limit:
        end = start + limit
        while data[end] & 0xC0 == 0x80:  # a continuation byte: step back to the character's start
            end -= 1
        if data[end - 1] == 0x5C and end - 1 > start:  # a backslash goes with what it escapes
            end -= 1
        parts.append(data[start:end])
        start, limit = end, 74  # a continuation line starts with a space
    parts.append(data[start:])
    return b"\r\n ".join(parts)


def _text(value: str) -> str:
    # icalendar's TEXT escaping (RFC 5545, 3.3.11), which vText(value).to_ical()
    # runs after building a Parameters object for each value.
    return _escape_char(value)


# DATE-TIME and DATE values (RFC 5545, 3.3.4 and 3.3.5), as vDatetime and
# vDate write them; strftime skips their time-zone lookups, which cost more
# than the rest of an event's line.
def _utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _local(moment: datetime.datetime) -> str:
    return moment.astimezone(LOCAL_TZ).strftime("%Y%m%dT%H%M%S")


def _date(date: datetime.date) -> str:
    return date.strftime("%Y%m%d")


def event_summary(session: Session) -> str:
    """The SUMMARY of a session: its title, led in brackets by a recent move ("[Moved, was 18:00] Gala concert").

    The title is what calendar apps show in their day and list views. "New"
    would only repeat what the app shows of a new entry, and a cancellation
    is in the title already (``session_summary``).
    """
    badge = change_badge(session)
    if badge and badge["kind"] in ("moved", "place"):
        return f"[{badge['label']}] {session_summary(session)}"
    return session_summary(session)


def event_notes(session: Session) -> list[str]:
    """What the DESCRIPTION says before the session's own text: its recent change, its notes, its clashes.

    ``clashes_with`` on the session (set by My programme) names the starred
    sessions it overlaps.
    """
    badge = change_badge(session)
    notes = [badge["label"]] if badge else []
    notes += session_notes(session)
    clashes = [clean(other.title) for other in getattr(session, "clashes_with", ())]
    if clashes:
        notes.append(gettext("Overlaps with: %(sessions)s") % {"sessions": ", ".join(clashes)})
    return notes


def session_event(session: Session, *, origin: str) -> bytes:
    """Write the VEVENT of one session (needs the ``for_export`` preloads), folded; links start with ``origin``.

    Texts are escaped as icalendar's ``vText`` does; dates and times are written
    in the forms of RFC 5545 (3.3.4, 3.3.5); only the lines are put together here. Building an
    ``icalendar.Event`` and calling ``to_ical()`` cost about a millisecond per
    session (its ``add()`` and line folding), seven seconds for a programme of
    6,000 sessions; this writes the same lines in a fraction of that.
    """
    page = absolute_url(origin, session.get_absolute_url())
    updated = _utc(session.updated_at)
    lines = [
        "BEGIN:VEVENT",
        f"SUMMARY:{_text(event_summary(session))}",
    ]
    if session.starts_at:
        lines.append(f"DTSTART;TZID={TZID}:{_local(session.starts_at)}")
        # A start without an end is exported as DTSTART alone: RFC 5545 lets
        # such an event take no time, which is what the source says we know.
        if session.ends_at:
            lines.append(f"DTEND;TZID={TZID}:{_local(session.ends_at)}")
    else:
        # No time at all: an all-day item, as dates (DTEND is the next day).
        date = session.day.date
        lines.append(f"DTSTART;VALUE=DATE:{_date(date)}")
        lines.append(f"DTEND;VALUE=DATE:{_date(date + datetime.timedelta(days=1))}")
    # Without METHOD, DTSTAMP is when the information was last revised (RFC 5545, 3.8.7.2).
    lines += [
        f"DTSTAMP:{updated}",
        f"UID:{_text(session_uid(session))}",
        f"SEQUENCE:{int(session.sequence)}",
        f"STATUS:{'CANCELLED' if session.is_cancelled else 'CONFIRMED'}",
        f"CATEGORIES:{_text(category_label(session))}",
    ]
    description = [*event_notes(session), clean(text(session, "description")), page]
    lines.append(f"DESCRIPTION:{_text(chr(10) * 2).join(_text(part) for part in description if part)}")
    lines.append(f"LAST-MODIFIED:{updated}")
    place = clean(session.place_label())
    if place:
        lines.append(f"LOCATION:{_text(place)}")
    lines += [f"URL:{page}", "END:VEVENT"]
    return b"\r\n".join(_fold(line) for line in lines) + b"\r\n"


def build_calendar(sessions: Iterable[Session], *, name: str, origin: str) -> bytes:
    """Write a calendar of ``sessions`` named ``name``, with the VTIMEZONE of Asia/Almaty when a time needs it.

    Links start with ``origin`` (``events.exports.site_origin``). Sessions of
    a day known only to the month are left out: their date is not known. The
    calendar's own properties and the VTIMEZONE are written by icalendar, the
    events by ``session_event``.
    """
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("name", one_line(name))
    calendar.add("x-wr-calname", one_line(name))
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    # Subscribed calendars (webcal://) ask again after an hour (RFC 7986 and its predecessor).
    calendar.add("refresh-interval", datetime.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    events, timed = [], False
    for session in sessions:
        if not session.day.month_only:
            events.append(session_event(session, origin=origin))
            timed = timed or session.starts_at is not None
    if timed:
        # Every time is written in TIME_ZONE (LOCAL_TZ); its VTIMEZONE goes
        # before the events, where add_missing_timezones() would put it.
        events.insert(0, local_timezone_ical())
    envelope = calendar.to_ical()
    end = b"END:VCALENDAR\r\n"
    return envelope[: -len(end)] + b"".join(events) + end


def _calendar_response(request, sessions, *, name: str, filename: str) -> HttpResponse:
    body = build_calendar(sessions, name=name, origin=site_origin(request))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _parse_date(date: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(date)
    except ValueError as error:
        raise Http404 from error


# Views ------------------------------------------------------------------------------------


@public_view(last_modified=lambda request, slug: badge_moment(newest_change(Q(slug=slug))))
def session_calendar(request, slug: str):
    sessions = list(Session.objects.for_export(Q(slug=slug)))
    if not sessions or sessions[0].day.month_only:
        # A session whose day is known only to the month has no date to put in a calendar.
        raise Http404
    return _calendar_response(request, sessions, name=sessions[0].title, filename=f"{slug}.ics")


@public_view(last_modified=lambda request, slug, date: badge_moment(newest_change(Q(day__programme__slug=slug))))
def day_calendar(request, slug: str, date: str):
    # public(): a programme in release mode has the days, and dates, of its release.
    day = get_object_or_404(
        Day.objects.public().select_related("programme"), programme__slug=slug, public_date=_parse_date(date)
    )
    if day.month_only:
        raise Http404
    sessions = Session.objects.for_export(Q(day=day))
    name = f"{day.programme.title} — {day.date.isoformat()}"
    return _calendar_response(request, sessions, name=name, filename=f"{slug}-{day.date.isoformat()}.ics")


@public_view(last_modified=lambda request, slug: badge_moment(newest_change(Q(day__programme__slug=slug))))
def programme_calendar(request, slug: str):
    programme = get_object_or_404(Programme.objects.published(), slug=slug)
    sessions = Session.objects.for_export(Q(day__programme=programme))
    return _calendar_response(request, sessions, name=programme.title, filename=f"{slug}.ics")


@public_view(last_modified=lambda request, slug: badge_moment(newest_change(Q(space__venue__slug=slug))))
def venue_calendar(request, slug: str):
    venue = get_object_or_404(public_venues(), slug=slug)
    sessions = Session.objects.for_export(Q(space__venue=venue))
    return _calendar_response(request, sessions, name=venue.name, filename=f"{slug}.ics")


def _person_scope(slug: str) -> Q:
    # A subquery rather than a join, so a person with two roles in one
    # session does not list it twice.
    return Q(pk__in=Session.objects.filter(appearances__person__slug=slug).values("pk"))


@public_view(last_modified=lambda request, slug: badge_moment(newest_change(_person_scope(slug))))
def person_calendar(request, slug: str):
    person = get_object_or_404(public_people(), slug=slug)
    sessions = Session.objects.for_export(_person_scope(person.slug))
    return _calendar_response(request, sessions, name=person.name, filename=f"{slug}.ics")
