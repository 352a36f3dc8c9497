"""What residents may see of the data apps below, and the loaders of their pages.

Venues and people have no "published" flag of their own: they are public
because something published names them. That rule depends on sessions and
exhibits, which sit above ``venues`` and ``people``, so it is written here,
once, and every page, sitemap, calendar and search reads it from here:

- ``Session.objects.published()`` and ``Programme.objects.published()`` (events),
  ``Exhibit.objects.published()`` (gallery): their own flags;
- ``public_venues()``: a space of the venue holds a published session;
- ``public_people()``: named in a published session or exhibit, or the group
  or institution of someone who is.
"""

from django.db.models import Count, Exists, F, Func, OuterRef, Prefetch, Q, QuerySet, Subquery

from events.models import Session, SessionPerson, in_released_state_through, public_q
from gallery.models import Exhibit, ExhibitPhotographer, Photo
from people.models import Person
from venues.models import Venue


def public_venues(venues: QuerySet[Venue] | None = None) -> QuerySet[Venue]:
    """``venues`` (all by default) that a resident may see: a space of theirs holds a published session."""
    venues = Venue.objects.all() if venues is None else venues
    return venues.filter(Exists(Session.objects.published().filter(public_q(space__venue=OuterRef("pk")))))


def public_people(people: QuerySet[Person] | None = None) -> QuerySet[Person]:
    """``people`` (all by default) that a resident may see: named in something published.

    A person, group or institution is public when it takes part in a published
    session, is credited in or holds the collection of a published exhibit,
    took a photo in one, or is the group or institution of someone who is. A
    person entered only for a draft stays hidden.
    """
    people = Person.objects.all() if people is None else people
    published_exhibits = Exhibit.objects.published()
    named = (
        Q(Exists(SessionPerson.objects.filter(person=OuterRef("pk"), session__in=Session.objects.published())))
        | Q(Exists(ExhibitPhotographer.objects.filter(person=OuterRef("pk"), exhibit__in=published_exhibits)))
        | Q(Exists(published_exhibits.filter(institution=OuterRef("pk"))))
        | Q(Exists(Photo.objects.filter(photographer=OuterRef("pk"), exhibit__in=published_exhibits)))
    )
    members = Person.objects.filter(named, affiliation=OuterRef("pk"))
    return people.filter(named | Q(Exists(members)))


def with_session_visibility(exhibits: QuerySet[Exhibit]) -> QuerySet[Exhibit]:
    """Annotate ``session_visible``: the session showing the exhibit is published too.

    An exhibit can be published before its session; its pages then do not link
    to a session a resident cannot open.
    """
    return exhibits.annotate(session_visible=Exists(Session.objects.published().filter(exhibit=OuterRef("pk"))))


# Loaders of the venue, people and exhibit pages -------------------------------------------


def venues_for_index_page() -> QuerySet[Venue]:
    """Public venues for ``events.views.venue_index``, with ``session_count``: one query."""
    # A subquery rather than a count over the spaces' sessions: a session of a
    # programme in release mode counts where its release puts it.
    in_venue = Session.objects.published().filter(public_q(space__venue=OuterRef("pk"))).order_by()
    return public_venues().annotate(
        session_count=Subquery(in_venue.annotate(n=Func(F("pk"), function="COUNT")).values("n"))
    )


def venues_for_venue_page() -> QuerySet[Venue]:
    """Public venues for ``events.views.venue_detail`` with ``space_list``: two queries.

    The sessions come from ``Session.objects.for_venue_page(venue)``.
    """
    return public_venues(Venue.objects.for_venue_page())


def people_for_index_page() -> QuerySet[Person]:
    """Public people for ``events.views.person_index``, their group or institution joined: one query."""
    return public_people().select_related("affiliation")


def people_for_person_page() -> QuerySet[Person]:
    """Public people for ``events.views.person_detail``, with what the page shows of them and others.

    Joins ``affiliation`` and preloads ``honour_list``; ``visible_appearances``
    (their parts in published sessions, with the session's day, programme,
    space and venue, in programme order) and ``member_list`` (who belongs to a
    group or institution, public ones only): four queries. Their exhibits come
    from ``exhibits_for_person_page(person)``.
    """
    appearances = in_released_state_through(
        SessionPerson.objects.filter(session__in=Session.objects.published())
        .select_related("session__day__programme", "session__space__venue")
        .order_by(*Session.objects.public_programme_order(prefix="session__"), "order", "pk"),
        "session",
    )
    return public_people(Person.objects.for_person_page()).prefetch_related(
        Prefetch("appearances", queryset=appearances, to_attr="visible_appearances"),
        Prefetch("members", queryset=public_people().order_by("slug"), to_attr="member_list"),
    )


def exhibits_for_person_page(person: Person) -> QuerySet[Exhibit]:
    """Published exhibits ``person`` photographed or lent, for ``events.views.person_detail``: one query.

    ``photographed`` is true when an exhibit credits them as a photographer or
    holds a photo they took; the others come from their collection
    (``institution``). One query rather than one per relation keeps the page's
    count within the site's budget.
    """
    credited = ExhibitPhotographer.objects.filter(exhibit=OuterRef("pk"), person=person)
    took = Photo.objects.filter(exhibit=OuterRef("pk"), photographer=person)
    return (
        Exhibit.objects.published()
        .annotate(photographed=Exists(credited) | Exists(took))
        .filter(Q(photographed=True) | Q(institution=person))
    )


def exhibits_for_index_page() -> QuerySet[Exhibit]:
    """Published exhibits for ``events.views.exhibit_index`` with the session's day and venue: one query.

    ``shown_photo_count`` counts the photos with a file, the ones a resident can look at.
    """
    exhibits = (
        Exhibit.objects.for_index_page()
        .select_related("session__day", "session__space__venue")
        .annotate(shown_photo_count=Count("photos", filter=~Q(photos__image="")))
    )
    return with_session_visibility(in_released_state_through(exhibits, "session"))


def exhibits_for_exhibit_page() -> QuerySet[Exhibit]:
    """Published exhibits for ``events.views.exhibit_detail`` with the session's day and venue: three queries."""
    exhibits = Exhibit.objects.for_exhibit_page().select_related("session__day__programme", "session__space__venue")
    return with_session_visibility(in_released_state_through(exhibits, "session"))
