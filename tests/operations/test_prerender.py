"""The pre-rendered site: every public URL as a file, links intact, rendered again only where an edit reaches.

The fixtures' site (the visit and the conference: the Days of Almaty would
only make it slower) is rendered once for the module, inside a transaction
rolled back at its end; tests that change it work on a copy of the folder.
"""

import datetime
import os
import re
import shutil
import subprocess
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction

from events.models import Session
from events.prerender import HEADERS_FILE, MANIFEST, Renderer, is_app_only, prerender_site
from events.seeding import FIXTURES_DIR

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent.parent
FIXTURES = [FIXTURES_DIR / name for name in ("sources.json", "president-visit.json", "august-conference.json")]
# Frozen, so that home and now-and-next (which change by the minute) are the same in every run.
MOMENT = datetime.datetime(2026, 3, 1, 9, 0, tzinfo=datetime.UTC)
LANGUAGES = ["kk", "ru", "en"]
VISIT = "president-visit-creative-centre-2023"
# The site's own links, as they appear in href, src and srcset (absolute ones name SITE_URL).
LINK = re.compile(r"""(?:href|src)="((?:http://127\.0\.0\.1:8000)?/[^"]*)\"""")


@pytest.fixture(scope="module")
def frozen_time():
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.utils.timezone.now", lambda: MOMENT)
        yield


@pytest.fixture(scope="module")
def rendered(django_db_setup, django_db_blocker, tmp_path_factory, frozen_time):
    """The fixtures' site rendered into a folder: ``(folder, result)``."""
    folder = tmp_path_factory.mktemp("site")
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("loaddata", *FIXTURES, verbosity=0)
        result = prerender_site(folder=folder)
        yield folder, result
        transaction.set_rollback(True)


def a_session_of_the_visit() -> Session:
    return Session.objects.filter(day__programme__slug=VISIT, is_published=True).order_by("slug").first()


def files(folder: Path) -> set[str]:
    return {str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file()}


def links_of(page: Path) -> set[str]:
    """The site's own paths that ``page`` links to, without fragment, query or host."""
    found = set()
    for link in LINK.findall(page.read_text()):
        link = link.removeprefix("http://127.0.0.1:8000")
        if "?" in link or is_app_only(link):
            continue  # answered by the app (README.md, "Past one machine")
        found.add(link.split("#", 1)[0])
    return found


def file_of(path: str) -> str:
    relative = path.lstrip("/")
    return relative + "index.html" if not relative or relative.endswith("/") else relative


def test_every_public_page_and_export_is_a_file_in_every_language(rendered):
    folder, result = rendered
    names = files(folder)
    session = a_session_of_the_visit()

    assert result.failed == []
    for language in LANGUAGES:
        assert f"{language}/index.html" in names
        assert f"{language}/programmes/{VISIT}/index.html" in names
        assert f"{language}/programmes/{VISIT}/grid/index.html" in names
        assert f"{language}/programmes/{VISIT}/calendar.ics" in names
        assert f"{language}/programmes/{VISIT}/schedule.xml" in names
        assert f"{language}/programmes/{VISIT}/schedule.json" in names
        assert f"{language}/programmes/{VISIT}/changes.atom" in names
        assert f"{language}/sessions/{session.slug}/index.html" in names
        assert f"{language}/sessions/{session.slug}/calendar.ics" in names
        assert f"{language}/venues/index.html" in names
        assert f"{language}/people/index.html" in names
        assert f"{language}/exhibits/index.html" in names
        assert f"{language}/404.html" in names
        assert not any(name.startswith((f"{language}/search", f"{language}/my")) for name in names)
    assert {"index.html", "sitemap.xml", "static/css/site.css"} <= names
    russian = (folder / f"ru/programmes/{VISIT}/index.html").read_text()
    assert '<html lang="ru">' in russian
    assert session.title_ru in russian
    assert (folder / "en/404.html").read_text().count("Page not found") >= 1
    assert (folder / f"ru/programmes/{VISIT}/calendar.ics").read_text().startswith("BEGIN:VCALENDAR")


def test_every_link_of_every_page_leads_to_a_file(rendered):
    folder, _result = rendered
    names = files(folder)
    pages = [path for path in folder.rglob("*.html") if path.name != "404.html"]

    missing = {
        (str(page.relative_to(folder)), link) for page in pages for link in links_of(page) if file_of(link) not in names
    }

    assert len(pages) > 60
    assert missing == set()


def test_the_sitemap_lists_only_files_of_the_folder(rendered):
    folder, _result = rendered
    locations = re.findall(r"<loc>https?://[^/<]+(/[^<]*)</loc>", (folder / "sitemap.xml").read_text())

    assert len(locations) > 30
    assert {file_of(path) for path in locations} <= files(folder)


def test_after_an_edit_only_the_pages_it_reaches_are_rendered_again(rendered, tmp_path, frozen_time):
    folder = tmp_path / "site"
    shutil.copytree(rendered[0], folder)
    prerender_site(folder=folder, changed_only=True)  # what other tests' edits moved on (the cache stays)
    session = a_session_of_the_visit()
    session.title_en = "Meeting with the people of the region"
    session.save()

    result = prerender_site(folder=folder, changed_only=True)

    again = set(result.rendered)
    assert {f"/{language}/sessions/{session.slug}/" for language in LANGUAGES} <= again
    assert {f"/{language}/programmes/{VISIT}/" for language in LANGUAGES} <= again
    assert f"/en/programmes/{VISIT}/calendar.ics" in again
    # The conference, its sessions and the indexes show nothing of the visit's session.
    # (Their conference-app schedules say the newest change of the whole change log as their version.)
    assert not any("august" in path and "/schedule." not in path for path in again), "\n".join(sorted(again))
    assert not any(path.endswith(("/venues/", "/people/", "/exhibits/")) for path in again), "\n".join(sorted(again))
    conference = {path for path in rendered[1].rendered if "august" in path and "/schedule." not in path}
    other_session = Session.objects.exclude(day__programme__slug=VISIT).get()
    conference |= {f"/{language}/sessions/{other_session.slug}/" for language in LANGUAGES}
    assert len(conference) > 10
    assert conference <= set(result.unchanged)
    assert "Meeting with the people of the region" in (folder / f"en/sessions/{session.slug}/index.html").read_text()
    assert "Meeting with the people of the region" in (folder / f"en/programmes/{VISIT}/index.html").read_text()


def test_a_deleted_session_leaves_the_folder_and_its_links(rendered, tmp_path, frozen_time):
    folder = tmp_path / "site"
    shutil.copytree(rendered[0], folder)
    session = a_session_of_the_visit()
    session.delete()

    result = prerender_site(folder=folder, changed_only=True)

    names = files(folder)
    assert f"/en/sessions/{session.slug}/" in result.removed
    assert f"en/sessions/{session.slug}/index.html" not in names
    assert f"ru/sessions/{session.slug}/calendar.ics" not in names
    programme = folder / f"en/programmes/{VISIT}/index.html"
    assert not {link for link in links_of(programme) if file_of(link) not in names}


def test_an_unchanged_site_is_not_rendered_again(rendered, tmp_path, frozen_time):
    folder = tmp_path / "site"
    shutil.copytree(rendered[0], folder)
    prerender_site(folder=folder, changed_only=True)  # what other tests' edits moved on (the cache stays)

    result = prerender_site(folder=folder, changed_only=True)

    # Only what no key tracks: the sitemap and the three error pages, cheap and rewritten only if they differ.
    assert sorted(result.rendered) == ["/en/404/", "/kk/404/", "/ru/404/", "/sitemap.xml"]
    assert result.removed == []
    assert (folder / MANIFEST).exists()


def test_an_offline_copy_links_file_to_file(rendered):
    folder = rendered[0]
    page = f"ru/programmes/{VISIT}/index.html"

    html = Renderer(folder, changed_only=False, offline=True).relative_links((folder / page).read_text(), page)

    links = [link for link in re.findall(r'(?:href|src)="([^"]*)"', html) if not link.startswith("#")]
    relative = [link.split("#", 1)[0] for link in links if not re.match(r"^(/|[a-z]+:)", link)]
    absolute = [link for link in links if link.startswith("/")]
    assert "../../sessions/" in html
    assert len(relative) > 10
    assert all(((folder / page).parent / link).resolve().is_file() for link in relative), relative
    # What only the app answers stays as it was.
    assert all(re.match(r"^/((kk|ru|en)/(search|my)|language/(kk|ru|en))/", link) for link in absolute), absolute


def test_the_command_says_what_it_did(rendered, tmp_path, frozen_time):
    folder = tmp_path / "site"
    shutil.copytree(rendered[0], folder)
    out = StringIO()

    call_command("prerender_site", str(folder), "--changed", stdout=out)

    assert re.fullmatch(rf"\d+ rendered, \d+ unchanged, 0 files copied, 0 removed, in {folder}\n", out.getvalue())


# nginx in front: the README's configuration, for real ----------------------------------------


class _App(BaseHTTPRequestHandler):
    """Stands in for the app servers: says which path it was asked for."""

    def do_GET(self):
        body = f"app:{self.path}".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        """Print nothing: the test reads the answers, not a log of the requests."""


def readme_nginx_config() -> str:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Past one machine", 1)[1]
    return section.split("```nginx\n", 1)[1].split("```", 1)[0]


@pytest.fixture
def nginx(rendered, tmp_path):
    """nginx with the README's server block on a free port, serving the folder, the app on another port."""
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(binary).exists():
        pytest.skip("nginx is not installed (apt-get install nginx-light)")
    app = ThreadingHTTPServer(("127.0.0.1", 0), _App)
    threading.Thread(target=app.serve_forever, daemon=True).start()
    port = _free_port()
    folder = rendered[0]
    server = (
        readme_nginx_config()
        .replace("server 10.0.0.11:8000;", f"server 127.0.0.1:{app.server_port};")
        .replace("server 10.0.0.12:8000;", "")
        .replace("/srv/programme/site", str(folder))
        .replace("/srv/programme/media", str(tmp_path / "media"))
    )
    # TLS has its own tests at the load balancer; here the same server block listens on plain http.
    server = re.sub(r"listen 443 ssl;\n", f"listen 127.0.0.1:{port};\n", server)
    server = re.sub(r"\n\s*(http2 on|ssl_certificate|ssl_certificate_key)[^\n]*", "", server)
    conf = tmp_path / "nginx.conf"
    # As root the workers would otherwise run as nobody, who cannot read pytest's private folders.
    user = "user root;\n" if os.geteuid() == 0 else ""
    conf.write_text(
        f"{user}daemon off;\npid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\naccess_log off;\nclient_body_temp_path {tmp_path};\nproxy_temp_path {tmp_path};\n"
        f"{server}\n}}\n"
    )
    check = subprocess.run([binary, "-t", "-c", str(conf), "-p", str(tmp_path)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    process = subprocess.Popen([binary, "-c", str(conf), "-p", str(tmp_path)], stderr=subprocess.PIPE)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            break
        except OSError:
            time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=10)
    app.shutdown()


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str, **headers):
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_nginx_serves_the_folder_and_sends_the_rest_to_the_app(rendered, nginx):
    folder = rendered[0]
    session = a_session_of_the_visit()

    page = fetch(f"{nginx}/ru/programmes/{VISIT}/")
    calendar = fetch(f"{nginx}/ru/sessions/{session.slug}/calendar.ics")
    schedule = fetch(f"{nginx}/en/programmes/{VISIT}/schedule.xml")
    schedule_json = fetch(f"{nginx}/en/programmes/{VISIT}/schedule.json")
    feed = fetch(f"{nginx}/en/programmes/{VISIT}/changes.atom")
    stylesheet = fetch(f"{nginx}/static/css/site.css")

    assert page[0] == 200
    assert page[2] == (folder / f"ru/programmes/{VISIT}/index.html").read_bytes()
    assert page[1]["Content-Type"] == "text/html; charset=utf-8"
    assert "default-src 'self'" in page[1]["Content-Security-Policy"]
    assert page[1]["Cache-Control"] == "public, max-age=300"
    assert calendar[1]["Content-Type"] == "text/calendar; charset=utf-8"
    assert calendar[2].startswith(b"BEGIN:VCALENDAR")
    assert schedule[1]["Content-Type"] == "application/xml; charset=utf-8"
    assert schedule_json[1]["Content-Type"] == "application/json; charset=utf-8"
    assert feed[1]["Content-Type"] == "application/atom+xml; charset=utf-8"
    assert stylesheet[1]["Content-Type"].startswith("text/css")
    for path in [
        "/admin/",
        "/ru/search/?q=concert",
        "/en/my/?s=a",
        f"/en/programmes/{VISIT}/?s={session.slug}",
        f"/en/programmes/{VISIT}/grid/",
        f"/en/programmes/{VISIT}/now/",
        "/kk/",
        "/",
        "/en/sessions/no-such-session/",
    ]:
        assert fetch(f"{nginx}{path}")[2] == f"app:{path}".encode(), path
    assert fetch(f"{nginx}/{MANIFEST}")[0] == 404
    assert fetch(f"{nginx}/{HEADERS_FILE}")[0] == 404


def test_nginx_compresses_what_it_serves(rendered, nginx):
    status, headers, body = fetch(f"{nginx}/ru/programmes/{VISIT}/", **{"Accept-Encoding": "gzip"})

    assert status == 200
    assert headers["Content-Encoding"] == "gzip"


def test_a_door_screen_is_left_to_the_app(rendered):
    # It shows the clock and reloads itself: a saved copy would show a stale "now".
    folder, _result = rendered
    names = files(folder)

    assert is_app_only("/ru/venues/nauryzbay-innovation-creative-centre/now/")
    assert not [name for name in names if re.search(r"venues/[^/]+/now/", name)]
