"""An exhibit is published only when every photo has its text alternative in kk, ru and en."""

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from gallery.models import Exhibit, Photo
from tests.factories import make_exhibit

pytestmark = pytest.mark.django_db

ALT = {"alt_text_kk": "Ертіс өзені", "alt_text_ru": "Река Иртыш", "alt_text_en": "The Irtysh river"}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def form_values(form):
    """The values a browser would post for ``form`` as the page shows it."""
    data = {}
    for name, field in form.fields.items():
        if name == "image":
            continue
        value = form[name].value()
        key = form.add_prefix(name)
        if isinstance(field, forms.BooleanField):
            if value:
                data[key] = "on"
        elif isinstance(value, list | tuple):
            data[key] = [str(item) for item in value]
        else:
            data[key] = "" if value is None else str(value)
    return data


def change_form_data(client, url) -> dict:
    response = client.get(url, headers={"accept-language": "en"})
    data = form_values(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(form_values(formset.management_form))
        for form in formset.forms:
            data.update(form_values(form))
    return data


def photo_prefix(client, url, key) -> str:
    response = client.get(url, headers={"accept-language": "en"})
    for inline in response.context["inline_admin_formsets"]:
        for form in inline.formset.forms:
            if getattr(form.instance, "key", None) == key:
                return form.prefix
    raise AssertionError(key)


@pytest.fixture
def exhibit():
    exhibit = make_exhibit(published=False)
    Photo.objects.create(exhibit=exhibit, key="river", **ALT)
    Photo.objects.create(exhibit=exhibit, key="bridge", alt_text_ru="Мост", alt_text_kk="Көпір")
    Photo.objects.create(exhibit=exhibit, key="square")
    return exhibit


def test_admin_refuses_to_publish_and_names_the_photos(admin_client, exhibit):
    url = reverse("admin:gallery_exhibit_change", args=[exhibit.pk])
    data = change_form_data(admin_client, url)
    data["is_published"] = "on"

    response = admin_client.post(url, data, headers={"accept-language": "en"})

    assert response.status_code == 200
    assert (
        "An exhibit cannot be published while a photo lacks its text alternative. "
        "Add it to these photos, in the languages shown: bridge (English); square (Kazakh, Russian, English)."
    ) in response.content.decode()
    assert Exhibit.objects.get().is_published is False


def test_admin_publishes_when_the_missing_texts_are_added_in_the_same_save(admin_client, exhibit):
    url = reverse("admin:gallery_exhibit_change", args=[exhibit.pk])
    data = change_form_data(admin_client, url)
    data["is_published"] = "on"
    for key in ("bridge", "square"):
        prefix = photo_prefix(admin_client, url, key)
        data.update({f"{prefix}-{name}": value for name, value in ALT.items()})

    response = admin_client.post(url, data, headers={"accept-language": "en"})

    assert response.status_code == 302
    assert Exhibit.objects.get().is_published is True
    assert Photo.objects.get(key="square").alt_text_en == "The Irtysh river"


def test_admin_refuses_a_photo_without_english_text_on_a_published_exhibit(admin_client):
    exhibit = make_exhibit(published=True)
    data = {
        "exhibit": exhibit.pk,
        "key": "night",
        "order": 0,
        "alt_text_kk": "Түнгі қала",
        "alt_text_ru": "Ночной город",
        "alt_text_en": "",
        **{f"caption_{lang}": "" for lang in ("kk", "ru", "en")},
    }

    response = admin_client.post(reverse("admin:gallery_photo_add"), data, headers={"accept-language": "en"})

    assert "The exhibit is published: add the text alternative in English." in response.content.decode()
    assert Photo.objects.count() == 0


def test_model_clean_names_the_stored_photos(exhibit):
    exhibit.is_published = True

    with pytest.raises(ValidationError) as raised:
        exhibit.full_clean()

    assert raised.value.message_dict["is_published"] == [
        "An exhibit cannot be published while a photo lacks its text alternative. "
        "Add it to these photos, in the languages shown: bridge (English); square (Kazakh, Russian, English)."
    ]


def test_exhibit_with_complete_texts_can_be_published(client, exhibit):
    Photo.objects.filter(exhibit=exhibit).update(**ALT)
    exhibit.is_published = True

    exhibit.full_clean()
    exhibit.save()

    # Residents now find it on the exhibits page and can open it.
    index = client.get(reverse("gallery:index")).content.decode()
    page = client.get(exhibit.get_absolute_url())
    assert f'<a href="{exhibit.get_absolute_url()}">{exhibit.title_en}</a>' in index
    assert page.status_code == 200
    assert f"<h1>{exhibit.title_en}</h1>" in page.content.decode()
