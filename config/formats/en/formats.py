# Django's English formats use a 12-hour clock and US month-first dates; the
# programme is read in Kazakhstan, where English text uses "9 October" and 18:00.
from django.conf.locale.en.formats import *  # noqa: F403

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S", "%H.%M"]
