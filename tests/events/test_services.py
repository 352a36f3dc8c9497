import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from events import services
from events.models import Session, SessionTopic, Status, Topic, TopicKind
from sources.models import unique_slug
from tests.factories import add_person, make_day, make_person, make_session, make_space

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The messages name sessions by their title in the organiser's language."""
    with translation.override("en"):
        yield


def times(*sessions) -> list[str]:
    return [Session.objects.get(pk=s.pk).time_range() for s in sessions]


def test_the_slug_maker_adds_a_number_when_taken():
    make_session(slug="gala-concert")
    make_session(slug="gala-concert-2")

    assert unique_slug(Session, "Gala concert") == "gala-concert-3"
    assert unique_slug(Session, "Гала-концерт") == "gala-kontsert"


def test_a_session_saved_without_a_slug_gets_a_free_one():
    make_session(slug="gala-concert")

    second = make_session(slug="", title_en="Gala concert")

    assert second.slug == "gala-concert-2"


def test_duplicate_makes_an_unpublished_copy_with_people_and_topics():
    space = make_space()
    original = make_session(slug="gala-concert", start="10:00", end="12:30", space=space, published=True)
    add_person(original, make_person(name_en="Aigul"))
    topic = Topic.objects.create(slug="songs", kind=TopicKind.ACTIVITY, name_en="Songs")
    SessionTopic.objects.create(session=original, topic=topic)

    [copy] = services.duplicate_sessions(sessions=Session.objects.filter(pk=original.pk))

    assert (copy.slug, copy.is_published, copy.title_en, copy.time_range()) == (
        "gala-concert-2",
        False,
        original.title_en,
        "10:00–12:30",
    )
    assert [person.name_en for person in copy.people.all()] == ["Aigul"]
    assert [t.slug for t in copy.topics.all()] == ["songs"]
    # The original still holds the space at that time.
    assert copy.space is None
    assert Session.objects.get(pk=original.pk).space == space


def test_duplicate_keeps_the_space_of_an_exhibition_that_runs_alongside():
    space = make_space()
    original = make_session(start="10:00", space=space, takes_space=False)

    [copy] = services.duplicate_sessions(sessions=[original])

    assert copy.space == space


def test_shift_moves_every_session_together():
    day = make_day(date=datetime.date(2025, 10, 9))
    space = make_space()
    first = make_session(day=day, space=space, start="10:00", end="11:00")
    second = make_session(day=day, space=space, start="11:00", end="12:00")
    third = make_session(day=day, space=space, start="12:00")

    services.shift_sessions(sessions=[first, second, third], minutes=60)

    assert times(first, second, third) == ["11:00–12:00", "12:00–13:00", "13:00"]
    assert timezone.localtime(Session.objects.get(pk=first.pk).starts_at).isoformat() == "2025-10-09T11:00:00+05:00"


def test_shift_earlier_moves_every_session_together():
    day = make_day()
    space = make_space()
    first = make_session(day=day, space=space, start="10:00", end="11:00")
    second = make_session(day=day, space=space, start="11:00", end="12:00")

    services.shift_sessions(sessions=[second, first], minutes=-30)

    assert times(first, second) == ["09:30–10:30", "10:30–11:30"]


def test_shift_into_another_session_moves_nothing_and_says_why():
    day = make_day(date=datetime.date(2025, 10, 9))
    space = make_space()
    moving = make_session(day=day, space=space, start="10:00", end="11:00", title_en="Lecture")
    fine = make_session(day=day, start="10:00", end="11:00", space=make_space())
    make_session(day=day, space=space, start="11:30", end="12:30", title_en="Gala concert")

    with pytest.raises(ValidationError) as refusal:
        services.shift_sessions(sessions=[moving, fine], minutes=60)

    assert refusal.value.messages == [
        "“Lecture” would meet “Gala concert” (9 October 2025, 11:30–12:30) in the same space."
    ]
    assert times(moving, fine) == ["10:00–11:00", "10:00–11:00"]


def test_shift_across_midnight_moves_nothing():
    day = make_day()
    late = make_session(day=day, start="22:00", end="23:30", title_en="Night concert")
    early = make_session(day=day, start="09:00", title_en="Breakfast")

    with pytest.raises(ValidationError) as refusal:
        services.shift_sessions(sessions=[late, early], minutes=60)

    assert refusal.value.messages == ["“Night concert” would cross midnight; move it to another day instead."]
    assert times(late, early) == ["22:00–23:30", "09:00"]


def test_shift_refuses_a_whole_day_item():
    item = make_session(title_en="Exhibition")

    with pytest.raises(ValidationError) as refusal:
        services.shift_sessions(sessions=[item], minutes=15)

    assert refusal.value.messages == ["“Exhibition” has no start time to move."]


def test_cancel_writes_the_note_in_the_given_language():
    session = make_session(start="10:00")

    services.cancel_sessions(sessions=[session], note="Postponed because of the weather.", language="en")

    session.refresh_from_db()
    assert (session.status, session.status_note_en, session.status_note_ru) == (
        Status.CANCELLED,
        "Postponed because of the weather.",
        None,
    )


def test_set_published_returns_only_the_sessions_it_changed():
    draft = make_session(published=False)
    public = make_session(published=True)

    changed = services.set_published(sessions=[draft, public], published=True)

    assert changed == [draft]
    assert Session.objects.filter(is_published=True).count() == 2
