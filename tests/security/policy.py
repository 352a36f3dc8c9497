"""What a page holds that its Content-Security-Policy would refuse, read from the HTML and the header."""

import base64
import hashlib
from html.parser import HTMLParser

# <script> types that are data blocks, which browsers never run and CSP does not check.
DATA_BLOCK_TYPES = {"application/ld+json", "application/json"}


def directives(response) -> dict[str, list[str]]:
    """The response's Content-Security-Policy as directive -> sources (empty without one)."""
    header = response.get("Content-Security-Policy", "")
    policy = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            policy[words[0]] = words[1:]
    return policy


def sha256(text: str) -> str:
    """The CSP source that allows an inline element whose text is ``text``."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


class _InlineCode(HTMLParser):
    """Collect style and event attributes, inline scripts and <style> elements with their text."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.attributes = []  # (tag, attribute) of each style="" and on...="" attribute
        self.javascript_urls = []
        self.scripts = []  # text of each <script> without src that is not a data block
        self.styles = []  # text of each <style>
        self._inside = None

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "style" or name.startswith("on"):
                self.attributes.append(f'<{tag} {name}="{value}">')
            if name in {"href", "src", "action", "formaction"} and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.javascript_urls.append(f'<{tag} {name}="{value}">')
        attrs = dict(attrs)
        if tag == "script" and "src" not in attrs and (attrs.get("type") or "").lower() not in DATA_BLOCK_TYPES:
            self._inside = ("script", [])
        elif tag == "style":
            self._inside = ("style", [])

    def handle_data(self, data):
        if self._inside:
            self._inside[1].append(data)

    def handle_entityref(self, name):
        self.handle_data(f"&{name};")

    def handle_charref(self, name):
        self.handle_data(f"&#{name};")

    def handle_endtag(self, tag):
        if self._inside and tag == self._inside[0]:
            kind, parts = self._inside
            (self.scripts if kind == "script" else self.styles).append("".join(parts))
            self._inside = None


def refused(response) -> list[str]:
    """What in ``response``'s HTML its Content-Security-Policy refuses, described; empty when nothing is.

    Style and event-handler attributes and ``javascript:`` URLs are refused
    outright (the policy has no ``'unsafe-inline'`` nor ``'unsafe-hashes'``);
    an inline <script> or <style> passes only when its hash is in the policy.
    """
    policy = directives(response)
    script_src = policy.get("script-src", policy.get("default-src", []))
    style_src = policy.get("style-src", policy.get("default-src", []))
    parser = _InlineCode()
    parser.feed(response.content.decode())
    problems = [f"attribute {attribute}" for attribute in parser.attributes]
    problems += [f"URL {url}" for url in parser.javascript_urls]
    problems += [f"<script> {text[:80]!r}" for text in parser.scripts if sha256(text) not in script_src]
    problems += [f"<style> {text[:80]!r}" for text in parser.styles if sha256(text) not in style_src]
    return problems


# Sources that let in inline code, eval, or code from anywhere (data: is harmless only for images).
UNSAFE_SOURCES = {"'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "http:", "https:", "data:", "blob:"}


def unsafe_sources(response) -> dict[str, list[str]]:
    """The directives that allow inline code, eval or any origin, with the sources that do."""
    found = {}
    for name, sources in directives(response).items():
        bad = [
            source
            for source in sources
            if (source in UNSAFE_SOURCES or source.startswith("http://")) and (name, source) != ("img-src", "data:")
        ]
        if bad:
            found[name] = bad
    return found
