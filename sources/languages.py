"""The language fallback: which column of a translated field a page shows, and in which language it is written."""

import functools

from django.conf import settings
from django.utils.translation import get_language
from modeltranslation.thread_context import fallbacks_enabled
from modeltranslation.utils import resolution_order


@functools.lru_cache(maxsize=16)
def _fallback_order(language: str) -> tuple[str, ...]:
    # modeltranslation reads its fallback settings once, at import; the
    # order of a language is the same for the life of the process.
    return resolution_order(language)


def language_order(language: str) -> tuple[str, ...]:
    """``language`` and its fallback languages, as modeltranslation shows a field; kept once per language.

    A page of 200 cards asks for it about 1,200 times; modeltranslation
    builds the tuple anew each time.
    """
    return _fallback_order(language) if fallbacks_enabled() else (language,)


def field_in_language(obj, field: str, language: str | None = None) -> tuple[str, str]:
    """Return ``(text, language)`` for a translated field, following the fallback order.

    ``language`` is the language the text is actually written in: the active
    one, or the fallback language whose column was used. ``("", active)`` when
    every column is empty.
    """
    active = language or get_language() or settings.LANGUAGE_CODE
    for code in language_order(active):
        value = getattr(obj, f"{field}_{code}", None)
        if value:
            return value, code
    return "", active
