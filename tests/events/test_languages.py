"""The frame of every public page: languages, switcher, hreflang, fallbacks marked in markup."""

import datetime
import zoneinfo

import pytest
from django.template import Context, Template
from django.utils import translation

from tests.events.factories_pages import make_almaty_days, make_concert, names

pytestmark = pytest.mark.django_db


def render(template: str, **context) -> str:
    return Template("{% load programme_tags %}" + template).render(Context(context))


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_page_says_its_language_and_offers_the_same_page_in_the_others(client, lang):
    programme, day = make_almaty_days()

    response = client.get(f"/{lang}/programmes/days-of-almaty/")

    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    assert '<a href="/language/kk/?next=/kk/programmes/days-of-almaty/" hreflang="kk" lang="kk"' in html
    assert '<a href="/language/ru/?next=/ru/programmes/days-of-almaty/" hreflang="ru" lang="ru"' in html
    assert '<a href="/language/en/?next=/en/programmes/days-of-almaty/" hreflang="en" lang="en"' in html
    assert ">Қазақша</a>" in html
    assert ">Русский</a>" in html
    assert ">English</a>" in html
    assert f'hreflang="{lang}" lang="{lang}" aria-current="true"' in html
    assert html.count('aria-current="true"') == 1


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_head_lists_every_language_as_an_alternate(client, lang):
    make_almaty_days()

    html = client.get(f"/{lang}/programmes/days-of-almaty/").content.decode()

    for code in ["kk", "ru", "en"]:
        assert (
            f'<link rel="alternate" hreflang="{code}" href="http://testserver/{code}/programmes/days-of-almaty/">'
            in html
        )


def test_switcher_keeps_the_query_string(client):
    make_almaty_days()

    html = client.get("/en/programmes/days-of-almaty/?day=2025-10-09").content.decode()

    assert 'href="/language/kk/?next=/kk/programmes/days-of-almaty/%3Fday%3D2025-10-09"' in html


def test_skip_link_leads_to_the_main_landmark(client):
    html = client.get("/en/").content.decode()

    assert '<a class="skip-link" href="#main">Skip to content</a>' in html
    assert '<main id="main" tabindex="-1">' in html


def test_navigation_marks_the_current_section(client):
    html = client.get("/en/").content.decode()

    assert '<a href="/en/" aria-current="page">Programme</a>' in html


def test_trans_field_writes_the_active_language_without_a_mark():
    programme, _day = make_almaty_days()

    with translation.override("kk"):
        html = render('{% trans_field programme "title" %}', programme=programme)

    assert html == "Шығыс Қазақстан облысындағы Алматы күндері"


def test_trans_field_marks_a_fallback_with_its_language_and_a_note():
    programme, day = make_almaty_days()
    concert = make_concert(day, **names("", "Гала-концерт <для всех>", "", "description"))

    with translation.override("en"):
        html = render('{% trans_field concert "description" %}', concert=concert)

    assert html == (
        '<span lang="ru">Гала-концерт &lt;для всех&gt;</span> <small class="untranslated">(not translated yet)</small>'
    )


def test_trans_field_escapes_the_text():
    programme, day = make_almaty_days()
    concert = make_concert(day, **names("<b>", "<b>", "<b>&"))

    with translation.override("en"):
        html = render('{% trans_field concert "title" %}', concert=concert)

    assert html == "&lt;b&gt;&amp;"


def test_trans_field_splits_paragraphs_and_marks_a_fallback_block():
    programme, day = make_almaty_days()
    concert = make_concert(day, **names("Бірінші.\n\nЕкінші\nжол.", "", "", "description"))

    with translation.override("ru"):
        html = render('{% trans_field concert "description" paragraphs=True %}', concert=concert)

    assert html == (
        '<div lang="kk"><p>Бірінші.</p><p>Екінші<br>жол.</p></div><p class="untranslated">Ещё не переведено.</p>'
    )


def test_trans_field_writes_nothing_for_an_empty_field():
    programme, day = make_almaty_days()
    concert = make_concert(day)

    with translation.override("en"):
        html = render('{% trans_field concert "status_note" %}', concert=concert)

    assert html == ""


def test_utc_offset_follows_the_date():
    almaty = zoneinfo.ZoneInfo("Asia/Almaty")

    html = render(
        "{{ before|utc_offset }} {{ after|utc_offset }}",
        before=datetime.datetime(2023, 10, 9, 18, tzinfo=almaty),
        after=datetime.datetime(2025, 10, 9, 18, tzinfo=almaty),
    )

    assert html == "UTC+6 UTC+5"


def test_the_switch_remembers_the_choice_and_goes_to_the_page_in_that_language(client):
    response = client.get("/language/ru/?next=/ru/programmes/days-of-almaty/%3Fday%3D2025-10-09")

    assert response.status_code == 302
    assert response["Location"] == "/ru/programmes/days-of-almaty/?day=2025-10-09"
    cookie = response.cookies["django_language"]
    assert cookie.value == "ru"
    assert cookie["max-age"] == 365 * 24 * 3600
    assert cookie["samesite"] == "Lax"
    assert "no-store" in response["Cache-Control"] and "public" not in response["Cache-Control"]


def test_the_root_then_opens_in_the_chosen_language_whatever_the_browser_asks(client):
    client.get("/language/en/?next=/en/")

    response = client.get("/", HTTP_ACCEPT_LANGUAGE="kk,ru;q=0.8")

    assert response["Location"] == "/en/"
    assert "Cookie" in response["Vary"]


def test_without_a_choice_the_root_follows_the_browser(client):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="ru").headers["Location"] == "/ru/"
    assert client.get("/").headers["Location"] == "/kk/"


@pytest.mark.parametrize("next_url", ["https://elsewhere.example/ru/", "//elsewhere.example/ru/", "/en/", ""])
def test_the_switch_goes_only_to_a_page_of_this_site_in_the_chosen_language(client, next_url):
    response = client.get("/language/ru/", {"next": next_url})

    assert response["Location"] == "/ru/"


def test_the_switch_knows_only_the_sites_languages(client):
    response = client.get("/language/de/?next=/de/")

    assert response.status_code == 404
    assert response.cookies == {}


def test_public_pages_stay_free_of_cookies_after_a_choice(client):
    make_almaty_days()
    client.get("/language/kk/?next=/kk/")

    response = client.get("/kk/programmes/days-of-almaty/")

    assert response.cookies == {}
    assert "public" in response["Cache-Control"]
    assert "Cookie" not in response.get("Vary", "")
