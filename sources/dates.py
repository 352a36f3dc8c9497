"""Dates and times in Kazakh, Russian and English, from the Unicode CLDR (Babel).

Every date and time a person reads on the site, in a calendar's description
or in the admin is written by these functions (templates reach them through
the ``babel_date``, ``babel_time`` and ``babel_datetime`` filters of
``sources.templatetags.babel_dates``). CLDR knows each language's order and
words: Kazakh «2025 ж. 9 қазан», Russian «9 октября 2025 г.», English
"9 October 2025"; times on a 24-hour clock, 18:00, in all three.

English is written as British English (``en_GB``), as English is read in
Kazakhstan: day before month, 24-hour clock. Machine-readable values
(``<time datetime>``, iCalendar, frab) stay ISO 8601 and do not come here.
"""

import datetime

from babel import Locale
from babel import dates as babel_dates
from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language


def start_of_day(day: datetime.date | None = None) -> datetime.datetime:
    """Local midnight at the start of ``day`` (today by default), in the site's time zone.

    Where whatever changes with the date (badges of recent changes, "today")
    is dated: the server's kept pages, ETags and calendars' Last-Modified.
    """
    day = timezone.localdate() if day is None else day
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=timezone.get_current_timezone())


# CLDR puts a narrow no-break space (U+202F) before «ж.» and «г.» and thin
# spaces around interval dashes; some phones' fonts draw U+202F as a box, and
# a resident copying a date into the search box gets a character no one types.
# Dates are written with plain spaces.
_PLAIN_SPACES = str.maketrans({"\u202f": " ", "\u2009": " ", "\u00a0": " "})

# Django's language code → the CLDR locale its dates are written in.
BABEL_LOCALES = {"kk": "kk", "ru": "ru", "en": "en_GB"}

# The named formats the filters take: a CLDR date format or skeleton.
DATE_FORMATS = {
    "long": "long",  # 2025 ж. 9 қазан · 9 октября 2025 г. · 9 October 2025
    "full": "full",  # with the weekday: 2025 ж. 9 қазан, бейсенбі · четверг, 9 октября 2025 г.
    "medium": "medium",  # 2025 ж. 09 қаз. · 9 окт. 2025 г. · 9 Oct 2025
    "short": "short",  # 09.10.25 · 09.10.2025 · 09/10/2025
    "weekday": "EEEE",  # бейсенбі · четверг · Thursday
}
DATE_SKELETONS = {
    "month": "yMMMM",  # a date known to the month: 2025 ж. қазан · октябрь 2025 г. · October 2025
    "day_month": "MMMMd",  # 9 қазан · 9 октября · 9 October
}


def babel_locale(language: str | None = None) -> str:
    """The CLDR locale for a Django language code (the active language by default)."""
    code = (language or get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return BABEL_LOCALES.get(code, BABEL_LOCALES[settings.LANGUAGE_CODE])


def _plain(text: str) -> str:
    return text.translate(_PLAIN_SPACES)


def _local(value):
    """A datetime in the site's time zone (aware ones are converted; naive ones are taken as local)."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def format_date(value: datetime.date, style: str = "long", *, language: str | None = None) -> str:
    """A date in one of the named styles: ``long``, ``full``, ``medium``, ``short``, ``weekday``, ``month``."""
    if value is None or value == "":
        return ""
    value = _local(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    locale = babel_locale(language)
    if style in DATE_SKELETONS:
        return _plain(babel_dates.format_skeleton(DATE_SKELETONS[style], value, locale=locale))
    return _plain(babel_dates.format_date(value, DATE_FORMATS[style], locale=locale))


def format_day(
    value: datetime.date,
    *,
    month_only: bool = False,
    year_assumed: bool = False,
    weekday: bool = False,
    language: str | None = None,
) -> str:
    """A programme day as far as it is known: the month and year only, the day and month while the
    year is not confirmed (no weekday then: it depends on the year), or the long date, with its
    weekday when ``weekday`` is set."""
    if month_only:
        style = "month"
    elif year_assumed:
        style = "day_month"
    else:
        style = "full" if weekday else "long"
    return format_date(value, style, language=language)


def format_time(value, *, language: str | None = None) -> str:
    """A time of day on the 24-hour clock: 18:00 (an aware datetime is shown in the site's time zone)."""
    if value is None or value == "":
        return ""
    value = _local(value)
    if isinstance(value, datetime.datetime):
        value = value.time()
    return _plain(babel_dates.format_time(value, "short", locale=babel_locale(language)))


def format_datetime(value: datetime.datetime, *, language: str | None = None) -> str:
    """A date and time, joined as CLDR joins them: «2025 ж. 9 қазан, 18:00», "9 October 2025, 18:00"."""
    if value is None or value == "":
        return ""
    value = _local(value)
    locale = babel_locale(language)
    pattern = babel_dates.get_datetime_format("long", locale=locale)
    return pattern.replace("{1}", format_date(value.date(), "long", language=language)).replace(
        "{0}", format_time(value.time(), language=language)
    )


def format_time_range(start, end=None, *, language: str | None = None) -> str:
    """A start and end time as CLDR writes an interval («18:00–20:00»), or the start alone."""
    if start is None:
        return ""
    if end is None:
        return format_time(start, language=language)
    start, end = _local(start), _local(end)
    if isinstance(start, datetime.datetime):
        start, end = start.time(), end.time()
    # CLDR's Russian interval has an em dash; Russian typography (and every page
    # here, in every language) joins two numbers of a range with the en dash.
    text = babel_dates.format_interval(start, end, "Hm", locale=babel_locale(language))
    return _plain(text).replace("\u2014", "\u2013")


def language_name(code: str, *, language: str | None = None) -> str:
    """A language's name as it is written inside a sentence: «орыс тілі», «русский», "Russian"."""
    if not code:
        return ""
    return Locale.parse(babel_locale(language)).languages.get(code, code)


# CLDR pattern fields → Django's date format characters (django.utils.dateformat).
# Django's "E" is the month as it stands in a date (Russian genitive «октября»),
# CLDR's "MMMM"; Django's "F" the month on its own («октябрь»), CLDR's "LLLL".
_DJANGO_FIELDS = {
    ("y", 1): "Y",
    ("y", 2): "y",
    ("y", 4): "Y",
    ("M", 1): "n",
    ("M", 2): "m",
    ("M", 3): "M",
    ("M", 4): "E",
    ("L", 1): "n",
    ("L", 2): "m",
    ("L", 3): "M",
    ("L", 4): "F",
    ("d", 1): "j",
    ("d", 2): "d",
    ("E", 1): "D",
    ("E", 2): "D",
    ("E", 3): "D",
    ("E", 4): "l",
    ("c", 4): "l",
    ("H", 1): "G",
    ("H", 2): "H",
    ("h", 1): "g",
    ("h", 2): "h",
    ("m", 1): "i",
    ("m", 2): "i",
    ("s", 1): "s",
    ("s", 2): "s",
    ("a", 1): "A",
}


def django_format(pattern: str) -> str:
    """Translate a CLDR date pattern («y 'ж'. d MMMM») into a Django date format ("Y \\ж. j E")."""
    out = []
    for kind, value in babel_dates.tokenize_pattern(_plain(pattern)):
        if kind == "field":
            out.append(_DJANGO_FIELDS[value])
        else:
            # Every literal letter is escaped: most Latin letters are format characters in Django.
            out.append("".join(f"\\{char}" if char.isalpha() else char for char in value))
    return "".join(out)


def django_formats(language: str) -> dict[str, str]:
    """Django's output formats for ``language``, from CLDR: what the admin and ``|date`` show.

    ``config/formats/<language>/formats.py`` takes these, so the admin's
    dates follow CLDR as the pages do (input formats stay in those modules).
    """
    locale = Locale.parse(babel_locale(language))

    def pattern(kind: str, style: str) -> str:
        return getattr(locale, f"{kind}_formats")[style].pattern

    def joined(style: str, date_style: str) -> str:
        glue = locale.datetime_formats[style]
        return glue.replace("{1}", pattern("date", date_style)).replace("{0}", "HH:mm")

    return {
        "DATE_FORMAT": django_format(pattern("date", "long")),
        "TIME_FORMAT": django_format("HH:mm"),
        "DATETIME_FORMAT": django_format(joined("long", "long")),
        "YEAR_MONTH_FORMAT": django_format(locale.datetime_skeletons[DATE_SKELETONS["month"]].pattern),
        "MONTH_DAY_FORMAT": django_format(locale.datetime_skeletons[DATE_SKELETONS["day_month"]].pattern),
        "SHORT_DATE_FORMAT": django_format(pattern("date", "short")),
        "SHORT_DATETIME_FORMAT": django_format(joined("short", "short")),
    }


def format_when(day: datetime.date, start=None, end=None, *, language: str | None = None) -> str:
    """A day with its weekday and the times, as a calendar's description says when a session is.

    «2025 ж. 9 қазан, бейсенбі, 18:00–20:00», "Thursday, 9 October 2025, 18:00–20:00";
    the day alone when no time is given.
    """
    text = format_date(day, "full", language=language)
    times = format_time_range(start, end, language=language)
    return f"{text}, {times}" if times else text
