"""My programme: the sessions a resident starred, kept in the address (``?s=a,b``), with clashes and a calendar.

The address is the whole state, so the page works without JavaScript and a
link to it can be shared or subscribed to (``webcal:``). static/js/my-programme.js
also keeps the list in the browser (localStorage), so that it stays across
pages and visits, and fills the header's link and count from it.
"""

import datetime
from collections.abc import Iterable, Sequence
from itertools import groupby

from django.db.models import Q
from django.http import QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext

from events.calendars import _calendar_response
from events.changelog import badge_moment
from events.exports import absolute_url, newest_change, site_origin
from events.models import Session
from sources.caching import public_view
from sources.text import ascii_slug

# The most sessions a personal programme link carries; longer lists are cut.
MAX_SELECTION = 200


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
    """Map each session's pk to the other sessions it overlaps in time (``Session.overlaps``)."""
    timed = [s for s in sessions if s.starts_at and not s.is_cancelled]
    clashes: dict[int, list[Session]] = {}
    for i, a in enumerate(timed):
        for b in timed[i + 1 :]:
            if a.overlaps(b):
                clashes.setdefault(a.pk, []).append(b)
                clashes.setdefault(b.pk, []).append(a)
    return clashes


# Views ------------------------------------------------------------------------------------


def _selection_last_modified(request) -> datetime.datetime | None:
    slugs = selection_from_query(request.GET)
    return badge_moment(newest_change(Q(slug__in=slugs))) if slugs else None


@public_view(last_modified=_selection_last_modified)
def my_programme(request):
    slugs = selection_from_query(request.GET)
    sessions = list(Session.objects.for_export(Q(slug__in=slugs))) if slugs else []
    query = selection_query([session.slug for session in sessions])
    path = reverse("exports:my_programme")
    clashes = find_clashes(sessions)
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
        "share_url": absolute_url(site_origin(request), f"{path}?{query}") if query else "",
        "ics_url": f"{reverse('exports:my_calendar')}?{query}" if query else "",
        "unknown": len(slugs) - len(sessions),
        "month_only": any(day["month_only"] for day in days),
    }
    return render(request, "events/my_programme.html", ctx)


@public_view(last_modified=_selection_last_modified)
def my_calendar(request):
    slugs = selection_from_query(request.GET)
    sessions = list(Session.objects.for_export(Q(slug__in=slugs))) if slugs else []
    clashes = find_clashes(sessions)
    for session in sessions:
        session.clashes_with = clashes.get(session.pk, [])
    return _calendar_response(request, sessions, name=gettext("My programme"), filename="my-programme.ics")
