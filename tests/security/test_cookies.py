"""Public responses never carry Set-Cookie, whatever cookies the visitor sends.

A response marked ``Cache-Control: public`` is kept by shared caches and handed
to everyone; a cookie on it would be too. Pages and calendar exports are public;
the admin is not, and still sets the cookies its forms need.
"""

import pytest
from django.core.checks.security.csrf import check_csrf_middleware
from django.urls import reverse

from tests.factories import make_day, make_programme, make_session, make_space, make_venue

pytestmark = pytest.mark.django_db

# A csrftoken of the wrong length and alphabet, as a broken client or a hostile one sends it.
MALFORMED_CSRF = "not-a-token!"
# A session key of the right form that names no session, and one Django cannot even read.
UNKNOWN_SESSION = "z" * 32
GARBAGE_SESSION = "x"

VISITOR_COOKIES = {
    "malformed csrftoken": {"csrftoken": MALFORMED_CSRF},
    "unknown sessionid": {"sessionid": UNKNOWN_SESSION},
    "unreadable sessionid": {"sessionid": GARBAGE_SESSION},
    "both": {"csrftoken": MALFORMED_CSRF, "sessionid": GARBAGE_SESSION},
}


@pytest.fixture
def public_urls():
    programme = make_programme(slug="oskemen-days")
    day = make_day(programme=programme)
    venue = make_venue(slug="drama-theatre")
    session = make_session(day=day, start="18:00", end="20:00", slug="gala", space=make_space(venue=venue))
    return [
        "/ru/",
        f"/ru/programmes/{programme.slug}/",
        f"/ru/programmes/{programme.slug}/grid/",
        f"/ru/programmes/{programme.slug}/{day.date.isoformat()}/",
        f"/ru/sessions/{session.slug}/",
        "/ru/search/?q=gala",
        "/ru/venues/drama-theatre/",
        f"/ru/sessions/{session.slug}/calendar.ics",
        f"/ru/programmes/{programme.slug}/calendar.ics",
        f"/ru/programmes/{programme.slug}/{day.date.isoformat()}/calendar.ics",
        "/ru/venues/drama-theatre/calendar.ics",
        f"/ru/programmes/{programme.slug}/schedule.xml",
        f"/ru/programmes/{programme.slug}/changes.atom",
    ]


@pytest.mark.parametrize("sent", list(VISITOR_COOKIES))
def test_public_responses_set_no_cookie_whatever_the_visitor_sends(client, public_urls, sent):
    answers = {}
    for url in public_urls:
        # Sent afresh each time: the client would otherwise keep a cookie a response set.
        client.cookies.clear()
        client.cookies.load(VISITOR_COOKIES[sent])
        response = client.get(url)
        answers[url] = (response.status_code, "public" in response["Cache-Control"], response.cookies.output())

    assert answers == dict.fromkeys(public_urls, (200, True, ""))


def test_a_malformed_csrf_cookie_does_not_make_a_public_page_vary_on_cookies(client, public_urls):
    # The root of the leak: Django's CSRF middleware replaced the cookie on every response.
    client.cookies.load({"csrftoken": MALFORMED_CSRF})

    response = client.get(public_urls[1])

    assert "Cookie" not in response.get("Vary", "")


def test_the_admin_login_page_still_replaces_a_malformed_csrf_cookie(client):
    client.cookies.load({"csrftoken": MALFORMED_CSRF})

    response = client.get(reverse("admin:login"))

    assert response.status_code == 200
    assert response.cookies["csrftoken"].value not in ("", MALFORMED_CSRF)
    assert len(response.cookies["csrftoken"].value) == 32


def test_a_login_posted_with_a_malformed_csrf_cookie_is_refused_then_works_with_a_fresh_one(client, admin_user):
    csrf_client = type(client)(enforce_csrf_checks=True)
    csrf_client.cookies.load({"csrftoken": MALFORMED_CSRF})
    credentials = {"username": admin_user.username, "password": "password", "next": reverse("admin:index")}

    refused = csrf_client.post(reverse("admin:login"), {**credentials, "csrfmiddlewaretoken": MALFORMED_CSRF})
    form = csrf_client.get(reverse("admin:login"))
    token = form.context["csrf_token"]
    accepted = csrf_client.post(reverse("admin:login"), {**credentials, "csrfmiddlewaretoken": str(token)})

    assert refused.status_code == 403
    assert accepted.status_code == 302
    assert accepted["Location"] == reverse("admin:index")


def test_djangos_csrf_middleware_stays_where_check_deploy_looks_for_it(settings):
    assert check_csrf_middleware(None) == []
