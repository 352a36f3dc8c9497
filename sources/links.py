"""Addresses of objects named by their slug, without a full ``reverse()`` per object.

A page of 200 session cards links to about 800 objects; ``reverse()`` walks
the URL resolver for each (about 0.05 ms, a fifth of such a page's time).
``slug_url`` reverses a route once per language, URL configuration and script
prefix, with a placeholder for the slug, and then only puts the slug in.
Slugs are ASCII letters, digits, ``-`` and ``_`` (``SlugField``), which
``reverse()`` would not have quoted either.
"""

import functools

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

PLACEHOLDER = "slug-placeholder-0"


def slug_url(name: str, slug: str) -> str:
    """``reverse(name, kwargs={"slug": slug})`` for the active language, from a template made once."""
    before, after = _template(name, get_language(), get_urlconf(), get_script_prefix())
    return f"{before}{slug}{after}"


@functools.lru_cache(maxsize=512)
def _template(name: str, language: str | None, urlconf, prefix: str) -> tuple[str, str]:
    before, after = reverse(name, kwargs={"slug": PLACEHOLDER}, urlconf=urlconf).split(PLACEHOLDER)
    return before, after


@receiver(setting_changed, dispatch_uid="sources.links.forget")
def _forget(setting, **kwargs) -> None:
    # Tests that swap the URL configuration or the languages get fresh templates.
    if setting in {"ROOT_URLCONF", "LANGUAGES", "LANGUAGE_CODE", "FORCE_SCRIPT_NAME"}:
        _template.cache_clear()
