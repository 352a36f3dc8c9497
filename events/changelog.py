"""The change log residents read: the changes page and its Atom feed, in the visitor's language."""

import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import OuterRef, QuerySet, Subquery
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language, get_language_info, gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import resolution_order

from events.exports import clean, uid_domain
from events.models import Change, ChangeKind, Programme, Release, Session, Status
from sources.caching import content_changed_at, public_view
from sources.dates import format_date, format_day, format_time_range, start_of_day
from sources.text import one_line

ASPECT_LABELS = {
    "when": _("When"),
    "place": _("Where"),
    "status": _("Status"),
    "title": _("Title"),
}


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
        day = format_day(
            datetime.date.fromisoformat(value["date"]),
            month_only=bool(value.get("month_only")),
            # As the pages write it: day and month, while the year is not confirmed.
            year_assumed=bool(value.get("year_assumed")),
        )
        if value["start"]:
            start = datetime.time.fromisoformat(value["start"])
            end = datetime.time.fromisoformat(value["end"]) if value["end"] else None
            return f"{day}, {format_time_range(start, end)}"
        return day
    if aspect == "status":
        return str(Status(value).label) if value in Status.values else value
    return in_language(value) or gettext("not given")


def describe_change(change: Change) -> dict:
    """What the changes page and the feed show of one change: title, kind and before/after rows."""
    aspects = [aspect for aspect in ASPECT_LABELS if aspect in change.before or aspect in change.after]
    return {
        "change": change,
        "release": change.release,
        "title": clean(in_language(change.session_title)),
        "kind": change.get_kind_display(),
        "rows": [_describe_row(aspect, change.before.get(aspect), change.after.get(aspect)) for aspect in aspects],
    }


def _describe_row(aspect: str, before, after) -> dict:
    """One before/after row; a text that changed only in another language says which, with that language's text.

    Otherwise a title retyped in English would read "Gala → Gala" on the Kazakh page.
    """
    row = {
        "lang": "",
        "label": ASPECT_LABELS[aspect],
        "before": describe_value(aspect, before),
        "after": describe_value(aspect, after),
    }
    if row["before"] == row["after"] and isinstance(before, dict) and isinstance(after, dict):
        for code, _name in settings.LANGUAGES:
            if (before.get(code) or "") != (after.get(code) or ""):
                language = get_language_info(code)["name_translated"]
                row["label"] = f"{row['label']} ({language})"
                row["lang"] = code
                row["before"] = before.get(code) or gettext("not given")
                row["after"] = after.get(code) or gettext("not given")
                break
    return row


def changes_for_programme(programme: Programme, limit: int = 100, since=None) -> QuerySet[Change]:
    """The newest changes of ``programme``, made at ``since`` or later if given: one query.

    For the changes page, the Atom feed and the programme page's "since
    yesterday" strip. A change a release published has its release joined
    (``Change.release``).
    """
    changes = Change.objects.filter(programme=programme)
    if since is not None:
        changes = changes.filter(created_at__gte=since)
    return changes.select_related("session", "release").order_by("-created_at", "-pk")[:limit]


def releases_for_programme(programme: Programme, limit: int = 50) -> list[Release]:
    """The newest releases of ``programme``, for the feed and the release page.

    One query, and none for a programme that never published through releases.
    """
    if not (programme.publishes_on_release or programme.current_release_id):
        return []
    releases = list(Release.objects.filter(programme=programme).order_by("-number")[:limit])
    for release in releases:
        release.programme = programme  # their links need no query of their own
    return releases


def describe_release(release: Release) -> dict:
    """What the feed shows of a release: its label, time and note in the visitor's language."""
    return {"release": release, "title": clean(release.label()), "note": clean(release.note)}


# Badges: "new", "moved, was 18:00", "cancelled" ------------------------------------------

# The "since yesterday" strip looks back over today and yesterday.
STRIP_DAYS = 2
# At most this many changes in the strip; the change log has the rest.
STRIP_LIMIT = 8


def _earlier_time(before: dict, session: Session) -> str:
    """The time (and the date, if that changed too) a moved session had, from the change log's "when"."""
    if not before:
        return ""
    time = before["start"] or gettext("all day")
    if before["end"] and before["start"]:
        time = f"{before['start']}–{before['end']}"
    if before["date"] != session.day.date.isoformat() and not before.get("month_only"):
        day = format_date(datetime.date.fromisoformat(before["date"]), "day_month")
        return f"{day}, {time}"
    return time


def change_badge(session: Session) -> dict | None:
    """The badge of a session changed in the last ``CHANGE_BADGE_DAYS`` days: ``kind`` (a class) and ``label``.

    Reads the annotations of ``SessionQuerySet.with_recent_change`` (no
    query); ``None`` when nothing residents should notice changed, or the
    session was not loaded with them.
    """
    kind = getattr(session, "recent_change_kind", None)
    before = getattr(session, "recent_change_before", None) or {}
    if kind == ChangeKind.ADDED:
        return {"kind": "new", "label": gettext("New")}
    if kind == ChangeKind.CANCELLED and session.is_cancelled:
        return {"kind": "cancelled", "label": gettext("Cancelled")}
    if kind == ChangeKind.MOVED:
        earlier = _earlier_time(before.get("when"), session)
        if earlier:
            return {"kind": "moved", "label": gettext("Moved, was %(time)s") % {"time": earlier}}
        return {"kind": "moved", "label": gettext("Moved")}
    if kind == ChangeKind.PLACE_CHANGED:
        place = in_language(before.get("place") or {})
        if place:
            return {"kind": "place", "label": gettext("New place, was %(place)s") % {"place": place}}
        return {"kind": "place", "label": gettext("New place")}
    return None


def as_of_today(moment: datetime.datetime | None) -> datetime.datetime | None:
    """``moment``, or the start of today (local) when that is later: Last-Modified of what shows badges.

    Badges, the "since yesterday" strip and the header's link to the change
    log during an event come and go at local midnight, with no save to move
    the content revision on; a copy cached yesterday is then stale. A page or
    calendar is thus sent again once a day, and answered 304 until midnight.
    """
    if moment is None:
        return None
    return max(moment, start_of_day())


def badge_moment(moment: datetime.datetime | None) -> datetime.datetime | None:
    """When what a calendar shows of changes made up to ``moment`` last changed: its Last-Modified.

    A badge leaves a calendar entry at the midnight that ends its window,
    with no change saved. While a badge may still leave, that is the start of
    today (or ``moment``, if later); once the newest change has left every
    window, the midnight it left, which stays the same until the next change.
    """
    if moment is None:
        return None
    left = timezone.localtime(moment).date() + datetime.timedelta(days=max(settings.CHANGE_BADGE_DAYS, 0))
    left_at = start_of_day(left)
    if left_at <= timezone.now():
        return max(moment, left_at)
    return as_of_today(moment)


def badge_last_modified(request, *args, **kwargs) -> datetime.datetime | None:
    """``public_view``'s Last-Modified for pages that show badges: the content revision, as of today."""
    return as_of_today(content_changed_at(request))


def badge_etag(request, *args, **kwargs) -> str | None:
    """``public_view``'s ETag for pages that show badges: the content revision and today's date."""
    changed_at = content_changed_at(request)
    if changed_at is None:
        return None
    return f"{changed_at.timestamp():.6f}-{timezone.localdate():%Y%m%d}"


def recent_changes(programme: Programme) -> dict:
    """The programme page's strip: ``items``, the newest changes of today and yesterday, and ``more``: one query."""
    since = Change.badge_window_start(STRIP_DAYS)
    changes = list(changes_for_programme(programme, STRIP_LIMIT + 1, since=since))
    return {"items": [describe_change(change) for change in changes[:STRIP_LIMIT]], "more": len(changes) > STRIP_LIMIT}


def header_changes_link(programme: Programme, days=None, *, first_date=None, last_date=None) -> dict:
    """``changes_url`` for the header while ``programme`` is on: no query.

    Its dates come from its ``days`` (loaded, in date order) or are given.
    """
    if days:
        first_date, last_date = days[0].date, days[-1].date
    if first_date and last_date and first_date <= timezone.localdate() <= last_date:
        return {"changes_url": reverse("exports:changes", kwargs={"slug": programme.slug})}
    return {}


# Views ------------------------------------------------------------------------------------


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


@public_view(last_modified=_changes_last_modified)
def changes(request, slug: str):
    programme = get_object_or_404(Programme.objects.published(), slug=slug)
    ctx = {
        "programme": programme,
        "changes": [describe_change(change) for change in changes_for_programme(programme)],
    }
    return render(request, "events/changes.html", ctx)


@public_view
def release_detail(request, slug: str, number: int):
    """One release of a programme: its version, time and note, and what it changed. Three queries."""
    release = get_object_or_404(
        Release.objects.filter(programme__is_published=True).select_related("programme"),
        programme__slug=slug,
        number=number,
    )
    programme = release.programme
    changes = release.changes.select_related("session", "release").order_by("kind", "pk")
    ctx = {
        "programme": programme,
        "release": release,
        "is_current": programme.current_release_id == release.pk and programme.publishes_on_release,
        "changes": sorted((describe_change(change) for change in changes), key=_in_programme_order),
        "releases": releases_for_programme(programme),
    }
    return render(request, "events/release_detail.html", ctx)


def _in_programme_order(item: dict) -> tuple:
    change = item["change"]
    when = change.after.get("when") or change.before.get("when") or {}
    return (when.get("date") or "", when.get("start") or "", item["title"])


class ChangesFeed(Feed):
    """The change log of one programme as an Atom feed, in the language of the URL."""

    feed_type = Atom1Feed

    def get_object(self, request, slug: str) -> Programme:
        return get_object_or_404(Programme.objects.published(), slug=slug)

    def title(self, programme: Programme) -> str:
        return gettext("Changes: %(programme)s") % {"programme": clean(programme.title)}

    def subtitle(self, programme: Programme) -> str:
        return gettext("Sessions added, moved, cancelled or changed in the programme.")

    def link(self, programme: Programme) -> str:
        return reverse("exports:changes", kwargs={"slug": programme.slug})

    def items(self, programme: Programme) -> list[dict]:
        changes_url = reverse("exports:changes", kwargs={"slug": programme.slug})
        items = [
            {**describe_change(change), "changes_url": f"{changes_url}#change-{change.pk}"}
            for change in changes_for_programme(programme, limit=50)
        ]
        # Each release is an entry of its own (its version and note), above the changes it published.
        releases = [describe_release(release) for release in releases_for_programme(programme)]
        return sorted([*releases, *items], key=self.item_pubdate, reverse=True)[:50]

    def item_title(self, item: dict) -> str:
        if "change" not in item:
            return one_line(gettext("Published: %(version)s") % {"version": item["title"]})
        if item["release"] is not None:
            return one_line(f"{item['release'].label()} · {item['kind']}: {item['title']}")
        return one_line(f"{item['kind']}: {item['title']}")

    def item_description(self, item: dict) -> str:
        if "change" not in item:
            return item["note"] or gettext("This version has no note.")
        # clean(): a control character kept in an old log entry cannot reach the XML feed.
        lines = [
            f"{row['label']}: {clean(row['before']) or '—'} → {clean(row['after']) or '—'}" for row in item["rows"]
        ]
        return "\n".join(lines)

    def item_link(self, item: dict) -> str:
        if "change" not in item:
            return item["release"].get_absolute_url()
        session = item["change"].session
        return session.get_absolute_url() if session and session.is_published else item["changes_url"]

    def item_guid(self, item: dict) -> str:
        if "change" not in item:
            release = item["release"]
            return f"tag:{uid_domain()},{release.released_at:%Y-%m-%d}:release-{release.pk}"
        change = item["change"]
        return f"tag:{uid_domain()},{change.created_at:%Y-%m-%d}:change-{change.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: dict) -> datetime.datetime:
        return item["change"].created_at if "change" in item else item["release"].released_at

    def item_updateddate(self, item: dict) -> datetime.datetime:
        return self.item_pubdate(item)


changes_feed = public_view(ChangesFeed(), last_modified=_changes_last_modified)
