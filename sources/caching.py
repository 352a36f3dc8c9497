"""The one public caching policy of the site, for every public page and export.

``public_view`` makes a view answer conditional requests (304 without
rendering when the client's copy is current) and marks its response cacheable
by anyone for ``PUBLIC_CACHE_SECONDS``. The language is in every public URL
(``/kk/``, ``/ru/``, ``/en/``), so responses do not vary by
``Accept-Language``, and they set no cookies.

The server keeps pages too, for ``PAGE_CACHE_SECONDS`` (0: it keeps none).
A page is kept under the versions of the things it shows, its *dependency
keys*: ``"programme:<slug>"`` for a programme's pages and exports,
``"session:<slug>"``, ``"venue:<slug>"``, ``"person:<slug>"``,
``"exhibit:<slug>"``, one key per index page (``"programmes"``, ``"venues"``,
``"people"``, ``"exhibits"``) and ``"site"``, which every page shows. The
versions live in the cache (Redis shared by every app server, with
``CACHE_URL``), so a change seen by one server reaches all of them. A save,
delete or relation change of content moves on the versions of exactly the
keys it touches; the pages kept under the old versions are never read again
and expire. Which keys a page depends on and which a record touches is
declared by the apps above this one (``events.page_cache``), with
``cache_page()`` and ``register_dependencies()``: this leaf knows no other
app's models. A content model nobody registered touches ``"site"``: every page.

A kept page answers with an ETag made of its keys' versions, so a
conditional request gets its 304 from the cache alone: no rendering, and with
a shared cache no database query. A cache of the process's own (no
``CACHE_URL``) sees only that process's changes; one query for the content
revision tells it another process changed something, and it renders all
again (``catch_up_with_other_processes``). Requests with a query string (search, My programme, a page
with starred sessions) are rendered each time and revalidate against the
content revision (``sources.models.Revision``), moved on by every save or
delete of content; an export passes its own, narrower ``last_modified``.
"""

import datetime
import functools
import hashlib
import logging
import math
import re
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import http_date, parse_etags, parse_http_date_safe
from django.utils.text import compress_string
from django.utils.translation import get_language
from django.views.decorators.http import condition

from sources.dates import start_of_day
from sources.models import Revision


def content_changed_at(request=None, *args, **kwargs) -> datetime.datetime | None:
    """When public content last changed; ``None`` before anything was saved.

    One query per request: the answer is kept on ``request``, since
    ``condition()`` asks for the ETag and Last-Modified separately.
    """
    if request is not None and hasattr(request, "_content_changed_at"):
        return request._content_changed_at
    changed_at = Revision.objects.values_list("changed_at", flat=True).first()
    if request is not None:
        request._content_changed_at = changed_at
    return changed_at


def content_etag(request=None, *args, **kwargs) -> str | None:
    changed_at = content_changed_at(request)
    return f"{changed_at.timestamp():.6f}" if changed_at else None


def public_view(
    view: Callable | None = None,
    *,
    last_modified: Callable | None = None,
    etag: Callable | None = None,
    max_age: int | None = None,
):
    """Decorate a public view: conditional GET and ``Cache-Control: public``, kept by the server when its
    URL name has a ``cache_page()`` rule (``kept_page``).

    Without arguments the content revision is both ETag and Last-Modified.
    ``last_modified`` (and ``etag``) take the view's arguments, as for
    ``condition()``, and must be cheaper than the view. ``max_age`` shortens
    ``PUBLIC_CACHE_SECONDS`` for a page that reloads itself more often.
    """
    if last_modified is None and etag is None:
        last_modified, etag = content_changed_at, content_etag

    def decorator(view_func):
        conditional = condition(etag_func=etag, last_modified_func=last_modified)(view_func)

        @functools.wraps(view_func)
        def wrapper(request, *args, **kwargs):
            try:
                page = kept_page(request)
            except Exception:
                # A cache that does not answer costs speed, not the page; /healthz reports it.
                logger.exception("The page cache does not answer; rendering %s", request.path)
                page = None
            if page is not None:
                response = page.respond(view_func, request, *args, **kwargs)
            else:
                response = conditional(request, *args, **kwargs)
            if response.status_code in (200, 304):
                seconds = settings.PUBLIC_CACHE_SECONDS
                patch_cache_control(
                    response, public=True, max_age=seconds if max_age is None else min(max_age, seconds)
                )
            return response

        return wrapper

    return decorator(view) if view is not None else decorator


# The server's page cache ----------------------------------------------------------------------

logger = logging.getLogger(__name__)

# The key every page depends on: a record of a model nobody registered touches it.
SITE = "site"
_VERSION_PREFIX = "page-version:"
# A version forgotten comes back as a new one, whose pages are rendered again: so versions may
# expire, and the ones of addresses nobody asks for again (a mistyped slug) do.
VERSION_SECONDS = 7 * 24 * 3600
_PAGE_PREFIX = "page:"
# Response attributes django-csp reads after the view (the grid's inline style hash).
_KEPT_ATTRIBUTES = ("_csp_update", "_csp_replace", "_csp_exempt", "_csp_config")
# Set by the view, answered by public_view or later middleware.
_UNKEPT_HEADERS = {"etag", "last-modified", "cache-control", "expires", "vary", "set-cookie"}


class PageRule:
    """How one URL name's pages are kept: the keys they depend on, and whether the clock changes them."""

    def __init__(self, keys: Callable[..., Iterable[str]], *, per_minute: bool = False):
        self.keys = keys
        self.per_minute = per_minute


_page_rules: dict[str, PageRule] = {}
_dependencies: dict[type, list[Callable]] = {}
_listings: dict[type, list[Callable]] = {}


def cache_page(view_name: str, keys: Callable[..., Iterable[str]], *, per_minute: bool = False) -> None:
    """Keep the pages of URL ``view_name`` ("namespace:name") under the dependency keys ``keys(**url_kwargs)``.

    ``per_minute`` pages (now and next) are kept for the current minute only.
    ``"site"`` is added to every page's keys.
    """
    _page_rules[view_name] = PageRule(keys, per_minute=per_minute)


def page_keys(view_name: str, kwargs: dict) -> list[str] | None:
    """The dependency keys of the page ``view_name`` with URL ``kwargs``; ``None`` if it is not kept."""
    rule = _page_rules.get(view_name)
    if rule is None:
        return None
    return sorted({SITE, *rule.keys(**kwargs)})


def is_per_minute(view_name: str) -> bool:
    rule = _page_rules.get(view_name)
    return rule is not None and rule.per_minute


def register_dependencies(model: type, keys: Callable, *, listings: Callable | None = None) -> None:
    """Declare which dependency keys a saved, deleted or re-related ``model`` record touches.

    ``keys(record)`` returns them; it may query, and is called with the record
    as it was before a save (read back from the database) and as it is after,
    so a session moved from one venue to another touches both venues' pages.
    ``listings(record)`` maps an index page's key to what that index shows of
    the record (``{"venues": (published, venue)}``): the key is touched only
    when that changes, or when the record comes or goes.
    """
    _dependencies.setdefault(model, []).append(keys)
    if listings is not None:
        _listings.setdefault(model, []).append(listings)


def keys_of(record) -> set[str]:
    """The dependency keys ``record`` touches (``{"site"}`` for a model nobody registered)."""
    functions = _dependencies.get(type(record)._meta.concrete_model)
    if not functions:
        return {SITE}
    return {key for function in functions for key in function(record) if key}


def listings_of(record) -> dict:
    functions = _listings.get(type(record)._meta.concrete_model, [])
    return {key: value for function in functions for key, value in function(record).items()}


def _new_version() -> str:
    # Random, never a counter: a version lost from the cache (evicted, or a
    # new Redis) comes back as a value no kept page was stored under.
    return f"{time.time():.6f}:{secrets.token_hex(4)}"


def _version_time(version: str) -> float:
    return float(version.split(":", 1)[0])


def invalidate(keys: Iterable[str]) -> None:
    """Move the versions of ``keys`` on: every page kept under them is rendered again when next asked for.

    Now, so the organiser who saved sees the change on the next request, and
    again when the transaction commits: a page rendered by another server from
    the data of before the commit, and kept under the version of now, is then
    out of date too.
    """
    keys = sorted(set(keys))
    if not keys:
        return

    def bump():
        try:
            cache.set_many({_VERSION_PREFIX + key: _new_version() for key in keys}, timeout=VERSION_SECONDS)
        except Exception:
            # The database holds the change; a cache that cannot be reached
            # serves nothing either, and the health check reports it.
            logger.exception("Could not move the page cache on for %s", keys)

    bump()
    transaction.on_commit(bump)


def cache_is_shared() -> bool:
    """Whether every process of the site sees the same cache (Redis, Memcached), not one of its own."""
    return not isinstance(caches["default"], LocMemCache)


# The content revision this process last saw or wrote (with a cache of its own).
_last_seen: dict = {"revision": None}


def catch_up_with_other_processes(revision) -> None:
    """With a cache of this process only, forget every kept page when another process changed content.

    The versions of such a cache move on only for changes made in this
    process. Another worker's save shows in the content revision, which this
    process did not write: it cannot know which pages that save touched, so
    it renders them all again.
    """
    if revision != _last_seen["revision"]:
        _last_seen["revision"] = revision
        invalidate([SITE])


def versions(keys: list[str]) -> dict[str, str]:
    """The current versions of ``keys``, starting those the cache does not hold (one or two cache calls)."""
    stored = cache.get_many([_VERSION_PREFIX + key for key in keys])
    result = {}
    for key in keys:
        version = stored.get(_VERSION_PREFIX + key)
        if version is None:
            version = _new_version()
            if not cache.add(_VERSION_PREFIX + key, version, timeout=VERSION_SECONDS):
                version = cache.get(_VERSION_PREFIX + key) or version
        result[key] = version
    return result


class KeptPage:
    """One request for a page the server keeps: its versions, ETag and Last-Modified, before any rendering."""

    def __init__(self, request, keys: list[str], *, per_minute: bool):
        self.request = request
        if not cache_is_shared():
            catch_up_with_other_processes(content_changed_at(request))
        current = versions(keys)
        minute = timezone.now().strftime("%Y%m%d%H%M") if per_minute else ""
        # Every page changes at local midnight too: "moved", "new" and "cancelled"
        # badges last whole days, and "today" is a different day.
        today = timezone.localdate()
        changed = max(max(_version_time(version) for version in current.values()), start_of_day(today).timestamp())
        now = time.time()
        if per_minute:
            changed = max(changed, now // 60 * 60)
        self.changed = changed
        # HTTP dates are whole seconds: a change in the second a copy was sent
        # would carry the same date as that copy. So the date sent is never
        # later than the second now began, and a copy is current only when
        # the change it shows is no later than its date (is_current_for_client).
        self.last_modified = min(math.ceil(changed), math.floor(now))
        fingerprint = "\n".join(
            [
                request.scheme,
                request.get_host(),
                request.path,
                get_language() or "",
                today.isoformat(),
                minute,
                *(f"{key}={version}" for key, version in sorted(current.items())),
            ]
        )
        self.etag = '"' + hashlib.sha256(fingerprint.encode()).hexdigest()[:32] + '"'

    def is_current_for_client(self) -> bool:
        """Whether the client's copy is this one (RFC 9110: If-None-Match first, else If-Modified-Since)."""
        if_none_match = self.request.META.get("HTTP_IF_NONE_MATCH")
        if if_none_match:
            theirs = {tag.removeprefix("W/") for tag in parse_etags(if_none_match)}
            return "*" in theirs or self.etag in theirs
        if_modified_since = parse_http_date_safe(self.request.META.get("HTTP_IF_MODIFIED_SINCE", ""))
        return if_modified_since is not None and self.changed <= if_modified_since

    def respond(self, view_func, request, *args, **kwargs):
        if self.is_current_for_client():
            response = HttpResponseNotModified()
        else:
            key = _PAGE_PREFIX + self.etag.strip('"')
            kept = _near.get(key)
            if kept is None:
                kept = _cache_call(cache.get, key)
                if kept is not None:
                    _near.put(key, kept)
            if kept is not None:
                response = _unpack(kept, gzipped=_accepts_gzip(request))
            else:
                response = view_func(request, *args, **kwargs)
                if response.status_code != 200 or response.streaming or response.cookies:
                    return response
                kept = _pack(response)
                _cache_call(cache.set, key, kept, timeout=settings.PAGE_CACHE_SECONDS)
                _near.put(key, kept)
        # Weak when compressed, as Django's GZipMiddleware makes it: the same page, other bytes.
        response["ETag"] = f"W/{self.etag}" if response.get("Content-Encoding") == "gzip" else self.etag
        response["Last-Modified"] = http_date(self.last_modified)
        return response


def _cache_call(method, *args, **kwargs):
    try:
        return method(*args, **kwargs)
    except Exception:
        logger.exception("The page cache does not answer")
        return None


class NearCopies:
    """The pages this process served last, beside the shared cache: a page read once needs no second trip.

    Safe to keep: a kept page's key names the versions it was rendered
    under, so a change makes the next request ask for another key. Bounded by
    ``PAGE_CACHE_NEAR_BYTES``; the oldest go first. Not used when the cache is
    the process's own already.
    """

    def __init__(self):
        self.pages: OrderedDict[str, dict] = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()

    def get(self, key: str) -> dict | None:
        with self.lock:
            page = self.pages.get(key)
            if page is not None:
                self.pages.move_to_end(key)
            return page

    def put(self, key: str, page: dict) -> None:
        limit = settings.PAGE_CACHE_NEAR_BYTES
        if not cache_is_shared() or len(page["content"]) > limit:
            return
        with self.lock:
            if key in self.pages:
                return
            self.pages[key] = page
            self.size += len(page["content"])
            while self.size > limit:
                _key, oldest = self.pages.popitem(last=False)
                self.size -= len(oldest["content"])

    def clear(self) -> None:
        with self.lock:
            self.pages.clear()
            self.size = 0


_near = NearCopies()


def kept_page(request) -> KeptPage | None:
    """The server's copy of the page ``request`` asks for, when the server keeps it.

    Kept: GET and HEAD without a query string, of a URL name with a
    ``cache_page()`` rule, while ``PAGE_CACHE_SECONDS`` is more than 0.
    """
    if settings.PAGE_CACHE_SECONDS <= 0 or request.method not in ("GET", "HEAD"):
        return None
    if request.META.get("QUERY_STRING") or request.resolver_match is None:
        return None
    view_name = request.resolver_match.view_name
    keys = page_keys(view_name, request.resolver_match.kwargs)
    if keys is None:
        return None
    return KeptPage(request, keys, per_minute=is_per_minute(view_name))


def _pack(response) -> dict:
    """What is kept of a rendered page: its bytes, compressed too, its own headers and policy attributes.

    The compressed copy saves gzipping the page again on each request (a
    millisecond for the programme page): public pages carry no secret, so the
    same compressed bytes for everyone give nothing away (BREACH).
    """
    content = response.content
    compressible = len(content) >= 200 and _is_text(response.get("Content-Type", ""))
    return {
        "content": content,
        "gzip": compress_string(content) if compressible else None,
        "headers": [(name, value) for name, value in response.items() if name.lower() not in _UNKEPT_HEADERS],
        "attributes": {name: getattr(response, name) for name in _KEPT_ATTRIBUTES if hasattr(response, name)},
    }


def _unpack(kept: dict, *, gzipped: bool = False) -> HttpResponse:
    if gzipped and kept.get("gzip"):
        response = HttpResponse(kept["gzip"], headers=dict(kept["headers"]))
        response["Content-Encoding"] = "gzip"
        response["Content-Length"] = str(len(kept["gzip"]))
    else:
        response = HttpResponse(kept["content"], headers=dict(kept["headers"]))
    # Either way: a shared cache must keep the two apart.
    if kept.get("gzip"):
        patch_vary_headers(response, ("Accept-Encoding",))
    for name, value in kept["attributes"].items():
        setattr(response, name, value)
    return response


def _is_text(content_type: str) -> bool:
    kind = content_type.split(";", 1)[0].strip().lower()
    return kind.startswith("text/") or kind in {"application/xml", "application/json", "application/atom+xml"}


def _accepts_gzip(request) -> bool:
    return bool(re.search(r"\bgzip\b", request.META.get("HTTP_ACCEPT_ENCODING", "")))


# What moves the revision and the versions on ---------------------------------------------------


def _is_content(sender) -> bool:
    return getattr(sender, "_meta", None) is not None and sender._meta.app_label in settings.CONTENT_APPS


def note_content_change() -> None:
    """Move the content revision on to now (one or two queries; three with a cache of this process only)."""
    now = timezone.now()
    if not cache_is_shared():
        catch_up_with_other_processes(Revision.objects.values_list("changed_at", flat=True).first())
    _last_seen["revision"] = now
    if not Revision.objects.filter(pk=1).update(changed_at=now):
        Revision.objects.update_or_create(pk=1, defaults={"changed_at": now})


@receiver(pre_save, dispatch_uid="sources.caching.saving")
def _content_saving(sender, instance, raw=False, **kwargs) -> None:
    if raw or sender is Revision or not _is_content(sender) or instance.pk is None:
        return
    before = sender._base_manager.filter(pk=instance.pk).first()
    if before is not None:
        instance._page_keys_before = keys_of(before)
        instance._page_listings_before = listings_of(before)


@receiver(post_save, dispatch_uid="sources.caching.saved")
def _content_saved(sender, instance, created=False, raw=False, **kwargs) -> None:
    if sender is Revision or not _is_content(sender):
        return
    note_content_change()
    if raw:
        # loaddata: the records' relations may not be there yet.
        invalidate([SITE])
        return
    keys = keys_of(instance) | getattr(instance, "_page_keys_before", set())
    before = getattr(instance, "_page_listings_before", None)
    after = listings_of(instance)
    if created or before is None:
        keys |= {key for key, value in after.items() if value is not None}
    else:
        keys |= {key for key in before.keys() | after.keys() if before.get(key) != after.get(key)}
    instance.__dict__.pop("_page_keys_before", None)
    instance.__dict__.pop("_page_listings_before", None)
    invalidate(keys)


@receiver(pre_delete, dispatch_uid="sources.caching.deleting")
def _content_deleting(sender, instance, **kwargs) -> None:
    # Before the delete, while the record's relations (a session's people) are still there.
    if sender is not Revision and _is_content(sender):
        listings = listings_of(instance)
        invalidate(keys_of(instance) | {key for key, value in listings.items() if value is not None})


@receiver(post_delete, dispatch_uid="sources.caching.deleted")
def _content_deleted(sender, **kwargs) -> None:
    if sender is not Revision and _is_content(sender):
        note_content_change()


@receiver(m2m_changed, dispatch_uid="sources.caching.m2m")
def _content_relations_changed(sender, instance, action, model, pk_set, **kwargs) -> None:
    if not _is_content(model):
        return
    if action in ("pre_add", "pre_remove", "pre_clear", "post_add", "post_remove", "post_clear"):
        # Both sides, before and after: a clear names no records, so the
        # records it removes are those the instance touches before it.
        related = model._base_manager.filter(pk__in=pk_set) if pk_set else []
        invalidate(keys_of(instance).union(*(keys_of(record) for record in related)))
    if action in ("post_add", "post_remove", "post_clear"):
        note_content_change()
