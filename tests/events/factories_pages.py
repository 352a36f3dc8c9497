"""Factories for the public pages' tests, on top of tests/factories.py."""

import datetime

from events.models import SessionTopic, Topic
from people.models import Honour
from sources.models import Source
from tests.factories import (
    add_person,
    make_day,
    make_person,
    make_programme,
    make_session,
    make_space,
    make_venue,
    trilingual,
)

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
    "make_almaty_days",
    "make_concert",
    "make_palace",
    "names",
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


def names(kk: str, ru: str, en: str, field: str = "title") -> dict:
    """The three columns of a translated field, written out."""
    return {f"{field}_kk": kk, f"{field}_ru": ru, f"{field}_en": en}


def make_palace(**kwargs):
    """The Palace of Culture of Metallurgists in Oskemen, as a venue with its whole-venue space."""
    venue = make_venue(
        slug=kwargs.pop("slug", "palace-of-culture-of-metallurgists"),
        **names(
            "Металлургтер мәдениет сарайы", "Дворец культуры металлургов", "Palace of Culture of Metallurgists", "name"
        ),
        **names("Өскемен", "Усть-Каменогорск", "Oskemen", "city"),
        **kwargs,
    )
    return make_space(venue=venue, slug="whole")


def make_concert(day, *, space=None, start="18:00", end=None, **kwargs):
    """The gala concert with Roza Rymbayeva, in the palace."""
    session = make_session(
        day=day,
        start=start,
        end=end,
        space=space or make_palace(),
        **{
            "slug": "gala-concert",
            **names("Гала-концерт", "Гала-концерт", "Gala concert"),
            **kwargs,
        },
    )
    singer = make_person(
        slug=f"roza-rymbayeva-{session.pk}", **names("Роза Рымбаева", "Роза Рымбаева", "Roza Rymbayeva", "name")
    )
    add_person(session, singer)
    return session


def make_almaty_days(**kwargs):
    """A published programme "Days of Almaty" with one day, 9 October 2025."""
    fields = {
        "slug": "days-of-almaty",
        **names(
            "Шығыс Қазақстан облысындағы Алматы күндері",
            "Дни Алматы в Восточно-Казахстанской области",
            "Days of Almaty in East Kazakhstan Region",
        ),
        **names("Өскемен", "Усть-Каменогорск", "Oskemen", "city"),
        **kwargs,
    }
    programme = make_programme(**fields)
    day = make_day(programme=programme, date=datetime.date(2025, 10, 9))
    return programme, day
