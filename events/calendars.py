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

from events.changelog import badge_moment, change_badge
from events.exports import (
    LOCAL_TZ,
    absolute_url,
    clean,
    newest_change,
    session_notes,
    session_summary,
    session_uid,
    site_origin,
)
from events.models import Day, Programme, Session
from events.public import public_people, public_venues
from sources.caching import public_view
from sources.dates import format_date, format_when
from sources.text import one_line

PRODID = "-//Regional event programmes//Programme calendar//EN"


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


def session_event(session: Session, *, origin: str) -> icalendar.Event:
    """Build the VEVENT of one session (needs the ``for_export`` preloads); links start with ``origin``."""
    page = absolute_url(origin, session.get_absolute_url())
    event = icalendar.Event()
    event.add("uid", session_uid(session))
    # Without METHOD, DTSTAMP is when the information was last revised (RFC 5545, 3.8.7.2).
    event.add("dtstamp", session.updated_at.astimezone(datetime.UTC))
    event.add("last-modified", session.updated_at.astimezone(datetime.UTC))
    event.add("sequence", session.sequence)
    event.add("status", "CANCELLED" if session.is_cancelled else "CONFIRMED")
    event.add("summary", event_summary(session))
    if session.starts_at:
        event.add("dtstart", session.starts_at.astimezone(LOCAL_TZ))
        # A start without an end is exported as DTSTART alone: RFC 5545 lets
        # such an event take no time, which is what the source says we know.
        if session.ends_at:
            event.add("dtend", session.ends_at.astimezone(LOCAL_TZ))
    else:
        # No time at all: an all-day item, as dates (DTEND is the next day).
        event.add("dtstart", session.day.date)
        event.add("dtend", session.day.date + datetime.timedelta(days=1))
    place = clean(session.place_label())
    if place:
        event.add("location", place)
    event.add("categories", [clean(session.get_category_display())])
    event.add("url", page)
    # The local day and times in words: a phone set to another zone shows the times converted.
    when = format_when(session.day.date, session.starts_at, session.ends_at)
    description = [when, *event_notes(session), clean(session.description), page]
    event.add("description", "\n\n".join(part for part in description if part))
    return event


def build_calendar(sessions: Iterable[Session], *, name: str, origin: str) -> icalendar.Calendar:
    """Build a calendar of ``sessions`` named ``name``, with the VTIMEZONE of Asia/Almaty.

    Links start with ``origin`` (``events.exports.site_origin``).

    Sessions of a day known only to the month are left out: their date is not known.
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
    timed = False
    for session in sessions:
        if not session.day.month_only:
            calendar.add_component(session_event(session, origin=origin))
            timed = timed or bool(session.starts_at)
    if timed:
        calendar.add_component(local_timezone())
    return calendar


@functools.cache
def local_timezone() -> icalendar.Timezone:
    """The VTIMEZONE of ``TIME_ZONE`` (Asia/Almaty, with its 2024 change), built once per process.

    ``Timezone.from_tzid`` walks zoneinfo's transitions over decades, which
    took longer than writing a whole day's calendar (what
    ``Calendar.add_missing_timezones`` does on every call); the component is
    the same for every calendar and language, and ``to_ical`` does not change it.
    """
    return icalendar.Timezone.from_tzid(settings.TIME_ZONE)


def _calendar_response(request, sessions, *, name: str, filename: str) -> HttpResponse:
    calendar = build_calendar(sessions, name=name, origin=site_origin(request))
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
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
    name = f"{day.programme.title} — {format_date(day.date, 'long')}"
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
