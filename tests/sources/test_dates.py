"""Dates and times from CLDR (sources.dates): each language's order and words, a 24-hour clock."""

import datetime
import re
import zoneinfo
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.formats import date_format

from sources import dates

DAY = datetime.date(2025, 10, 9)
EVENING = datetime.datetime(2025, 10, 9, 18, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Almaty"))


@pytest.mark.parametrize(
    ("language", "long", "full", "month", "weekday"),
    [
        ("kk", "2025 ж. 9 қазан", "2025 ж. 9 қазан, бейсенбі", "2025 ж. қазан", "бейсенбі"),
        ("ru", "9 октября 2025 г.", "четверг, 9 октября 2025 г.", "октябрь 2025 г.", "четверг"),
        ("en", "9 October 2025", "Thursday, 9 October 2025", "October 2025", "Thursday"),
    ],
)
def test_dates_in_each_language(language, long, full, month, weekday):
    shown = [dates.format_date(DAY, style, language=language) for style in ("long", "full", "month", "weekday")]

    assert shown == [long, full, month, weekday]


@pytest.mark.parametrize(
    ("language", "assumed", "weekday"),
    [
        ("kk", "9 қазан", "2025 ж. 9 қазан, бейсенбі"),
        ("ru", "9 октября", "четверг, 9 октября 2025 г."),
        ("en", "9 October", "Thursday, 9 October 2025"),
    ],
)
def test_a_day_is_written_as_far_as_it_is_known(language, assumed, weekday):
    # No weekday while the year is only assumed: the weekday depends on the year.
    assert dates.format_day(DAY, year_assumed=True, weekday=True, language=language) == assumed
    assert dates.format_day(DAY, weekday=True, language=language) == weekday


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_times_are_on_the_24_hour_clock(language):
    assert dates.format_time(datetime.time(18, 0), language=language) == "18:00"
    assert dates.format_time(datetime.time(9, 5), language=language) == "09:05"


def test_an_aware_moment_is_shown_in_the_site_time_zone():
    utc = EVENING.astimezone(datetime.UTC)  # 13:00 UTC

    assert dates.format_time(utc, language="en") == "18:00"
    assert dates.format_datetime(utc, language="kk") == "2025 ж. 9 қазан, 18:00"
    assert dates.format_datetime(utc, language="ru") == "9 октября 2025 г., 18:00"
    assert dates.format_datetime(utc, language="en") == "9 October 2025, 18:00"


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_time_ranges_join_with_the_en_dash(language):
    assert dates.format_time_range(datetime.time(18), datetime.time(20), language=language) == "18:00–20:00"
    assert dates.format_time_range(datetime.time(18), None, language=language) == "18:00"
    assert dates.format_time_range(None, None, language=language) == ""


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("kk", "2025 ж. 9 қазан, бейсенбі, 18:00–20:00"),
        ("ru", "четверг, 9 октября 2025 г., 18:00–20:00"),
        ("en", "Thursday, 9 October 2025, 18:00–20:00"),
    ],
)
def test_when_says_the_weekday_day_and_times(language, expected):
    end = EVENING + datetime.timedelta(hours=2)

    assert dates.format_when(DAY, EVENING, end, language=language) == expected
    assert dates.format_when(DAY, language=language) == expected.rsplit(", ", 1)[0]


@pytest.mark.parametrize(("language", "expected"), [("kk", "орыс тілі"), ("ru", "русский"), ("en", "Russian")])
def test_language_names_are_written_as_inside_a_sentence(language, expected):
    assert dates.language_name("ru", language=language) == expected


def test_dates_have_plain_spaces_a_resident_can_type():
    text = dates.format_date(DAY, "long", language="kk")

    assert "\u202f" not in text
    assert text == "2025 ж. 9 қазан"


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("y 'ж'. d MMMM", "Y \\ж. j E"),
        ("d MMMM y 'г'.", "j E Y \\г."),
        ("LLLL y", "F Y"),
        ("dd.MM.yy, HH:mm", "d.m.y, H:i"),
    ],
)
def test_cldr_patterns_become_django_formats(pattern, expected):
    assert dates.django_format(pattern) == expected


@pytest.mark.parametrize(
    ("language", "date", "moment"),
    [
        ("kk", "2025 ж. 9 қазан", "2025 ж. 9 қазан, 18:00"),
        ("ru", "9 октября 2025 г.", "9 октября 2025 г., 18:00"),
        ("en", "9 October 2025", "9 October 2025, 18:00"),
    ],
)
def test_djangos_formats_follow_cldr_for_the_admin(language, date, moment):
    with translation.override(language):
        shown = (date_format(DAY, "DATE_FORMAT"), date_format(EVENING, "DATETIME_FORMAT"))

    assert shown == (date, moment)


@pytest.mark.parametrize(
    ("language", "expected"),
    [("kk", "2025 ж. 9 қазан · 18:00 · орыс тілі"), ("en", "9 October 2025 · 18:00 · Russian")],
)
def test_template_filters_need_no_load(language, expected):
    template = Template('{{ day|babel_date:"long" }} · {{ moment|babel_time }} · {{ code|babel_language }}')

    with translation.override(language):
        shown = template.render(Context({"day": DAY, "moment": EVENING.astimezone(datetime.UTC), "code": "ru"}))

    assert shown == expected


ROOT = Path(__file__).resolve().parents[2]
# What templates may still write with Django's date filter: the machine-readable
# values of <time datetime> (ISO 8601, and HTML's yearless "m-d"), never words.
MACHINE_PATTERNS = {'"Y-m-d"', '"Y-m"', '"m-d"', '"Y-m-d\\TH:i:sO"', '"c"', '"U"'}
DJANGO_DATE_FILTER = re.compile(r"\|(date|time)\b(?::(\"[^\"]*\"|'[^']*'))?")


def test_templates_write_dates_for_people_only_through_babel():
    found = []
    for path in sorted((ROOT / "templates").rglob("*")):
        if path.suffix not in {".html", ".txt", ".xml", ".ics"}:
            continue
        for match in DJANGO_DATE_FILTER.finditer(path.read_text(encoding="utf-8")):
            if match.group(2) not in MACHINE_PATTERNS:
                found.append(f"{path.relative_to(ROOT)}: {match.group(0)}")

    # Use babel_date:"long", babel_time, babel_datetime (sources.templatetags.babel_dates).
    assert found == []


def test_python_writes_dates_for_people_only_through_babel():
    found = []
    for app in ("config", "events", "gallery", "people", "sources", "venues"):
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts or path.is_relative_to(ROOT / "config" / "formats"):
                continue
            text = path.read_text(encoding="utf-8")
            found += [f"{path.relative_to(ROOT)}: {m}" for m in re.findall(r"\b(?:date_format|time_format)\(", text)]

    # Use sources.dates (format_date, format_time, format_datetime, format_time_range, format_when).
    assert found == []
