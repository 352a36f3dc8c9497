"""An organiser can tell every space apart: the venue names it wherever the admin shows or offers a space."""

import datetime

import pytest
from django.urls import reverse

from tests.factories import make_day, make_session, make_space, make_venue

pytestmark = pytest.mark.django_db

PALACE_KK = "Металлургтер мәдениет сарайы"
SCHOOL_KK = "№ 12 мектеп"


@pytest.fixture
def sessions():
    """A session in a palace's foyer and one in a whole school: two spaces whose own names say nothing."""
    day = make_day(date=datetime.date(2025, 10, 9))
    palace = make_venue(name_kk=PALACE_KK, name_ru="Дворец культуры металлургов", name_en="Metallurgists' Palace")
    foyer = make_space(venue=palace, slug="foyer", name_kk="Фойе", name_ru="Фойе", name_en="Foyer")
    school = make_space(
        venue=make_venue(name_kk=SCHOOL_KK, name_ru="Школа № 12", name_en="School No. 12"), slug="whole"
    )
    return [
        make_session(day=day, start="10:00", end="11:00", space=foyer, title_kk="Көрме"),
        make_session(day=day, start="12:00", end="13:00", space=school, title_kk="Ашық сабақ"),
    ]


def kk_page(client, url, **params) -> str:
    return client.get(url, params, HTTP_ACCEPT_LANGUAGE="kk").content.decode()


def test_session_form_shows_the_chosen_space_with_its_venue(organiser_client, sessions):
    html = kk_page(organiser_client, reverse("admin:events_session_change", args=[sessions[0].pk]))

    assert f'<option value="{sessions[0].space_id}" selected>{PALACE_KK}, Фойе</option>' in html
    assert ">whole<" not in html


def test_day_inline_shows_each_sessions_space_with_its_venue(organiser_client, sessions):
    html = kk_page(organiser_client, reverse("admin:events_day_change", args=[sessions[0].day_id]))

    assert f'<option value="{sessions[0].space_id}" selected>{PALACE_KK}, Фойе</option>' in html
    assert f'<option value="{sessions[1].space_id}" selected>{SCHOOL_KK}</option>' in html
    assert ">whole<" not in html


def test_session_list_filters_and_shows_spaces_by_venue(organiser_client, sessions):
    html = kk_page(organiser_client, reverse("admin:events_session_changelist"))

    assert f"{PALACE_KK}, Фойе</a></li>" in html  # the space filter
    assert f'<td class="field-place">{SCHOOL_KK}</td>' in html  # the place column
    assert ">whole<" not in html


def test_session_list_filtered_by_space_shows_only_its_sessions(organiser_client, sessions):
    response = organiser_client.get(
        reverse("admin:events_session_changelist"), {"space__id__exact": sessions[1].space_id}
    )

    assert [session.title_kk for session in response.context["cl"].result_list] == ["Ашық сабақ"]
