import datetime

import pytest
from django.db import connection
from django.urls import reverse

from events.models import Status
from tests.factories import add_person, make_day, make_person, make_session, make_space, make_venue

pytestmark = pytest.mark.django_db

# PostgreSQL's exclusion constraint refuses two sessions in one space at once,
# so such rows exist only on SQLite (saved without clean(), as an import could).
sqlite_only = pytest.mark.skipif(
    connection.vendor == "postgresql", reason="PostgreSQL refuses overlapping sessions in one space"
)


@pytest.fixture
def organiser_client(client, admin_user):
    client.force_login(admin_user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def day():
    """A day where one singer is booked in two places at once."""
    day = make_day(date=datetime.date(2025, 10, 9))
    hall = make_space(venue=make_venue(name_en="Palace of Culture"), name_en="Great hall")
    concert = make_session(day=day, space=hall, start="10:00", end="12:00", title_en="Gala concert")
    master_class = make_session(day=day, space=make_space(), start="11:30", title_en="Master class")
    singer = make_person(name_en="Aigul Nurlanova")
    add_person(concert, singer)
    add_person(master_class, singer)
    make_session(day=day, space=hall, start="14:00", end="15:00", title_en="Quiet")
    return day


def warnings_on(response) -> list[str]:
    return [str(conflict) for conflict in response.context["conflicts"]]


def test_day_page_warns_of_a_person_in_two_places(organiser_client, day):
    response = organiser_client.get(reverse("admin:events_day_change", args=[day.pk]))

    assert warnings_on(response) == ["Aigul Nurlanova is in “Gala concert” (10:00–12:00) and “Master class” (11:30)."]
    assert '<li class="warning">Aigul Nurlanova is in “Gala concert”' in response.content.decode()


def test_session_page_warns_only_of_its_own_clashes(organiser_client, day):
    master_class = day.sessions.get(title_en="Master class")
    quiet = day.sessions.get(title_en="Quiet")

    master_class_page = organiser_client.get(reverse("admin:events_session_change", args=[master_class.pk]))
    quiet_page = organiser_client.get(reverse("admin:events_session_change", args=[quiet.pk]))

    assert warnings_on(master_class_page) == [
        "Aigul Nurlanova is in “Gala concert” (10:00–12:00) and “Master class” (11:30)."
    ]
    assert warnings_on(quiet_page) == []
    assert 'class="warning"' not in quiet_page.content.decode()


def test_a_cancelled_session_clashes_with_nothing(organiser_client, day):
    day.sessions.filter(title_en="Gala concert").update(status=Status.CANCELLED)

    response = organiser_client.get(reverse("admin:events_day_change", args=[day.pk]))

    assert warnings_on(response) == []


@sqlite_only
def test_day_and_session_pages_warn_of_two_sessions_in_one_space(organiser_client, day):
    concert = day.sessions.get(title_en="Gala concert")
    lecture = make_session(day=day, space=concert.space, start="11:00", end="13:00", title_en="Lecture")

    day_page = organiser_client.get(reverse("admin:events_day_change", args=[day.pk]))
    lecture_page = organiser_client.get(reverse("admin:events_session_change", args=[lecture.pk]))

    space_clash = "“Gala concert” (10:00–12:00) and “Lecture” (11:00–13:00) share Palace of Culture, Great hall."
    assert space_clash in warnings_on(day_page)
    assert warnings_on(lecture_page) == [space_clash]
