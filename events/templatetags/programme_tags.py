"""Template tags shared by every public page: translated fields with a visible
fallback, the language switcher, hreflang alternates and the main navigation.

None of these run queries: they read fields already loaded on the object and
the URL configuration.
"""

from urllib.parse import quote

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import normalize_newlines
from django.utils.translation import get_language, get_language_info, gettext
from django.utils.translation import gettext_lazy as _

from sources.languages import field_in_language
from sources.text import strip_control_characters

register = template.Library()

# The site's sections, in the order of the main navigation. A section whose
# URL is not configured (yet) is left out instead of breaking every page.
NAV_SECTIONS = [
    ("events:home", _("Programme")),
    ("venues:index", _("Venues")),
    ("people:index", _("People")),
    ("gallery:index", _("Exhibits")),
    ("events:search", _("Search")),
]

# Django names Kazakh "Қазақ" in itself; the language's own name for itself,
# as a switcher shows it, is "Қазақша" (as "Русский" for Russian).
NAMES_IN_THEMSELVES = {"kk": "Қазақша"}


def _paragraphs(text: str) -> str:
    """Escape ``text`` and split it into <p> elements at blank lines; single newlines become <br>."""
    blocks = [block.strip() for block in normalize_newlines(text).split("\n\n") if block.strip()]
    return "".join(
        format_html("<p>{}</p>", mark_safe("<br>".join(conditional_escape(line) for line in block.split("\n"))))
        for block in blocks
    )


@register.simple_tag
def trans_field(obj, field: str, paragraphs: bool = False):
    """Render ``obj.<field>`` in the active language, marking a fallback.

    ``{% trans_field session "title" %}`` writes the escaped text. When the
    active language's column is empty and another language stands in, the
    text sits in an element with that language's ``lang`` attribute, followed
    by a small "not translated yet" note in the visitor's language.
    ``paragraphs=True`` renders a multi-paragraph text as <p> elements (in a
    <div lang> when it falls back).
    """
    if obj is None:
        return ""
    active = get_language() or settings.LANGUAGE_CODE
    text, language = field_in_language(obj, field, active)
    # Text stored before the text policy may hold control characters HTML forbids.
    text = strip_control_characters(text)
    if not text:
        return ""
    if paragraphs:
        body = mark_safe(_paragraphs(text))
        if language == active:
            return body
        return format_html(
            '<div lang="{}">{}</div><p class="untranslated">{}</p>',
            language,
            body,
            gettext("Not translated yet."),
        )
    if language == active:
        return conditional_escape(text)
    return format_html(
        '<span lang="{}">{}</span> <small class="untranslated">({})</small>',
        language,
        text,
        gettext("not translated yet"),
    )


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict]:
    """The current page in each site language, for the switcher and hreflang links.

    Each item has ``code``, ``name`` (the language in itself: Қазақша,
    Русский, English), ``url`` (the switch that remembers the choice, then
    goes to ``page_url``, the page's path and query in that language),
    ``absolute_url`` (of the page, without the query) and ``current``. A path that does not resolve (a 404 page) swaps
    the language prefix instead.
    """
    request = context.get("request")
    active = get_language() or settings.LANGUAGE_CODE
    path = request.get_full_path() if request else "/"
    links = []
    for code, _name in settings.LANGUAGES:
        url = translate_url(path, code)
        if url == path and code != active:
            url = _swap_prefix(path, active, code)
        bare = url.split("?", 1)[0]
        links.append(
            {
                "code": code,
                "name": NAMES_IN_THEMSELVES.get(code) or get_language_info(code)["name_local"],
                # Through the switch that remembers the choice (config.views.choose_language).
                "url": f"{reverse('choose_language', args=[code])}?next={quote(url, safe='/')}",
                "page_url": url,
                "absolute_url": request.build_absolute_uri(bare) if request else bare,
                "current": code == active,
            }
        )
    return links


def _swap_prefix(path: str, old: str, new: str) -> str:
    prefix = f"/{old}/"
    if path.startswith(prefix):
        return f"/{new}/{path[len(prefix) :]}"
    return f"/{new}/"


@register.simple_tag(takes_context=True)
def nav_links(context) -> list[dict]:
    """The main navigation: ``label``, ``url`` and ``current`` for each configured section."""
    request = context.get("request")
    path = request.path if request else ""
    links = []
    for name, label in NAV_SECTIONS:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        links.append({"label": label, "url": url, "current": path == url})
    return links


@register.filter
def utc_offset(moment) -> str:
    """``UTC+5`` for an aware datetime in Almaty time (``UTC+6`` before March 2024)."""
    if moment is None:
        return ""
    offset = timezone.localtime(moment).utcoffset()
    if offset is None:
        return ""
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "−"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


@register.filter
def day_date(day) -> str:
    """A day's date as far as it is known, in the active language's formats.

    "October 2017" for a day known only to the month, "9 October" when the year
    is assumed (``Day.year_assumed``), else the full date.
    """
    if day is None:
        return ""
    if day.month_only:
        return date_format(day.date, "YEAR_MONTH_FORMAT")
    if day.year_assumed:
        return date_format(day.date, "MONTH_DAY_FORMAT")
    return date_format(day.date, "DATE_FORMAT")


@register.filter
def day_datetime(day) -> str:
    """The ``<time datetime>`` of a day: "2017-08", "10-09" (HTML's yearless date) or "2025-10-09"."""
    if day is None:
        return ""
    if day.month_only:
        return day.date.strftime("%Y-%m")
    if day.year_assumed:
        return day.date.strftime("%m-%d")
    return day.date.isoformat()
