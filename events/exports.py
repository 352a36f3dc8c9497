"""What every export shares: clean text, absolute addresses, stable identifiers, notes, freshness.

The exports are the calendars (``events.calendars``), the conference-app
schedules (``events.frab``), My programme (``events.my_programme``) and the
change log (``events.changelog``). They work on sessions loaded by
``Session.objects.for_export()`` and run no queries of their own while they
write. Texts come out in the active language (the ``/<lang>/`` prefix of the
request) and pass through ``clean``: XML 1.0 and iCalendar cannot carry the
control characters an organiser may paste.
"""

import datetime
import functools
import ipaddress
import zoneinfo
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Max, Q, Subquery
from django.utils.translation import get_language, gettext

from events.models import Category, Change, Session, Status
from sources.languages import field_in_language
from sources.text import one_line, strip_control_characters

LOCAL_TZ = zoneinfo.ZoneInfo(settings.TIME_ZONE)


def clean(value: str) -> str:
    return strip_control_characters(str(value or "")).strip()


def text(obj, field: str) -> str:
    """A translated field in the active language or its fallback, as ``obj.<field>`` reads it.

    Read straight from the columns: modeltranslation's descriptor works out
    the fallback order on every access, a tenth of a long calendar's time.
    """
    return field_in_language(obj, field)[0]


def site_origin(request) -> str:
    """The scheme, host and port every absolute address of a response starts with.

    ``SITE_URL`` when it is set (one canonical address, whatever host a
    request names); otherwise the host and port the request came to, which
    Django has checked against ``ALLOWED_HOSTS``. Shared caches and the
    browser's own keep a response per host, so a page or export that names
    its own host is never handed to a visitor of another.
    """
    if settings.SITE_URL:
        return settings.SITE_URL
    return f"{request.scheme}://{request.get_host()}"


def absolute_url(origin: str, path: str) -> str:
    """``path`` on the site at ``origin`` (from ``site_origin``)."""
    return f"{origin}{path}"


# The domain of UIDs where no setting names a real one: reserved (RFC 2606), so it can
# never be another site's, and the same on every machine and at every start.
FALLBACK_UID_DOMAIN = "programme-site.invalid"


def _is_public_name(host: str) -> bool:
    """Whether ``host`` is a domain name of the site itself: not loopback, an address or a wildcard."""
    host = host.strip().strip("[]").lstrip(".").lower()
    if not host or "*" in host or host == "localhost" or host.endswith(".localhost") or "." not in host:
        return False
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return True
    return False


def uid_domain() -> str:
    """The domain of calendar UIDs and feed ids: ``CALENDAR_UID_DOMAIN``, else one taken from the settings.

    Never from a request and never an address or loopback name: the same
    calendar fetched through 127.0.0.1 and through localhost, or after a
    restart on another port, must keep its UIDs, or every calendar app that
    imported it would show each session twice. Without the setting: the host
    of ``SITE_URL`` (the domain UIDs have always had where it was set), then
    the first real name in ``ALLOWED_HOSTS``, then ``FALLBACK_UID_DOMAIN``.
    """
    if settings.CALENDAR_UID_DOMAIN:
        return settings.CALENDAR_UID_DOMAIN
    candidates = [urlsplit(settings.SITE_URL).hostname or "", *settings.ALLOWED_HOSTS]
    return next((host.lstrip(".").lower() for host in candidates if _is_public_name(host)), FALLBACK_UID_DOMAIN)


def session_uid(session: Session) -> str:
    """A UID that stays the same across languages and edits, so clients update instead of duplicating."""
    return f"session-{session.slug}@{uid_domain()}"


@functools.lru_cache(maxsize=64)
def _category_label(value: str, language: str | None) -> str:
    return clean(Category(value).label) if value in Category.values else clean(value)


def category_label(session: Session) -> str:
    """``session.get_category_display()``, cleaned; that rebuilds the dict of choices on every call."""
    return _category_label(session.category, get_language())


def session_summary(session: Session) -> str:
    title = one_line(text(session, "title"))
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
    status_note = text(session, "status_note")
    if status_note:
        notes.append(clean(status_note))
    if session.start_time is None:
        notes.append(gettext("No time is given: it runs through the day."))
    elif session.end_time is None:
        notes.append(gettext("End time not announced."))
    people = [clean(text(appearance.person, "name")) for appearance in session.visible_appearances]
    if people:
        notes.append(gettext("With: %(people)s") % {"people": ", ".join(people)})
    return notes


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
