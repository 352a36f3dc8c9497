"""The change log: what residents are told when a published programme changes."""

import datetime
import re
from xml.etree import ElementTree

import pytest

from events.models import Change, ChangeKind, Status
from tests.factories import make_day, make_programme, make_session, make_space, make_venue

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def gala():
    programme = make_programme(slug="days-of-almaty", title_en="Days of Almaty")
    day = make_day(programme=programme, date=datetime.date(2025, 10, 9))
    return make_session(
        day=day, slug="gala", title_en="Gala concert", title_ru="Гала-концерт", start="18:00", end="20:00"
    )


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_adding_moving_placing_and_cancelling_are_logged(gala):
    gala.start_time = datetime.time(19, 0)
    gala.end_time = datetime.time(21, 0)
    gala.save()
    gala.space = make_space(venue=make_venue(name_en="Palace of Culture"), slug="hall", name_en="Great hall")
    gala.save()
    gala.status = Status.CANCELLED
    gala.save()

    kinds = list(Change.objects.order_by("pk").values_list("kind", flat=True))

    assert kinds == [ChangeKind.ADDED, ChangeKind.MOVED, ChangeKind.PLACE_CHANGED, ChangeKind.CANCELLED]
    moved = Change.objects.get(kind=ChangeKind.MOVED)
    assert moved.before == {
        "when": {"date": "2025-10-09", "month_only": False, "year_assumed": False, "start": "18:00", "end": "20:00"}
    }
    assert moved.after["when"]["start"] == "19:00"


def test_marking_a_session_moved_is_logged_as_moved(gala):
    gala.status = Status.MOVED
    gala.status_note_en = "Moved to 10 October."
    gala.save()

    change = Change.objects.order_by("pk").last()

    assert change.kind == ChangeKind.MOVED
    assert change.after["status"] == Status.MOVED


def test_drafts_and_unpublished_programmes_log_nothing(gala):
    make_session(day=gala.day, slug="draft", start="10:00", published=False)
    hidden = make_programme(slug="hidden", published=False)
    session = make_session(day=make_day(programme=hidden), start="10:00")
    session.start_time = datetime.time(11, 0)
    session.save()

    assert list(Change.objects.values_list("session__slug", flat=True)) == ["gala"]


def test_unpublishing_and_deleting_are_logged_as_removed(gala):
    other = make_session(day=gala.day, slug="film", title_en="Film night", start="21:00")
    gala.is_published = False
    gala.save()
    other.delete()

    removed = Change.objects.filter(kind=ChangeKind.REMOVED).order_by("pk")

    assert [change.session_title["en"] for change in removed] == ["Gala concert", "Film night"]
    assert removed[1].session is None


def test_deleting_a_whole_programme_deletes_its_log(gala):
    gala.day.programme.delete()

    assert Change.objects.count() == 0


def test_changes_page_shows_before_and_after_in_the_visitors_language(client, gala):
    gala.start_time = datetime.time(19, 0)
    gala.save()
    gala.status = Status.CANCELLED
    gala.save()

    response = client.get("/ru/programmes/days-of-almaty/changes/")

    text = text_of(response)
    assert "Гала-концерт" in text
    assert "9 октября 2025 г., 18:00–20:00 → 9 октября 2025 г., 19:00–20:00" in text
    english = text_of(client.get("/en/programmes/days-of-almaty/changes/"))
    assert "Moved : Gala concert" in english
    assert "Cancelled : Gala concert" in english
    assert "Scheduled → Cancelled" in english
    assert english.index("Cancelled : Gala concert") < english.index("Moved : Gala concert")


def test_atom_feed_has_the_time_of_each_change(client, gala):
    Change.objects.update(created_at=datetime.datetime(2025, 10, 1, 9, 30, tzinfo=datetime.UTC))
    gala.status = Status.CANCELLED
    gala.save()

    response = client.get("/en/programmes/days-of-almaty/changes.atom")

    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == ["Cancelled: Gala concert", "Added: Gala concert"]
    assert entries[1].findtext(f"{ATOM}updated") == "2025-10-01T09:30:00+00:00"
    assert entries[0].find(f"{ATOM}link").get("href") == "http://testserver/en/sessions/gala/"
    assert len({entry.findtext(f"{ATOM}id") for entry in entries}) == 2


def test_changes_of_an_unpublished_programme_are_not_shown(client):
    make_programme(slug="hidden", published=False)

    response = client.get("/en/programmes/hidden/changes/")

    assert response.status_code == 404


@pytest.mark.parametrize("n", [1, 3])
def test_changes_page_query_count_does_not_grow(client, django_assert_num_queries, n, gala):
    for i in range(n):
        make_session(day=gala.day, start=f"0{i}:00")

    # 3 queries: programme with its newest change (Last-Modified), programme,
    # changes joined to their sessions.
    with django_assert_num_queries(3):
        response = client.get("/en/programmes/days-of-almaty/changes/")

    assert text_of(response).count("Added :") == n + 1


@pytest.mark.parametrize("n", [1, 3])
def test_feed_query_count_does_not_grow(client, django_assert_num_queries, n, gala):
    for i in range(n):
        make_session(day=gala.day, start=f"0{i}:00")

    # 3 queries: programme with its newest change (Last-Modified), programme,
    # changes joined to their sessions.
    with django_assert_num_queries(3):
        response = client.get("/en/programmes/days-of-almaty/changes.atom")

    assert response.content.count(b"<entry>") == n + 1


def test_changing_the_days_date_moves_its_sessions(gala):
    day = gala.day
    day.date = datetime.date(2025, 10, 10)
    day.save()

    gala.refresh_from_db()
    moved = Change.objects.get(kind=ChangeKind.MOVED)
    assert gala.sequence == 1
    assert (moved.before["when"]["date"], moved.after["when"]["date"]) == ("2025-10-09", "2025-10-10")
