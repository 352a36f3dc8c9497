"""Factories for the public pages' tests, on top of tests/factories.py."""

import datetime

from events.models import SessionTopic, Source, Topic
from people.models import Honour
from tests.factories import add_person, make_day, make_person, make_programme, make_session, make_space, trilingual

__all__ = [
    "add_person",
    "make_day",
    "make_honour",
    "make_person",
    "make_programme",
    "make_session",
    "make_source",
    "make_space",
    "make_topic",
    "programme_with_days",
]


def make_source(**kwargs) -> Source:
    fields = {"key": "programme-text", **trilingual("title", "Programme text"), "language": "ru"}
    fields.update(kwargs)
    return Source.objects.create(**fields)


def make_honour(slug: str, name: str) -> Honour:
    return Honour.objects.create(slug=slug, **trilingual("name", name))


def make_topic(slug: str, name: str, kind: str, *, session=None, order: int = 0) -> Topic:
    topic = Topic.objects.create(slug=slug, kind=kind, **trilingual("name", name))
    if session is not None:
        SessionTopic.objects.create(session=session, topic=topic, order=order)
    return topic


def programme_with_days(*dates: datetime.date, **kwargs):
    """A published programme with one day per date; returns ``(programme, [days])``."""
    programme = make_programme(**kwargs)
    return programme, [make_day(programme=programme, date=date) for date in dates]
