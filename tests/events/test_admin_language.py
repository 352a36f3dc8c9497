"""The admin's language switcher: kk, ru and en, remembered for the admin only, public pages untouched."""

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

SWITCH = reverse("admin_set_language")
SESSIONS = reverse("admin:events_session_changelist")


@pytest.fixture
def staff_client(client, admin_user):
    client.force_login(admin_user)
    return client


def pressed(html: str) -> list[str]:
    """The switcher's buttons, as (language, pressed) read from the page."""
    return [
        code
        for code in ("kk", "ru", "en")
        if f'name="language" value="{code}" lang="{code}" aria-pressed="true"' in html
    ]


def test_sign_in_page_offers_each_language_in_its_own_name(client):
    html = client.get(reverse("admin:login"), HTTP_ACCEPT_LANGUAGE="ru").content.decode()

    assert f'<form class="admin-language" action="{SWITCH}" method="post" aria-label="Язык администрирования">' in html
    assert '<button type="submit" name="language" value="kk" lang="kk" aria-pressed="false">Қазақша</button>' in html
    assert '<button type="submit" name="language" value="ru" lang="ru" aria-pressed="true">Русский</button>' in html
    assert '<button type="submit" name="language" value="en" lang="en" aria-pressed="false">English</button>' in html


@pytest.mark.parametrize(
    ("accept", "language"),
    [("de", "kk"), ("de-DE,de;q=0.9", "kk"), ("de-DE,de;q=0.9,en;q=0.5", "en"), ("ru-RU,ru;q=0.9", "ru"), ("", "kk")],
)
def test_without_a_choice_the_admin_follows_the_browser_or_speaks_kazakh(staff_client, accept, language):
    html = staff_client.get(SESSIONS, HTTP_ACCEPT_LANGUAGE=accept).content.decode()

    assert f'<html lang="{language}"' in html
    assert pressed(html) == [language]


def test_choosing_a_language_keeps_it_for_the_admin(staff_client):
    response = staff_client.post(SWITCH, {"language": "ru", "next": SESSIONS}, HTTP_ACCEPT_LANGUAGE="en")

    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert response.status_code == 302
    assert response["Location"] == SESSIONS
    assert cookie.value == "ru"
    # The one language cookie: `/` then opens the public pages in the same language.
    assert cookie["path"] == "/"
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["max-age"] == 365 * 24 * 3600

    html = staff_client.get(SESSIONS, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="ru"' in html
    assert "Выберите мероприятие для изменения" in html
    assert pressed(html) == ["ru"]


def test_the_choice_on_the_sign_in_page_holds_after_signing_in(client, admin_user):
    client.post(SWITCH, {"language": "en", "next": reverse("admin:login")}, HTTP_ACCEPT_LANGUAGE="kk")
    client.force_login(admin_user)

    html = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="kk").content.decode()

    assert '<html lang="en"' in html
    assert "Regional event programmes: administration" in html


def test_public_pages_keep_the_language_of_their_address_and_set_no_cookie(staff_client):
    staff_client.post(SWITCH, {"language": "ru", "next": SESSIONS})

    response = staff_client.get("/kk/")

    assert '<html lang="kk">' in response.content.decode()
    assert response.cookies == {}


def test_a_language_the_site_lacks_is_not_kept(staff_client):
    response = staff_client.post(SWITCH, {"language": "de", "next": SESSIONS})

    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_the_switcher_sends_no_one_to_another_site(staff_client):
    response = staff_client.post(SWITCH, {"language": "en", "next": "https://elsewhere.example/"})

    assert response["Location"] == "/"
