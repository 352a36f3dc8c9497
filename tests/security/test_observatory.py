"""The response headers earn an HTTP Observatory grade of A+, served as production serves them.

The score is computed by ``tests.security.observatory`` from the real headers of
the programme page (and the admin login page, which sets cookies) over HTTPS,
with the settings a deployment uses; the scorer itself is checked on headers
that must lose points.
"""

import pytest
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.urls import reverse

from tests.events.factories_pages import make_almaty_days, make_concert
from tests.security import observatory

pytestmark = pytest.mark.django_db

HOST = "programmes.example.kz"
PROGRAMME = "/ru/programmes/days-of-almaty/"


@pytest.fixture
def production(settings):
    """What a deployment behind HTTPS sets: no debug, HTTPS only (with HSTS), cookies sent over HTTPS only."""
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = [HOST]
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    return settings


@pytest.fixture
def programme():
    programme, day = make_almaty_days()
    make_concert(day, start="18:00", end="20:00")
    return programme


def scan(client, path: str) -> observatory.Report:
    """Ask for ``path`` over HTTPS and over plain HTTP, as the Observatory does, and score the answers."""
    response = client.get(path, secure=True, headers={"host": HOST})
    assert response.status_code == 200, response
    plain = client.get(path, secure=False, headers={"host": HOST})
    return observatory.score(response, url=f"https://{HOST}{path}", http_response=plain)


def test_the_programme_page_served_as_in_production_scores_a_plus(client, production, programme):
    report = scan(client, PROGRAMME)

    assert report.grade == "A+", report
    assert report.score >= 100, report
    assert [outcome for outcome in report.outcomes if outcome.modifier < 0] == [], report
    assert {
        test: report.result(test)
        for test in ("content-security-policy", "x-frame-options", "strict-transport-security", "redirection")
    } == {
        "content-security-policy": "csp-implemented-with-no-unsafe",
        "x-frame-options": "x-frame-options-implemented-via-csp",
        "strict-transport-security": "hsts-implemented-max-age-at-least-six-months",
        "redirection": "redirection-to-https",
    }


def test_the_admin_login_page_with_its_cookies_scores_a_plus(client, production):
    report = scan(client, reverse("admin:login"))

    assert report.grade == "A+", report
    # The CSRF cookie is Secure and SameSite; the page loads only the site's own scripts.
    assert report.result("cookies") == "cookies-secure-with-httponly-sessions-and-samesite", report
    assert report.result("subresource-integrity") == "sri-not-implemented-but-all-scripts-loaded-from-secure-origin"


def test_the_same_page_without_its_content_security_policy_scores_lower(client, production, programme):
    production.MIDDLEWARE = [name for name in production.MIDDLEWARE if name != "csp.middleware.CSPMiddleware"]

    report = scan(client, PROGRAMME)

    assert report.result("content-security-policy") == "csp-not-implemented"
    # X-Frame-Options: DENY still stops framing, but earns no bonus; nor does anything
    # else, as the page is below 90 before bonuses.
    assert report.result("x-frame-options") == "x-frame-options-sameorigin-or-deny"
    assert (report.score, report.grade) == (75, "B"), report


def test_the_same_page_over_plain_http_without_hsts_scores_lower(client, settings, programme):
    response = client.get(PROGRAMME)

    report = observatory.score(response, url=f"http://testserver{PROGRAMME}")

    assert report.result("strict-transport-security") == "hsts-not-implemented-no-https"
    assert report.result("redirection") == "redirection-missing"
    assert report.grade != "A+", report


# The scorer on headers chosen to lose points --------------------------------------------------------


def scored(**headers) -> observatory.Report:
    """Score a page with ``headers`` on a site that redirects plain HTTP to HTTPS."""
    response = HttpResponse("<!DOCTYPE html><title>x</title>", headers=headers)
    redirect = HttpResponsePermanentRedirect("https://example.kz/")
    return observatory.score(response, url="https://example.kz/", http_response=redirect)


GOOD = {
    "Content-Security-Policy": "default-src 'self'; object-src 'none'; frame-ancestors 'none'",
    "Strict-Transport-Security": "max-age=63072000",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


@pytest.mark.parametrize(
    ("policy", "result"),
    [
        ("default-src 'none'", "csp-implemented-with-no-unsafe-default-src-none"),
        ("default-src 'self'", "csp-implemented-with-no-unsafe"),
        (
            "default-src 'self'; style-src 'self' 'unsafe-inline'",
            "csp-implemented-with-unsafe-inline-in-style-src-only",
        ),
        ("default-src 'self'; script-src 'self' 'unsafe-inline'", "csp-implemented-with-unsafe-inline"),
        # A hash makes browsers ignore 'unsafe-inline' beside it.
        ("default-src 'self'; script-src 'self' 'unsafe-inline' 'sha256-AbC='", "csp-implemented-with-no-unsafe"),
        ("default-src 'self'; script-src 'self' 'unsafe-eval'", "csp-implemented-with-unsafe-eval"),
        ("default-src 'self'; script-src 'self' http://cdn.example.kz", "csp-implemented-with-insecure-scheme"),
        ("default-src 'self'; img-src http:", "csp-implemented-with-insecure-scheme-in-passive-content-only"),
        ("frame-ancestors 'none'", "csp-implemented-with-unsafe-inline"),  # scripts and objects unrestricted
        ("default-src 'self'; object-src *", "csp-implemented-with-unsafe-inline"),
        ("default-src 'self'; script-src 'strict-dynamic'", "csp-header-invalid"),
    ],
)
def test_csp_outcomes(policy, result):
    assert scored(**{**GOOD, "Content-Security-Policy": policy}).result("content-security-policy") == result


def test_bonuses_count_only_from_90():
    # -20 for 'unsafe-inline' scripts leaves 80: the +5 bonuses of the rest are not given.
    policy = "default-src 'self'; script-src 'unsafe-inline'; frame-ancestors 'none'"
    report = scored(**{**GOOD, "Content-Security-Policy": policy})

    assert (report.score, report.grade) == (80, "B+"), report


def test_every_missing_header_costs_points():
    assert (scored(**GOOD).score, scored(**GOOD).grade) == (100 + 5 + 5 + 5, "A+")  # CSP, referrer, framing
    assert scored().score == 100 - 25 - 20 - 5 - 20  # CSP, HSTS, nosniff, framing


@pytest.mark.parametrize(
    ("set_cookie", "result"),
    [
        ({"secure": True, "httponly": True, "samesite": "Lax"}, "cookies-secure-with-httponly-sessions-and-samesite"),
        ({"secure": True, "httponly": True}, "cookies-secure-with-httponly-sessions"),
        ({"httponly": True, "samesite": "Lax"}, "cookies-session-without-secure-flag-but-protected-by-hsts"),
        ({"secure": True, "samesite": "Lax"}, "cookies-session-without-httponly-flag"),
        ({"secure": True, "httponly": True, "samesite": "None"}, "cookies-secure-with-httponly-sessions-and-samesite"),
    ],
)
def test_session_cookie_outcomes(set_cookie, result):
    response = HttpResponse("", content_type="text/plain", headers=GOOD)
    response.set_cookie("sessionid", "abc", **set_cookie)

    assert observatory.score(response, url="https://example.kz/").result("cookies") == result


def test_a_csrf_cookie_needs_samesite_and_an_insecure_cookie_without_hsts_costs_20():
    response = HttpResponse("", content_type="text/plain")
    response.set_cookie("csrftoken", "abc", secure=True)
    plain = HttpResponse("", content_type="text/plain")
    plain.set_cookie("theme", "dark")

    assert observatory.score(response, url="https://example.kz/").result("cookies") == (
        "cookies-anticsrf-without-samesite-flag"
    )
    assert observatory.score(plain, url="https://example.kz/").result("cookies") == "cookies-without-secure-flag"


def test_scripts_from_another_site_without_integrity_lose_points():
    page = '<script src="https://cdn.example.com/lib.js"></script><script src="/static/own.js"></script>'
    response = HttpResponse(page, headers=GOOD)
    with_integrity = HttpResponse(page.replace("<script src", '<script integrity="sha384-x" src', 1), headers=GOOD)

    assert observatory.score(response, url="https://example.kz/").result("subresource-integrity") == (
        "sri-not-implemented-but-external-scripts-loaded-securely"
    )
    assert observatory.score(with_integrity, url="https://example.kz/").result("subresource-integrity") == (
        "sri-implemented-and-external-scripts-loaded-securely"
    )


@pytest.mark.parametrize(
    ("header", "value", "test", "result"),
    [
        ("Referrer-Policy", "unsafe-url", "referrer-policy", "referrer-policy-unsafe"),
        ("Referrer-Policy", "no-referrer, fancy", "referrer-policy", "referrer-policy-private"),
        ("Referrer-Policy", "fancy", "referrer-policy", "referrer-policy-header-invalid"),
        (
            "Strict-Transport-Security",
            "max-age=86400",
            "strict-transport-security",
            "hsts-implemented-max-age-less-than-six-months",
        ),
        ("Strict-Transport-Security", "max-age=forever", "strict-transport-security", "hsts-header-invalid"),
        ("X-Content-Type-Options", "sniff-away", "x-content-type-options", "x-content-type-options-header-invalid"),
        (
            "Cross-Origin-Resource-Policy",
            "same-origin",
            "cross-origin-resource-policy",
            "corp-implemented-with-same-origin",
        ),
        ("Cross-Origin-Resource-Policy", "everyone", "cross-origin-resource-policy", "corp-header-invalid"),
        (
            "Access-Control-Allow-Origin",
            "*",
            "cross-origin-resource-sharing",
            "cross-origin-resource-sharing-implemented-with-public-access",
        ),
    ],
)
def test_single_header_outcomes(header, value, test, result):
    assert scored(**{**GOOD, header: value}).result(test) == result


def test_framing_is_scored_from_frame_ancestors_first_then_x_frame_options():
    no_ancestors = {**GOOD, "Content-Security-Policy": "default-src 'self'"}

    assert scored(**GOOD).result("x-frame-options") == "x-frame-options-implemented-via-csp"
    assert scored(**no_ancestors, **{"X-Frame-Options": "DENY"}).result("x-frame-options") == (
        "x-frame-options-sameorigin-or-deny"
    )
    assert scored(**no_ancestors).result("x-frame-options") == "x-frame-options-not-implemented"
    assert scored(**{**GOOD, "Content-Security-Policy": "frame-ancestors *"}).result("x-frame-options") == (
        "x-frame-options-not-implemented"
    )
