"""Views of the site as a whole, outside any app and any language prefix."""

import logging
import secrets

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

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
