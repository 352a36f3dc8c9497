"""Calendars, conference-app schedules, the personal programme and the change log.

Every view here answers conditional requests: ``last_modified`` runs one or
two small queries and a client that holds the newest copy gets 304 without
the export being built. Responses are cached publicly for five minutes: a
change an organiser saves reaches browsers, calendar apps and proxies within
that time, and revalidation after it costs a 304. No view here sets a cookie.
"""

import datetime
import json
from itertools import groupby

from django.contrib.syndication.views import Feed
from django.db.models import Max, OuterRef, Q, Subquery
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language, gettext
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition

from events import exports
from events.models import Change, Day, Programme, Session
from people.models import Person
from venues.models import Venue

# Five minutes: see the module docstring.
MAX_AGE = 300
cache_publicly = cache_control(public=True, max_age=MAX_AGE)


def newest_change(scope: Q) -> datetime.datetime | None:
    """Return when anything an export of the sessions in ``scope`` shows last changed.

    One query: the newest ``updated_at`` of those sessions (drafts too: a
    session unpublished changes the export), their days, programmes, spaces,
    venues and people, and the newest entry of the change log (a deleted
    session leaves only that behind).
    """
    latest_log = Subquery(Change.objects.order_by("-created_at").values("created_at")[:1])
    row = Session.objects.filter(scope).aggregate(
        newest_session=Max("updated_at"),
        newest_day=Max("day__updated_at"),
        newest_programme=Max("day__programme__updated_at"),
        newest_space=Max("space__updated_at"),
        newest_venue=Max("space__venue__updated_at"),
        newest_person=Max("people__updated_at"),
        newest_log=Max(latest_log),
    )
    if row["newest_session"] is None:
        return None
    return max(moment for moment in row.values() if moment)


def _calendar_response(sessions, *, name: str, filename: str) -> HttpResponse:
    calendar = exports.build_calendar(sessions, name=name)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _parse_date(date: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(date)
    except ValueError as error:
        raise Http404 from error


# Calendars -----------------------------------------------------------------


@cache_publicly
@condition(last_modified_func=lambda request, slug: newest_change(Q(slug=slug)))
def session_calendar(request, slug: str):
    sessions = list(exports.sessions_for_export(Q(slug=slug)))
    if not sessions or sessions[0].day.month_only:
        # A session whose day is known only to the month has no date to put in a calendar.
        raise Http404
    return _calendar_response(sessions, name=sessions[0].title, filename=f"{slug}.ics")


@cache_publicly
@condition(last_modified_func=lambda request, slug, date: newest_change(Q(day__programme__slug=slug)))
def day_calendar(request, slug: str, date: str):
    day = get_object_or_404(
        Day.objects.select_related("programme").filter(programme__is_published=True),
        programme__slug=slug,
        date=_parse_date(date),
    )
    if day.month_only:
        raise Http404
    sessions = exports.sessions_for_export(Q(day=day))
    name = f"{day.programme.title} — {day.date.isoformat()}"
    return _calendar_response(sessions, name=name, filename=f"{slug}-{day.date.isoformat()}.ics")


@cache_publicly
@condition(last_modified_func=lambda request, slug: newest_change(Q(day__programme__slug=slug)))
def programme_calendar(request, slug: str):
    programme = get_object_or_404(Programme.objects.published(), slug=slug)
    sessions = exports.sessions_for_export(Q(day__programme=programme))
    return _calendar_response(sessions, name=programme.title, filename=f"{slug}.ics")


@cache_publicly
@condition(last_modified_func=lambda request, slug: newest_change(Q(space__venue__slug=slug)))
def venue_calendar(request, slug: str):
    venue = get_object_or_404(Venue, slug=slug)
    sessions = exports.sessions_for_export(Q(space__venue=venue))
    return _calendar_response(sessions, name=venue.name, filename=f"{slug}.ics")


def _person_scope(slug: str) -> Q:
    # A subquery rather than a join, so a person with two roles in one
    # session does not list it twice.
    return Q(pk__in=Session.objects.filter(appearances__person__slug=slug).values("pk"))


@cache_publicly
@condition(last_modified_func=lambda request, slug: newest_change(_person_scope(slug)))
def person_calendar(request, slug: str):
    person = get_object_or_404(Person.objects.public(), slug=slug)
    sessions = exports.sessions_for_export(_person_scope(person.slug))
    return _calendar_response(sessions, name=person.name, filename=f"{slug}.ics")


# The personal programme ---------------------------------------------------


def _selection_last_modified(request) -> datetime.datetime | None:
    slugs = exports.selection_from_query(request.GET)
    return newest_change(Q(slug__in=slugs)) if slugs else None


@cache_publicly
@condition(last_modified_func=_selection_last_modified)
def my_programme(request):
    slugs = exports.selection_from_query(request.GET)
    sessions = list(exports.sessions_for_export(Q(slug__in=slugs))) if slugs else []
    query = exports.selection_query([session.slug for session in sessions])
    path = reverse("exports:my_programme")
    clashes = exports.find_clashes(sessions)
    for session in sessions:
        session.clashes_with = clashes.get(session.pk, [])
    days = [
        {"day": day, "month_only": day.month_only, "sessions": list(day_sessions)}
        for day, day_sessions in groupby(sessions, key=lambda session: session.day)
    ]
    ctx = {
        "days": days,
        "selection": [session.slug for session in sessions],
        "clashes": bool(clashes),
        "query": query,
        "share_url": exports.absolute_url(f"{path}?{query}") if query else "",
        "ics_url": f"{reverse('exports:my_calendar')}?{query}" if query else "",
        "unknown": len(slugs) - len(sessions),
        "month_only": any(day["month_only"] for day in days),
    }
    return render(request, "exports/my_programme.html", ctx)


@cache_publicly
@condition(last_modified_func=_selection_last_modified)
def my_calendar(request):
    slugs = exports.selection_from_query(request.GET)
    sessions = exports.sessions_for_export(Q(slug__in=slugs)) if slugs else []
    return _calendar_response(sessions, name=gettext("My programme"), filename="my-programme.ics")


# frab schedules -------------------------------------------------------------


def _programme_last_modified(request, slug: str) -> datetime.datetime | None:
    return newest_change(Q(day__programme__slug=slug))


def _frab_schedule(request, slug: str) -> dict:
    programme = get_object_or_404(Programme.objects.published(), slug=slug)
    sessions = list(exports.sessions_for_export(Q(day__programme=programme)))
    # The version changes whenever the schedule does, so apps know to reload.
    version = (_programme_last_modified(request, slug) or programme.updated_at).strftime("%Y-%m-%d %H:%M:%S")
    return exports.frab_schedule(programme, sessions, version=version)


@cache_publicly
@condition(last_modified_func=_programme_last_modified)
def schedule_xml(request, slug: str):
    schedule = _frab_schedule(request, slug)
    response = HttpResponse(exports.frab_xml(schedule), content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{slug}-{get_language()}-schedule.xml"'
    return response


@cache_publicly
@condition(last_modified_func=_programme_last_modified)
def schedule_json(request, slug: str):
    schedule = _frab_schedule(request, slug)
    body = json.dumps(schedule, ensure_ascii=False, indent=1)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{slug}-{get_language()}-schedule.json"'
    return response


# The change log -----------------------------------------------------------


def _changes_last_modified(request, slug: str) -> datetime.datetime | None:
    """One query: the newer of the programme's own change and its newest change-log entry."""
    latest = Change.objects.filter(programme=OuterRef("pk")).order_by("-created_at").values("created_at")[:1]
    row = (
        Programme.objects.published()
        .filter(slug=slug)
        .annotate(latest_change=Subquery(latest))
        .values("updated_at", "latest_change")
        .first()
    )
    if row is None:
        return None
    return max(moment for moment in row.values() if moment)


@cache_publicly
@condition(last_modified_func=_changes_last_modified)
def changes(request, slug: str):
    programme = get_object_or_404(Programme.objects.published(), slug=slug)
    ctx = {
        "programme": programme,
        "changes": [exports.describe_change(change) for change in exports.changes_for_programme(programme)],
    }
    return render(request, "exports/changes.html", ctx)


class ChangesFeed(Feed):
    """The change log of one programme as an Atom feed, in the language of the URL."""

    feed_type = Atom1Feed

    def get_object(self, request, slug: str) -> Programme:
        return get_object_or_404(Programme.objects.published(), slug=slug)

    def title(self, programme: Programme) -> str:
        return gettext("Changes: %(programme)s") % {"programme": exports.clean(programme.title)}

    def subtitle(self, programme: Programme) -> str:
        return gettext("Sessions added, moved, cancelled or changed in the programme.")

    def link(self, programme: Programme) -> str:
        return reverse("exports:changes", kwargs={"slug": programme.slug})

    def items(self, programme: Programme) -> list[dict]:
        changes_url = reverse("exports:changes", kwargs={"slug": programme.slug})
        return [
            {**exports.describe_change(change), "changes_url": f"{changes_url}#change-{change.pk}"}
            for change in exports.changes_for_programme(programme, limit=50)
        ]

    def item_title(self, item: dict) -> str:
        return f"{item['kind']}: {item['title']}"

    def item_description(self, item: dict) -> str:
        lines = [f"{row['label']}: {row['before'] or '—'} → {row['after'] or '—'}" for row in item["rows"]]
        return "\n".join(lines)

    def item_link(self, item: dict) -> str:
        session = item["change"].session
        return session.get_absolute_url() if session and session.is_published else item["changes_url"]

    def item_guid(self, item: dict) -> str:
        change = item["change"]
        return f"tag:{exports.uid_domain()},{change.created_at:%Y-%m-%d}:change-{change.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: dict) -> datetime.datetime:
        return item["change"].created_at

    def item_updateddate(self, item: dict) -> datetime.datetime:
        return item["change"].created_at


changes_feed = cache_publicly(condition(last_modified_func=_changes_last_modified)(ChangesFeed()))
