"""Every page type and the admin send a strict Content-Security-Policy and hold nothing it refuses.

The policy allows only the site's own files: no 'unsafe-inline' or 'unsafe-eval'
anywhere, no style="" attribute, and an inline <style> only by its hash (the
grid's cell positions). JSON-LD blocks are data and need no source. The browser tests in
tests/browser/test_policy_violations.py check the same pages in Chromium.
"""

import pytest
from django.contrib import admin
from django.db import transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from tests.factories import make_session
from tests.quality.pages import LANGUAGES, PAGES, clock, load_site_data
from tests.security.policy import directives, refused, sha256, unsafe_sources

REQUIRED = {
    "default-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
OTHER_HEADERS = {
    "Permissions-Policy": (
        "accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), magnetometer=(), "
        "microphone=(), midi=(), payment=(), usb=()"
    ),
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
PAGE_KEYS = [f"{language}-{page.name}" for language in LANGUAGES for page in PAGES]


@pytest.fixture(scope="module")
def public_pages(django_db_setup, django_db_blocker):
    """Every page type in every language, rendered with the real programme data, then rolled back."""
    responses = {}
    with django_db_blocker.unblock(), transaction.atomic():
        load_site_data()
        client = Client()
        for language in LANGUAGES:
            for page in PAGES:
                with clock(page.clock):
                    responses[f"{language}-{page.name}"] = client.get(page.path(language))
        transaction.set_rollback(True)
    return responses


@pytest.mark.parametrize("key", PAGE_KEYS)
def test_public_page_has_a_strict_policy_and_nothing_it_refuses(public_pages, key):
    response = public_pages[key]

    policy = directives(response)
    assert {name: policy.get(name) for name in REQUIRED} == REQUIRED
    assert unsafe_sources(response) == {}
    assert refused(response) == []
    assert {header: response.get(header) for header in OTHER_HEADERS} == OTHER_HEADERS


def test_json_ld_blocks_are_data_and_the_policy_names_no_script_hash_for_them(public_pages):
    response = public_pages["en-session"]

    assert '<script type="application/ld+json">' in response.content.decode()
    assert directives(response)["script-src"] == ["'self'"]


def test_the_grid_alone_adds_a_style_hash(public_pages):
    grid, programme = public_pages["en-grid"], public_pages["en-programme"]

    added = set(directives(grid)["style-src"]) - set(directives(programme)["style-src"])

    assert len(added) == 1 and next(iter(added)).startswith("'sha256-")


# The admin --------------------------------------------------------------------------------------


@pytest.fixture
def session(db):
    return make_session(start="18:00", end="20:00", slug="gala")


ADMIN_PAGES = {
    "index": lambda session: reverse("admin:index"),
    "changelist": lambda session: reverse("admin:events_session_changelist"),
    "change form": lambda session: reverse("admin:events_session_change", args=[session.pk]),
    "add form": lambda session: reverse("admin:events_session_add"),
    "translation status": lambda session: reverse("admin_translation_status"),
    "photo add form": lambda session: reverse("admin:gallery_photo_add"),
}


@pytest.mark.parametrize("name", list(ADMIN_PAGES))
def test_admin_page_has_the_same_policy_and_nothing_it_refuses(organiser_client, session, name):
    response = organiser_client.get(ADMIN_PAGES[name](session))

    assert response.status_code == 200
    assert {key: directives(response).get(key) for key in REQUIRED} == REQUIRED
    assert unsafe_sources(response) == {}
    assert refused(response) == []


def test_the_login_page_has_the_policy_and_nothing_it_refuses(client):
    response = client.get(reverse("admin:login"))

    assert unsafe_sources(response) == {}
    assert refused(response) == []


@pytest.mark.parametrize(
    "model", [f"{model._meta.app_label}_{model._meta.model_name}" for model in admin.site._registry]
)
def test_every_changelist_has_nothing_the_policy_refuses(admin_client, model):
    # Django's changelist writes an inline <style> when a ModelAdmin shows actions neither
    # on top nor at the bottom; the policy has no hash for it, so none may do that.
    response = admin_client.get(reverse(f"admin:{model}_changelist"))

    assert response.status_code == 200
    assert refused(response) == []


def test_the_check_finds_what_the_policy_refuses():
    allowed_css = ".a{color:red}"
    response = HttpResponse(
        f'<p style="color:red" onclick="go()">x</p><a href="javascript:go()">y</a>'
        f'<script>go()</script><script type="application/ld+json">{{}}</script><script src="/s.js"></script>'
        f"<style>{allowed_css}</style><style>.b{{color:blue}}</style>",
        headers={"Content-Security-Policy": f"default-src 'self'; style-src 'self' {sha256(allowed_css)}"},
    )

    assert refused(response) == [
        'attribute <p style="color:red">',
        'attribute <p onclick="go()">',
        'URL <a href="javascript:go()">',
        "<script> 'go()'",
        "<style> '.b{color:blue}'",
    ]
