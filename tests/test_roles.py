import pytest
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db

PROGRAMME_APPS = {"events", "venues", "people", "gallery"}
PROGRAMME_MODELS = sorted(
    f"{model._meta.app_label}_{model._meta.model_name}"
    for model in admin.site._registry
    if model._meta.app_label in PROGRAMME_APPS
)


def test_every_programme_model_is_in_the_admin():
    assert PROGRAMME_MODELS == [
        "events_day",
        "events_programme",
        "events_session",
        "events_sessionperson",
        "events_sessiontopic",
        "events_source",
        "events_topic",
        "gallery_exhibit",
        "gallery_exhibitphotographer",
        "gallery_photo",
        "people_honour",
        "people_person",
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
