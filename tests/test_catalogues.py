"""The interface catalogues: complete in kk, ru and en, Kazakh dates, and the admin in Kazakh."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from tests.check_catalogues import LOCALE, problems
from tests.factories import make_session, make_space

# Messages an organiser meets on the admin's screens that Django's own Kazakh
# catalogue leaves in English; the project's catalogue fills them.
ADMIN_INDEX_MESSAGES = {
    "Recent actions": "Соңғы әрекеттер",
    "My actions": "Менің әрекеттерім",
    "Skip to main content": "Негізгі мазмұнға өту",
    "View site": "Сайтты қарау",
}
# The change form's buttons, which Django's Kazakh gives in a familiar imperative
# ("Сақта және жаңасын қос") and the project as the admin's other buttons read.
CHANGE_FORM_MESSAGES = {
    "Save and add another": "Сақтап, тағы біреуін қосу",
    "Save and continue editing": "Сақтап, өңдеуді жалғастыру",
}


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_project_catalogue_has_no_empty_or_fuzzy_entry(language):
    assert problems(language) == []


def test_kazakh_admin_javascript_catalogue_has_no_empty_or_fuzzy_entry():
    assert problems("kk", LOCALE / "kk" / "LC_MESSAGES" / "djangojs.po") == []


def test_checker_flags_fuzzy_and_empty_entries(tmp_path):
    path = tmp_path / "django.po"
    path.write_text(
        "\n".join(
            [
                'msgid ""',
                'msgstr ""',
                '"Content-Type: text/plain; charset=UTF-8\\n"',
                '"Plural-Forms: nplurals=2; plural=(n!=1);\\n"',
                "",
                'msgid "Translated"',
                'msgstr "Аударылған"',
                "",
                "#, fuzzy",
                'msgid "Guessed"',
                'msgstr "Болжанған"',
                "",
                'msgid "Empty"',
                'msgstr ""',
                "",
                'msgid "%(n)s day"',
                'msgid_plural "%(n)s days"',
                'msgstr[0] "%(n)s күн"',
                'msgstr[1] ""',
                "",
            ]
        ),
        encoding="utf-8",
    )

    found = problems("kk", path)

    assert found == ["kk: fuzzy: 'Guessed'", "kk: untranslated: 'Empty'", "kk: untranslated: '%(n)s day'"]


def test_missing_catalogue_is_a_problem(tmp_path):
    path = tmp_path / "django.po"

    assert problems("kk", path) == [f"{path}: missing"]


@pytest.mark.parametrize(
    ("language", "day", "month"),
    [
        ("kk", "9 қазан 2025 ж.", "2017 ж. тамыз"),
        ("ru", "9 октября 2025 г.", "Август 2017 г."),
        ("en", "9 October 2025", "August 2017"),
    ],
)
def test_dates_write_month_names_as_each_language_does(language, day, month):
    with translation.override(language):
        shown = (
            date_format(datetime.date(2025, 10, 9), "DATE_FORMAT"),
            date_format(datetime.date(2017, 8, 1), "YEAR_MONTH_FORMAT"),
        )

    assert shown == (day, month)


@pytest.fixture
def kazakh_organiser(client, admin_user):
    """A superuser whose browser asks for Kazakh (the admin takes the language from Accept-Language)."""
    client.force_login(admin_user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "kk"
    return client


@pytest.mark.django_db
def test_admin_index_is_in_kazakh_where_django_is_not(kazakh_organiser):
    page = kazakh_organiser.get(reverse("admin:index")).content.decode()

    assert [kk for kk in ADMIN_INDEX_MESSAGES.values() if kk not in page] == []
    assert [en for en in ADMIN_INDEX_MESSAGES if en in page] == []


@pytest.mark.django_db
def test_session_form_is_in_kazakh_where_django_is_not(kazakh_organiser):
    session = make_session(start="10:00", space=make_space())

    page = kazakh_organiser.get(reverse("admin:events_session_change", args=[session.pk])).content.decode()

    assert [kk for kk in CHANGE_FORM_MESSAGES.values() if kk not in page] == []
    assert [en for en in CHANGE_FORM_MESSAGES if en in page] == []
    # The project's own fieldsets: place, state, record.
    for heading in ("Орны", "Күйі", "Жазба"):
        assert f'class="fieldset-heading">{heading}</h2>' in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "choose_a_time", "october"),
    [("kk", "Уақытты таңдаңыз", "Қазан"), ("ru", "Выберите время", "Октябрь")],
)
def test_admin_calendar_and_clock_speak_the_organisers_language(kazakh_organiser, language, choose_a_time, october):
    catalogue = kazakh_organiser.get(reverse("admin:jsi18n"), HTTP_ACCEPT_LANGUAGE=language).content.decode()

    # The catalogue is JSON with non-ASCII letters escaped (\u0423...).
    assert (as_js(choose_a_time) in catalogue, as_js(october) in catalogue) == (True, True)
    # Russian falls back to the site's default language, Kazakh, only where
    # Russian lacks a message: none of the project's Kazakh may leak in.
    if language == "ru":
        assert as_js("Уақытты таңдаңыз") not in catalogue


def as_js(text: str) -> str:
    return json.dumps(text)[1:-1]
