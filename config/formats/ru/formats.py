# Django's Russian formats, with a two-digit hour ("09:00") so that times line
# up in the programme's columns.
from django.conf.locale.ru.formats import *  # noqa: F403

TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j E Y г. H:i"
MONTH_DAY_FORMAT = "j E"
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S", "%H.%M"]
