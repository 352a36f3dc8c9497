"""Middleware for what responses carry: the security headers of "Response headers" in settings, no public cookie."""

import logging

from django.conf import settings
from django.middleware import csrf
from django.middleware.gzip import GZipMiddleware

logger = logging.getLogger(__name__)


def is_public(response) -> bool:
    """True when ``response`` may be kept by shared caches (``Cache-Control: public``)."""
    directives = (part.split("=", 1)[0].strip().lower() for part in response.get("Cache-Control", "").split(","))
    return "public" in directives


class PublicResponsesSetNoCookies:
    """Drop every cookie from a response that shared caches may keep.

    A cache would hand such a cookie to everyone who asks for the page. Public
    pages set none by design (no forms, no session), so this only ever removes
    a cookie some middleware sets in reply to what a client sent: Django's
    session middleware, for instance, deletes a ``sessionid`` cookie that names
    no session. It must come first in MIDDLEWARE to see responses last.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.cookies and is_public(response):
            logger.debug("Dropped cookies %s from public response to %s", sorted(response.cookies), request.path)
            response.cookies.clear()
        return response


class CompressPublicResponses(GZipMiddleware):
    """Gzip the responses shared caches may keep, when the client accepts it and no front server did.

    Only public responses: they carry no secret (no CSRF token, no session),
    so compression cannot leak one to an attacker who measures the size of
    responses that reflect what they sent (BREACH). The admin's pages carry a
    CSRF token and stay as they are. Static files come compressed from
    WhiteNoise already (``Content-Encoding`` set), which Django's middleware
    leaves alone. It goes just below ``PublicResponsesSetNoCookies``, above
    everything that writes a response's body.
    """

    def process_response(self, request, response):
        if not is_public(response):
            return response
        return super().process_response(request, response)


class PermissionsPolicyMiddleware:
    """Send ``Permissions-Policy`` from ``settings.PERMISSIONS_POLICY`` and ``Cross-Origin-Resource-Policy``.

    ``PERMISSIONS_POLICY`` maps a feature to the origins allowed it; an empty
    list turns the feature off (``camera=()``).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.permissions_policy = ", ".join(
            f"{feature}=({' '.join(origins)})" for feature, origins in settings.PERMISSIONS_POLICY.items()
        )
        self.resource_policy = settings.CROSS_ORIGIN_RESOURCE_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        if self.permissions_policy:
            response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        if self.resource_policy:
            response.headers.setdefault("Cross-Origin-Resource-Policy", self.resource_policy)
        return response


class MalformedCsrfCookieIsNoCookie:
    """Treat a ``csrftoken`` cookie Django cannot use as no cookie; goes just before Django's CSRF middleware.

    Django answers a cookie of the wrong length or alphabet with a new one on
    every response, public pages included. Without it, a new cookie is set
    only where a page asks for the token (``get_token()``, as the admin's forms
    do), and an unsafe request is refused as one without a cookie. Django's
    own middleware stays in MIDDLEWARE, where ``check --deploy`` looks for it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.CSRF_USE_SESSIONS:
            token = request.COOKIES.get(settings.CSRF_COOKIE_NAME)
            if token is not None and not _well_formed(token):
                del request.COOKIES[settings.CSRF_COOKIE_NAME]
        return self.get_response(request)


def _well_formed(token: str) -> bool:
    """True for a CSRF cookie Django reads: a secret or a masked token, in its alphabet."""
    lengths = {csrf.CSRF_SECRET_LENGTH, csrf.CSRF_TOKEN_LENGTH}
    return len(token) in lengths and all(char in csrf.CSRF_ALLOWED_CHARS for char in token)
