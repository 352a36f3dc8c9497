"""Friendly error pages in the visitor's language."""

import os

import pytest
from django.conf.urls.i18n import i18n_patterns
from django.core import checks
from django.test import RequestFactory
from django.urls import path
from django.utils import translation
from django.views.defaults import server_error

from config import urls as config_urls
from sources.checks import catalogues_compiled

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_404_page_is_in_the_visitors_language(client, lang):
    response = client.get(f"/{lang}/no-such-page/")

    html = response.content.decode()
    assert response.status_code == 404
    assert f'<html lang="{lang}">' in html
    assert f'<a href="/{lang}/">' in html
    assert html.count("<h1>") == 1


def test_404_page_in_english_says_so(client):
    html = client.get("/en/no-such-page/").content.decode()

    assert "<h1>Page not found</h1>" in html
    assert "There is no page at this address." in html


def test_404_page_switcher_points_to_the_other_languages(client):
    html = client.get("/en/sessions/missing/").content.decode()

    assert '<a href="/language/kk/?next=/kk/sessions/missing/" hreflang="kk" lang="kk">Қазақша</a>' in html
    assert '<a href="/language/ru/?next=/ru/sessions/missing/" hreflang="ru" lang="ru">Русский</a>' in html


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_500_page_renders_without_a_context(lang):
    request = RequestFactory().get(f"/{lang}/")

    with translation.override(lang):
        response = server_error(request)

    html = response.content.decode()
    assert response.status_code == 500
    assert f'<html lang="{lang}">' in html
    assert f'<a href="/{lang}/">' in html


def test_500_page_in_english_says_so():
    with translation.override("en"):
        html = server_error(RequestFactory().get("/en/")).content.decode()

    assert "<h1>Something went wrong</h1>" in html


# Through the whole stack, as `make run` serves them: DEBUG off (the suite's
# setting, asserted here), every middleware, Django's own 404 and 500 handlers.
NOT_FOUND = {
    "kk": ("Бет табылмады", "Бұл мекенжайда бет жоқ."),
    "ru": ("Страница не найдена", "По этому адресу страницы нет."),
    "en": ("Page not found", "There is no page at this address."),
}
SERVER_ERROR = {"kk": "Бірдеңе дұрыс болмады", "ru": "Что-то пошло не так", "en": "Something went wrong"}


def boom(request):
    raise RuntimeError("a view that fails")


urlpatterns = [*config_urls.urlpatterns, *i18n_patterns(path("boom/", boom), prefix_default_language=True)]


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
@pytest.mark.parametrize("path", ["no-such-page/", "sessions/no-such-session/", "programmes/no-such/2025-10-09/"])
def test_unknown_address_is_a_404_in_the_language_of_its_prefix(client, settings, lang, path):
    # The browser asks for another language: the address decides.
    response = client.get(f"/{lang}/{path}", HTTP_ACCEPT_LANGUAGE="ru" if lang != "ru" else "en")

    html = response.content.decode()
    heading, lead = NOT_FOUND[lang]
    assert settings.DEBUG is False
    assert response.status_code == 404
    assert f"<h1>{heading}</h1>" in html
    assert lead in html


@pytest.mark.parametrize(("accept", "lang"), [("ru-RU,ru;q=0.9", "ru"), ("en", "en"), ("de", "kk"), ("", "kk")])
def test_unprefixed_unknown_address_is_a_404_in_the_browsers_language_or_kazakh(client, accept, lang):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE=accept)

    html = response.content.decode()
    assert response.status_code == 404
    assert f'<html lang="{lang}">' in html
    assert f"<h1>{NOT_FOUND[lang][0]}</h1>" in html


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_a_failing_page_is_a_500_in_the_language_of_its_prefix(client, lang):
    client.raise_request_exception = False

    response = client.get(f"/{lang}/boom/", HTTP_ACCEPT_LANGUAGE="de")

    html = response.content.decode()
    assert response.status_code == 500
    assert f'<html lang="{lang}">' in html
    assert f"<h1>{SERVER_ERROR[lang]}</h1>" in html


def test_catalogues_are_compiled_for_every_language():
    assert catalogues_compiled() == []


def test_a_missing_or_stale_catalogue_stops_the_checks(settings, tmp_path):
    messages = tmp_path / "kk" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    (messages / "django.po").write_text("")
    (tmp_path / "ru" / "LC_MESSAGES").mkdir(parents=True)
    stale = tmp_path / "ru" / "LC_MESSAGES" / "django.mo"
    stale.write_bytes(b"")
    (tmp_path / "ru" / "LC_MESSAGES" / "django.po").write_text("")
    os.utime(stale, (0, 0))
    settings.LOCALE_PATHS = [tmp_path]

    found = catalogues_compiled()

    assert [(message.id, message.level) for message in found] == [
        ("sources.E001", checks.ERROR),
        ("sources.W001", checks.WARNING),
    ]
