"""The content translation status: an admin page and a command, counting per model, field and language."""

import re

import pytest
from django.contrib.auth.models import Permission, User
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from events.models import Session
from sources.translation_status import model_status
from tests.factories import make_day, make_session

pytestmark = pytest.mark.django_db

URL = "/admin/translation-status/"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def get(client):
    return client.get(URL, headers={"accept-language": "en"})


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


@pytest.fixture
def sessions():
    day = make_day()
    full = make_session(day=day, slug="gala-concert")
    no_english = make_session(day=day, slug="folk-fair", title_en="")
    # Written in Russian but with no Russian title: nothing to translate from.
    no_source = make_session(day=day, slug="unnamed", title_ru="", title_en="")
    return full, no_english, no_source


def test_counts_only_records_whose_source_text_is_filled(sessions):
    status = model_status(Session)

    title = next(field for field in status.fields if field.name == "title")
    assert [(s.language, s.filled, s.total, s.missing) for s in title.languages] == [
        ("kk", 2, 2, []),
        ("ru", 2, 2, []),
        ("en", 1, 2, [sessions[1].pk]),
    ]


def test_page_shows_counts_and_links_to_the_record_missing_a_translation(admin_client, sessions):
    response = get(admin_client)

    page = response.content.decode()
    assert "Content translation status" in page
    change_url = reverse("admin:events_session_change", args=[sessions[1].pk])
    assert f'<a href="{change_url}">1 missing</a>' in page
    session_table = text(page.split("<caption>Sessions</caption>")[1].split("</table>")[0])
    assert session_table.startswith("Field Kazakh Russian English Title 2 / 2 2 / 2 1 / 2 · 1 missing")


def test_link_to_several_missing_records_opens_the_filtered_changelist(admin_client):
    day = make_day()
    missing = [make_session(day=day, title_en="", slug=f"untranslated-{n}") for n in range(2)]
    make_session(day=day, slug="translated")

    page = get(admin_client).content.decode()
    link = re.search(r'<a href="(/admin/events/session/\?[^"]+)">2 missing</a>', page).group(1)
    changelist = admin_client.get(link.replace("&amp;", "&"), headers={"accept-language": "en"})

    shown = {s.pk for s in changelist.context["cl"].result_list}
    assert shown == {s.pk for s in missing}


@pytest.mark.parametrize("n", [1, 3])
def test_page_query_count_does_not_grow(admin_client, django_assert_num_queries, n):
    day = make_day()
    for number in range(n):
        make_session(day=day, title_en="", slug=f"s-{number}")
    admin_client.get(URL)  # warm the session

    # 2 queries: session, user; the translation checks of every model at once; then one
    # per translated model (13): Source, Programme, Day, Session, SessionPerson, Topic,
    # Release, Venue, Space, Honour, Person, Exhibit, Photo.
    with django_assert_num_queries(16):
        get(admin_client)


def test_staff_member_sees_only_the_models_they_may_view(client):
    user = User.objects.create_user("translator", password="x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_session", content_type__app_label="events"))
    client.force_login(user)

    page = get(client).content.decode()

    assert "<caption>Sessions</caption>" in page
    assert "<caption>Photos</caption>" not in page


def test_outsiders_are_refused(client):
    anonymous = get(client)
    client.force_login(User.objects.create_user("outsider", password="x", is_staff=True))
    staff_without_rights = get(client)

    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/admin/login/")
    assert staff_without_rights.status_code == 403
    assert "Content translation status" not in staff_without_rights.content.decode()


def test_command_prints_the_same_counts(sessions, capsys):
    call_command("translation_status")

    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["model", "field", "kk", "ru", "en"]
    assert "events.session title 2/2 2/2 1/2" in [" ".join(line.split()) for line in lines]
