import datetime

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group
from django.urls import reverse

from events.models import Session, Status
from tests.factories import make_day, make_session, make_space

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:events_session_changelist")


@pytest.fixture
def organiser(django_user_model):
    user = django_user_model.objects.create_user("aigerim", is_staff=True)
    user.groups.add(Group.objects.get(name="Organiser"))
    return user


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def two_sessions():
    day = make_day(date=datetime.date(2025, 10, 9))
    space = make_space()
    return [
        make_session(day=day, space=space, start="10:00", end="11:00", title_en="Lecture", published=False),
        make_session(day=day, space=space, start="11:00", end="12:00", title_en="Master class", published=False),
    ]


def run_action(client, action: str, sessions, **extra):
    data = {"action": action, "_selected_action": [s.pk for s in sessions], **extra}
    return client.post(CHANGELIST, data, follow="apply" in extra or action in {"duplicate", "publish", "unpublish"})


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_shift_asks_for_the_minutes_first(organiser_client, two_sessions):
    response = run_action(organiser_client, "shift", two_sessions)

    html = response.content.decode()
    assert "These sessions move together, or none of them moves:" in html
    assert "Lecture" in html
    assert "Master class" in html
    assert 'name="minutes"' in html
    assert [s.time_range() for s in Session.objects.order_by("start_time")] == ["10:00–11:00", "11:00–12:00"]


def test_shift_moves_the_sessions_and_leaves_history(organiser_client, organiser, two_sessions):
    response = run_action(organiser_client, "shift", two_sessions, apply="1", minutes="30")

    assert messages_of(response) == ["Moved 2 sessions by +30 min."]
    assert [s.time_range() for s in Session.objects.order_by("start_time")] == ["10:30–11:30", "11:30–12:30"]
    entries = LogEntry.objects.filter(action_flag=CHANGE).order_by("object_id")
    assert [(e.user, e.object_id, e.get_change_message()) for e in entries] == [
        (organiser, str(session.pk), "Changed starts and ends.") for session in two_sessions
    ]


def test_shift_history_shows_on_the_sessions_history_page(organiser_client, two_sessions):
    run_action(organiser_client, "shift", two_sessions, apply="1", minutes="30")

    response = organiser_client.get(reverse("admin:events_session_history", args=[two_sessions[0].pk]))

    html = response.content.decode()
    assert "aigerim" in html
    assert "Changed starts and ends." in html


def test_shift_into_a_clash_moves_nothing_and_shows_why(organiser_client, two_sessions):
    lecture = two_sessions[0]
    make_session(day=lecture.day, space=lecture.space, start="12:00", end="13:00", title_en="Gala concert")

    response = run_action(organiser_client, "shift", two_sessions, apply="1", minutes="30")

    html = response.content.decode()
    assert "Nothing was changed:" in html
    assert "“Master class” would meet “Gala concert” (9 October 2025, 12:00–13:00) in the same space." in html
    assert [s.time_range() for s in Session.objects.filter(pk__in=[s.pk for s in two_sessions])] == [
        "10:00–11:00",
        "11:00–12:00",
    ]
    assert not LogEntry.objects.exists()


def test_cancel_asks_for_a_note_and_writes_it_in_the_organisers_language(organiser_client, two_sessions):
    asked = run_action(organiser_client, "cancel", two_sessions[:1])
    response = run_action(organiser_client, "cancel", two_sessions[:1], apply="1", note="The hall is closed.")

    assert 'name="note"' in asked.content.decode()
    assert messages_of(response) == ["Cancelled 1 session."]
    lecture = Session.objects.get(pk=two_sessions[0].pk)
    assert (lecture.status, lecture.status_note_en) == (Status.CANCELLED, "The hall is closed.")
    assert Session.objects.get(pk=two_sessions[1].pk).status == Status.SCHEDULED


def test_cancel_needs_a_note(organiser_client, two_sessions):
    response = run_action(organiser_client, "cancel", two_sessions, apply="1", note="")

    assert "This field is required." in response.content.decode()
    assert not Session.objects.filter(status=Status.CANCELLED).exists()


def test_publish_and_unpublish(organiser_client, two_sessions):
    published = run_action(organiser_client, "publish", two_sessions)
    again = run_action(organiser_client, "publish", two_sessions)
    unpublished = run_action(organiser_client, "unpublish", two_sessions[:1])

    assert messages_of(published) == ["Published 2 sessions."]
    assert messages_of(again) == ["Published 0 sessions."]
    assert messages_of(unpublished) == ["Unpublished 1 session."]
    assert list(Session.objects.order_by("start_time").values_list("is_published", flat=True)) == [False, True]


def test_duplicate_makes_drafts_and_says_the_space_is_free_to_choose(organiser_client, two_sessions):
    response = run_action(organiser_client, "duplicate", two_sessions[:1])

    assert messages_of(response) == [
        "Copied 1 session as an unpublished draft. Copies of sessions that hold their space have no space yet: "
        "choose one."
    ]
    copy = Session.objects.exclude(pk__in=[s.pk for s in two_sessions]).get()
    assert (copy.title_en, copy.is_published, copy.space) == ("Lecture", False, None)
    assert LogEntry.objects.get().object_id == str(copy.pk)


@pytest.mark.parametrize("action", ["shift", "cancel", "publish", "duplicate"])
def test_outsider_cannot_run_actions(client, django_user_model, two_sessions, action):
    client.force_login(django_user_model.objects.create_user("outsider", is_staff=True))

    response = run_action(client, action, two_sessions, apply="1", minutes="30", note="x")

    assert response.status_code == 403
    assert Session.objects.filter(is_published=False, status=Status.SCHEDULED).count() == 2
    assert Session.objects.count() == 2


def test_translator_cannot_run_actions(client, django_user_model, two_sessions):
    translator = django_user_model.objects.create_user("translator", is_staff=True)
    translator.groups.add(Group.objects.get(name="Translator"))
    client.force_login(translator)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"

    response = run_action(client, "publish", two_sessions)

    assert response.context["action_form"] is None
    assert messages_of(response) == []
    assert not Session.objects.filter(is_published=True).exists()
