"""My programme stays: stars kept in the browser across pages, and the header's link and count."""

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
