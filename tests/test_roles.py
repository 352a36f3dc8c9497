import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse

from tests.factories import add_person, make_person, make_session, make_space

pytestmark = pytest.mark.django_db

PROGRAMME_APPS = {"sources", "events", "venues", "people", "gallery"}
PROGRAMME_MODELS = sorted(
    f"{model._meta.app_label}_{model._meta.model_name}"
    for model in admin.site._registry
    if model._meta.app_label in PROGRAMME_APPS
)


def test_every_programme_model_is_in_the_admin():
    assert PROGRAMME_MODELS == [
        "events_change",
        "events_day",
        "events_programme",
        "events_release",
        "events_session",
        "events_sessionperson",
        "events_sessiontopic",
        "events_topic",
        "gallery_exhibit",
        "gallery_exhibitphotographer",
        "gallery_photo",
        "people_honour",
        "people_person",
        "sources_source",
        "venues_space",
        "venues_venue",
    ]


@pytest.fixture
def outsider_client(client, django_user_model):
    """A staff account with no permissions at all."""
    outsider = django_user_model.objects.create_user("outsider", is_staff=True)
    client.force_login(outsider)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.mark.parametrize("model", PROGRAMME_MODELS)
def test_outsider_is_refused_every_changelist(outsider_client, model):
    response = outsider_client.get(reverse(f"admin:{model}_changelist"))

    assert response.status_code == 403
    assert b"403 Forbidden" in response.content


def test_outsider_sees_no_programme_model_on_the_admin_index(outsider_client):
    response = outsider_client.get(reverse("admin:index"))

    assert response.context["app_list"] == []


def group_codenames(name: str) -> set[str]:
    group = Group.objects.get(name=name)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}


def test_organisers_may_do_everything_to_the_programme_and_nothing_to_accounts():
    codenames = group_codenames("Organiser")

    assert {
        f"{app}.{action}_{model}"
        for app, model in (name.split("_", 1) for name in PROGRAMME_MODELS)
        for action in ("add", "change", "delete", "view")
        if model not in ("change", "release")  # the change log is written by the system
    } <= codenames
    assert {"events.view_change", "events.delete_change"} <= codenames
    assert not codenames & {"events.add_change", "events.change_change"}
    # A release is made by publishing it and never edited or deleted.
    assert {"events.add_release", "events.view_release"} <= codenames
    assert not codenames & {"events.change_release", "events.delete_release"}
    assert not any(code.startswith("auth.") for code in codenames)


def test_translators_may_only_view_and_change_translated_models():
    codenames = group_codenames("Translator")

    assert "events.change_session" in codenames
    assert "venues.view_space" in codenames
    assert "gallery.change_photo" in codenames
    assert not any(code.split(".")[1].startswith(("add_", "delete_")) for code in codenames)
    # Links between records carry no text to translate.
    assert "events.change_sessiontopic" not in codenames
    assert "gallery.view_exhibitphotographer" not in codenames


def client_in_group(client, django_user_model, group: str):
    user = django_user_model.objects.create_user(group.lower(), is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def translator_client(client, django_user_model):
    return client_in_group(client, django_user_model, "Translator")


@pytest.fixture
def organiser_client(client, django_user_model):
    return client_in_group(client, django_user_model, "Organiser")


@pytest.fixture
def session():
    session = make_session(start="10:00", end="12:30", title_en="Gala concert", space=make_space())
    add_person(session, make_person(name_en="Aigul Nurlanova"))
    return session


def test_translator_edits_only_the_translated_text(translator_client, session):
    url = reverse("admin:events_session_change", args=[session.pk])

    html = translator_client.get(url).content.decode()

    assert 'name="title_ru"' in html
    assert 'name="status_note_en"' in html
    assert 'name="start_time"' not in html
    assert 'name="space"' not in html
    assert 'name="is_published"' not in html
    assert "10:00" in html  # the time is shown, read-only
    assert "Aigul Nurlanova" in html  # the people are shown ...
    assert 'name="appearances-0-person"' not in html  # ... but not editable
    assert 'name="appearances-MAX_NUM_FORMS" value="0"' in html  # and none can be added


def test_translator_saves_a_translation_and_cannot_move_the_session(translator_client, session):
    url = reverse("admin:events_session_change", args=[session.pk])
    data = {
        "title_kk": "Гала-концерт",
        "title_ru": "Гала-концерт",
        "title_en": "Gala concert",
        "description_kk": "",
        "description_ru": "",
        "description_en": "",
        "location_note_kk": "",
        "location_note_ru": "",
        "location_note_en": "",
        "status_note_kk": "",
        "status_note_ru": "",
        "status_note_en": "",
        "start_time": "18:00",
        "is_published": "",
        # The read-only people inline still sends its management form.
        "appearances-TOTAL_FORMS": "1",
        "appearances-INITIAL_FORMS": "1",
        "appearances-0-id": session.appearances.get().pk,
        "appearances-0-session": session.pk,
    }

    response = translator_client.post(url, data)

    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.title_ru, session.start_time.isoformat(), session.is_published) == (
        "Гала-концерт",
        "10:00:00",
        True,
    )


def test_translator_cannot_add_or_delete(translator_client, session):
    add = translator_client.get(reverse("admin:events_session_add"))
    delete = translator_client.get(reverse("admin:events_session_delete", args=[session.pk]))

    assert (add.status_code, delete.status_code) == (403, 403)


def test_translator_sees_no_actions(translator_client, session):
    response = translator_client.get(reverse("admin:events_session_changelist"))

    assert "Gala concert" in response.content.decode()
    assert response.context["action_form"] is None


def test_translator_is_refused_links_without_text(translator_client):
    response = translator_client.get(reverse("admin:events_sessiontopic_changelist"))

    assert response.status_code == 403


def test_organiser_edits_every_field_and_sees_actions(organiser_client, session):
    change = organiser_client.get(reverse("admin:events_session_change", args=[session.pk])).content.decode()
    changelist = organiser_client.get(reverse("admin:events_session_changelist"))

    assert 'name="start_time"' in change
    assert 'name="appearances-0-person"' in change
    assert "Delete selected sessions" in changelist.content.decode()


def test_organiser_adds_a_session(organiser_client):
    response = organiser_client.get(reverse("admin:events_session_add"))

    assert response.status_code == 200
    assert 'name="title_kk"' in response.content.decode()


def test_organiser_cannot_manage_accounts(organiser_client):
    users = organiser_client.get(reverse("admin:auth_user_changelist"))
    groups = organiser_client.get(reverse("admin:auth_group_changelist"))

    assert (users.status_code, groups.status_code) == (403, 403)
