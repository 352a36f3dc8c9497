# Django's English formats use a 12-hour clock and US month-first dates; the
# programme is read in Kazakhstan, where English is written as in Britain
# ("9 October 2025", 18:00). The output formats come from CLDR (sources.dates).
from django.conf.locale.en.formats import *  # noqa: F403

from sources.dates import django_formats

# DATE_FORMAT, TIME_FORMAT, DATETIME_FORMAT, YEAR_MONTH_FORMAT, MONTH_DAY_FORMAT,
# SHORT_DATE_FORMAT and SHORT_DATETIME_FORMAT, each from its CLDR pattern.
globals().update(django_formats("en"))
FIRST_DAY_OF_WEEK = 1  # Monday
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S", "%H.%M"]
