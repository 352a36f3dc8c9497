"""The admin's lists and forms fit a 1,280 px screen: nothing scrolls sideways, no column is cut off.

The project's own admin pages (the index with the language switcher, the
translation status and a record side by side) also pass axe.

Signed in as a superuser (every column and action shown), in each language
(Kazakh labels run longest), over the real programme data: the session list,
a day's page with its sessions inline, and a session's page.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from events.models import Day, Session
from tests.quality.pages import load_site_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

PASSWORD = "a long organiser passphrase"
WIDTH = 1280
# How far the page, or any box on it that scrolls sideways (the change list's
# table sits in one), reaches past its own width: 0 when everything is in view.
OVERFLOW = """() => {
  const page = document.documentElement.scrollWidth - window.innerWidth;
  const boxes = [...document.querySelectorAll("*")].filter((element) => {
    const style = getComputedStyle(element).overflowX;
    return (style === "auto" || style === "scroll") && element.scrollWidth > element.clientWidth + 1;
  });
  return Math.max(page, ...boxes.map((element) => element.scrollWidth - element.clientWidth), 0);
}"""


@pytest.fixture
def signed_in(transactional_db, live_server, page, django_user_model):
    """The live server's address over the real data, and the page signed in as a superuser.

    Signed in through a session made on the server's side: a sign-in form
    posted by each test would meet the sign-in rate limit, which the policy
    test's sign-in must not.
    """
    load_site_data()
    client = Client()
    client.force_login(django_user_model.objects.create_superuser("organiser", "organiser@example.kz", PASSWORD))
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page.set_viewport_size({"width": WIDTH, "height": 800})
    page.goto(f"{live_server.url}{reverse('admin:index')}")
    expect(page.locator("#user-tools")).to_contain_text("organiser")
    return live_server.url, page


def admin_pages() -> dict[str, str]:
    busiest_day = max(Day.objects.all(), key=lambda day: day.sessions.count())
    session = Session.objects.filter(space__isnull=False).order_by("pk").first()
    return {
        "session list": reverse("admin:events_session_changelist"),
        "day page": reverse("admin:events_day_change", args=[busiest_day.pk]),
        "session page": reverse("admin:events_session_change", args=[session.pk]),
    }


def test_admin_pages_fit_1280_px_in_every_language(signed_in, tmp_path):
    site, page = signed_in
    too_wide = {}

    for language in ("kk", "ru", "en"):
        page.locator(f'.admin-language button[value="{language}"]').click()
        expect(page.locator("html")).to_have_attribute("lang", language)
        for name, url in admin_pages().items():
            page.goto(f"{site}{url}")
            expect(page).to_have_url(f"{site}{url}")
            overflow = page.evaluate(OVERFLOW)
            if overflow > 0:
                too_wide[f"{name} ({language})"] = overflow
                page.screenshot(path=tmp_path / f"{name}-{language}.png", full_page=True)
            if name == "session list":
                expect(page.locator("#result_list tbody tr")).to_have_count(Session.objects.count())
                for column in ("status", "is_published"):
                    box = page.locator(f"#result_list th.column-{column}").bounding_box()
                    if box["x"] + box["width"] > WIDTH:
                        too_wide[f"{name} ({language}), column {column}"] = box["x"] + box["width"] - WIDTH

    assert too_wide == {}, f"px beyond a {WIDTH} px screen: {too_wide}; screenshots in {tmp_path}"

    # The project's own admin pages (the switcher, the translator's pages) pass axe, in Kazakh.
    page.locator('.admin-language button[value="kk"]').click()
    session = Session.objects.order_by("pk").first()
    for url in (
        reverse("admin:index"),
        reverse("admin_translation_status"),
        reverse("admin_translation_record", args=["events", "session", session.pk]),
    ):
        page.goto(f"{site}{url}")
        results = Axe().run(page)
        assert results.violations_count == 0, f"{url}: {results.generate_report()}"
