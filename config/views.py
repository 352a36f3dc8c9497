"""Views of the site as a whole, outside any app and any language prefix."""

import functools
import hashlib
import logging
import secrets

from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import condition, require_GET

logger = logging.getLogger(__name__)


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """Tell a load balancer whether this worker can serve: the database answers a
    trivial query and the cache gives back what was just put in it.

    200 "ok" when both work, 503 naming what failed otherwise; plain text, no
    cookies, never cached.
    """
    failed = [name for name, check in (("database", _database_works), ("cache", _cache_works)) if not check()]
    if failed:
        body, status = "".join(f"{name}: failed\n" for name in failed), 503
    else:
        body, status = "ok\n", 200
    response = HttpResponse(body, status=status, content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


def _database_works() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.exception("Health check: the database does not answer")
        return False


def _cache_works() -> bool:
    key, token = "healthz", secrets.token_hex(8)
    try:
        cache.set(key, token, timeout=10)
        return cache.get(key) == token
    except Exception:
        logger.exception("Health check: the cache does not answer")
        return False


@functools.cache
def _service_worker_script() -> tuple[bytes, str]:
    """The service worker's text (static/js/sw.js) and its ETag, read once per process."""
    with open(finders.find("js/sw.js"), "rb") as script:
        text = script.read()
    return text, hashlib.sha256(text).hexdigest()[:32]


@require_GET
@condition(etag_func=lambda request: _service_worker_script()[1])
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, at the root so that its scope covers every language's pages.

    A static file's URL would limit it to /static/. Browsers check for a new
    version on each visit; ``no-cache`` makes that a conditional request.
    """
    response = HttpResponse(_service_worker_script()[0], content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response
