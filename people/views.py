"""Public pages for people, groups and institutions."""

from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control
from django.views.decorators.vary import vary_on_headers

from events.search import sorted_by_text
from people.models import Person, PersonKind

# The index's sections, in this order, with their headings.
KIND_HEADINGS = [
    (PersonKind.PERSON, "people", _("People")),
    (PersonKind.GROUP, "groups", _("Groups and ensembles")),
    (PersonKind.INSTITUTION, "institutions", _("Institutions")),
]


def _exhibits(person: Person) -> list:
    """Published exhibits a person photographed, credited or by photo, without repeats (no query)."""
    exhibits = {exhibit.pk: exhibit for exhibit in person.credited_exhibits}
    for photo in person.visible_photos:
        exhibits.setdefault(photo.exhibit.pk, photo.exhibit)
    return sorted_by_text(exhibits.values(), "title")


def _sessions(person: Person) -> list[dict]:
    """The person's published sessions in time order, each with the roles they have in it (no query)."""
    sessions: dict = {}
    for appearance in person.visible_appearances:
        entry = sessions.setdefault(appearance.session_id, {"session": appearance.session, "appearances": []})
        entry["appearances"].append(appearance)
    return list(sessions.values())


@cache_control(public=True, max_age=300)
@vary_on_headers("Accept-Language")
def person_index(request):
    people = sorted_by_text(Person.objects.for_index_page())
    sections = [
        {"anchor": anchor, "heading": heading, "people": [person for person in people if person.kind == kind]}
        for kind, anchor, heading in KIND_HEADINGS
    ]
    ctx = {"kinds": [section for section in sections if section["people"]]}
    return render(request, "people/person_index.html", ctx)


@cache_control(public=True, max_age=300)
@vary_on_headers("Accept-Language")
def person_detail(request, slug):
    person = get_object_or_404(Person.objects.for_person_page(), slug=slug)
    ctx = {
        "person": person,
        "sessions": _sessions(person),
        "members": sorted_by_text(person.member_list),
        "photographed": _exhibits(person),
        "collection": sorted_by_text(person.collection_exhibits, "title"),
    }
    return render(request, "people/person_detail.html", ctx)
