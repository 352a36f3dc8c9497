"""The pre-rendered site: every public URL of the published programmes, in every language, as files.

``prerender_site()`` (the ``prerender_site`` command) asks the site itself for
each page, export, feed and sitemap, the way a visitor's browser would, and
writes the answers into a folder a static server, a CDN or a phone can serve:
``/ru/programmes/x/`` becomes ``ru/programmes/x/index.html``, a calendar keeps
its name (``ru/programmes/x/calendar.ics``). It starts from the sitemap and
each language's home page and follows every link of every page it writes, so
every link in the folder leads to a file in it; the static files and photos the
pages use are copied beside them. Search and My programme answer a query
string and stay with the app, as does every URL with one (the star buttons'
forms); a front server sends those to it (README.md, "Past one machine").

A run with ``changed_only`` renders again only the pages whose dependency
keys (``events.page_cache``) moved on since the last run, as recorded in the
folder's manifest (``.prerender.json``); the pages nothing keys (the sitemap,
the error pages) are cheap and always rendered, but written only when their
bytes change. Files of pages that are gone (a session deleted) are removed.
"""

import hashlib
import json
import logging
import posixpath
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.translation import override

from sources.caching import is_per_minute, page_keys, versions

MANIFEST = ".prerender.json"
OFFLINE = ".offline"  # the manifest's note of the kind of links the folder has
# The headers the app sends with every page (its security policy, how long caches may keep
# it), as nginx add_header lines for the front server to send with the files: README.md.
HEADERS_FILE = ".nginx-headers.conf"
FRONT_HEADERS = [
    "Cache-Control",
    "Content-Security-Policy",
    "Permissions-Policy",
    "Cross-Origin-Opener-Policy",
    "Cross-Origin-Resource-Policy",
    "Referrer-Policy",
    "Strict-Transport-Security",
    "X-Content-Type-Options",
    "X-Frame-Options",
]
# Paths the app answers itself: what a query string changes, a venue's door screen (it
# shows the clock and reloads itself), the sign-in, the health check.
_LANGUAGES = "|".join(code for code, _name in settings.LANGUAGES)
APP_ONLY = [re.compile(rf"^/({_LANGUAGES})/(search|my)/"), re.compile(rf"^/({_LANGUAGES})/venues/[^/]+/now/")]


@dataclass
class Result:
    """What a run did: the paths rendered, those left as they were, the files removed, the files copied."""

    rendered: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    copied: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


class _Links(HTMLParser):
    """The ``href``, ``src`` and ``srcset`` values of an HTML page."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if not value:
                continue
            if name in ("href", "src"):
                self.links.append(value)
            elif name == "srcset":
                self.links += [candidate.split()[0] for candidate in value.split(",") if candidate.strip()]


LINK_ATTRIBUTE = re.compile(r'(\s(?:href|src|srcset)=")([^"]*)"')
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")
XML_LINK = re.compile(r"<(?:loc|link)>([^<]+)</|\shref=\"([^\"]+)\"")


def file_for(path: str) -> str:
    """The file a static server answers ``path`` from: ``/ru/x/`` is ``ru/x/index.html``."""
    relative = unquote(path).lstrip("/")
    if not relative or relative.endswith("/"):
        relative += "index.html"
    return relative


def is_app_only(path: str) -> bool:
    return path.startswith(f"/{settings.ADMIN_PATH}") or path == "/healthz" or any(p.match(path) for p in APP_ONLY)


class Renderer:
    """One run over the site into ``folder``."""

    def __init__(self, folder: Path, *, changed_only: bool, offline: bool = False):
        self.folder = folder
        self.offline = offline
        site = urlsplit(settings.SITE_URL)
        self.host = site.netloc or "localhost"
        self.own_origins = {f"{scheme}://{self.host}" for scheme in ("http", "https")}
        self.client = Client(HTTP_HOST=self.host, raise_request_exception=False)
        self.secure = site.scheme == "https"
        # The manifest maps each file to the path it answers, the fingerprint of what it
        # showed and its links. With a cache of this process only (no CACHE_URL) the
        # versions start again in every run, no fingerprint matches and all is rendered.
        self.old = self._read_manifest() if changed_only else {}
        if self.old.get(OFFLINE, False) != offline:
            self.old = {}  # the other kind of links throughout
        self.manifest: dict = {OFFLINE: offline}
        self.headers: list = []
        self.result = Result()

    def _read_manifest(self) -> dict:
        try:
            return json.loads((self.folder / MANIFEST).read_text())
        except (OSError, ValueError):
            return {}

    def internal(self, link: str, base: str) -> str | None:
        """The site path ``link`` (on the page at ``base``) leads to, or None if it leaves the pre-rendered site."""
        for origin in self.own_origins:
            if link.startswith(origin + "/"):
                link = link[len(origin) :]
        parts = urlsplit(link)
        if parts.scheme or parts.netloc or parts.query or not parts.path:
            return None
        path = parts.path if parts.path.startswith("/") else _join(base, parts.path)
        return None if is_app_only(path) else path

    # Pages ---------------------------------------------------------------------------------

    def fingerprint(self, path: str) -> str | None:
        """The versions of what the page at ``path`` shows, or None when nothing keys it (always rendered)."""
        language = path.split("/")[1]
        try:
            # The language prefix of i18n_patterns matches the active language only.
            with override(language):
                match = resolve(path)
        except Resolver404:
            return None
        keys = page_keys(match.view_name, match.kwargs)
        if keys is None:
            return None
        minute = timezone.now().strftime("%Y%m%d%H%M") if is_per_minute(match.view_name) else ""
        current = versions(keys)
        text = "\n".join([language, minute, *(f"{key}={current[key]}" for key in keys)])
        return hashlib.sha256(text.encode()).hexdigest()

    def page(self, path: str, *, status: int = 200, name: str | None = None) -> list[str]:
        """Write the page at ``path`` (or reuse last run's file); returns the links on it."""
        name = name or file_for(path)
        target = self.folder / name
        fingerprint = self.fingerprint(path) if status == 200 else None
        before = self.old.get(name)
        if fingerprint and before and before["fingerprint"] == fingerprint and target.exists():
            self.manifest[name] = before
            self.result.unchanged.append(path)
            return before["links"]
        response = self.client.get(path, secure=self.secure)
        if response.status_code != status:
            self.result.failed.append(f"{path} ({response.status_code})")
            return []
        content = response.content
        if path == f"/{settings.LANGUAGE_CODE}/" and status == 200:
            self.headers = [(header, response[header]) for header in FRONT_HEADERS if header in response]
        links = self.links_in(path, response["Content-Type"], content) if status == 200 else []
        if self.offline and response["Content-Type"].startswith("text/html"):
            content = self.relative_links(content.decode(), name).encode()
        _write(target, content)
        self.result.rendered.append(path)
        self.manifest[name] = {"path": path, "fingerprint": fingerprint, "links": links}
        return links

    def links_in(self, path: str, content_type: str, content: bytes) -> list[str]:
        text = content.decode("utf-8", errors="replace")
        if content_type.startswith("text/html"):
            parser = _Links()
            parser.feed(text)
            raw = parser.links
        elif "xml" in content_type:
            raw = [loc or href for loc, href in XML_LINK.findall(text)]
        else:
            return []
        links = {self.internal(link.strip(), path) for link in raw}
        return sorted(link for link in links if link)

    def relative_links(self, html: str, name: str) -> str:
        """``html`` (the file ``name``) with its links to the folder relative to it and naming files.

        A page opened from the folder itself (``file://``, no server) then
        finds the pages it links to: ``/ru/sessions/x/`` seen from
        ``ru/programmes/y/index.html`` is ``../../sessions/x/index.html``.
        Links the folder cannot answer (search, My programme) stay as they are.
        """
        directory = posixpath.dirname(name) or "."

        def relative(link: str) -> str:
            path = self.internal(link, "/" + name)
            if path is None:
                return link
            fragment = "#" + link.split("#", 1)[1] if "#" in link else ""
            return posixpath.relpath(file_for(path), directory) + fragment

        def attribute(match) -> str:
            value = match.group(2)
            if match.group(1).strip().startswith("srcset"):
                candidates = (candidate.split(None, 1) for candidate in value.split(",") if candidate.strip())
                value = ", ".join(" ".join([relative(parts[0]), *parts[1:]]) for parts in candidates)
            else:
                value = relative(value)
            return match.group(1) + value + '"'

        return LINK_ATTRIBUTE.sub(attribute, html)

    # Files ---------------------------------------------------------------------------------

    def asset(self, path: str) -> list[str]:
        """Copy a static file or photo the pages use; returns what a stylesheet refers to."""
        name = file_for(path)
        target = self.folder / name
        source = _static_source(path) or _media_source(path)
        if source is None:
            self.result.failed.append(f"{path} (no such file)")
            return []
        for suffix, read in source.items():
            content = read()
            copy = target.with_name(target.name + suffix)
            if not copy.exists() or copy.read_bytes() != content:
                _write(copy, content)
                self.result.copied.append(path + suffix)
            self.manifest[name + suffix] = {"path": path + suffix, "fingerprint": None, "links": []}
        content = (self.folder / name).read_bytes()
        if path.endswith(".css"):
            links = {self.internal(link, path) for link in CSS_URL.findall(content.decode("utf-8", "replace"))}
            return sorted(link for link in links if link)
        return []

    def run(self) -> Result:
        queue = ["/sitemap.xml", *(f"/{code}/" for code, _name in settings.LANGUAGES)]
        seen = set(queue)
        while queue:
            path = queue.pop(0)
            is_asset = path.startswith((settings.STATIC_URL, settings.MEDIA_URL))
            for link in self.asset(path) if is_asset else self.page(path):
                if link not in seen:
                    seen.add(link)
                    queue.append(link)
        request_log = logging.getLogger("django.request")
        level, request_log.level = request_log.level, logging.ERROR  # the 404s asked for on purpose
        try:
            for code, _name in settings.LANGUAGES:
                # For a static server to answer a wrong address in the visitor's language.
                self.page(f"/{code}/404/", status=404, name=f"{code}/404.html")
        finally:
            request_log.level = level
        # The folder opened as it is: the home page in the site's first language.
        self.page(f"/{settings.LANGUAGE_CODE}/", name="index.html")
        self._remove_gone()
        if self.headers:
            lines = [f'add_header {name} "{value.replace(chr(34), "")}" always;' for name, value in self.headers]
            _write(self.folder / HEADERS_FILE, ("\n".join(lines) + "\n").encode())
        _write(self.folder / MANIFEST, json.dumps(self.manifest, indent=1, sort_keys=True).encode())
        return self.result

    def _remove_gone(self) -> None:
        for name, entry in self._read_manifest().items():
            if name not in self.manifest and name != OFFLINE:
                (self.folder / name).unlink(missing_ok=True)
                self.result.removed.append(entry["path"])


def prerender_site(*, folder: Path, changed_only: bool = False, offline: bool = False) -> Result:
    """Render the published site into ``folder``; ``changed_only`` renders again only what changed.

    ``offline`` makes the pages' links relative, for a copy opened without a
    server; a static server or CDN serves the folder as it is either way.
    Called by the ``prerender_site`` command.
    """
    folder.mkdir(parents=True, exist_ok=True)
    return Renderer(folder, changed_only=changed_only, offline=offline).run()


def _join(base: str, relative: str) -> str:
    directory = base if base.endswith("/") else base.rsplit("/", 1)[0] + "/"
    parts = []
    for part in (directory + relative).split("/"):
        if part == "..":
            if parts:
                parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts)


def _write(target: Path, content: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(target.name + ".new")
    temporary.write_bytes(content)
    temporary.replace(target)  # a server reading the folder never sees half a file


def _static_source(path: str) -> dict | None:
    """Readers of a static file, by suffix: "" for the file, ".gz" and ".br" for collectstatic's compressed copies."""
    if not path.startswith(settings.STATIC_URL):
        return None
    name = unquote(path[len(settings.STATIC_URL) :])
    collected = Path(settings.STATIC_ROOT) / name
    if collected.is_file():
        copies = [suffix for suffix in ("", ".gz", ".br") if collected.with_name(collected.name + suffix).is_file()]
        return {suffix: collected.with_name(collected.name + suffix).read_bytes for suffix in copies}
    found = finders.find(name)
    return {"": Path(found).read_bytes} if found else None


def _media_source(path: str):
    if not path.startswith(settings.MEDIA_URL):
        return None
    name = unquote(path[len(settings.MEDIA_URL) :])
    if not default_storage.exists(name):
        return None

    def read():
        with default_storage.open(name, "rb") as handle:
            return handle.read()

    return {"": read}
