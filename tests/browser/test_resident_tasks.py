"""What a resident does, in Chromium: with the keyboard alone, offline, and the grid at a glance.

Every task (search, star, change language, add to calendar, find tonight) is
done by Tab and Enter, and each element that takes the focus shows it. A page
once visited opens again without a connection, saying when it was saved. At
1,280 px the grid shows every venue of the Days of Almaty side by side; on a
phone it is a list by time naming each item's place.
"""

import re

import pytest
from playwright.sync_api import expect

from events.models import Session
from tests.quality.pages import DURING, MAIN_PROGRAMME, clock

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

# The focused element, and whether a sighted keyboard user can see where the focus is.
FOCUS_JS = """
() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  const box = element.getBoundingClientRect();
  const ring = (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== "none";
  return {
    tag: element.tagName,
    text: (element.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 60),
    visible: ring && box.width > 0 && box.height > 0,
  };
}
"""


def tab_to(page, predicate: str, limit: int = 250) -> None:
    """Press Tab until ``predicate`` (JS, of ``el``) holds for the focused element; every stop must show its focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS_JS)
        assert focus["visible"], f"the focus is not visible on {focus}"
        if page.evaluate(f"(el => Boolean({predicate}))(document.activeElement)"):
            return
    raise AssertionError(f"Tab never reached an element where {predicate}")


def test_every_resident_task_with_the_keyboard_alone(site, page):
    gala = Session.objects.get(slug="gala-concert")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{site}/en/")

    # Search.
    tab_to(page, "el.closest('.site-nav') && el.pathname === '/en/search/'")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{site}/en/search/")
    tab_to(page, "el.name === 'q'")
    page.keyboard.type("rymbayeva")
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/search/?*")
    tab_to(page, f"el.closest('main') && el.tagName === 'A' && el.textContent.trim() === {gala.title_en!r}")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{site}/en/sessions/gala-concert/")

    # Star it for My programme.
    tab_to(page, "el.tagName === 'BUTTON' && el.textContent.includes('Add to my programme')")
    page.keyboard.press("Enter")
    expect(page.locator("main button.star")).to_contain_text("Remove from my programme")

    # Change the language.
    tab_to(page, "el.closest('.language-switcher') && el.hreflang === 'ru'")
    page.keyboard.press("Enter")
    page.wait_for_url("**/ru/sessions/gala-concert/**")
    expect(page.locator("h1")).to_contain_text(gala.title_ru)

    # Add to a calendar: the link is reached and shows its focus (opening it would start a download).
    tab_to(page, "el.tagName === 'A' && (el.protocol === 'webcal:' || el.pathname.endsWith('.ics'))")

    # Find tonight: the programme, then what is on now and next.
    page.goto(f"{site}/ru/sessions/gala-concert/")
    tab_to(page, f"el.tagName === 'A' && el.pathname === '/ru/programmes/{MAIN_PROGRAMME}/'")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/ru/programmes/{MAIN_PROGRAMME}/(\?.*)?$"))
    tab_to(page, "el.tagName === 'A' && el.pathname.endsWith('/now/')")
    with clock(DURING):
        page.keyboard.press("Enter")
        page.wait_for_url(f"**/ru/programmes/{MAIN_PROGRAMME}/now/")
    expect(page.locator("h1")).to_contain_text("Сейчас и далее")
    expect(page.locator("main")).to_contain_text("Сейчас")


def test_a_visited_page_is_readable_offline_and_says_when_it_was_saved(site, browser):
    gala = Session.objects.get(slug="gala-concert")
    context = browser.new_context(service_workers="allow")
    page = context.new_page()
    url = f"{site}/ru/sessions/gala-concert/"
    page.goto(url)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    # The first visit installed the worker; from this one on it keeps what it serves.
    page.reload()
    notice = page.locator(".offline-notice")
    expect(notice).to_be_hidden()

    context.set_offline(True)
    page.reload()

    expect(page.locator("h1")).to_contain_text(gala.title_ru)
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("Нет связи с интернетом. Эта копия страницы сохранена")
    assert notice.locator("time").get_attribute("datetime")
    # The kept copy is styled as it was: the stylesheet was kept too.
    assert page.evaluate("getComputedStyle(document.querySelector('.site-header')).borderBottomStyle") == "solid"
    context.close()


def test_at_1280_px_the_grid_shows_every_venue_and_on_a_phone_a_list_naming_each_place(site, page):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{site}/en/programmes/{MAIN_PROGRAMME}/grid/")
    heads = page.locator(".venue-grid").first.locator(".venue-grid__head:not(.venue-grid__corner)")

    boxes = [heads.nth(i).bounding_box() for i in range(heads.count())]

    assert len(boxes) == 9
    assert all(box["x"] >= 0 and box["x"] + box["width"] <= 1280 for box in boxes), boxes
    page.set_viewport_size({"width": 360, "height": 800})
    expect(heads.first).to_be_hidden()
    sessions = page.locator(".venue-grid").first.locator(".venue-grid__session")
    places = sessions.locator(".venue-grid__place")
    assert places.count() == sessions.count() > 0
    expect(places.first).to_be_visible()
