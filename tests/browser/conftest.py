import threading

import pytest
from axe_playwright_python.base import AXE_FILE_PATH
from django.core.management import call_command
from django.db import connection
from pytest_django.live_server_helper import LiveServer

from tests.quality.pages import load_site_data

# Run in every document before its own scripts; Playwright's injected script is not subject to the page's policy.
LISTEN_FOR_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile}:${event.lineNumber}`;
  window.__violations.push(`${event.effectiveDirective} refused ${event.blockedURI} at ${where}`);
});
"""
CONSOLE_WORDS = ("Content Security Policy", "Permissions-Policy", "Unrecognized feature", "Cross-Origin", "Refused")

# pytest-playwright's default window, at which axe and the skip link are checked.
DESKTOP = {"width": 1280, "height": 720}


@pytest.fixture(scope="session")
def base_url(pytestconfig):
    """The --base-url option, as pytest-playwright's own fixture reads it.

    pytest-playwright 0.10 defines ``base_url`` on a plugin object when
    pytest-base-url is not installed, which pytest 9 reports as a deprecated
    instance-method fixture; with warnings as errors every browser test would
    fail to set up. The tests open the live server's own address.
    """
    return pytestconfig.getoption("--base-url") or pytestconfig.getini("base_url") or None


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Run the tests on the shared site data after every other test.

    The data is committed once (see ``site_server``) and deleted at the end of
    the session, so no other test may run while it is there: a test in a
    rolled-back transaction would find it, one on ``transactional_db`` would
    flush it. pytest-django has already put database tests first; this keeps
    that order and moves the readers of the shared data to the end.
    """

    def order(item) -> int:
        names = set(getattr(item, "fixturenames", ()))
        if "site_server" in names:
            return 2
        # A test on a flushed database (live_server) also removes the groups the
        # migrations made: it runs after every test that may rely on them.
        marker = item.get_closest_marker("django_db")
        flushing = {"transactional_db", "live_server"} & names or (marker and marker.kwargs.get("transaction"))
        return 1 if flushing else 0

    items.sort(key=order)


def _read_only(on: bool) -> None:
    # On SQLite the test database is in memory and the live server shares the
    # tests' connection, so one pragma covers both threads.
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA query_only = {'ON' if on else 'OFF'}")
        # The site takes SQLite's write lock when a transaction starts
        # (transaction_mode IMMEDIATE), which a read-only database refuses;
        # the readers' rolled-back transactions start as plain BEGIN instead.
        if on:
            connection._site_transaction_mode = connection.transaction_mode
            connection.transaction_mode = None
        else:
            connection.transaction_mode = getattr(connection, "_site_transaction_mode", connection.transaction_mode)


@pytest.fixture(scope="session")
def site_server(playwright, django_db_setup, django_db_blocker):
    """A live server over the real programme data, loaded and committed once for the whole session.

    The tests that use it only read. It is not pytest-django's ``live_server``:
    a test that requests that one gets ``transactional_db``, which flushes the
    database after every test, and the data would have to be loaded again each
    time (a second or two per test, a third of the browser tests' time). A
    browser test that changes data uses ``live_server`` and ``transactional_db``
    as usual, without ``site``.

    On SQLite the database is read-only while the server runs, so a test or a
    page that writes fails instead of changing what later tests see.

    Playwright starts first: while its event loop runs in this thread, Django
    gives the thread a database connection of its own (asgiref's Local), and
    the data, the server, the tests and the clean-up must share that one.
    """
    with django_db_blocker.unblock():
        load_site_data()
        _read_only(True)
        server = LiveServer("localhost")
    yield server
    # A request the browser started last may still be answered in its own
    # thread; it closes its connections when done, which must happen before
    # the server stops sharing the test database's connection with it.
    for thread in threading.enumerate():
        if "process_request_thread" in thread.name:
            thread.join(timeout=10)
    server.stop()
    with django_db_blocker.unblock():
        _read_only(False)
        call_command("flush", interactive=False, verbosity=0)
        # pytest-django closes the thread's other connection before it drops the
        # test database; on PostgreSQL this one would keep the drop from working.
        connection.close()


@pytest.fixture
def site(site_server, settings):
    """The address of the live server over the real programme data.

    The test module carries ``pytest.mark.django_db``: pytest-django creates
    the test database only for tests that ask for one (without it, a run of the
    browser tests alone would load the data into db.sqlite3), and each test
    then runs in a transaction that is rolled back, which costs nothing here.
    """
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, site_server.thread.host]
    return site_server.url


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """Contexts without the site's service worker, unless a test opens its own.

    The worker answers pages with its own fetch, which ``page.route`` does not
    see (the server error page of the matrix is a route), and it would keep a
    copy of every page a test opens. ``test_resident_tasks.py`` tries it.
    """
    return {**browser_context_args, "service_workers": "block"}


@pytest.fixture(scope="module")
def _one_page(browser, browser_context_args):
    context = browser.new_context(**browser_context_args, viewport=DESKTOP)
    # axe-core (half a megabyte) is put in every page by the browser itself
    # rather than sent over Playwright's pipe before each run.
    context.add_init_script(path=AXE_FILE_PATH)
    context.add_init_script(LISTEN_FOR_VIOLATIONS)
    page = context.new_page()
    page.policy_messages = []
    page.on(
        "console",
        lambda message: (
            page.policy_messages.append(f"{message.type}: {message.text}")
            if any(word in message.text for word in CONSOLE_WORDS)
            else None
        ),
    )
    # Pages may be kept for five minutes (Cache-Control): without this the tab
    # would show a page seen at one clock again, from its cache, at the next.
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    yield page
    context.close()


@pytest.fixture
def shared_page(_one_page):
    """One browser tab for the whole module, back at the desktop size, with axe-core in every page it opens.

    A new context per test costs more than the check itself in the page
    matrix. The site sets no cookies on its pages and stores nothing in the
    browser until a star is pressed (no test on this tab presses one), so a
    tab that has shown one page shows the next as a new one would.
    """
    _one_page.set_viewport_size(DESKTOP)
    _one_page.policy_messages.clear()
    yield _one_page
    _one_page.unroute_all()
