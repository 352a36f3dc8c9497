"""Signing in to the admin: guessed passwords rest the account, a flood is
refused before any password is checked, and the admin can live at a path of its
own. Every refusal is a page in the visitor's language."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db.models import F
from django.urls import reverse

from config import login_protection
from tests.deployment.conftest import PRODUCTION, settings_from

pytestmark = pytest.mark.django_db

PASSWORD = "a long organiser passphrase"
HOME = "203.0.113.7"
ELSEWHERE = "198.51.100.20"


@pytest.fixture(autouse=True)
def _fresh_counters():
    # The rate limit counts in the cache, which outlives a test's transaction.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fast_hashes(settings):
    # Hundreds of sign-ins: the real hasher takes most of a second each.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def organiser():
    return User.objects.create_user("aigerim", password=PASSWORD, is_staff=True)


@pytest.fixture
def guesses_only(settings):
    """Take the rate limit out of the way of tests about django-axes."""
    settings.LOGIN_RATE_LIMIT = settings.LOGIN_RATE_BURST = 1000


def sign_in(client, username, password, address=HOME, language="en"):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=address,
        HTTP_ACCEPT_LANGUAGE=language,
    )


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_thirty_wrong_passwords_rest_the_account(client, organiser, guesses_only):
    wrong = [sign_in(client, "aigerim", f"guess {n}") for n in range(30)]
    right = sign_in(client, "aigerim", PASSWORD)

    assert [response.status_code for response in wrong] == [200] * 4 + [429] * 26
    assert "Please enter the correct username and password" in wrong[0].content.decode()
    assert right.status_code == 429
    assert "<h1>Signing in is paused</h1>" in right.content.decode()
    assert "signing in to it from here is paused for 15 minutes." in right.content.decode()
    assert right["Retry-After"] == "900"
    assert not signed_in(client)


def test_the_lockout_page_is_in_the_organisers_language(client, organiser, guesses_only):
    for n in range(5):
        sign_in(client, "aigerim", f"guess {n}", language="kk")

    page = sign_in(client, "aigerim", PASSWORD, language="kk").content.decode()

    assert '<html lang="kk">' in page
    assert "<h1>Кіру уақытша тоқтатылды</h1>" in page
    assert '<a href="/kk/">' in page


def test_the_organiser_elsewhere_is_not_locked_out(client, organiser, guesses_only):
    for n in range(30):
        sign_in(client, "aigerim", f"guess {n}")

    response = sign_in(client, "aigerim", PASSWORD, address=ELSEWHERE)

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    assert signed_in(client)


def test_another_account_from_the_same_address_is_not_locked_out(client, organiser, guesses_only):
    User.objects.create_user("dana", password=PASSWORD, is_staff=True)
    for n in range(30):
        sign_in(client, "aigerim", f"guess {n}")

    response = sign_in(client, "dana", PASSWORD)

    assert response.status_code == 302
    assert signed_in(client)


def test_after_the_cool_off_the_organiser_signs_in_again(client, organiser, guesses_only):
    for n in range(5):
        sign_in(client, "aigerim", f"guess {n}")
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=14))
    still_resting = sign_in(client, "aigerim", PASSWORD)
    # The refused attempt above started the rest again; let all of it pass.
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=16))

    response = sign_in(client, "aigerim", PASSWORD)

    assert still_resting.status_code == 429
    assert response.status_code == 302
    assert signed_in(client)


def test_a_login_flood_is_refused_before_any_password_is_checked(client, organiser, settings):
    settings.LOGIN_RATE_LIMIT, settings.LOGIN_RATE_BURST = 6, 3  # one every 10 s, three at once
    flood = [sign_in(client, f"bot{n}", "password") for n in range(10)]

    right = sign_in(client, "aigerim", PASSWORD, language="ru")

    assert [response.status_code for response in flood] == [200] * 3 + [429] * 7
    # django-axes saw, and the password hasher checked, only the first three.
    assert sorted(AccessAttempt.objects.values_list("username", flat=True)) == ["bot0", "bot1", "bot2"]
    assert right.status_code == 429
    assert "<h1>Слишком много попыток входа</h1>" in right.content.decode()
    assert '<html lang="ru">' in right.content.decode()
    assert right["Retry-After"] == "10"
    assert not signed_in(client)


def test_the_flood_limit_counts_per_address_and_lets_attempts_through_at_its_rate(
    client, organiser, settings, monkeypatch
):
    settings.LOGIN_RATE_LIMIT, settings.LOGIN_RATE_BURST = 6, 3
    now = login_protection.time.time()
    clock = SimpleNamespace(time=lambda: now)
    monkeypatch.setattr(login_protection, "time", clock)
    for n in range(5):
        sign_in(client, f"bot{n}", "password")
    login_page = client.get(reverse("admin:login"), REMOTE_ADDR=HOME)
    elsewhere = sign_in(client, "aigerim", PASSWORD, address=ELSEWHERE)
    client.logout()

    clock.time = lambda: now + 10
    ten_seconds_later = [sign_in(client, "aigerim", "typo"), sign_in(client, "aigerim", PASSWORD)]
    clock.time = lambda: now + 20
    twenty_seconds_later = sign_in(client, "aigerim", PASSWORD)

    assert login_page.status_code == 200  # reading the form costs nothing
    assert elsewhere.status_code == 302
    assert [response.status_code for response in ten_seconds_later] == [200, 429]
    assert twenty_seconds_later.status_code == 302
    assert signed_in(client)


def test_behind_a_proxy_the_visitors_own_address_counts(rf, settings):
    settings.PROXY_COUNT = 1
    request = rf.post("/admin/login/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.1, 203.0.113.7")

    assert login_protection.client_ip(request) == "203.0.113.7"


def test_without_a_proxy_a_forwarded_header_is_ignored(rf, settings):
    settings.PROXY_COUNT = 0
    request = rf.post("/admin/login/", REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="192.0.2.1")

    assert login_protection.client_ip(request) == "203.0.113.7"


def test_admin_path_moves_the_admin(client, organiser, settings, rebuilt_urls):
    settings.ADMIN_PATH = "office/"
    rebuilt_urls()
    client.force_login(organiser)

    moved = client.get("/office/", HTTP_ACCEPT_LANGUAGE="en")
    translation_status = client.get("/office/translation-status/", HTTP_ACCEPT_LANGUAGE="en")
    old = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en")

    assert moved.status_code == 200
    assert "Regional event programmes: administration" in moved.content.decode()
    assert reverse("admin:login") == "/office/login/"
    assert translation_status.status_code == 403  # there, and refused to staff without rights
    assert old.status_code == 404


def test_admin_path_is_read_from_the_environment():
    assert settings_from(PRODUCTION)["ADMIN_PATH"] == "admin/"
    assert settings_from({**PRODUCTION, "ADMIN_PATH": "/office"})["ADMIN_PATH"] == "office/"


@pytest.mark.parametrize("path", ["/", "ru/", "static/", "media/uploads/"])
def test_admin_path_may_not_hide_public_pages(path):
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="would hide public pages"):
        settings_from({**PRODUCTION, "ADMIN_PATH": path})
