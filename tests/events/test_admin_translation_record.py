"""A translator's view of one record: its own language first, then the others, missing and stale ones marked."""

import re

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core.management import call_command
from django.urls import reverse

from events.models import Session
from sources.models import TranslationCheck
from sources.translation_checks import STALE, checks_for, fingerprint, state
from tests.factories import add_person, make_person, make_session

pytestmark = pytest.mark.django_db

STATUS = reverse("admin_translation_status")


def side_by_side(obj) -> str:
    return reverse("admin_translation_record", args=[obj._meta.app_label, obj._meta.model_name, obj.pk])


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def cells(html: str, field: str) -> list[str]:
    """The states of one field's row, in column order: source, missing, stale or fresh."""
    row = html.split(f'<th scope="row">{field}</th>')[1].split("</tr>")[0]
    return re.findall(r'<td class="translation-([a-z-]+)">', row)


@pytest.fixture
def translator(client):
    user = User.objects.create_user("dana", is_staff=True)
    user.groups.add(Group.objects.get(name="Translator"))
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def session():
    """Written in Russian, translated into Kazakh and English, its English description missing."""
    return make_session(
        original_language="ru",
        title_ru="Гала-концерт",
        title_kk="Гала-концерт (kk)",
        title_en="Gala concert",
        description_ru="Концерт мастеров искусств.",
        description_kk="Өнер шеберлерінің концерті.",
        description_en="",
    )


def change_source(session, title_ru):
    session.refresh_from_db()
    session.title_ru = title_ru
    session.save()


def test_translations_saved_with_the_record_are_fresh(session):
    checks = checks_for(session)

    assert sorted(checks) == [("description", "kk"), ("title", "en"), ("title", "kk")]
    assert checks[("title", "kk")].source_hash == fingerprint("Гала-концерт")
    assert state(checks[("title", "kk")], session.title_ru) != STALE


def test_side_by_side_shows_the_source_first_and_what_is_missing(translator, session):
    html = translator.get(side_by_side(session)).content.decode()

    assert text(html.split("<thead>")[1].split("</thead>")[0]) == "Field Russian (source) Kazakh English"
    assert cells(html, "Title") == ["source", "fresh", "fresh"]
    assert cells(html, "Description") == ["source", "fresh", "missing"]
    assert '<div lang="ru">Гала-концерт</div>' in html
    assert "1 translation missing." in text(html)
    assert "stale" not in text(html.split('<div id="content-main"')[1].split("<form")[0])


def test_a_changed_source_makes_its_translations_stale_until_each_is_saved(translator, session):
    change_source(session, "Торжественный гала-концерт")

    stale = translator.get(side_by_side(session)).content.decode()
    session.refresh_from_db()
    session.title_kk = "Салтанатты гала-концерт"
    session.save()
    after_kazakh = translator.get(side_by_side(session)).content.decode()

    assert cells(stale, "Title") == ["source", "stale", "stale"]
    assert cells(stale, "Description") == ["source", "fresh", "missing"]
    assert "1 translation missing; 2 stale: the source text changed after they were saved." in text(stale)
    assert "Stale : translated on" in text(stale)
    assert "the source text has changed since." in stale
    assert cells(after_kazakh, "Title") == ["source", "fresh", "stale"]


def test_a_translation_from_before_the_checks_turns_stale_when_its_source_changes(translator, session):
    TranslationCheck.objects.all().delete()

    untouched = translator.get(side_by_side(session)).content.decode()
    change_source(session, "Торжественный гала-концерт")
    changed = translator.get(side_by_side(session)).content.decode()

    assert cells(untouched, "Title") == ["source", "fresh", "fresh"]
    assert cells(changed, "Title") == ["source", "stale", "stale"]


def test_a_change_of_spacing_alone_leaves_translations_fresh(translator, session):
    change_source(session, "  Гала-концерт ")

    assert cells(translator.get(side_by_side(session)).content.decode(), "Title") == ["source", "fresh", "fresh"]


def test_a_translator_confirms_a_stale_translation_still_right(translator, session):
    change_source(session, "Гала концерт")
    url = side_by_side(session)

    response = translator.post(url, {"confirm": ["title:en", "title:ru", "slug:kk"]}, follow=True)

    html = response.content.decode()
    assert [str(m) for m in response.context["messages"]] == ["Confirmed 1 translation as still right."]
    assert cells(html, "Title") == ["source", "stale", "fresh"]


def test_the_change_form_and_the_status_page_lead_to_the_side_by_side_view(translator, session):
    change_source(session, "Гала концерт")

    form = translator.get(reverse("admin:events_session_change", args=[session.pk])).content.decode()
    status = translator.get(STATUS).content.decode()

    assert f'<li><a href="{side_by_side(session)}">Translations side by side</a></li>' in form
    session_table = status.split("<caption>Sessions</caption>")[1].split("</div>")[0]
    assert f'<a href="{side_by_side(session)}">1 stale</a>' in session_table
    assert f'<a href="{side_by_side(session)}">Гала концерт</a>' in session_table


def test_a_record_written_in_its_parents_language_is_compared_with_it(translator):
    session = make_session(original_language="kk")
    link = add_person(session, make_person())
    link.note_kk, link.note_ru, link.note_en = "әнші", "певица", "singer"
    link.save()
    link.note_kk = "халық әншісі"
    link.save()

    html = translator.get(side_by_side(link)).content.decode()

    assert text(html.split("<thead>")[1].split("</thead>")[0]) == "Field Kazakh (source) Russian English"
    assert cells(html, "Note") == ["source", "stale", "stale"]


def test_fixtures_loaded_raw_record_no_checks():
    call_command("loaddata", "fixtures/sources.json", "fixtures/president-visit.json", verbosity=0)

    assert Session.objects.exists()
    assert not TranslationCheck.objects.exists()


def test_someone_who_may_only_view_sees_no_confirmation_and_cannot_post(client, session):
    user = User.objects.create_user("viewer", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_session", content_type__app_label="events"))
    client.force_login(user)
    change_source(session, "Гала концерт")

    html = client.get(side_by_side(session), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    refused = client.post(side_by_side(session), {"confirm": ["title:en"]})

    assert cells(html, "Title") == ["source", "stale", "stale"]
    assert 'name="confirm"' not in html
    assert refused.status_code == 403
    assert state(checks_for(session)[("title", "en")], "Гала концерт") == STALE


def test_outsiders_and_unknown_records_are_refused(client, session):
    client.force_login(User.objects.create_user("outsider", is_staff=True))

    outsider = client.get(side_by_side(session))
    unknown_model = client.get(reverse("admin_translation_record", args=["events", "change", 1]))
    anonymous = client.logout() or client.get(side_by_side(session))

    assert outsider.status_code == 403
    assert unknown_model.status_code == 404
    assert anonymous.status_code == 302


@pytest.mark.parametrize("n", [1, 3])
def test_side_by_side_query_count_does_not_grow(translator, django_assert_num_queries, n):
    sessions = [make_session() for _ in range(n)]
    for session in sessions:
        change_source(session, f"{session.title_ru}!")
    translator.get(side_by_side(sessions[0]))  # warm the session and the content types

    # The Django session, the user, the user's own and group permissions, the record, its checks.
    with django_assert_num_queries(6):
        response = translator.get(side_by_side(sessions[-1]))

    assert cells(response.content.decode(), "Title") == ["source", "stale", "stale"]


@pytest.mark.parametrize(
    ("language", "heading", "stale"),
    [
        ("kk", "Өріс Орыс тілі (түпнұсқа) Қазақ тілі Ағылшын тілі", "Ескірген"),
        ("ru", "Поле Русский (оригинал) Казахский Английский", "Устарел"),
        ("en", "Field Russian (source) Kazakh English", "Stale"),
    ],
)
def test_side_by_side_speaks_the_translators_language(translator, session, language, heading, stale):
    change_source(session, "Гала концерт")

    html = translator.get(side_by_side(session), HTTP_ACCEPT_LANGUAGE=language).content.decode()

    assert f'<html lang="{language}"' in html
    assert text(html.split("<thead>")[1].split("</thead>")[0]) == heading
    assert f"<strong>{stale}</strong>" in html


def test_a_change_page_address_that_names_no_record_leads_back_to_the_list(admin_client, session):
    response = admin_client.get(f"/admin/events/session/{session.pk}/change/widgets.css/change/")

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


def test_a_deleted_record_leaves_no_checks_behind(session):
    other = make_session()

    session.delete()

    sessions = TranslationCheck.objects.filter(content_type__model="session")
    assert set(sessions.values_list("object_id", flat=True)) == {other.pk}
