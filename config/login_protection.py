"""Protection of the admin sign-in against guessing and floods.

Two layers, both keyed on the visitor's address (``client_ip``):

- ``LoginRateLimitMiddleware`` refuses sign-in attempts beyond
  ``LOGIN_RATE_LIMIT`` a minute from one address with 429, before the login view
  runs, so a refused attempt costs no password hash and a flood leaves the
  workers to the public pages;
- django-axes counts failed sign-ins per username and address and, past
  ``AXES_FAILURE_LIMIT``, refuses that pair for ``AXES_COOLOFF_TIME`` with the
  page ``lockout_response`` renders.

Both pages are in the visitor's language, which LocaleMiddleware picks from the
browser (the admin has no language prefix). The counters live in the default
cache: per process with the local-memory cache, shared by every worker with Redis.
"""

import math
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse


def client_ip(request: HttpRequest) -> str:
    """Return the visitor's address, for django-axes and the login rate limit.

    Behind ``PROXY_COUNT`` proxies that each append the address they saw to
    X-Forwarded-For, it is that many entries from the end (entries before them
    are whatever the visitor sent); otherwise it is REMOTE_ADDR.
    """
    if settings.PROXY_COUNT:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= settings.PROXY_COUNT:
            return forwarded[-settings.PROXY_COUNT]
    return request.META.get("REMOTE_ADDR", "")


def lockout_response(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """Render the page a locked-out sign-in gets (django-axes' AXES_LOCKOUT_CALLABLE)."""
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    ctx = {"minutes": max(1, seconds // 60)}
    response = render(request, "admin/login_locked_out.html", ctx, status=429)
    response["Retry-After"] = str(seconds)
    return response


class LoginRateLimitMiddleware:
    """Answer 429 to sign-in attempts beyond LOGIN_RATE_LIMIT a minute from one address.

    Attempts are spread over the minute, with at most LOGIN_RATE_BURST at once
    (the generic cell rate algorithm): a flood then costs one password hash every
    60 / LOGIN_RATE_LIMIT seconds instead of a minute's worth of hashes in one
    go, which would hold the workers for seconds. Only POSTs to the admin login
    count; reading the login page is free.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST" and request.path_info == reverse("admin:login"):
            wait = _wait_before_next_attempt(client_ip(request), time.time())
            if wait:
                response = render(request, "admin/login_rate_limited.html", status=429)
                response["Retry-After"] = str(math.ceil(wait))
                return response
        return self.get_response(request)


def _wait_before_next_attempt(address: str, now: float) -> float:
    """Count an attempt from ``address`` and return 0, or refuse it and return the seconds to wait.

    The cache keeps, per address, the time at which its allowance is whole
    again; every accepted attempt moves it one interval on. The read and the
    write are two cache calls, so attempts racing each other in the same
    millisecond may both pass: the limit holds to within the number of workers.
    """
    interval = 60 / settings.LOGIN_RATE_LIMIT
    tolerance = interval * (settings.LOGIN_RATE_BURST - 1)
    key = f"login-attempts:{address}"
    whole_again = max(cache.get(key, now), now)
    if whole_again - now > tolerance:
        return whole_again - now - tolerance
    cache.set(key, whole_again + interval, timeout=math.ceil(whole_again + interval - now))
    return 0
