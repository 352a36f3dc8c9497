"""Views of the site as a whole, outside any app and any language prefix."""

import logging
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import LANGUAGE_QUERY_PARAMETER, set_language

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


@require_POST
def admin_set_language(request: HttpRequest) -> HttpResponse:
    """Keep the language an organiser picks in the admin's switcher, then go back to the page.

    Django's ``set_language``, which would also keep a language the site does
    not offer (German, say, since Django has a catalogue for it); such a choice
    is dropped and the page is shown again as before.
    """
    if request.POST.get(LANGUAGE_QUERY_PARAMETER) not in dict(settings.LANGUAGES):
        data = request.POST.copy()
        data.pop(LANGUAGE_QUERY_PARAMETER, None)
        request.POST = data
    return set_language(request)
