"""Which public pages the server keeps, and which of them each saved record changes.

``sources.caching`` keeps pages under dependency keys and moves a key's
version on when a record touching it is saved, deleted or re-related. It knows
no other app, so the rules are written here, at the top, where every model is
known: each page's keys come from its URL (the slug of the programme,
session, venue, person or exhibit it is about), and each model's records name
the keys of every page that shows them, read from the database when the record
changes. A change to a record must reach every page that shows any part of it;
when in doubt a rule names one page too many, never one too few
(``tests/events/test_server_cache.py`` compares every kept page with a fresh
rendering after each kind of edit).

Index pages (``venues``, ``people``, ``exhibits``) change only when a record
joins or leaves them or changes what they list, so a session's new title does
not touch the venue index: ``listings`` says what each index shows of a record.
"""

from collections.abc import Iterable

from django.db.models import Q

from events.models import Change, Day, Programme, Session, SessionPerson, SessionTopic, Topic
from gallery.models import Exhibit, ExhibitPhotographer, Photo
from people.models import Honour, Person
from sources.caching import cache_page, register_dependencies
from sources.models import TranslationCheck
from venues.models import Space, Venue

HOME, VENUES, PEOPLE, EXHIBITS = "programmes", "venues", "people", "exhibits"
CHANGE_LOG = "change-log"


def programme_key(slug: str) -> str:
    return f"programme:{slug}"


def session_key(slug: str) -> str:
    return f"session:{slug}"


def venue_key(slug: str) -> str:
    return f"venue:{slug}"


def person_key(slug: str) -> str:
    return f"person:{slug}"


def exhibit_key(slug: str) -> str:
    return f"exhibit:{slug}"


# The pages: URL name -> the keys of what they show ------------------------------------------

PROGRAMME_PAGES = [
    "events:programme",
    "events:day",
    "exports:programme_calendar",
    "exports:day_calendar",
    "exports:changes",
    "exports:changes_feed",
]
for name in PROGRAMME_PAGES:
    cache_page(name, lambda slug, **kwargs: [programme_key(slug)])
# A conference-app schedule's <version> is the newest change of the whole change log
# (events.exports.newest_change), whichever programme it is in.
for name in ["exports:schedule_xml", "exports:schedule_json"]:
    cache_page(name, lambda slug: [programme_key(slug), CHANGE_LOG])
# What is on now changes with the clock as well.
cache_page("events:home", lambda: [HOME], per_minute=True)
cache_page("events:now_next", lambda slug: [programme_key(slug)], per_minute=True)
# The grid draws a "now" line while its day is on.
cache_page("events:grid", lambda slug, **kwargs: [programme_key(slug)], per_minute=True)
cache_page("events:session", lambda slug: [session_key(slug)])
cache_page("exports:session_calendar", lambda slug: [session_key(slug)])
cache_page("venues:index", lambda: [VENUES])
cache_page("venues:venue", lambda slug: [venue_key(slug)])
cache_page("exports:venue_calendar", lambda slug: [venue_key(slug)])
cache_page("people:index", lambda: [PEOPLE])
cache_page("people:person", lambda slug: [person_key(slug)])
cache_page("exports:person_calendar", lambda slug: [person_key(slug)])
cache_page("gallery:index", lambda: [EXHIBITS])
cache_page("gallery:exhibit", lambda slug: [exhibit_key(slug)])
# Search and My programme depend on their query string: rendered every time.


# The records: what each one's pages are -----------------------------------------------------


def _keys(make, queryset) -> set[str]:
    """``make(slug)`` for each record of ``queryset`` (one query)."""
    return {make(slug) for slug in queryset.values_list("slug", flat=True)}


def _people_keys(people: Q) -> set[str]:
    """The pages of the people matching ``people`` and of their groups (which list their members)."""
    rows = Person.objects.filter(people).values_list("slug", "affiliation__slug")
    return {person_key(slug) for row in rows for slug in row if slug}


def sessions_keys(sessions: Q) -> set[str]:
    """Every page showing one of the sessions matching ``sessions``: their own, their programmes',
    venues', people's and exhibits' pages (three queries)."""
    rows = Session.objects.filter(sessions).values_list("slug", "day__programme__slug", "space__venue__slug")
    keys = set()
    exhibits = set()
    for slug, programme, venue in rows:
        keys.add(session_key(slug))
        keys.add(programme_key(programme))
        if venue:
            keys.add(venue_key(venue))
    exhibits = Session.objects.filter(sessions, exhibit__isnull=False).values_list("exhibit__slug", flat=True)
    keys |= {exhibit_key(slug) for slug in exhibits}
    keys |= _people_keys(Q(appearances__session__in=Session.objects.filter(sessions)))
    return keys


def _programme_keys(programme: Programme) -> Iterable[str]:
    # Publishing a programme shows or hides everything in it, on every index too.
    return {programme_key(programme.slug), HOME, VENUES, PEOPLE, EXHIBITS} | sessions_keys(
        Q(day__programme_id=programme.pk)
    )


def _day_keys(day: Day) -> Iterable[str]:
    programme = Programme.objects.filter(pk=day.programme_id).values_list("slug", flat=True).first()
    return {programme_key(programme), HOME, EXHIBITS} | sessions_keys(Q(day_id=day.pk))


def _session_keys(session: Session) -> Iterable[str]:
    keys = {session_key(session.slug), HOME}
    keys |= _keys(programme_key, Programme.objects.filter(days=session.day_id))
    if session.space_id:
        keys |= _keys(venue_key, Venue.objects.filter(spaces=session.space_id))
    if session.exhibit_id:
        keys |= _keys(exhibit_key, Exhibit.objects.filter(pk=session.exhibit_id))
    if session.pk:
        keys |= _people_keys(Q(appearances__session_id=session.pk))
    return keys


def _session_listings(session: Session) -> dict:
    return {
        # The venue index counts each venue's published sessions.
        VENUES: (session.is_published, session.space_id),
        # A person is listed while a published session names them.
        PEOPLE: session.is_published,
        # The exhibit index gives the date and venue of a published exhibit's session.
        EXHIBITS: (session.is_published, session.day_id, session.space_id) if session.exhibit_id else None,
    }


def _appearance_keys(appearance: SessionPerson) -> Iterable[str]:
    return sessions_keys(Q(pk=appearance.session_id)) | _people_keys(Q(pk=appearance.person_id)) | {HOME}


def _topic_keys(topic: Topic) -> Iterable[str]:
    # Only the session pages name topics.
    sessions = Session.objects.filter(topic_links__topic_id=topic.pk).values_list("slug", flat=True)
    return {session_key(slug) for slug in sessions}


def _topic_link_keys(link: SessionTopic) -> Iterable[str]:
    return {session_key(slug) for slug in Session.objects.filter(pk=link.session_id).values_list("slug", flat=True)}


def _change_keys(change: Change) -> Iterable[str]:
    return _keys(programme_key, Programme.objects.filter(pk=change.programme_id)) | {CHANGE_LOG}


def _venue_keys(venue: Venue) -> Iterable[str]:
    return {venue_key(venue.slug), VENUES, EXHIBITS, HOME} | sessions_keys(Q(space__venue_id=venue.pk))


def _space_keys(space: Space) -> Iterable[str]:
    keys = {venue_key(slug) for slug in Venue.objects.filter(pk=space.venue_id).values_list("slug", flat=True)}
    return keys | {EXHIBITS, HOME} | sessions_keys(Q(space_id=space.pk))


def _person_keys(person: Person) -> Iterable[str]:
    keys = {person_key(person.slug), PEOPLE, HOME}
    keys |= _people_keys(Q(pk=person.affiliation_id) | Q(affiliation_id=person.pk)) if person.pk else set()
    if person.pk is None:
        return keys
    keys |= sessions_keys(Q(appearances__person_id=person.pk))
    exhibits = Exhibit.objects.filter(
        Q(institution_id=person.pk) | Q(credits__person_id=person.pk) | Q(photos__photographer_id=person.pk)
    ).values_list("slug", flat=True)
    keys |= {exhibit_key(slug) for slug in exhibits}
    if Exhibit.objects.filter(institution_id=person.pk).exists():
        keys.add(EXHIBITS)  # the index names each exhibit's collection
    return keys


def _honour_keys(honour: Honour) -> Iterable[str]:
    # The person pages list honours, and so do the session pages, beside each name.
    holders = Q(pk__in=Person.objects.filter(honours=honour.pk).values("pk")) if honour.pk else Q(pk__in=[])
    sessions = Session.objects.filter(appearances__person__in=Person.objects.filter(holders)).values_list(
        "slug", flat=True
    )
    return _people_keys(holders) | {session_key(slug) for slug in sessions}


def _exhibit_keys(exhibit: Exhibit) -> Iterable[str]:
    keys = {exhibit_key(exhibit.slug), EXHIBITS}
    keys |= {session_key(slug) for slug in Session.objects.filter(exhibit_id=exhibit.pk).values_list("slug", flat=True)}
    people = Q(pk=exhibit.institution_id)
    if exhibit.pk:
        people |= Q(exhibit_credits__exhibit_id=exhibit.pk) | Q(photos__exhibit_id=exhibit.pk)
    return keys | _people_keys(people)


def _exhibit_listings(exhibit: Exhibit) -> dict:
    # People are listed while a published exhibit credits them or holds their collection.
    return {PEOPLE: (exhibit.is_published, exhibit.institution_id)}


def _exhibit_of(exhibit_id) -> set[str]:
    return {exhibit_key(slug) for slug in Exhibit.objects.filter(pk=exhibit_id).values_list("slug", flat=True)}


def _credit_keys(credit: ExhibitPhotographer) -> Iterable[str]:
    return _exhibit_of(credit.exhibit_id) | _people_keys(Q(pk=credit.person_id))


def _photo_keys(photo: Photo) -> Iterable[str]:
    # The exhibit index counts the photos.
    return _exhibit_of(photo.exhibit_id) | {EXHIBITS} | _people_keys(Q(pk=photo.photographer_id))


register_dependencies(Programme, _programme_keys)
register_dependencies(Day, _day_keys)
register_dependencies(Session, _session_keys, listings=_session_listings)
register_dependencies(SessionPerson, _appearance_keys, listings=lambda a: {PEOPLE: (a.session_id, a.person_id)})
register_dependencies(Topic, _topic_keys)
register_dependencies(SessionTopic, _topic_link_keys)
register_dependencies(Change, _change_keys)
register_dependencies(Venue, _venue_keys)
register_dependencies(Space, _space_keys)
register_dependencies(Person, _person_keys)
register_dependencies(Honour, _honour_keys)
register_dependencies(Exhibit, _exhibit_keys, listings=_exhibit_listings)
register_dependencies(ExhibitPhotographer, _credit_keys, listings=lambda c: {PEOPLE: (c.exhibit_id, c.person_id)})
register_dependencies(Photo, _photo_keys, listings=lambda p: {PEOPLE: (p.exhibit_id, p.photographer_id)})
# A translator's bookkeeping (what each translation was made from) shows on no public page.
register_dependencies(TranslationCheck, lambda check: [])
