"""The public pages: home, programme, grid, day, session, now and next; venues, people and exhibits.

Each view reads through one loader (``for_<page>()``) and follows the public
caching policy of ``sources.caching``: no cookies, conditional requests
answered with 304, ``Cache-Control: public``.
"""

import base64
import datetime
import hashlib
import json
from collections import defaultdict
from itertools import groupby
from urllib.parse import urlencode

from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from events import public
from events.changelog import badge_etag, badge_last_modified, header_changes_link, recent_changes
from events.models import DatePrecision, Programme, Role, Session, Status, TopicKind
from events.my_programme import selection_from_query, selection_query
from people.models import PersonKind
from sources.alphabet import alphabetical_key, sorted_by_text
from sources.caching import content_etag, public_view
from sources.languages import field_in_language
from sources.text import one_line, strip_control_characters

# Same escapes as django.utils.html.json_script, which only writes
# type="application/json": a "</script>" in a title cannot end the element.
JSON_LD_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}

EVENT_STATUS = {
    Status.SCHEDULED: "https://schema.org/EventScheduled",
    Status.CANCELLED: "https://schema.org/EventCancelled",
    Status.MOVED: "https://schema.org/EventRescheduled",
}
# The session page's headings over its topics: what a resident reads, not the kinds' names in the admin.
TOPIC_HEADINGS = {
    TopicKind.SPECIALTY: _("Doctors' specialties"),
    TopicKind.MASTER_CLASS: _("Master classes and operations"),
    TopicKind.ACTIVITY: _("What the programme includes"),
    TopicKind.CLUB: _("Clubs and rooms"),
}
OPENSTREETMAP_SEARCH = "https://www.openstreetmap.org/search"
PERFORMER_ROLES = {Role.PERFORMER, Role.SPEAKER, Role.HOST}
PERSON_TYPES = {
    PersonKind.PERSON: "Person",
    PersonKind.GROUP: "PerformingGroup",
    PersonKind.INSTITUTION: "Organization",
}


def _moment_etag(request, *args, **kwargs) -> str | None:
    """The content revision and the current minute: "now and next" changes with the clock too."""
    revision = content_etag(request)
    return f"{revision}-{timezone.now():%Y%m%d%H%M}" if revision else None


def selection_context(request) -> dict:
    """The starred sessions of "My programme" from ``?s=`` (no query).

    ``selection`` feeds the star buttons; ``selection_suffix`` (``?s=a,b`` or
    empty) keeps the selection on the links between the programme, day and
    session pages, since it lives only in the address.
    """
    selection = selection_from_query(request.GET)
    query = selection_query(selection)
    return {"selection": selection, "selection_suffix": f"?{query}" if query else ""}


def json_ld(data: dict) -> str:
    """Serialise ``data`` for a <script type="application/ld+json"> element."""
    return mark_safe(json.dumps(data, ensure_ascii=False, indent=None).translate(JSON_LD_ESCAPES))


# Grouping sessions into days and time slots --------------------------------------------------


def group_into_slots(sessions) -> tuple[list, list]:
    """Split one day's sessions into whole-day items and time slots.

    Sessions sharing a start and an end are one slot, shown side by side.
    Returns ``(all_day, slots)``; each slot is a dict with ``start_time``,
    ``end_time``, ``starts_at``, ``ends_at`` and ``sessions``.
    """
    all_day = [session for session in sessions if session.start_time is None]
    timed = sorted(
        (session for session in sessions if session.start_time is not None),
        key=lambda s: (s.start_time, s.end_time or datetime.time.min),
    )
    slots = []
    for (start, end), members in groupby(timed, key=lambda s: (s.start_time, s.end_time)):
        members = list(members)
        slots.append(
            {
                "start_time": start,
                "end_time": end,
                "starts_at": members[0].starts_at,
                "ends_at": members[0].ends_at,
                "sessions": members,
            }
        )
    return all_day, slots


def days_with_slots(days, sessions, *, counts: dict | None = None) -> list[dict]:
    """Each day of a programme with its own whole-day items and time slots.

    ``counts`` (sessions by date, ``Session.objects.day_counts``) gives each
    day's ``count`` when its sessions are not loaded: a long programme's page.
    """
    by_day = defaultdict(list)
    for session in sessions:
        by_day[session.day_id].append(session)
    result = []
    for day in days:
        all_day, slots = group_into_slots(by_day.get(day.pk, []))
        count = counts.get(day.date, 0) if counts is not None else len(by_day.get(day.pk, []))
        result.append({"day": day, "all_day": all_day, "slots": slots, "count": count})
    return result


def build_grid(day_sessions, *, now: datetime.datetime | None = None) -> dict | None:
    """Lay one day's timed sessions out as a grid: venues across, time down.

    Each venue gets as many lanes (columns) as it needs so that sessions
    overlapping in one venue (an exhibition beside a concert) sit next to each
    other. Rows are the moments at which something starts or ends. Returns
    ``None`` when the day has no timed session.

    ``rows`` is the grid in reading order, for the page and for a screen
    reader alike: each moment's time, then the sessions that start at it,
    left to right; a phone shows the same list as a list by time. ``now``
    (an aware datetime within the grid's first and last moment of the day)
    adds a "now" line across the row it falls in.
    """
    timed = [session for session in day_sessions if session.starts_at is not None]
    if not timed:
        return None
    moments = sorted({s.start_time for s in timed} | {s.end_time for s in timed if s.end_time})
    row_of = {moment: index + 2 for index, moment in enumerate(moments)}  # row 1 is the venues' heading

    def place_key(session):
        if session.space_id:
            return ("venue", session.space.venue_id)
        return ("note", session.location_note)

    places = {}
    for session in timed:
        places.setdefault(place_key(session), []).append(session)

    columns = []  # one dict per place: heading session, first column, lanes
    items = []
    next_column = 2  # column 1 holds the times
    for members in places.values():
        lanes: list[int] = []  # the last row each lane is busy until (exclusive)
        placed = []
        for session in sorted(members, key=lambda s: (s.start_time, s.end_time or s.start_time)):
            row_start = row_of[session.start_time]
            row_end = row_of[session.end_time] if session.end_time else row_start + 1
            lane = next((i for i, busy_until in enumerate(lanes) if busy_until <= row_start), None)
            if lane is None:
                lanes.append(row_end)
                lane = len(lanes) - 1
            else:
                lanes[lane] = row_end
            placed.append((session, row_start, row_end, lane))
        columns.append({"session": members[0], **_cell_area(1, next_column, 2, next_column + len(lanes))})
        for session, row_start, row_end, lane in placed:
            row_end = max(row_end, row_start + 1)
            column = next_column + lane
            items.append(
                {
                    "session": session,
                    "column": column,
                    "row_start": row_start,
                    "row_end": row_end,
                    **_cell_area(row_start, column, row_end, column + 1),
                }
            )
        next_column += len(lanes)
    items.sort(key=lambda item: (item["row_start"], item["column"]))
    times = [{"time": moment, **_cell_area(row_of[moment], 1, row_of[moment] + 1, 2)} for moment in moments]
    now_line = _now_line(now, moments, row_of, next_column) if now is not None else None
    rows = []
    for time in times:
        starting = [item for item in items if item["row_start"] == time["area"][0]]
        if now_line and now_line["area"][0] == time["area"][0]:
            # After the sessions of its row: a phone's list reads "18:00 …, now 18:20, 19:00 …".
            rows.append({"time": time, "items": starting, "now": now_line})
        else:
            rows.append({"time": time, "items": starting})
    return {
        "corner": _cell_area(1, 1, 2, 2),  # above the times, beside the places
        "columns": columns,
        "times": times,
        "items": items,
        "rows": rows,
        "now": now_line,
        "column_count": next_column - 2,
    }


def _now_line(now, moments, row_of, column_end) -> dict | None:
    """The "now" line of a grid: the row ``now`` falls in and how far down it (``percent``)."""
    time = timezone.localtime(now).time().replace(second=0, microsecond=0)
    if not moments[0] <= time < moments[-1]:
        return None
    index = max(i for i, moment in enumerate(moments) if moment <= time)
    start, end = (datetime.datetime.combine(datetime.date.min, m) for m in moments[index : index + 2])
    elapsed = datetime.datetime.combine(datetime.date.min, time) - start
    percent = round(100 * elapsed / (end - start))
    row = row_of[moments[index]]
    return {"time": time, "percent": percent, **_cell_area(row, 1, row + 1, column_end)}


def _cell_area(row: int, column: int, row_end: int, column_end: int) -> dict:
    """A grid cell's ``area`` (its CSS grid-area lines) and ``area_class``, the class that places it."""
    return {"area": (row, column, row_end, column_end), "area_class": f"at-{row}-{column}-{row_end}-{column_end}"}


def grid_stylesheet(grids) -> str:
    """The CSS that places the cells of ``grids`` (from ``build_grid``): one rule per position used.

    A cell carries its ``area_class`` (``at-<row>-<column>-<row end>-<column
    end>``) and a grid the class ``venue-grid--columns-<n>``. The rules go in
    one inline <style> that the page's Content-Security-Policy allows by its
    hash, so that no cell needs a ``style`` attribute, which the policy forbids.
    """
    areas, column_counts, now_rules = {}, set(), []
    for grid in grids:
        column_counts.add(grid["column_count"])
        cells = [grid["corner"], *grid["columns"], *grid["times"], *grid["items"]]
        if grid["now"]:
            cells.append(grid["now"])
            # How far down its row the "now" line sits (venue-grid__now-rule).
            now_rules.append(f".now-{grid['now']['percent']}{{top:{grid['now']['percent']}%}}")
        for cell in cells:
            areas[cell["area"]] = cell["area_class"]
    rules = [f".venue-grid--columns-{count}{{--columns:{count}}}" for count in sorted(column_counts)]
    rules += [f".{areas[area]}{{grid-area:{'/'.join(map(str, area))}}}" for area in sorted(areas)]
    return "".join(rules + sorted(set(now_rules)))


def allow_inline_style(response, css: str) -> None:
    """Let the one inline <style> of ``response``, whose text is exactly ``css``, pass its Content-Security-Policy.

    Adds the hash of ``css`` to ``style-src``, as django-csp's ``csp_update``
    decorator does for a fixed source: its middleware adds what a response
    carries in ``_csp_update`` to the policy in settings.
    """
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    response._csp_update = {"style-src": [f"'sha256-{digest}'"]}


def now_and_next(programme, moment) -> dict:
    """What is on at ``moment`` and what starts next, for the home page and the now-and-next page."""
    return split_now_and_next(list(Session.objects.for_now_and_next(programme, moment)), moment)


def split_now_and_next(sessions, moment) -> dict:
    """``sessions`` (on now or later, in time order) split into what is on at ``moment`` and the next slot."""
    now = [s for s in sessions if s.starts_at is None or s.starts_at <= moment]
    upcoming = [s for s in sessions if s.starts_at is not None and s.starts_at > moment]
    following = [s for s in upcoming if s.starts_at == upcoming[0].starts_at] if upcoming else []
    return {"now": now, "next": following, "sessions": sessions}


def programme_state(first_date, last_date, today) -> dict:
    """``running``, ``coming`` (with ``days_until``) or ``ended`` for a programme's dates."""
    if first_date is None:
        return {"state": "undated"}
    if today < first_date:
        return {"state": "coming", "days_until": (first_date - today).days}
    if today > last_date:
        return {"state": "ended"}
    return {"state": "running"}


# Structured data ----------------------------------------------------------------------------


def _iso(moment) -> str:
    return timezone.localtime(moment).replace(microsecond=0).isoformat()


def _absolute(request, obj) -> str | None:
    try:
        return request.build_absolute_uri(obj.get_absolute_url())
    except NoReverseMatch:
        return None


def event_ld(session, request, *, full: bool) -> dict:
    """A schema.org Event for ``session``; ``full`` adds people and description (session page)."""
    day = session.day
    if session.starts_at:
        start = _iso(session.starts_at)
    elif day.date_precision == DatePrecision.MONTH:
        start = day.date.strftime("%Y-%m")
    else:
        start = day.date.isoformat()
    data = {
        "@type": "Event",
        "name": one_line(session.title),
        "startDate": start,
        "eventStatus": EVENT_STATUS.get(session.status, EVENT_STATUS[Status.SCHEDULED]),
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "url": request.build_absolute_uri(session.get_absolute_url()),
        "inLanguage": get_language(),
    }
    if session.ends_at:
        data["endDate"] = _iso(session.ends_at)
    data["location"] = place_ld(session)
    if full:
        if session.description:
            data["description"] = strip_control_characters(session.description)
        performers = [a.person for a in session.visible_appearances if a.role in PERFORMER_ROLES]
        organisers = [a.person for a in session.visible_appearances if a.role == Role.ORGANISER]
        if performers:
            data["performer"] = [person_ld(person, request) for person in performers]
        if organisers:
            data["organizer"] = [person_ld(person, request) for person in organisers]
    return data


def place_ld(session) -> dict:
    if session.space_id:
        venue = session.space.venue
        place = {"@type": "Place", "name": session.space.label()}
        address = {"@type": "PostalAddress", "addressLocality": venue.city, "addressCountry": "KZ"}
        if venue.address:
            address["streetAddress"] = venue.address
        place["address"] = address
        return place
    return {"@type": "Place", "name": session.location_note or session.day.programme.city}


def person_ld(person, request) -> dict:
    data = {"@type": PERSON_TYPES.get(person.kind, "Person"), "name": person.name}
    url = _absolute(request, person)
    if url:
        data["url"] = url
    return data


# Views --------------------------------------------------------------------------------------


@public_view(etag=_moment_etag)
def home(request):
    today = timezone.localdate()
    programmes = list(Programme.objects.for_home_page())
    groups = {"running": [], "coming": [], "ended": []}
    for programme in programmes:
        programme.state = programme_state(programme.first_date, programme.last_date, today)
        groups["coming" if programme.state["state"] == "undated" else programme.state["state"]].append(programme)
    groups["ended"].reverse()  # the latest first
    current = None
    if groups["running"]:
        current = {"programme": groups["running"][0], **now_and_next(groups["running"][0], timezone.now())}
    ctx = {
        "running": groups["running"],
        "coming": groups["coming"],
        "ended": groups["ended"],
        "current": current,
    }
    if current:
        ctx["changes_url"] = reverse("exports:changes", kwargs={"slug": current["programme"].slug})
    return render(request, "events/home.html", ctx)


# Above this many published sessions the programme page leads by day: each
# day with its number of sessions and a link to its page, instead of every
# session on one page (6,000 sessions would be megabytes of HTML).
LEAD_BY_DAY_ABOVE = 300


# Pages showing badges of recent changes, the "since yesterday" strip or the header's
# link to the change log during an event change at midnight too: their ETag says the date.
@public_view(etag=badge_etag, last_modified=badge_last_modified)
def programme_detail(request, slug):
    programme = get_object_or_404(Programme.objects.for_programme_page(), slug=slug)
    days = programme.visible_days
    queryset = Session.objects.for_programme_page(programme)
    # One more session than a page shows at most, unsorted and without their
    # people (sorting all of a long programme's rows for its first 301 cost
    # more than the rest of its page): a longer programme leads by day and
    # counts each day's sessions instead.
    sessions = list(queryset.prefetch_related(None).order_by()[: LEAD_BY_DAY_ABOVE + 1])
    lead_by_day = len(sessions) > LEAD_BY_DAY_ABOVE
    if lead_by_day:
        counts = Session.objects.day_counts(programme)
        sessions = []
        entries = days_with_slots(days, sessions, counts=counts)
        session_count = sum(counts.values())
        items = [
            {"@type": "ListItem", "position": index, "url": request.build_absolute_uri(day.get_absolute_url())}
            for index, day in enumerate(days, start=1)
        ]
    else:
        sessions.sort(key=Session.objects.programme_sort_key)
        prefetch_related_objects(sessions, Session.objects.card_people())
        entries = days_with_slots(days, sessions)
        session_count = len(sessions)
        items = [
            {"@type": "ListItem", "position": index, "item": event_ld(session, request, full=False)}
            for index, session in enumerate(sessions, start=1)
        ]
    ctx = {
        "programme": programme,
        "days": entries,
        "lead_by_day": lead_by_day,
        "month_only": any(day.month_only for day in days),
        # The rule of events.frab: a schedule for conference apps needs a session on a dated day.
        "has_schedule": any(entry["count"] and not entry["day"].month_only for entry in entries),
        "session_count": session_count,
        **selection_context(request),
        "recent_changes": recent_changes(programme),
        **header_changes_link(programme, programme.visible_days),
        "json_ld": json_ld(
            {
                "@context": "https://schema.org",
                "@type": "ItemList",
                "name": programme.title,
                "url": request.build_absolute_uri(request.path),
                "numberOfItems": len(items),
                "itemListElement": items,
            }
        ),
    }
    return render(request, "events/programme_detail.html", ctx)


# More place columns than this do not fit beside the times at 1,280 px: the
# grid then offers to show only some venues.
GRID_FITTING_COLUMNS = 9


@public_view(etag=_moment_etag)
def grid(request, slug):
    """The grid: every day's places across, time down, with a "now" line while a day runs.

    ``?venue=<slug>`` (repeatable) shows only those venues' columns; the form
    offering it appears when a day has more columns than fit a desktop screen.
    The "now" line moves with the clock, so the page's ETag carries the minute.
    """
    programme = get_object_or_404(Programme.objects.for_programme_page(), slug=slug)
    sessions = list(Session.objects.for_programme_page(programme))
    venues = sorted_by_text({s.space.venue_id: s.space.venue for s in sessions if s.space_id}.values())
    chosen = set(request.GET.getlist("venue")) & {venue.slug for venue in venues}
    if chosen:
        sessions = [s for s in sessions if s.space_id and s.space.venue.slug in chosen]
    days = days_with_slots(programme.visible_days, sessions)
    by_day = defaultdict(list)
    for session in sessions:
        by_day[session.day_id].append(session)
    moment = timezone.now()
    today = timezone.localdate(moment)
    for entry in days:
        now = moment if entry["day"].date == today and not entry["day"].month_only else None
        entry["grid"] = build_grid(by_day.get(entry["day"].pk, []), now=now)
    grids = [entry["grid"] for entry in days if entry["grid"]]
    grid_style = grid_stylesheet(grids)
    ctx = {
        "programme": programme,
        "days": days,
        "grid_style": mark_safe(grid_style),
        "venues": venues,
        "chosen": chosen,
        "offer_filter": bool(chosen) or any(grid["column_count"] > GRID_FITTING_COLUMNS for grid in grids),
        "now_line": next((grid["now"] for grid in grids if grid["now"]), None),
    }
    response = render(request, "events/grid.html", ctx)
    if grid_style:
        allow_inline_style(response, grid_style)
    return response


@public_view(etag=badge_etag, last_modified=badge_last_modified)
def day_detail(request, slug, date):
    try:
        date = datetime.date.fromisoformat(date)
    except ValueError as error:
        raise Http404("No such date.") from error
    programme = get_object_or_404(Programme.objects.for_programme_page(), slug=slug)
    days = programme.visible_days
    day = next((d for d in days if d.date == date), None)
    if day is None:
        raise Http404("No such day in this programme.")
    index = days.index(day)
    sessions = list(Session.objects.for_day_page(day))
    all_day, slots = group_into_slots(sessions)
    ctx = {
        "programme": programme,
        "day": day,
        "all_day": all_day,
        "slots": slots,
        "previous_day": days[index - 1] if index > 0 else None,
        "next_day": days[index + 1] if index + 1 < len(days) else None,
        **selection_context(request),
        **header_changes_link(programme, days),
    }
    return render(request, "events/day_detail.html", ctx)


@public_view(etag=badge_etag, last_modified=badge_last_modified)
def session_detail(request, slug):
    session = get_object_or_404(Session.objects.for_session_page(), slug=slug)
    topics = defaultdict(list)
    for link in session.visible_topics:
        topics[link.topic.kind].append(link.topic)
    topic_groups = [{"kind": TOPIC_HEADINGS[kind], "topics": topics[kind]} for kind in TopicKind if topics[kind]]
    exhibit = getattr(session, "exhibit", None)
    if exhibit is not None and not exhibit.is_published:
        exhibit = None
    ctx = {
        "session": session,
        "day": session.day,
        "programme": session.day.programme,
        "appearances": session.visible_appearances,
        "topic_groups": topic_groups,
        "exhibit": exhibit,
        "json_ld": json_ld({"@context": "https://schema.org", **event_ld(session, request, full=True)}),
        **selection_context(request),
        **header_changes_link(session.day.programme, first_date=session.first_date, last_date=session.last_date),
    }
    return render(request, "events/session_detail.html", ctx)


@public_view(etag=_moment_etag)
def now_next(request, slug):
    programme = get_object_or_404(Programme.objects.for_programme_page(), slug=slug)
    days = programme.visible_days
    moment = timezone.now()
    state = programme_state(days[0].date if days else None, days[-1].date if days else None, timezone.localdate())
    ctx = {"programme": programme, "state": state, "moment": moment, **header_changes_link(programme, days)}
    if state["state"] == "running":
        ctx.update(now_and_next(programme, moment))
    return render(request, "events/now_next.html", ctx)


# Venues, people and exhibits ---------------------------------------------------------------


def _sessions_by_day(sessions) -> list[tuple]:
    """Group a venue's sessions (in programme order) by date: ``[(day, [session, ...]), ...]``."""
    return [(day, list(members)) for day, members in groupby(sessions, key=lambda session: session.day)]


@public_view
def venue_index(request):
    venues = sorted_by_text(public.venues_for_index_page())
    cities: dict = {}
    for venue in venues:
        city = field_in_language(venue, "city")[0]
        cities.setdefault(city, []).append(venue)
    # Each group is a list of venues in one city; the template names the city from the first.
    ctx = {"cities": [cities[city] for city in sorted(cities, key=alphabetical_key)]}
    return render(request, "venues/venue_index.html", ctx)


@public_view
def venue_detail(request, slug):
    venue = get_object_or_404(public.venues_for_venue_page(), slug=slug)
    sessions = list(Session.objects.for_venue_page(venue))
    spaces = [space for space in venue.space_list if space.name or space.capacity]
    ctx = {
        "venue": venue,
        "spaces": spaces,
        "days": _sessions_by_day(sessions),
        "map_search": map_search(venue),
    }
    return render(request, "venues/venue_detail.html", ctx)


def map_search(venue) -> dict:
    """A search for ``venue`` on OpenStreetMap: its name, address if given, and city, as the source writes them.

    The programme texts give no coordinates and rarely an address, so the site
    offers a search rather than a pin it would have to invent. The names are
    taken in the venue's own language (most often Russian), the one the map
    is likeliest to know them in.
    """
    language = venue.original_language
    words = [field_in_language(venue, field, language)[0] for field in ("name", "address", "city")]
    query = ", ".join(word for word in words if word)
    return {"query": query, "url": f"{OPENSTREETMAP_SEARCH}?{urlencode({'query': query})}", "language": language}


# A screen at a venue's door reloads its page this often; shared caches keep it no longer.
SIGNAGE_REFRESH_SECONDS = 60


@public_view(etag=_moment_etag, max_age=SIGNAGE_REFRESH_SECONDS)
def venue_signage(request, slug):
    """Now and next at one venue, in large type, for a screen at its door.

    The page reloads itself every minute, with no script: the response's
    ``Refresh`` header, which browsers treat as a meta refresh, keeps the
    markup free of a delayed ``<meta http-equiv>`` that accessibility checkers
    refuse on sight. Someone reading it on their own screen can stop that
    (``?refresh=off``, WCAG 2.2.1), from a link on the page.
    """
    venue = get_object_or_404(public.public_venues(), slug=slug)
    moment = timezone.now()
    ctx = {
        "venue": venue,
        "moment": moment,
        "today": timezone.localdate(moment),
        "refresh": SIGNAGE_REFRESH_SECONDS if request.GET.get("refresh") != "off" else None,
        **split_now_and_next(list(Session.objects.for_signage(venue, moment)), moment),
    }
    response = render(request, "venues/venue_signage.html", ctx)
    if ctx["refresh"]:
        response["Refresh"] = str(ctx["refresh"])
    return response


# The people index's sections, in this order, with their headings.
KIND_HEADINGS = [
    (PersonKind.PERSON, "people", _("People")),
    (PersonKind.GROUP, "groups", _("Groups and ensembles")),
    (PersonKind.INSTITUTION, "institutions", _("Institutions")),
]


def _sessions_of(person) -> list[dict]:
    """The person's published sessions in programme order, each with their roles in it (no query)."""
    sessions: dict = {}
    for appearance in person.visible_appearances:
        entry = sessions.setdefault(appearance.session_id, {"session": appearance.session, "appearances": []})
        entry["appearances"].append(appearance)
    return list(sessions.values())


@public_view
def person_index(request):
    people = sorted_by_text(public.people_for_index_page())
    sections = [
        {"anchor": anchor, "heading": heading, "people": [person for person in people if person.kind == kind]}
        for kind, anchor, heading in KIND_HEADINGS
    ]
    ctx = {"kinds": [section for section in sections if section["people"]]}
    return render(request, "people/person_index.html", ctx)


@public_view
def person_detail(request, slug):
    person = get_object_or_404(public.people_for_person_page(), slug=slug)
    exhibits = sorted_by_text(public.exhibits_for_person_page(person), "title")
    ctx = {
        "person": person,
        "sessions": _sessions_of(person),
        "members": sorted_by_text(person.member_list),
        "photographed": [exhibit for exhibit in exhibits if exhibit.photographed],
        "collection": [exhibit for exhibit in exhibits if exhibit.institution_id == person.pk],
    }
    return render(request, "people/person_detail.html", ctx)


def _measure(photo):
    """Set ``shown`` (the file can be displayed), ``width`` and ``height`` on a photo.

    A photo whose file is missing from storage, or unreadable, is described in
    words like one without a file, never shown as a broken image.
    """
    photo.shown = False
    photo.width = photo.height = None
    if photo.image:
        try:
            photo.width, photo.height = photo.image.width, photo.image.height
        except (OSError, ValueError):
            return photo
        photo.shown = True
    return photo


@public_view
def exhibit_index(request):
    exhibits = sorted_by_text(public.exhibits_for_index_page(), "title")
    return render(request, "gallery/exhibit_index.html", {"exhibits": exhibits})


@public_view
def exhibit_detail(request, slug):
    exhibit = get_object_or_404(public.exhibits_for_exhibit_page(), slug=slug)
    photos = [_measure(photo) for photo in exhibit.photo_list]
    ctx = {
        "exhibit": exhibit,
        "session": exhibit.session if exhibit.session_visible else None,
        "photographers": [credit.person for credit in exhibit.credit_list],
        # The photographs a resident can look at; the others are described in
        # words by their caption, never shown as an empty frame.
        "shown": [photo for photo in photos if photo.shown],
        "described": [photo for photo in photos if not photo.shown and (photo.caption or photo.alt_text)],
    }
    return render(request, "gallery/exhibit_detail.html", ctx)
