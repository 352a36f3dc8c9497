"""The badge of a recently changed session ("new", "moved, was 18:00", "cancelled"), for cards and session pages.

Reads what ``SessionQuerySet.with_recent_change`` annotated: no query.
"""

from django import template

from events.changelog import change_badge as badge_of

register = template.Library()


@register.simple_tag
def change_badge(session) -> dict | None:
    """``{% change_badge session as badge %}``: ``badge.kind`` (new, moved, cancelled, place) and ``badge.label``."""
    return badge_of(session)
