"""The W3C Nu HTML validator reports no error on any page type, in kk, ru and en.

Every page is rendered once through the test client with the real fixtures
loaded, written to a folder, and the validator runs once over the folder
(about three seconds). Page types are the list in ``tests/quality/pages.py``
plus any other public HTML page found by trying every named route under the
language prefix: a new page type is checked without editing this file, and a
route that cannot be reached with the fixtures fails
``test_every_public_route_is_checked``.
"""

import json
import os
import shutil
import subprocess
import traceback
from pathlib import Path

import pytest
from django.db import transaction
from django.test import Client, RequestFactory
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import LocalePrefixPattern
from django.utils import translation
from django.views.defaults import server_error

from tests.quality.pages import AFTER, LANGUAGES, PAGE_NAMES, PAGES, clock, load_site_data

# The mark makes pytest-django create the test database, which the module's
# fixture fills once inside a transaction it rolls back.
pytestmark = pytest.mark.django_db

VNU_JAR = os.environ.get("VNU_JAR", "node_modules/vnu-jar/build/dist/vnu.jar")
CANARY = "canary-invalid.html"
CANARY_HTML = '<!DOCTYPE html><html lang="en"><head><title>Canary</title></head><body><p><div></p></body></html>'


def _validator_command() -> list[str]:
    """The validator's command line, or a skip (a failure under REQUIRE_VALIDATORS) if it cannot run."""
    java = shutil.which("java")
    missing = []
    if not java:
        missing.append("java is not on PATH")
    if not Path(VNU_JAR).is_file():
        missing.append(f"{VNU_JAR} does not exist (`npm install --no-save vnu-jar`, or set VNU_JAR)")
    if missing:
        reason = "W3C Nu validator unavailable: " + "; ".join(missing)
        if os.environ.get("REQUIRE_VALIDATORS"):
            pytest.fail(reason)
        pytest.skip(reason)
    # One run over about a hundred pages: the JVM's quick compiler alone does it in half the time
    # (it needs a deeper stack than the default to check the HTML schema).
    return [java, "-Xss8m", "-XX:TieredStopAtLevel=1", "-jar", VNU_JAR, "--errors-only", "--format", "json"]


def _public_route_names() -> list[str]:
    """Every named route under the language prefix, as ``namespace:name``."""

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield f"{namespace}{pattern.name}"

    names = []
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver) and isinstance(entry.pattern, LocalePrefixPattern):
            names += walk(entry.url_patterns, "")
    return sorted(set(names))


def _candidate_kwargs() -> list[dict]:
    """Arguments to try on a route not in PAGES: none, every object's slug, every day."""
    from events.models import Day, Programme, Session
    from gallery.models import Exhibit
    from people.models import Person
    from venues.models import Venue

    candidates = [{}]
    for model in (Programme, Session, Venue, Person, Exhibit):
        candidates += [{"slug": slug} for slug in model.objects.order_by("slug").values_list("slug", flat=True)]
    candidates += [
        {"slug": day.programme.slug, "date": day.date.isoformat()}
        for day in Day.objects.select_related("programme").order_by("date")
    ]
    return candidates


def _discover_other_pages(client, covered: set[str]) -> tuple[dict, dict, list[str]]:
    """Find one English example of each public route PAGES does not name.

    Returns the HTML pages found (route name -> kwargs), the routes that answer
    with something other than HTML (route name -> content type), and the routes
    no candidate reaches.
    """
    html, other, unreached = {}, {}, []
    candidates = _candidate_kwargs()
    for name in _public_route_names():
        if name in covered:
            continue
        for kwargs in candidates:
            try:
                with translation.override("en"):
                    path = reverse(name, kwargs=kwargs)
            except NoReverseMatch:
                continue
            with clock(AFTER):
                response = client.get(path)
            if response.status_code != 200:
                continue
            content_type = response.headers.get("Content-Type", "")
            if content_type.startswith("text/html"):
                html[name] = kwargs
            else:
                other[name] = content_type
            break
        else:
            unreached.append(name)
    return html, other, unreached


def _render(client, path: str, moment) -> tuple[int | None, str]:
    """The status and HTML of ``path``, or no status and the traceback if the view raised."""
    try:
        with clock(moment):
            response = client.get(path)
    except Exception:  # one broken page must not hide the others
        return None, traceback.format_exc()
    return response.status_code, response.content.decode()


@pytest.fixture(scope="module")
def validation(django_db_setup, django_db_blocker, tmp_path_factory):
    """Render every page in every language, run the validator once; roll the data back afterwards.

    Returns ``pages`` (file name -> path, expected and actual status, error
    text), ``messages`` (file name -> validator messages), ``routes`` (the
    discovery result) and the folder.
    """
    command = _validator_command()
    folder = tmp_path_factory.mktemp("html")
    pages = {}
    with django_db_blocker.unblock(), transaction.atomic():
        load_site_data()
        client = Client(raise_request_exception=True)
        for language in LANGUAGES:
            for page in PAGES:
                path = page.path(language)
                status, body = _render(client, path, page.clock)
                pages[f"{language}-{page.name}.html"] = {
                    "path": path,
                    "expected": page.status,
                    "status": status,
                    "body": body,
                }
        html_routes, other_routes, unreached = _discover_other_pages(client, {page.url_name for page in PAGES})
        for language in LANGUAGES:
            for name, kwargs in html_routes.items():
                with translation.override(language):
                    path = reverse(name, kwargs=kwargs)
                status, body = _render(client, path, AFTER)
                pages[f"{language}-{name.replace(':', '-')}.html"] = {
                    "path": path,
                    "expected": 200,
                    "status": status,
                    "body": body,
                }
        # The 500 page is rendered by Django's handler without a request context.
        for language in LANGUAGES:
            with translation.override(language):
                response = server_error(RequestFactory().get(f"/{language}/"))
            pages[f"{language}-server-error.html"] = {
                "path": f"/{language}/ (500)",
                "expected": 500,
                "status": response.status_code,
                "body": response.content.decode(),
            }
        transaction.set_rollback(True)

    for file_name, page in pages.items():
        if page["status"] is not None:
            (folder / file_name).write_text(page["body"], encoding="utf-8")
    # A page known to be invalid: proof that the validator read the folder and reports errors.
    (folder / CANARY).write_text(CANARY_HTML, encoding="utf-8")
    result = subprocess.run([*command, str(folder)], capture_output=True, text=True, timeout=300, check=False)
    # The JSON report goes to stderr; stdout stays empty.
    try:
        report = json.loads(result.stderr)
    except json.JSONDecodeError:
        pytest.fail(f"The validator did not report in JSON (exit {result.returncode}):\n{result.stderr}{result.stdout}")
    messages = {}
    for message in report["messages"]:
        file_name = message.get("url", "").rsplit("/", 1)[-1]
        messages.setdefault(file_name, []).append(message)
    return {
        "pages": pages,
        "messages": messages,
        "routes": {"html": html_routes, "other": other_routes, "unreached": unreached},
        "folder": folder,
    }


def _describe(file_name: str, page: dict, messages: list[dict]) -> str:
    lines = [f"{file_name} ({page['path']}): {len(messages)} validator error(s)"]
    for message in messages:
        lines.append(
            f"  line {message.get('lastLine', '?')}, column {message.get('firstColumn', '?')}: "
            f"{message.get('message', '').strip()}\n    {message.get('extract', '').strip()!r}"
        )
    return "\n".join(lines)


def _check(validation, file_name: str) -> None:
    page = validation["pages"][file_name]
    assert page["status"] is not None, f"{page['path']} raised:\n{page['body']}"
    assert page["status"] == page["expected"], f"{page['path']} answered {page['status']}, not {page['expected']}"
    messages = validation["messages"].get(file_name, [])
    assert messages == [], _describe(file_name, page, messages)


@pytest.mark.parametrize("page_name", PAGE_NAMES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_page_is_valid_html(validation, language, page_name):
    _check(validation, f"{language}-{page_name}.html")


@pytest.mark.parametrize("language", LANGUAGES)
def test_server_error_page_is_valid_html(validation, language):
    _check(validation, f"{language}-server-error.html")


@pytest.mark.parametrize("language", LANGUAGES)
def test_other_public_pages_are_valid_html(validation, language):
    failures = []
    for name in validation["routes"]["html"]:
        file_name = f"{language}-{name.replace(':', '-')}.html"
        try:
            _check(validation, file_name)
        except AssertionError as error:
            failures.append(str(error))

    assert failures == [], "\n".join(failures)


def test_every_public_route_is_checked(validation):
    unreached = validation["routes"]["unreached"]

    assert unreached == [], (
        f"No example of {unreached} could be reached with the fixtures: add one to PAGES in tests/quality/pages.py"
    )


def test_validator_reports_errors_in_a_known_invalid_page(validation):
    # A validator that silently read nothing would pass every page.
    messages = validation["messages"].get(CANARY, [])

    assert [message["type"] for message in messages][:1] == ["error"]
