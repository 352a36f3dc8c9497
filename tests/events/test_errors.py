"""Friendly error pages in the visitor's language."""

import pytest
from django.test import RequestFactory
from django.utils import translation
from django.views.defaults import server_error

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
