"""Content as .po files: export a language, fill it in a translation tool, import it back."""

import polib
import pytest
from django.contrib.admin.models import LogEntry
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from events.models import Day, Session
from tests.factories import make_day, make_programme, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def content():
    programme = make_programme(slug="days-of-almaty", title_en="")
    day = make_day(programme=programme, title_ru="День открытия", title_kk="Ашылу күні")
    make_session(
        day=day,
        slug="gala-concert",
        title_ru="Гала-концерт",
        title_kk="Гала-концерт (kk)",
        title_en="",
        category="culture",
    )
    make_session(
        day=day, slug="folk-fair", title_ru="Народная ярмарка", title_kk="Халық жәрмеңкесі", title_en="Folk fair"
    )
    # Written in English: its English title is the source, not a translation.
    make_session(day=day, slug="english-club", original_language="en", title_en="English club", title_ru="")
    return day


def export(tmp_path, language="en"):
    path = tmp_path / f"content-{language}.po"
    call_command("export_content_po", "--language", language, "--output", str(path))
    return path


def run_import(path, *args):
    out = []

    class Collect:
        def write(self, text):
            out.append(text)

        def flush(self):
            """Nothing is buffered."""

    call_command("import_content_po", str(path), *args, stdout=Collect())
    return "".join(out).splitlines()


def test_export_names_records_and_fields_with_source_text_and_current_translation(content, tmp_path):
    po = polib.pofile(str(export(tmp_path)))

    entries = {entry.msgctxt: entry for entry in po}
    assert po.metadata["Language"] == "en"
    assert entries["events.session:gala-concert:title"].msgid == "Гала-концерт"
    assert entries["events.session:gala-concert:title"].msgstr == ""
    assert entries["events.session:folk-fair:title"].msgstr == "Folk fair"
    assert entries["events.day:days-of-almaty/2025-10-09:title"].msgid == "День открытия"
    assert "events.session:english-club:title" not in entries
    assert "exported translation: sha256 " in entries["events.session:folk-fair:title"].comment


def test_export_drops_control_characters_stored_before_validation(content, tmp_path):
    Session.objects.filter(slug="gala-concert").update(title_ru="Гала-\x0bконцерт")
    path = export(tmp_path)
    po = polib.pofile(str(path))
    po.find("Гала-концерт", msgctxt="events.session:gala-concert:title").msgstr = "Gala concert"
    po.save(str(path))

    run_import(path)

    assert "\x0b" not in path.read_text()
    assert Session.objects.get(slug="gala-concert").title_en == "Gala concert"


def test_round_trip_fills_a_missing_field_and_keeps_one_edited_since_export(content, tmp_path):
    path = export(tmp_path)
    po = polib.pofile(str(path))
    po.find("Гала-концерт", msgctxt="events.session:gala-concert:title").msgstr = "Gala concert"
    po.find("День открытия", msgctxt="events.day:days-of-almaty/2025-10-09:title").msgstr = "Opening day"
    po.find("Народная ярмарка", msgctxt="events.session:folk-fair:title").msgstr = "Folk market"
    po.save(str(path))
    # An organiser corrects the English title in the admin meanwhile.
    Session.objects.filter(slug="folk-fair").update(title_en="Folk fair on Republic Square")

    lines = run_import(path)

    assert Session.objects.get(slug="gala-concert").title_en == "Gala concert"
    assert Day.objects.get().title_en == "Opening day"
    assert Session.objects.get(slug="folk-fair").title_en == "Folk fair on Republic Square"
    assert "changed events.session:gala-concert:title: '' -> 'Gala concert'" in lines
    assert "conflict events.session:folk-fair:title: changed in the admin since the export; left as it is" in lines
    assert lines[-1].startswith("en: 2 changed, 1 conflict(s), ")


def test_force_overwrites_a_field_edited_since_export(content, tmp_path):
    path = export(tmp_path)
    po = polib.pofile(str(path))
    po.find("Народная ярмарка", msgctxt="events.session:folk-fair:title").msgstr = "Folk market"
    po.save(str(path))
    Session.objects.filter(slug="folk-fair").update(title_en="Folk fair on Republic Square")

    run_import(path, "--force")

    assert Session.objects.get(slug="folk-fair").title_en == "Folk market"


def test_importing_the_same_file_twice_changes_nothing_the_second_time(content, tmp_path):
    path = export(tmp_path)
    po = polib.pofile(str(path))
    po.find("Гала-концерт", msgctxt="events.session:gala-concert:title").msgstr = "Gala concert"
    po.save(str(path))
    run_import(path)

    lines = run_import(path)

    assert lines[-1].startswith("en: 0 changed, 0 conflict(s), ")


def test_fuzzy_translations_are_skipped(content, tmp_path):
    path = export(tmp_path)
    po = polib.pofile(str(path))
    entry = po.find("Гала-концерт", msgctxt="events.session:gala-concert:title")
    entry.msgstr = "Gala concert?"
    entry.flags.append("fuzzy")
    po.save(str(path))

    lines = run_import(path)

    assert Session.objects.get(slug="gala-concert").title_en == ""
    assert lines[-1].endswith("1 fuzzy skipped.")


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda po: po.append(polib.POEntry(msgctxt="events.session:no-such-session:title", msgid="x", msgstr="y")),
            "events.session:no-such-session:title: no events.session no-such-session",
        ),
        (
            lambda po: po.append(polib.POEntry(msgctxt="events.session:gala-concert:slug", msgid="x", msgstr="y")),
            "events.session:gala-concert:slug: events.session has no translated field slug",
        ),
        (
            lambda po: setattr(
                po.find("Гала-концерт", msgctxt="events.session:gala-concert:title"), "msgstr", "Gala\x07 concert"
            ),
            "events.session:gala-concert:title: the translation contains control characters",
        ),
        (
            lambda po: po.metadata.update({"Language": "de"}),
            "the file's Language header is 'de', not one of kk, ru, en",
        ),
    ],
    ids=["unknown record", "untranslated field", "control character", "unknown language"],
)
def test_invalid_file_is_refused_and_nothing_changes(content, tmp_path, capsys, edit, message):
    path = export(tmp_path)
    po = polib.pofile(str(path))
    po.find("День открытия", msgctxt="events.day:days-of-almaty/2025-10-09:title").msgstr = "Opening day"
    edit(po)
    po.save(str(path))

    with pytest.raises(CommandError, match="nothing was changed"):
        run_import(path)

    assert f"error: {message}" in capsys.readouterr().err.splitlines()
    assert Day.objects.get().title_en is None


def test_file_for_another_language_is_refused(content, tmp_path, capsys):
    path = export(tmp_path, "kk")

    with pytest.raises(CommandError):
        run_import(path, "--language", "en")

    assert "error: the file is for 'kk', not 'en'" in capsys.readouterr().err.splitlines()


def test_an_import_by_a_translator_is_in_each_records_history(content, tmp_path, django_user_model):
    translator = django_user_model.objects.create_user("aliya", is_staff=True)
    path = export(tmp_path)
    po = polib.pofile(str(path))
    po.find("Гала-концерт", msgctxt="events.session:gala-concert:title").msgstr = "Gala concert"
    po.save(str(path))

    with translation.override("en"):
        run_import(path, "--user", "aliya")

    entry = LogEntry.objects.get()
    assert entry.user == translator
    assert entry.object_id == str(Session.objects.get(slug="gala-concert").pk)
    with translation.override("en"):
        assert entry.get_change_message() == "Changed Title [en]."


def test_an_import_naming_an_unknown_user_changes_nothing(content, tmp_path):
    path = export(tmp_path)
    po = polib.pofile(str(path))
    po.find("Гала-концерт", msgctxt="events.session:gala-concert:title").msgstr = "Gala concert"
    po.save(str(path))

    with pytest.raises(CommandError, match="No user named 'nobody'"):
        run_import(path, "--user", "nobody")

    assert Session.objects.get(slug="gala-concert").title_en == ""
