"""Two organisers editing one record: a stale copy is refused, says who saved and when, and loses nothing."""

import datetime

import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client
from django.urls import reverse
from django.utils import translation

from events import services
from events.models import Category, Session
from sources.models import StaleEdit
from tests.factories import make_day, make_session, make_space, make_venue
from venues.models import Venue

pytestmark = pytest.mark.django_db


@pytest.fixture
def gala():
    return make_session(
        day=make_day(date=datetime.date(2025, 10, 9)),
        space=make_space(),
        start="18:00",
        end="20:00",
        slug="gala-concert",
        title_kk="Гала-концерт",
        title_ru="Гала-концерт",
        title_en="Gala concert",
        category=Category.CULTURE,
    )


def session_post(session, version, **changes) -> dict:
    data = {
        "day": session.day_id,
        "start_time": session.start_time.strftime("%H:%M"),
        "end_time": session.end_time.strftime("%H:%M"),
        "title_kk": session.title_kk,
        "title_ru": session.title_ru,
        "title_en": session.title_en,
        "description_en": "",
        "category": session.category,
        "status": session.status,
        "space": session.space_id,
        "takes_space": "on",
        "is_published": "on",
        "original_language": "ru",
        "slug": session.slug,
        "version": str(version),
        "appearances-TOTAL_FORMS": "0",
        "appearances-INITIAL_FORMS": "0",
        "topic_links-TOTAL_FORMS": "0",
        "topic_links-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


@pytest.fixture
def two_tabs(client, django_user_model):
    """Aigerim's and Dmitry's browsers, both signed in as organisers, in Kazakh."""
    aigerim = django_user_model.objects.create_superuser("aigerim", first_name="Айгерім", last_name="Сейітова")
    dmitry = django_user_model.objects.create_superuser("dmitry")
    tabs = []
    for user in (aigerim, dmitry):
        tab = Client(HTTP_ACCEPT_LANGUAGE="kk")
        tab.force_login(user)
        tabs.append(tab)
    return tabs


def test_the_change_form_carries_the_version_it_was_opened_at(two_tabs, gala):
    page = two_tabs[0].get(reverse("admin:events_session_change", args=[gala.pk]))

    assert '<input type="hidden" name="version" value="0"' in page.content.decode()


def test_the_second_of_two_tabs_is_told_and_keeps_what_it_typed(two_tabs, gala):
    aigerim, dmitry = two_tabs
    url = reverse("admin:events_session_change", args=[gala.pk])
    aigerim.get(url)
    dmitry.get(url)  # both opened at version 0

    first = aigerim.post(url, session_post(gala, 0, title_en="Gala concert of the Days of Almaty"))
    second = dmitry.post(url, session_post(gala, 0, description_en="With the State Symphony Orchestra."))

    gala.refresh_from_db()
    assert first.status_code == 302
    assert second.status_code == 200
    html = second.content.decode()
    assert "Айгерім Сейітова" in html
    errors = second.context["adminform"].form.non_field_errors()
    assert len(errors) == 1 and errors[0].startswith("Айгерім Сейітова бұл жазбаны")
    # What Dmitry typed is still in the form, and nothing of it was saved.
    assert "With the State Symphony Orchestra." in html
    assert gala.title_en == "Gala concert of the Days of Almaty"
    assert gala.description_en == ""
    assert gala.version == 1
    # The form now offers the stored version: saving again is a deliberate choice.
    assert '<input type="hidden" name="version" value="1"' in html


def test_saving_again_after_the_warning_goes_through(two_tabs, gala):
    aigerim, dmitry = two_tabs
    url = reverse("admin:events_session_change", args=[gala.pk])
    aigerim.post(url, session_post(gala, 0, title_en="Gala concert of the Days of Almaty"))
    dmitry.post(url, session_post(gala, 0, description_en="With the orchestra."))

    again = dmitry.post(url, session_post(gala, 1, description_en="With the orchestra."))

    gala.refresh_from_db()
    assert again.status_code == 302
    assert (gala.description_en, gala.version) == ("With the orchestra.", 2)


def test_an_admin_action_makes_an_open_form_stale(two_tabs, gala):
    aigerim, dmitry = two_tabs
    url = reverse("admin:events_session_change", args=[gala.pk])
    services.shift_sessions(sessions=[gala], minutes=30)

    response = dmitry.post(url, session_post(gala, 0, title_en="Renamed"))

    gala.refresh_from_db()
    assert response.status_code == 200
    assert (gala.start_time, gala.title_en) == (datetime.time(18, 30), "Gala concert")


def test_a_stale_copy_is_refused_by_the_model_itself(gala):
    first = Session.objects.get(pk=gala.pk)
    second = Session.objects.get(pk=gala.pk)
    first.title_en = "First"
    first.save()
    second.title_en = "Second"

    with pytest.raises(StaleEdit):
        second.save()

    gala.refresh_from_db()
    assert (gala.title_en, gala.version) == ("First", 1)


def test_a_venue_form_in_english_names_the_organiser_and_the_time(client, django_user_model):
    venue = make_venue(slug="palace", name_en="Palace")
    user = django_user_model.objects.create_superuser("aigerim")
    client.force_login(user)
    venue.name_en = "Palace of the Republic"
    venue.save()
    LogEntry.objects.log_actions(user.pk, [venue], 2, change_message="", single_object=True)
    url = reverse("admin:venues_venue_change", args=[venue.pk])
    data = {
        "slug": "palace",
        "name_en": "Palace of Culture",
        "name_ru": "",
        "name_kk": "",
        "kind": venue.kind,
        "city_en": venue.city_en,
        "original_language": "ru",
        "version": "0",
        "spaces-TOTAL_FORMS": "0",
        "spaces-INITIAL_FORMS": "0",
    }

    with translation.override("en"):
        response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    message = response.context["adminform"].form.non_field_errors()[0]
    assert message.startswith("aigerim saved this record at ")
    assert Venue.objects.get(pk=venue.pk).name_en == "Palace of the Republic"
