"""Small factories for test data; fixtures/ holds the real programme."""

import datetime
import itertools

from events.models import Category, Day, Programme, Role, Session, SessionPerson
from gallery.models import Exhibit
from people.models import Person, PersonKind
from venues.models import Space, Venue

_seq = itertools.count(1)


def trilingual(field: str, text: str) -> dict:
    return {f"{field}_kk": f"{text} (kk)", f"{field}_ru": f"{text} (ru)", f"{field}_en": text}


def make_programme(*, published=True, **kwargs) -> Programme:
    n = next(_seq)
    fields = {"slug": f"programme-{n}", **trilingual("title", f"Programme {n}"), "is_published": published}
    fields.update(kwargs)
    return Programme.objects.create(**fields)


def make_day(*, programme=None, date=datetime.date(2025, 10, 9), **kwargs) -> Day:
    return Day.objects.create(programme=programme or make_programme(), date=date, **kwargs)


def make_venue(**kwargs) -> Venue:
    n = next(_seq)
    fields = {"slug": f"venue-{n}", **trilingual("name", f"Venue {n}"), **trilingual("city", "Oskemen")}
    fields.update(kwargs)
    return Venue.objects.create(**fields)


def make_public_venue(**kwargs) -> Venue:
    """A venue residents can see: its space (the venue as a whole) holds a published session."""
    venue = make_venue(**kwargs)
    make_session(space=make_space(venue=venue))
    return venue


def make_space(*, venue=None, **kwargs) -> Space:
    n = next(_seq)
    return Space.objects.create(venue=venue or make_venue(), slug=kwargs.pop("slug", f"space-{n}"), **kwargs)


def make_person(**kwargs) -> Person:
    n = next(_seq)
    fields = {"slug": f"person-{n}", **trilingual("name", f"Person {n}"), "kind": PersonKind.PERSON}
    fields.update(kwargs)
    return Person.objects.create(**fields)


def make_session(*, day=None, start=None, end=None, published=True, **kwargs) -> Session:
    n = next(_seq)
    fields = {
        "slug": f"session-{n}",
        **trilingual("title", f"Session {n}"),
        "category": Category.CULTURE,
        "is_published": published,
        "start_time": datetime.time.fromisoformat(start) if isinstance(start, str) else start,
        "end_time": datetime.time.fromisoformat(end) if isinstance(end, str) else end,
    }
    fields.update(kwargs)
    return Session.objects.create(day=day or make_day(), **fields)


def make_exhibit(*, published=True, session=None, **kwargs) -> Exhibit:
    n = next(_seq)
    fields = {"slug": f"exhibit-{n}", **trilingual("title", f"Exhibit {n}"), "is_published": published}
    fields.update(kwargs)
    exhibit = Exhibit.objects.create(**fields)
    if session is not None:
        # The session names the exhibit it shows.
        session.exhibit = exhibit
        session.save()
    return exhibit


def add_person(session, person, role=Role.PERFORMER, order=0) -> SessionPerson:
    return SessionPerson.objects.create(session=session, person=person, role=role, order=order)


def make_public_person(**kwargs) -> Person:
    """A person residents can see: named in a published session."""
    person = make_person(**kwargs)
    add_person(make_session(), person)
    return person
