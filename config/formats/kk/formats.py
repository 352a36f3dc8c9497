# Django ships no Kazakh formats (kk dates would come out in US order with a
# 12-hour clock). The output formats come from CLDR (sources.dates), so the
# admin writes «2025 ж. 9 қазан» and 18:00 as the pages do.
from sources.dates import django_formats

# DATE_FORMAT, TIME_FORMAT, DATETIME_FORMAT, YEAR_MONTH_FORMAT, MONTH_DAY_FORMAT,
# SHORT_DATE_FORMAT and SHORT_DATETIME_FORMAT, each from its CLDR pattern.
globals().update(django_formats("kk"))
FIRST_DAY_OF_WEEK = 1  # Monday

# What organisers type into the admin's date and time fields; the first of
# each is also how the admin's widgets (and their calendar) write a value.
DATE_INPUT_FORMATS = ["%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d"]
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S", "%H.%M"]
DATETIME_INPUT_FORMATS = ["%d.%m.%Y %H:%M", "%d.%m.%Y %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"  # non-breaking space
NUMBER_GROUPING = 3
