# Django's Russian formats, with the output formats from CLDR (sources.dates): the
# admin writes «9 октября 2025 г.» and 18:00 as the pages do.
from django.conf.locale.ru.formats import *  # noqa: F403

from sources.dates import django_formats

# DATE_FORMAT, TIME_FORMAT, DATETIME_FORMAT, YEAR_MONTH_FORMAT, MONTH_DAY_FORMAT,
# SHORT_DATE_FORMAT and SHORT_DATETIME_FORMAT, each from its CLDR pattern.
globals().update(django_formats("ru"))
FIRST_DAY_OF_WEEK = 1  # Monday
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S", "%H.%M"]
