"""Month names the project's catalogues translate for Kazakh dates in the admin.

Pages write dates through Babel (sources.dates), which has CLDR's names. The
admin writes them with Django's formats (config/formats/, derived from the
same CLDR patterns) and Django's month names. Django's own Kazakh catalogue
capitalises month names ("9 Қазан"), but Kazakh writes them in lower case
inside a date ("2025 ж. 9 қазан", "2017 ж. тамыз").
The project's catalogue (LOCALE_PATHS, which wins over Django's) overrides both
the "alt. month" names that the `E` format uses and the plain names that `F`
uses. Nothing imports this module: it exists so that `makemessages` finds these
message ids and keeps them in locale/*/LC_MESSAGES/django.po.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# `F`, the month on its own: django.utils.dates.MONTHS.
MONTHS = (
    _("January"),
    _("February"),
    _("March"),
    _("April"),
    _("May"),
    _("June"),
    _("July"),
    _("August"),
    _("September"),
    _("October"),
    _("November"),
    _("December"),
)

# `E` in DATE_FORMAT ("Y ж. j E") and MONTH_DAY_FORMAT: django.utils.dates.MONTHS_ALT.
MONTHS_ALT = (
    pgettext_lazy("alt. month", "January"),
    pgettext_lazy("alt. month", "February"),
    pgettext_lazy("alt. month", "March"),
    pgettext_lazy("alt. month", "April"),
    pgettext_lazy("alt. month", "May"),
    pgettext_lazy("alt. month", "June"),
    pgettext_lazy("alt. month", "July"),
    pgettext_lazy("alt. month", "August"),
    pgettext_lazy("alt. month", "September"),
    pgettext_lazy("alt. month", "October"),
    pgettext_lazy("alt. month", "November"),
    pgettext_lazy("alt. month", "December"),
)
