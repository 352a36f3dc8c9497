"""The language fallback: which column of a translated field a page shows, and in which language it is written."""

from django.conf import settings
from django.utils.translation import get_language
from modeltranslation.utils import resolution_order


def field_in_language(obj, field: str, language: str | None = None) -> tuple[str, str]:
    """Return ``(text, language)`` for a translated field, following the fallback order.

    ``language`` is the language the text is actually written in: the active
    one, or the fallback language whose column was used. ``("", active)`` when
    every column is empty.
    """
    active = language or get_language() or settings.LANGUAGE_CODE
    for code in resolution_order(active):
        value = getattr(obj, f"{field}_{code}", None)
        if value:
            return value, code
    return "", active
