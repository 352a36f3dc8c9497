import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import translation

from events.models import Session, Status
from sources.text import ascii_slug, validate_no_control_characters
from tests.factories import make_day, make_session, make_space

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_absolute_times_follow_the_day_in_almaty_time():
    day = make_day(date=datetime.date(2025, 10, 9))

    session = make_session(day=day, start="18:00")

    assert session.starts_at.isoformat() == "2025-10-09T18:00:00+05:00"
    assert session.ends_at is None


def test_times_before_the_2024_zone_change_are_utc_plus_six():
    session = make_session(day=make_day(date=datetime.date(2023, 10, 9)), start="10:00", end="12:30")

    assert session.starts_at.utcoffset() == datetime.timedelta(hours=6)
    assert session.ends_at.utcoffset() == datetime.timedelta(hours=6)


def test_moving_a_day_moves_its_sessions():
    day = make_day(date=datetime.date(2025, 10, 9))
    session = make_session(day=day, start="10:00", end="12:30")

    day.date = datetime.date(2025, 10, 10)
    day.save()

    session.refresh_from_db()
    assert session.starts_at.date() == datetime.date(2025, 10, 10)


def test_end_before_start_is_refused_with_a_message():
    session = Session(day=make_day(), slug="s", title="s", category="culture", start_time=datetime.time(12))
    session.end_time = datetime.time(11)

    with pytest.raises(ValidationError) as error:
        session.full_clean()

    assert error.value.message_dict["end_time"] == ["The session must end after it starts."]


def test_end_before_start_is_refused_by_the_database():
    day = make_day()

    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.create(
            day=day,
            slug="backwards",
            title="Backwards",
            category="culture",
            start_time=datetime.time(12),
            end_time=datetime.time(11),
        )


def clashing_session(day, space, start, end=None, **kwargs):
    return Session(
        day=day,
        slug="new",
        title_kk="Жаңа",
        title_ru="Новая",
        title_en="New",
        category="culture",
        space=space,
        start_time=datetime.time.fromisoformat(start),
        end_time=datetime.time.fromisoformat(end) if end else None,
        **kwargs,
    )


def timetable(space) -> list[tuple[str, str, str]]:
    """The sessions held in ``space`` as its timetable lists them: start, end (or nothing), English title."""
    rows = []
    for session in space.sessions.order_by("start_time", "title_en"):
        end = session.end_time.strftime("%H:%M") if session.end_time else ""
        rows.append((session.start_time.strftime("%H:%M"), end, session.title_en))
    return rows


@pytest.mark.parametrize(
    ("start", "end"),
    [("11:00", "13:00"), ("09:00", "10:30"), ("10:00", "12:30"), ("12:00", None), ("10:00", None)],
)
def test_overlap_in_one_space_is_a_clash(start, end):
    space = make_space()
    existing = make_session(day=make_day(), start="10:00", end="12:30", space=space)

    candidate = clashing_session(existing.day, space, start, end)

    with pytest.raises(ValidationError) as error:
        candidate.full_clean()
    assert "This space is taken at that time by “Session" in error.value.message_dict["space"][0]


def test_the_clash_message_is_in_the_organisers_language():
    space = make_space()
    existing = make_session(day=make_day(), start="10:00", end="12:30", space=space, title_kk="Гала-концерт")

    with translation.override("kk"), pytest.raises(ValidationError) as error:
        clashing_session(existing.day, space, "11:00").full_clean()

    assert error.value.message_dict["space"][0].startswith("Бұл бөлмеде осы уақытта «Гала-концерт» өтеді")


@pytest.mark.parametrize(("start", "end"), [("12:30", "14:00"), ("08:00", "10:00"), ("12:30", None)])
def test_back_to_back_sessions_do_not_clash(start, end):
    space = make_space()
    existing = make_session(day=make_day(), start="10:00", end="12:30", space=space, title_en="Lecture")
    candidate = clashing_session(existing.day, space, start, end)

    candidate.full_clean()
    # On PostgreSQL the exclusion constraint must let it in as well.
    candidate.save()

    assert timetable(space) == sorted([("10:00", "12:30", "Lecture"), (start, end or "", "New")])


def test_two_open_ended_sessions_clash_only_at_the_same_start():
    space = make_space()
    existing = make_session(day=make_day(), start="18:00", space=space)

    clashing_session(existing.day, space, "17:00").full_clean()
    with pytest.raises(ValidationError):
        clashing_session(existing.day, space, "18:00").full_clean()


def test_an_exhibition_alongside_does_not_clash_with_the_concert():
    space = make_space()
    concert = make_session(day=make_day(), start="18:00", space=space, title_en="Concert")
    exhibition = clashing_session(concert.day, space, "17:00", "20:00", takes_space=False)

    exhibition.full_clean()
    exhibition.save()

    assert timetable(space) == [("17:00", "20:00", "New"), ("18:00", "", "Concert")]


def test_other_spaces_and_cancelled_sessions_do_not_clash():
    space = make_space()
    existing = make_session(day=make_day(), start="10:00", end="12:30", space=space, title_en="Cancelled lecture")
    make_session(day=existing.day, start="10:00", end="12:30", space=make_space(venue=space.venue))
    existing.status = Status.CANCELLED
    existing.save()
    candidate = clashing_session(existing.day, space, "10:00", "12:30")

    candidate.full_clean()
    candidate.save()

    assert timetable(space) == [("10:00", "12:30", "Cancelled lecture"), ("10:00", "12:30", "New")]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="exclusion constraints are PostgreSQL's")
def test_postgresql_refuses_a_clash_that_skips_clean():
    space = make_space()
    existing = make_session(day=make_day(), start="10:00", end="12:30", space=space)

    with pytest.raises(IntegrityError), transaction.atomic():
        make_session(day=existing.day, start="11:00", end="11:30", space=space)


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Шығыс Қазақстан облысындағы Алматы күндері", "shygys-qazaqstan-oblysyndagy-almaty-kunderi"),
        ("Өскемен, Ұлы дала, һәм әңгіме", "oskemen-uly-dala-ham-angime"),
        ("Дни Алматы в Восточно-Казахстанской области", "dni-almaty-v-vostochno-kazakhstanskoi-oblasti"),
        ("Gala concert", "gala-concert"),
    ],
)
def test_slugs_are_readable_ascii_for_kazakh_and_russian(text, slug):
    assert ascii_slug(text) == slug


def test_a_session_without_a_slug_gets_one_from_its_title():
    session = make_session(slug="", title_en="", title_ru="Торжественный гала-концерт")

    assert session.slug == "torzhestvennyi-gala-kontsert"


def test_control_characters_are_refused():
    with pytest.raises(ValidationError):
        validate_no_control_characters("Gala\x0bconcert")

    validate_no_control_characters("Line one\nline two\ttab")
