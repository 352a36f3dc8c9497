"""Chromium reports no Content-Security-Policy or Permissions-Policy violation, in the grid's layout or the admin.

Every public page type in every language is checked for violations by the page
matrix of ``test_pages.py``, in the same visit as axe and the widths.

Each page is opened with a listener for ``securitypolicyviolation`` events and
the console, where Chromium also reports refused styles and scripts and
features a Permissions-Policy does not know. The admin's language tabs
(jQuery UI, served by the site) still switch between the kk, ru and en fields.
"""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import CONSOLE_WORDS, LISTEN_FOR_VIOLATIONS
from tests.quality.pages import MAIN_PROGRAMME, load_site_data

# The shared read-only site of tests/browser/conftest.py (``site``) serves the
# public pages; the admin test signs in, which writes, so it has a site of its own.
pytestmark = [pytest.mark.browser, pytest.mark.django_db]

PASSWORD = "a long organiser passphrase"


@pytest.fixture
def writable_site(transactional_db, live_server):
    """The live server's address, with the real programme data loaded (committed, so its thread sees it)."""
    load_site_data()
    return live_server.url


@pytest.fixture
def watched(page):
    """The page, and the violations and policy messages Chromium reports while it is used."""
    console = []
    page.add_init_script(LISTEN_FOR_VIOLATIONS)
    page.on(
        "console",
        lambda message: (
            console.append(f"{message.type}: {message.text}")
            if any(word in message.text for word in CONSOLE_WORDS)
            else None
        ),
    )

    def reported() -> list[str]:
        page.wait_for_load_state("networkidle")
        return page.evaluate("window.__violations") + console

    return page, reported


def test_the_grid_is_laid_out_by_its_allowed_stylesheet(site, watched):
    page, reported = watched

    page.goto(f"{site}/en/programmes/{MAIN_PROGRAMME}/grid/")

    # The first cell of the first grid sits in the corner, the first time below it.
    corner = page.locator(".venue-grid").first.locator("li").first
    assert corner.evaluate("cell => getComputedStyle(cell).gridRowStart") == "1"
    time = page.locator(".venue-grid__time").first
    assert time.evaluate("cell => [getComputedStyle(cell).gridRowStart, getComputedStyle(cell).gridColumnStart]") == [
        "2",
        "1",
    ]
    assert reported() == []


def test_the_listener_hears_an_inline_style_the_policy_refuses(site, watched):
    page, reported = watched
    url = f"{site}/en/policy-check/"
    page.route(
        url,
        lambda route: route.fulfill(
            body='<!DOCTYPE html><title>x</title><p style="color: red">x</p>',
            content_type="text/html",
            headers={"Content-Security-Policy": "default-src 'self'"},
        ),
    )

    page.goto(url)

    lines = reported()
    assert any(line.startswith("style-src-attr refused inline") for line in lines), lines
    assert any(line.startswith("error: ") and "Content Security Policy" in line for line in lines), lines


def test_admin_session_form_switches_language_tabs_without_violations(writable_site, watched, django_user_model):
    site = writable_site
    page, reported = watched
    django_user_model.objects.create_superuser("organiser", "organiser@example.kz", PASSWORD)
    page.set_extra_http_headers({"Accept-Language": "en"})

    page.goto(f"{site}/admin/login/")
    page.get_by_label("Username").fill("organiser")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(f"{site}/admin/")
    assert reported() == []
    page.goto(f"{site}/admin/events/session/?q=gala")
    assert reported() == []
    page.get_by_role("link", name="Gala concert").first.click()
    title_tabs = page.locator(".ui-tabs", has=page.locator("#id_title_kk"))
    expect(title_tabs).to_have_count(1)

    # modeltranslation labels each tab with its language code.
    for language in ("ru", "en", "kk"):
        title_tabs.get_by_role("tab", name=language, exact=True).click()
        expect(page.locator(f"#id_title_{language}")).to_be_visible()
        for other in {"kk", "ru", "en"} - {language}:
            expect(page.locator(f"#id_title_{other}")).to_be_hidden()
    assert reported() == []
