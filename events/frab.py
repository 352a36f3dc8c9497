"""Conference-app schedules: frab XML (``schedule.xml``) and its JSON mirror, for Giggity and ConfClerk.

What the format cannot say, and how the schedule says it instead (the reasoning
is in ARCHITECTURE.md, "Conference-app schedules"):

* An item without a time (open lessons, a photo exhibition running all day)
  starts at ``DAY_CHANGE`` (06:00) and lasts until midnight, 18:00. frab has
  no whole-day event, and the voc schema has no ``<day_change>``, so each app
  starts a day where it likes: ConfClerk at 04:00 (an item at 00:00 falls into
  the day before, which it never lists), Giggity at 06:00 (it moves an item
  that starts earlier to the next day). Qt, which ConfClerk reads times with,
  cannot hold 24:00, so "24:00" would be a duration of zero. The subtitle says
  that no time is given.
* An item with a start and no end lasts 00:00, and its subtitle says so.
* A programme with no dated session (days known only to the month) has no
  schedule: the schema needs at least one ``<day>``, and every event needs a
  date and a start. Its URLs answer 404 with the reason, and the programme
  page says why there is no schedule.
"""

import datetime
import json
import uuid
from collections.abc import Sequence
from itertools import groupby
from xml.etree import ElementTree

from django.conf import settings
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language, gettext

from events.exports import (
    LOCAL_TZ,
    absolute_url,
    category_label,
    clean,
    newest_change,
    session_notes,
    session_summary,
    site_origin,
    text,
)
from events.models import Category, Programme, Session
from sources.caching import public_view
from sources.text import ascii_slug

# frab guids are uuid5 of the session's slug in this namespace: the same in
# every language and on every deployment, so apps recognise a session again.
GUID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://programmes.kz/frab/sessions")

# Where an item without a time starts: the latest hour at which a conference
# app begins a day (ConfClerk 04:00, Giggity 06:00), so it stays on its own day in each.
DAY_CHANGE = datetime.time(6, 0)


def session_guid(session: Session) -> str:
    return str(uuid.uuid5(GUID_NAMESPACE, session.slug))


def _hhmm(delta: datetime.timedelta) -> str:
    minutes = int(delta.total_seconds()) // 60
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _iso(moment: datetime.datetime) -> str:
    # frab writes the offset with a colon (+05:00) and no microseconds.
    return moment.astimezone(LOCAL_TZ).replace(microsecond=0).isoformat()


def room_name(session: Session) -> str:
    return clean(session.place_label()) or gettext("Place not given")


def frab_event(session: Session, language: str, *, origin: str, room: str | None = None) -> dict:
    """The frab event of one session, as the JSON writes it (the XML is built from the same dict).

    An item without a time runs through the day: it starts at ``DAY_CHANGE``
    and lasts until midnight, and the subtitle says no time is given (the
    format needs a start; see the module's docstring). A start without an end
    has the duration 00:00 and says so in the subtitle.
    """
    if session.starts_at:
        start = session.starts_at.astimezone(LOCAL_TZ)
        duration = _hhmm(session.ends_at - session.starts_at) if session.ends_at else "00:00"
        subtitle = "" if session.ends_at else gettext("End time not announced.")
    else:
        start = datetime.datetime.combine(session.day.date, DAY_CHANGE, tzinfo=LOCAL_TZ)
        midnight = datetime.datetime.combine(session.day.date + datetime.timedelta(days=1), datetime.time(0, 0))
        duration = _hhmm(midnight.replace(tzinfo=LOCAL_TZ) - start)
        subtitle = gettext("No time is given: it runs through the day.")
    page = absolute_url(origin, session.get_absolute_url())
    return {
        "id": session.pk,
        "guid": session_guid(session),
        "date": _iso(start),
        "start": start.strftime("%H:%M"),
        "duration": duration,
        "room": room if room is not None else room_name(session),
        "slug": ascii_slug(session.slug, max_length=100),
        "url": page,
        "title": session_summary(session),
        "subtitle": subtitle,
        "track": category_label(session),
        "type": session.category if session.category in Category.values else "other",
        # The sources do not say which language a session is held in; this is
        # the language the entry is written in.
        "language": language,
        "abstract": clean(text(session, "description")),
        "description": "\n\n".join([*session_notes(session), page]),
        "persons": [
            {"id": appearance.person.pk, "public_name": clean(text(appearance.person, "name"))}
            for appearance in session.visible_appearances
        ],
        "links": [{"url": page, "title": gettext("Session page")}],
    }


def frab_schedule(programme: Programme, sessions: Sequence[Session], *, version: str, origin: str) -> dict:
    """Build the frab schedule (the JSON structure) of ``programme`` from its exported ``sessions``.

    Links start with ``origin`` (``events.exports.site_origin``).

    Days known only to the month are left out: frab needs a date and a time.
    Days are numbered from 1 in date order; rooms keep the order in which
    their first session starts.
    """
    language = get_language() or settings.LANGUAGE_CODE
    dated = [s for s in sessions if not s.day.month_only]
    days = []
    for index, (day, day_sessions) in enumerate(groupby(dated, key=lambda s: s.day), start=1):
        day_sessions = list(day_sessions)
        midnight = datetime.datetime.combine(day.date, datetime.time(0, 0), tzinfo=LOCAL_TZ)
        timed = [s for s in day_sessions if s.starts_at]
        if timed and len(timed) == len(day_sessions):
            day_start = min(s.starts_at for s in timed)
            day_end = max(s.ends_at or s.starts_at for s in timed)
        else:
            day_start = min(
                [datetime.datetime.combine(day.date, DAY_CHANGE, tzinfo=LOCAL_TZ), *(s.starts_at for s in timed)]
            )
            day_end = max([midnight + datetime.timedelta(days=1), *(s.ends_at or s.starts_at for s in timed)])
        rooms: dict[str, list[dict]] = {}
        for session in day_sessions:
            room = room_name(session)
            rooms.setdefault(room, []).append(frab_event(session, language, origin=origin, room=room))
        days.append(
            {
                "index": index,
                "date": day.date.isoformat(),
                "day_start": _iso(day_start),
                "day_end": _iso(day_end),
                "rooms": rooms,
            }
        )
    return {
        "schedule": {
            "version": version,
            "base_url": absolute_url(origin, programme.get_absolute_url()),
            "conference": {
                "acronym": programme.slug,
                "title": clean(programme.title),
                "start": days[0]["date"] if days else None,
                "end": days[-1]["date"] if days else None,
                "daysCount": len(days),
                "timeslot_duration": "00:15",
                "time_zone_name": settings.TIME_ZONE,
                "days": days,
            },
        }
    }


def _sub(parent: ElementTree.Element, tag: str, text: str | int | None = None, **attrs) -> ElementTree.Element:
    element = ElementTree.SubElement(parent, tag, {key: str(value) for key, value in attrs.items()})
    if text is not None:
        element.text = str(text)
    return element


def frab_xml(schedule: dict) -> bytes:
    """Write ``schedule`` (from ``frab_schedule``) as schedule.xml, valid against frab-schedule.xsd."""
    data = schedule["schedule"]
    conference = data["conference"]
    root = ElementTree.Element("schedule")
    _sub(root, "version", data["version"])
    conf = _sub(root, "conference")
    _sub(conf, "acronym", conference["acronym"])
    _sub(conf, "title", conference["title"])
    if conference["start"]:
        _sub(conf, "start", conference["start"])
        _sub(conf, "end", conference["end"])
    _sub(conf, "days", conference["daysCount"])
    _sub(conf, "timeslot_duration", conference["timeslot_duration"])
    for day in conference["days"]:
        day_element = _sub(
            root, "day", index=day["index"], date=day["date"], start=day["day_start"], end=day["day_end"]
        )
        for name, events in day["rooms"].items():
            room = _sub(day_element, "room", name=name)
            for event in events:
                element = _sub(room, "event", id=event["id"], guid=event["guid"])
                for tag in ("date", "start", "duration", "room", "slug", "title", "subtitle", "track", "type"):
                    _sub(element, tag, event[tag])
                for tag in ("language", "abstract", "description"):
                    _sub(element, tag, event[tag])
                persons = _sub(element, "persons")
                for person in event["persons"]:
                    _sub(persons, "person", person["public_name"], id=person["id"])
                links = _sub(element, "links")
                for link in event["links"]:
                    _sub(links, "link", link["title"], href=link["url"])
    ElementTree.indent(root)
    # Serialised to a str and encoded once: with encoding="utf-8" ElementTree
    # writes through a codec piece by piece, a third of a long schedule's time.
    # The declaration is the one tostring(xml_declaration=True) writes.
    return b"<?xml version='1.0' encoding='utf-8'?>\n" + ElementTree.tostring(root, encoding="unicode").encode()


# Views ------------------------------------------------------------------------------------


def _programme_last_modified(request, slug: str) -> datetime.datetime | None:
    # Kept on the request: condition() asks for it, and the schedule's version is the same moment.
    if not hasattr(request, "_schedule_last_modified"):
        request._schedule_last_modified = newest_change(Q(day__programme__slug=slug))
    return request._schedule_last_modified


def _frab_schedule(request, slug: str) -> tuple[dict, HttpResponse | None]:
    """The schedule of programme ``slug``, or (when nothing in it is dated) the 404 page that says why."""
    programme = get_object_or_404(Programme.objects.published().select_related("current_release"), slug=slug)
    sessions = list(Session.objects.for_export(Q(day__programme=programme)))
    if not any(not session.day.month_only for session in sessions):
        ctx = {"programme": programme, "month_only": bool(sessions)}
        return {}, render(request, "events/no_schedule.html", ctx, status=404)
    if programme.shows_release:
        # Residents see a release: its number (and name) is the schedule's version.
        version = clean(programme.current_release.frab_version())
    else:
        # The version changes whenever the schedule does, so apps know to reload.
        version = (_programme_last_modified(request, slug) or programme.updated_at).strftime("%Y-%m-%d %H:%M:%S")
    return frab_schedule(programme, sessions, version=version, origin=site_origin(request)), None


@public_view(last_modified=_programme_last_modified)
def schedule_xml(request, slug: str):
    schedule, not_found = _frab_schedule(request, slug)
    if not_found:
        return not_found
    response = HttpResponse(frab_xml(schedule), content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{slug}-{get_language()}-schedule.xml"'
    return response


@public_view(last_modified=_programme_last_modified)
def schedule_json(request, slug: str):
    schedule, not_found = _frab_schedule(request, slug)
    if not_found:
        return not_found
    body = json.dumps(schedule, ensure_ascii=False, indent=1)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{slug}-{get_language()}-schedule.json"'
    return response
