"""What stays with a resident: stars kept in the browser across pages, a shared list added on request, the language."""

import pytest
from playwright.sync_api import expect

from events.models import Session
from tests.quality.pages import AFTER, MAIN_PROGRAMME, clock

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

STARRED = ["gala-concert", "photo-exhibition-museum-of-the-history-of-almaty"]


def test_starred_sessions_stay_starred_after_browsing_other_pages(site, page):
    nav = page.get_by_role("navigation", name="Main")
    header_link = nav.locator("a[data-my-programme]")
    stars = [page.locator(f'form[data-star="{slug}"] button') for slug in STARRED]
    titles = [Session.objects.get(slug=slug).title_en for slug in STARRED]

    with clock(AFTER):
        page.goto(f"{site}/en/programmes/{MAIN_PROGRAMME}/")
        for star in stars:
            star.click()
            expect(star).to_have_class("star star--on")
        # Starred in place: the address still carries no list.
        assert "?s=" not in page.url
        nav.get_by_role("link", name="Venues", exact=True).click()
        expect(page).to_have_url(f"{site}/en/venues/")
        expect(header_link).to_have_text("My programme (2)")
        nav.get_by_role("link", name="Programme", exact=True).click()
        page.locator("main").locator(f'a[href="/en/programmes/{MAIN_PROGRAMME}/"]').first.click()
        expect(page).to_have_url(f"{site}/en/programmes/{MAIN_PROGRAMME}/")

        for star in stars:
            expect(star).to_have_class("star star--on")
            expect(star).to_contain_text("Remove from my programme")
        expect(header_link).to_have_text("My programme (2)")
        header_link.click()

    expect(page).to_have_url(f"{site}/en/my/?s={','.join(STARRED)}")
    for title in titles:
        expect(page.locator("main .my-sessions")).to_contain_text(title)


def test_a_shared_link_offers_to_add_its_sessions_to_the_browsers_list(site, page):
    nav = page.get_by_role("navigation", name="Main")
    offer = page.locator("[data-keep-selection]")

    page.goto(f"{site}/en/my/?s=gala-concert")
    expect(offer).to_be_visible()
    expect(nav.locator("a[data-my-programme]")).to_have_text("My programme")
    offer.get_by_role("button").click()

    expect(page).to_have_url(f"{site}/en/my/?s=gala-concert")
    expect(offer).to_be_hidden()
    expect(nav.locator("a[data-my-programme]")).to_have_text("My programme (1)")


def test_the_language_chosen_in_the_switcher_opens_the_site_next_time(site, page):
    page.goto(f"{site}/en/venues/")

    page.locator(".language-switcher").get_by_role("link", name="Русский", exact=True).click()
    expect(page).to_have_url(f"{site}/ru/venues/")
    page.goto(f"{site}/")

    expect(page).to_have_url(f"{site}/ru/")
    expect(page.locator("html")).to_have_attribute("lang", "ru")
