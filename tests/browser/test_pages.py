"""The public pages in Debian's Chromium, with the real programme data.

A resident clicks from the home page to a session, a performer, a venue and an
exhibit; switches language on a session page; searches and filters with and
without JavaScript. Every page type in kk, ru and en passes axe-core's WCAG 2.2
AA rules, fits 320, 360 and 1280 px screens, starts with a visible skip link,
and leaves screenshots at 360 px and 1280 px in test-artifacts/screenshots/.

The data is loaded once for the session and only read (``site`` in
conftest.py). Each page type is opened once per language, in one browser tab
reused across the matrix: axe runs, then the same page is resized to each
width (the site's one script, which keeps My programme, lays nothing out, so a
resized page lays out as a reloaded one).
"""

import datetime

import pytest
from axe_playwright_python.base import AxeResults
from django.conf import settings
from django.test import RequestFactory
from django.utils import translation
from django.views.defaults import server_error
from playwright.sync_api import expect

from events.models import Category, Programme, Session
from gallery.models import Exhibit
from people.models import Person
from tests.quality.pages import AFTER, BEFORE, DURING, LANGUAGES, MAIN_DAY, MAIN_PROGRAMME, PAGES, Page, clock
from venues.models import Venue

# The database is read only, and filled once for the session (``site`` in conftest.py).
pytestmark = [pytest.mark.browser, pytest.mark.django_db]

SCREENSHOTS = settings.BASE_DIR / "test-artifacts" / "screenshots"
AXE_OPTIONS = {
    # WCAG 2.2 AA and axe's best practices (landmarks, heading order, unique names and the like).
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]},
    "resultTypes": ["violations"],
}
# Django's 500 handler renders without a request; the browser gets it from a route.
SERVER_ERROR = Page("server-error", status=500)
ALL_PAGES = [*PAGES, SERVER_ERROR]
LANGUAGE_NAMES = {"kk": "Қазақша", "ru": "Русский", "en": "English"}
# Set one after another on the same page; screenshots are kept of the desktop and of a common phone.
WIDTHS = (1280, 360, 320)
SCREENSHOT_WIDTHS = (1280, 360)

# Elements wider than the screen that are not inside a box with its own
# scrollbar (the grid's scroll region is one): each would make the whole page
# scroll sideways.
OVERFLOWING_ELEMENTS_JS = """
(width) => {
  const scrolls = (element) => {
    for (let box = element.parentElement; box && box !== document.body; box = box.parentElement) {
      const overflow = getComputedStyle(box).overflowX;
      if (overflow === "auto" || overflow === "scroll" || overflow === "hidden") return true;
    }
    return false;
  };
  const describe = (element) => {
    const classes = (element.getAttribute("class") || "").trim();
    const name = classes ? "." + classes.split(/\\s+/).join(".") : "";
    const text = (element.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 60);
    const right = Math.round(element.getBoundingClientRect().right);
    const id = element.id ? "#" + element.id : "";
    return `<${element.tagName.toLowerCase()}${id}${name}> right=${right}px "${text}"`;
  };
  return Array.from(document.body.querySelectorAll("*"))
    .filter((element) => element.getBoundingClientRect().right > width + 0.5 && !scrolls(element))
    .map(describe)
    .slice(0, 15);
}
"""


def open_page(page, site: str, spec: Page, language: str):
    """Open ``spec`` in ``language`` at the page type's clock and return the response."""
    if spec is SERVER_ERROR:
        with translation.override(language):
            html = server_error(RequestFactory().get(f"/{language}/")).content.decode()
        url = f"{site}/{language}/server-error-example/"
        page.route(url, lambda route: route.fulfill(status=500, body=html, content_type="text/html; charset=utf-8"))
    else:
        url = site + spec.path(language)
    with clock(spec.clock):
        response = page.goto(url)
        page.wait_for_load_state("load")
    assert response.status == spec.status, f"{url} answered {response.status}, not {spec.status}"
    return response


def run_axe(page) -> AxeResults:
    """axe-core's verdict on the open page (``shared_page`` has put axe-core in it)."""
    return AxeResults(page.evaluate("options => axe.run(document, options)", AXE_OPTIONS))


def in_language(obj, field: str, language: str) -> str:
    """The text a page in ``language`` shows for ``obj.field``, with modeltranslation's fallback."""
    with translation.override(language):
        return getattr(obj, field)


# Navigation -----------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_resident_clicks_from_home_to_session_person_venue_and_exhibit(site, page, language):
    programme = Programme.objects.get(slug=MAIN_PROGRAMME)
    gala = Session.objects.get(slug="gala-concert")
    singer = Person.objects.get(slug="roza-rymbayeva")
    palace = Venue.objects.get(slug="palace-of-culture-of-metallurgists")
    exhibition = Session.objects.get(slug="photo-exhibition-museum-of-the-history-of-almaty")
    exhibit = Exhibit.objects.get(slug="photographs-from-the-museum-of-the-history-of-almaty")
    main = page.locator("main")
    h1 = page.locator("h1")

    with clock(AFTER):
        page.goto(f"{site}/{language}/")
        main.get_by_role("link", name=in_language(programme, "title", language), exact=True).first.click()
        expect(page).to_have_url(f"{site}/{language}/programmes/{MAIN_PROGRAMME}/")
        expect(h1).to_contain_text(in_language(programme, "title", language))
        main.locator(f'a[href="/{language}/programmes/{MAIN_PROGRAMME}/{MAIN_DAY}/"]').first.click()
        expect(page).to_have_url(f"{site}/{language}/programmes/{MAIN_PROGRAMME}/{MAIN_DAY}/")
        main.get_by_role("link", name=in_language(gala, "title", language), exact=True).first.click()
        expect(page).to_have_url(f"{site}/{language}/sessions/gala-concert/")
        expect(h1).to_contain_text(in_language(gala, "title", language))
        main.get_by_role("link", name=in_language(singer, "name", language), exact=True).first.click()
        expect(page).to_have_url(f"{site}/{language}/people/roza-rymbayeva/")
        expect(h1).to_contain_text(in_language(singer, "name", language))
        main.get_by_role("link", name=in_language(gala, "title", language), exact=True).first.click()
        main.get_by_role("link", name=in_language(palace, "name", language), exact=True).first.click()
        expect(page).to_have_url(f"{site}/{language}/venues/{palace.slug}/")
        expect(h1).to_contain_text(in_language(palace, "name", language))
        main.get_by_role("link", name=in_language(exhibition, "title", language), exact=True).first.click()
        expect(page).to_have_url(f"{site}/{language}/sessions/{exhibition.slug}/")
        # The session links its exhibit as "See the exhibit's photos".
        main.locator(f'a[href="/{language}/exhibits/{exhibit.slug}/"]').first.click()

    expect(page).to_have_url(f"{site}/{language}/exhibits/{exhibit.slug}/")
    expect(h1).to_contain_text(in_language(exhibit, "title", language))


def test_the_main_navigation_reaches_every_index(site, page):
    nav = page.get_by_role("navigation", name="Main")

    page.goto(f"{site}/en/programmes/{MAIN_PROGRAMME}/")
    page.locator(f'main a[href="/en/programmes/{MAIN_PROGRAMME}/grid/"]').first.click()
    expect(page).to_have_url(f"{site}/en/programmes/{MAIN_PROGRAMME}/grid/")
    nav.get_by_role("link", name="Venues", exact=True).click()
    expect(page).to_have_url(f"{site}/en/venues/")
    nav.get_by_role("link", name="People", exact=True).click()
    expect(page).to_have_url(f"{site}/en/people/")
    nav.get_by_role("link", name="Exhibits", exact=True).click()
    expect(page).to_have_url(f"{site}/en/exhibits/")
    nav.get_by_role("link", name="Search", exact=True).click()
    expect(page).to_have_url(f"{site}/en/search/")
    nav.get_by_role("link", name="Programme", exact=True).click()

    expect(page).to_have_url(f"{site}/en/")
    expect(nav.get_by_role("link", name="Programme", exact=True)).to_have_attribute("aria-current", "page")


# Language switch --------------------------------------------------------------------------------


def test_the_language_switch_keeps_the_session_page(site, page):
    gala = Session.objects.get(slug="gala-concert")
    switcher = page.locator(".language-switcher")
    page.goto(f"{site}/en/sessions/gala-concert/")

    switcher.get_by_role("link", name=LANGUAGE_NAMES["ru"], exact=True).click()
    expect(page).to_have_url(f"{site}/ru/sessions/gala-concert/")
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.locator("h1")).to_contain_text(gala.title_ru)
    switcher.get_by_role("link", name=LANGUAGE_NAMES["kk"], exact=True).click()
    expect(page).to_have_url(f"{site}/kk/sessions/gala-concert/")
    expect(page.locator("h1")).to_contain_text(gala.title_kk)
    switcher.get_by_role("link", name=LANGUAGE_NAMES["en"], exact=True).click()

    expect(page).to_have_url(f"{site}/en/sessions/gala-concert/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_contain_text(gala.title_en)


def test_the_language_switch_keeps_the_search_and_its_filters(site, page):
    page.goto(f"{site}/en/search/?q=quartet&category=culture")

    page.locator(".language-switcher").get_by_role("link", name=LANGUAGE_NAMES["ru"], exact=True).click()

    expect(page).to_have_url(f"{site}/ru/search/?q=quartet&category=culture")
    expect(page.locator("input[name=q]")).to_have_value("quartet")
    expect(page.locator("select[name=category]")).to_have_value("culture")


# Search and filters -----------------------------------------------------------------------------


def _result_titles(page) -> list[str]:
    return sorted(page.locator(".search-results h3 a").all_inner_texts())


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_search_by_typing_and_filtering(site, new_context, javascript):
    page = new_context(java_script_enabled=javascript).new_page()
    singer = Person.objects.get(slug="roza-rymbayeva")
    education_on_the_day = sorted(
        Session.objects.published()
        .filter(day__date=datetime.date.fromisoformat(MAIN_DAY), category=Category.EDUCATION)
        .values_list("title_en", flat=True)
    )
    page.goto(f"{site}/en/")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Search", exact=True).click()
    box = page.locator("input[name=q]")
    box.fill("rymbayeva")
    box.press("Enter")

    page.wait_for_url("**/en/search/?*")
    assert "q=rymbayeva" in page.url
    assert _result_titles(page) == ["Gala concert"]
    expect(page.locator("#found-people ~ ul")).to_contain_text(singer.name_en)

    page.goto(f"{site}/en/search/")
    page.locator("select[name=day]").select_option(MAIN_DAY)
    page.locator("select[name=category]").select_option(Category.EDUCATION.value)
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/en/search/?*")

    assert f"day={MAIN_DAY}" in page.url and "category=education" in page.url
    assert _result_titles(page) == education_on_the_day


def test_search_ignores_case_in_cyrillic(site, page):
    singer = Person.objects.get(slug="roza-rymbayeva")
    gala = Session.objects.get(slug="gala-concert")
    page.goto(f"{site}/ru/search/")

    box = page.locator("input[name=q]")
    box.fill("РЫМБАЕВА")
    page.locator("form[role=search] button[type=submit]").click()

    expect(page.locator("#found-people ~ ul")).to_contain_text(singer.name_ru)
    assert _result_titles(page) == [gala.title_ru]


# Accessibility and layout ----------------------------------------------------------------------


@pytest.mark.parametrize("spec", ALL_PAGES, ids=[spec.name for spec in ALL_PAGES])
@pytest.mark.parametrize("language", LANGUAGES)
def test_page_passes_axe_fits_320_360_and_1280_px_and_breaks_no_policy(site, shared_page, language, spec):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = shared_page
    open_page(page, site, spec, language)

    results = run_axe(page)
    overflow = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        if width in SCREENSHOT_WIDTHS:
            # JPEG encodes faster than a full-page PNG, and the pictures are for people to look at.
            page.screenshot(
                path=SCREENSHOTS / f"{language}-{spec.name}-{width}.jpg", full_page=True, type="jpeg", quality=70
            )
        scroll_width = page.evaluate("document.scrollingElement.scrollWidth")
        if scroll_width > width:
            overflow[width] = (scroll_width, page.evaluate(OVERFLOWING_ELEMENTS_JS, width))

    # What Chromium refused under the Content-Security-Policy or Permissions-Policy, in this visit.
    refused = page.evaluate("window.__violations") + page.policy_messages

    # One assertion for every check, so that an axe violation does not hide a layout fault.
    assert (results.violations_count, overflow, refused) == (0, {}, []), (
        f"{language} {spec.name}: {results.generate_report() if results.violations_count else 'axe: no violations'}\n"
        f"scrolls sideways (width: (page width, elements)): {overflow}\npolicy: {refused}"
    )


def test_the_shared_tab_shows_each_page_as_the_server_renders_it_now(site, shared_page):
    # Pages may be cached for five minutes; the matrix opens one URL at several clocks.
    url = f"{site}/en/programmes/{MAIN_PROGRAMME}/now/"
    with clock(DURING):
        shared_page.goto(url)
    during = shared_page.locator("main").inner_text()

    with clock(BEFORE):
        shared_page.goto(url)

    assert "As of 12:00, 9 October 2025" in during
    expect(shared_page.locator("main")).to_contain_text("As of 10:00, 1 October 2025")


@pytest.mark.parametrize("spec", PAGES, ids=[spec.name for spec in PAGES])
def test_tab_from_the_top_focuses_a_visible_skip_link(site, shared_page, spec):
    page = shared_page
    open_page(page, site, spec, "en")

    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    expect(skip).to_have_attribute("href", "#main")
    box = skip.bounding_box()
    assert box is not None and box["y"] >= 0 and box["height"] > 0, f"skip link off screen: {box}"
    expect(skip).to_be_visible()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")

    assert page.evaluate("document.activeElement.id") == "main"


def test_keyboard_focus_is_visible_on_links(site, page):
    page.goto(f"{site}/en/programmes/{MAIN_PROGRAMME}/")

    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    style = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return {tag: document.activeElement.tagName, outline: s.outlineStyle, width: s.outlineWidth,"
        " shadow: s.boxShadow}; })()"
    )

    assert style["tag"] == "A"
    assert (style["outline"] != "none" and style["width"] != "0px") or style["shadow"] != "none", style
