"""Changes to several sessions at once, called from the admin's actions."""

from events.models import Session
from events.text import ascii_slug


def free_session_slug(text: str, *, exclude_pk: int | None = None) -> str:
    """Return a session slug made from ``text`` that no other session uses.

    Called by the admin's session form when the slug is left empty, and by
    ``duplicate_sessions``.
    """
    base = ascii_slug(text, max_length=90) or "session"
    taken = set(Session.objects.filter(slug__startswith=base).exclude(pk=exclude_pk).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug
