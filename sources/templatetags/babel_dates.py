"""Template filters for dates and times from CLDR (``sources.dates``).

Registered as template builtins (``TEMPLATES`` in config/settings.py), so
every template has them without ``{% load %}``::

    {{ day.date|babel_date:"long" }}      2025 ж. 9 қазан · 9 октября 2025 г. · 9 October 2025
    {{ day.date|babel_date:"month" }}     2025 ж. қазан · октябрь 2025 г. · October 2025
    {{ day.date|babel_date:"weekday" }}   бейсенбі · четверг · Thursday
    {{ session.starts_at|babel_time }}    18:00
    {{ change.created_at|babel_datetime }} 2025 ж. 9 қазан, 18:00
    {{ code|babel_language }}             орыс тілі · русский · Russian

(``babel_language``, not ``language_name``: Django's i18n library has a
``language_name`` filter of its own, which ``{% load i18n %}`` would put in
its place.)

``<time datetime="...">`` values stay ISO 8601: write them with Django's
``date`` filter and a literal pattern, as before.
"""

from django import template

from sources import dates

register = template.Library()


@register.filter(expects_localtime=True)
def babel_date(value, style: str = "long") -> str:
    # An empty style (a template's unset variable) is the long date.
    return dates.format_date(value, style or "long")


@register.filter(expects_localtime=True)
def babel_time(value) -> str:
    return dates.format_time(value)


@register.filter(expects_localtime=True)
def babel_datetime(value) -> str:
    return dates.format_datetime(value)


@register.filter
def babel_language(code: str) -> str:
    return dates.language_name(code)
