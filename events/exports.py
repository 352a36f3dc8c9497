"""Take the programme along: calendars (iCalendar, RFC 5545), conference-app
schedules (frab XML and JSON), the personal programme and the change log's texts.

Everything here works on sessions already loaded by ``sessions_for_export``
and runs no queries of its own. Texts come out in the active language (the
``/<lang>/`` prefix of the request) and pass through ``strip_control_characters``:
XML 1.0 and iCalendar cannot carry control characters an organiser may paste.
"""

import datetime
import uuid
import zoneinfo
from collections.abc import Iterable, Sequence
from itertools import groupby
from urllib.parse import urlsplit
from xml.etree import ElementTree

import icalendar
from django.conf import settings
from django.db.models import F, Prefetch, Q, QuerySet
from django.http import QueryDict
from django.utils import formats
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import resolution_order

from events.models import Category, Change, Programme, Session, SessionPerson, Status
from events.text import ascii_slug, strip_control_characters

LOCAL_TZ = zoneinfo.ZoneInfo(settings.TIME_ZONE)
PRODID = "-//Regional event programmes//Programme calendar//EN"
# frab guids are uuid5 of the session's slug in this namespace: the same in
# every language and on every deployment, so apps recognise a session again.
GUID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://programmes.kz/frab/sessions")
# The most sessions a personal programme link carries; longer lists are cut.
MAX_SELECTION = 200

ASPECT_LABELS = {
    "when": _("When"),
    "place": _("Where"),
    "status": _("Status"),
    "title": _("Title"),
}


def clean(text: str) -> str:
    return strip_control_characters(str(text or "")).strip()


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def uid_domain() -> str:
    """The host part of calendar UIDs: the host of ``SITE_URL``."""
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def session_uid(session: Session) -> str:
    """A UID that stays the same across languages and edits, so clients update instead of duplicating."""
    return f"session-{session.slug}@{uid_domain()}"


def session_guid(session: Session) -> str:
    return str(uuid.uuid5(GUID_NAMESPACE, session.slug))


# Loaders ------------------------------------------------------------------


def sessions_for_export(scope: Q) -> QuerySet[Session]:
    """Published sessions matching ``scope`` for every export view in ``events.export_views``.

    Two queries: the sessions joined to day, programme, space and venue, in
    time order (whole-day items first in each day); then their people in
    order (``visible_appearances``, each with its person).
    """
    return (
        Session.objects.published()
        .filter(scope)
        .select_related("day__programme", "space__venue")
        .prefetch_related(
            Prefetch(
                "appearances",
                queryset=SessionPerson.objects.select_related("person").order_by("order", "pk"),
                to_attr="visible_appearances",
            )
        )
        .order_by(
            "day__date",
            F("start_time").asc(nulls_first=True),
            F("end_time").asc(nulls_first=True),
            "platform_number",
            "slug",
        )
    )


def changes_for_programme(programme: Programme, limit: int = 100) -> QuerySet[Change]:
    """The newest changes of ``programme`` for the changes page and the Atom feed: one query."""
    return Change.objects.filter(programme=programme).select_related("session").order_by("-created_at", "-pk")[:limit]


# The personal programme ---------------------------------------------------


def selection_from_query(query: QueryDict) -> list[str]:
    """Read the starred sessions' slugs from ``?s=a,b`` or ``?s=a&s=b``, in order, without repeats.

    Anything that is not a slug is dropped; the list is cut at ``MAX_SELECTION``.
    """
    slugs: list[str] = []
    for value in query.getlist("s"):
        for slug in value.split(","):
            slug = slug.strip()
            if slug and slug == ascii_slug(slug, max_length=100) and slug not in slugs:
                slugs.append(slug)
    return slugs[:MAX_SELECTION]


def selection_query(slugs: Sequence[str]) -> str:
    """The query string of a shareable personal programme link: ``s=a,b,c``."""
    return "s=" + ",".join(slugs) if slugs else ""


def find_clashes(sessions: Iterable[Session]) -> dict[int, list[Session]]:
    """Map each session's pk to the other sessions it overlaps in time.

    Cancelled sessions and items without a time clash with nothing. A session
    without an end holds only its starting moment, as in the space check
    (``Session.occupied_range``).
    """
    timed = [s for s in sessions if s.starts_at and not s.is_cancelled]
    clashes: dict[int, list[Session]] = {}
    for i, a in enumerate(timed):
        for b in timed[i + 1 :]:
            a_start, a_end, a_closed = a.occupied_range()
            b_start, b_end, b_closed = b.occupied_range()
            a_before_b_ends = a_start <= b_end if b_closed else a_start < b_end
            b_before_a_ends = b_start <= a_end if a_closed else b_start < a_end
            if a_before_b_ends and b_before_a_ends:
                clashes.setdefault(a.pk, []).append(b)
                clashes.setdefault(b.pk, []).append(a)
    return clashes


# iCalendar -----------------------------------------------------------------


def session_summary(session: Session) -> str:
    title = clean(session.title)
    if session.is_cancelled:
        # Many calendar apps ignore STATUS:CANCELLED; the title says it too.
        return gettext("Cancelled: %(title)s") % {"title": title}
    return title


def session_notes(session: Session) -> list[str]:
    """What a calendar entry or app adds to the description: status, missing times, people."""
    notes = []
    if session.is_cancelled:
        notes.append(gettext("This session is cancelled."))
    elif session.status == Status.MOVED:
        notes.append(gettext("This session has moved."))
    if session.status_note:
        notes.append(clean(session.status_note))
    if session.start_time is None:
        notes.append(gettext("No time is given: it runs through the day."))
    elif session.end_time is None:
        notes.append(gettext("End time not announced."))
    people = [clean(appearance.person.name) for appearance in session.visible_appearances]
    if people:
        notes.append(gettext("With: %(people)s") % {"people": ", ".join(people)})
    return notes


def session_event(session: Session) -> icalendar.Event:
    """Build the VEVENT of one session (needs the ``sessions_for_export`` preloads)."""
    page = absolute_url(session.get_absolute_url())
    event = icalendar.Event()
    event.add("uid", session_uid(session))
    # Without METHOD, DTSTAMP is when the information was last revised (RFC 5545, 3.8.7.2).
    event.add("dtstamp", session.updated_at.astimezone(datetime.UTC))
    event.add("last-modified", session.updated_at.astimezone(datetime.UTC))
    event.add("sequence", session.sequence)
    event.add("status", "CANCELLED" if session.is_cancelled else "CONFIRMED")
    event.add("summary", session_summary(session))
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
    description = [*session_notes(session), clean(session.description), page]
    event.add("description", "\n\n".join(part for part in description if part))
    return event


def build_calendar(sessions: Iterable[Session], *, name: str) -> icalendar.Calendar:
    """Build a calendar of ``sessions`` named ``name``, with the VTIMEZONE of Asia/Almaty.

    Sessions of a day known only to the month are left out: their date is not known.
    """
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("name", clean(name))
    calendar.add("x-wr-calname", clean(name))
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    # Subscribed calendars (webcal://) ask again after an hour (RFC 7986 and its predecessor).
    calendar.add("refresh-interval", datetime.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    for session in sessions:
        if not session.day.month_only:
            calendar.add_component(session_event(session))
    calendar.add_missing_timezones()
    return calendar


# frab schedule -------------------------------------------------------------


def _hhmm(delta: datetime.timedelta) -> str:
    minutes = int(delta.total_seconds()) // 60
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _iso(moment: datetime.datetime) -> str:
    # frab writes the offset with a colon (+05:00) and no microseconds.
    return moment.astimezone(LOCAL_TZ).replace(microsecond=0).isoformat()


def room_name(session: Session) -> str:
    return clean(session.place_label()) or gettext("Place not given")


def frab_event(session: Session, language: str) -> dict:
    """The frab event of one session, as the JSON writes it (the XML is built from the same dict).

    An item without a time runs through the day: it starts at 00:00 and lasts
    24:00, and the subtitle says no time is given (the format needs a start).
    A start without an end has the duration 00:00 and says so in the subtitle.
    """
    if session.starts_at:
        start = session.starts_at.astimezone(LOCAL_TZ)
        duration = _hhmm(session.ends_at - session.starts_at) if session.ends_at else "00:00"
        subtitle = "" if session.ends_at else gettext("End time not announced.")
    else:
        start = datetime.datetime.combine(session.day.date, datetime.time(0, 0), tzinfo=LOCAL_TZ)
        duration = "24:00"
        subtitle = gettext("No time is given: it runs through the day.")
    page = absolute_url(session.get_absolute_url())
    return {
        "id": session.pk,
        "guid": session_guid(session),
        "date": _iso(start),
        "start": start.strftime("%H:%M"),
        "duration": duration,
        "room": room_name(session),
        "slug": ascii_slug(session.slug, max_length=100),
        "url": page,
        "title": session_summary(session),
        "subtitle": subtitle,
        "track": clean(session.get_category_display()),
        "type": session.category if session.category in Category.values else "other",
        # The sources do not say which language a session is held in; this is
        # the language the entry is written in.
        "language": language,
        "abstract": clean(session.description),
        "description": "\n\n".join([*session_notes(session), page]),
        "persons": [
            {"id": appearance.person.pk, "public_name": clean(appearance.person.name)}
            for appearance in session.visible_appearances
        ],
        "links": [{"url": page, "title": gettext("Session page")}],
    }


def frab_schedule(programme: Programme, sessions: Sequence[Session], *, version: str) -> dict:
    """Build the frab schedule (the JSON structure) of ``programme`` from its exported ``sessions``.

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
            day_start, day_end = midnight, midnight + datetime.timedelta(days=1)
        rooms: dict[str, list[dict]] = {}
        for session in day_sessions:
            rooms.setdefault(room_name(session), []).append(frab_event(session, language))
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
            "base_url": absolute_url(programme.get_absolute_url()),
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
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)


# The change log ----------------------------------------------------------


def in_language(values: dict) -> str:
    """Pick the active language's text from ``{"kk": ..., "ru": ..., "en": ...}``, with the usual fallbacks."""
    for code in resolution_order(get_language() or settings.LANGUAGE_CODE):
        if values.get(code):
            return values[code]
    return ""


def describe_value(aspect: str, value) -> str:
    """Render one stored before/after value of a change in the active language."""
    if value is None:
        return ""
    if aspect == "when":
        date = datetime.date.fromisoformat(value["date"])
        if value.get("month_only"):
            day = formats.date_format(date, "YEAR_MONTH_FORMAT")
        else:
            day = formats.date_format(date, "DATE_FORMAT")
        if value["start"] and value["end"]:
            return f"{day}, {value['start']}–{value['end']}"
        if value["start"]:
            return f"{day}, {value['start']}"
        return day
    if aspect == "status":
        return str(Status(value).label) if value in Status.values else value
    return in_language(value) or gettext("not given")


def describe_change(change: Change) -> dict:
    """What the changes page and the feed show of one change: title, kind and before/after rows."""
    aspects = [aspect for aspect in ASPECT_LABELS if aspect in change.before or aspect in change.after]
    return {
        "change": change,
        "title": clean(in_language(change.session_title)),
        "kind": change.get_kind_display(),
        "rows": [
            {
                "label": ASPECT_LABELS[aspect],
                "before": describe_value(aspect, change.before.get(aspect)),
                "after": describe_value(aspect, change.after.get(aspect)),
            }
            for aspect in aspects
        ],
    }
