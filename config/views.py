"""Views of the site as a whole, outside any app and any language prefix."""

import functools
import hashlib
import logging
import secrets

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import condition, require_GET, require_POST
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


@require_GET
def choose_language(request: HttpRequest, code: str) -> HttpResponse:
    """Remember the language a resident chose in the switcher, then show the page in it.

    The switcher's links come here (``?next=`` is the same page under the
    chosen prefix), so Django's language cookie is set only by a resident's
    own choice, on this response alone, which no cache keeps; the public
    pages stay free of cookies. ``/`` then opens in that language
    (``LocaleMiddleware`` reads the cookie before the browser's languages).
    """
    if code not in dict(settings.LANGUAGES):
        raise Http404("No such language.")
    next_url = request.GET.get("next", "")
    host = {request.get_host()}
    safe = url_has_allowed_host_and_scheme(next_url, allowed_hosts=host, require_https=request.is_secure())
    if not safe or not next_url.startswith(f"/{code}/"):
        next_url = f"/{code}/"
    response = HttpResponseRedirect(next_url)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    add_never_cache_headers(response)
    return response


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
