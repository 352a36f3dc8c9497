"""The change log residents read: the changes page and its Atom feed, in the visitor's language."""

import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import OuterRef, QuerySet, Subquery
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import resolution_order

from events.exports import clean, uid_domain
from events.models import Change, Programme, Status
from sources.caching import public_view
from sources.dates import format_day, format_time_range
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


def changes_for_programme(programme: Programme, limit: int = 100) -> QuerySet[Change]:
    """The newest changes of ``programme`` for the changes page and the Atom feed: one query."""
    return Change.objects.filter(programme=programme).select_related("session").order_by("-created_at", "-pk")[:limit]


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
        return [
            {**describe_change(change), "changes_url": f"{changes_url}#change-{change.pk}"}
            for change in changes_for_programme(programme, limit=50)
        ]

    def item_title(self, item: dict) -> str:
        return one_line(f"{item['kind']}: {item['title']}")

    def item_description(self, item: dict) -> str:
        # clean(): a control character kept in an old log entry cannot reach the XML feed.
        lines = [
            f"{row['label']}: {clean(row['before']) or '—'} → {clean(row['after']) or '—'}" for row in item["rows"]
        ]
        return "\n".join(lines)

    def item_link(self, item: dict) -> str:
        session = item["change"].session
        return session.get_absolute_url() if session and session.is_published else item["changes_url"]

    def item_guid(self, item: dict) -> str:
        change = item["change"]
        return f"tag:{uid_domain()},{change.created_at:%Y-%m-%d}:change-{change.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: dict) -> datetime.datetime:
        return item["change"].created_at

    def item_updateddate(self, item: dict) -> datetime.datetime:
        return item["change"].created_at


changes_feed = public_view(ChangesFeed(), last_modified=_changes_last_modified)
