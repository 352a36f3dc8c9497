"""The admin as an organiser working in Kazakh reads it: Django's own strings corrected, titles quoted once."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import translation

from events.models import Session
from sources.text import quoted
from tests.factories import make_day, make_session, make_space

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:events_session_changelist")
# A title that quotes a name itself, as the programme's titles do.
PLATFORM = "«Білім сапасы» дөңгелек үстелі"


@pytest.fixture
def kk_client(client, admin_user):
    client.force_login(admin_user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "kk"
    return client


@pytest.fixture
def sessions():
    day = make_day(date=datetime.date(2025, 10, 9))
    space = make_space()
    return [
        make_session(day=day, space=space, start="10:00", end="11:00", title_kk=PLATFORM, title_ru="Круглый стол"),
        make_session(day=day, space=space, start="11:00", end="12:00", title_kk="«Кеш you»", title_ru="«Кеш you»"),
    ]


def test_session_list_actions_and_filters_read_as_kazakh(kk_client, sessions):
    html = kk_client.get(CHANGELIST).content.decode()

    assert '<option value="delete_selected">Таңдалғандарды жою (іс-шаралар)</option>' in html
    assert ">Орындау</button>" in html
    assert "2 ішінен 0 таңдалды" in html
    assert "күйі бойынша" in html
    for wrong in ("өшірілді", "Өшіру/Уақыт", "0 of", "Сүзгіз", "Өзгетру", "one:", "other:"):
        assert wrong not in html


def test_deleting_sessions_asks_and_reports_in_kazakh(kk_client, sessions):
    data = {"action": "delete_selected", "_selected_action": [s.pk for s in sessions]}

    asked = kk_client.post(CHANGELIST, data).content.decode()
    done = kk_client.post(CHANGELIST, {**data, "post": "yes"}, follow=True)

    assert "Таңдалғандарды (іс-шаралар) шынымен жойғыңыз келе ме?" in asked
    assert [str(m) for m in done.context["messages"]] == ["Жойылған іс-шаралар саны: 2."]
    assert not Session.objects.exists()


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("kk", "«„Білім сапасы“ дөңгелек үстелі» сол бөлмеде «Кеш you» іс-шарасымен қабаттасар еді"),
        ("ru", "Мероприятие «Круглый стол» совпало бы с «Кеш you»"),
    ],
)
def test_shift_refusal_quotes_each_title_once(client, admin_user, sessions, language, expected):
    client.force_login(admin_user)
    data = {"action": "shift", "_selected_action": [sessions[0].pk], "apply": "1", "minutes": "30"}

    html = client.post(CHANGELIST, data, HTTP_ACCEPT_LANGUAGE=language).content.decode()

    assert expected in html
    assert "««" not in html
    assert "»»" not in html


def test_clash_on_save_quotes_the_title_once(kk_client, sessions):
    lecture = sessions[0]
    url = reverse("admin:events_session_change", args=[lecture.pk])
    form = kk_client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        {
            "day": lecture.day_id,
            "space": lecture.space_id,
            "start_time": "11:30",
            "end_time": "12:30",
            "takes_space": "on",
            "status": lecture.status,
            "category": lecture.category,
            "version": lecture.version,
            "original_language": lecture.original_language,
            "sessionperson_set-TOTAL_FORMS": 0,
            "sessionperson_set-INITIAL_FORMS": 0,
            "sessiontopic_set-TOTAL_FORMS": 0,
            "sessiontopic_set-INITIAL_FORMS": 0,
        }
    )

    html = kk_client.post(url, data).content.decode()

    assert "Бұл бөлмеде осы уақытта «Кеш you» өтеді (09.10.2025, 11:00–12:00)." in html
    assert "««" not in html


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("kk", "Гала-концерт", "«Гала-концерт»"),
        ("kk", "«Кеш you»", "«Кеш you»"),
        ("ru", "«Круглый стол» по качеству", "«„Круглый стол“ по качеству»"),
        ("ru", "Концерт «Кеш you»", "«Концерт „Кеш you“»"),
        ("en", "Gala concert", "“Gala concert”"),
        ("en", "“Kesh You”", "“Kesh You”"),
        ("en", "The “Onay” card", "“The ‘Onay’ card”"),
        ("kk", "«А» және «Б»", "«„А“ және „Б“»"),
    ],
)
def test_quoted_never_doubles_the_marks(language, text, expected):
    with translation.override(language):
        assert quoted(text) == expected


def test_autocomplete_selects_take_the_pages_language(kk_client, sessions):
    html = kk_client.get(reverse("admin:events_session_change", args=[sessions[0].pk])).content.decode()

    english = kk_client.get(
        reverse("admin:events_session_change", args=[sessions[0].pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()

    assert 'lang="None"' not in html
    assert html.count('class="admin-autocomplete') >= 2  # the day and the space
    assert len(re.findall(r'<select [^>]*class="admin-autocomplete"[^>]* lang="en">', english)) >= 2


def test_sign_in_page_speaks_of_a_user_as_the_admin_does(client):
    html = client.get(reverse("admin:login"), HTTP_ACCEPT_LANGUAGE="kk").content.decode()

    assert '<label for="id_username" class="required">Пайдаланушы аты:</label>' in html
    assert "Қолданушы" not in html
