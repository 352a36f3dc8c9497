"""Every command the project ships answers ``help`` in the organiser's language instead of a traceback."""

from io import StringIO

import pytest
from django.core.management import get_commands, load_command_class
from django.utils import translation

PROJECT_APPS = {"sources", "venues", "people", "gallery", "events"}
COMMANDS = sorted(name for name, app in get_commands().items() if app in PROJECT_APPS)


def test_the_project_ships_its_commands():
    assert {"export_content_po", "import_content_po", "translation_status", "rebuild_renditions"} <= set(COMMANDS)


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
@pytest.mark.parametrize("name", COMMANDS)
def test_help_is_printed(name, language):
    command = load_command_class(get_commands()[name], name)
    out = StringIO()

    with translation.override(language):
        parser = command.create_parser("manage.py", name)
        parser.print_help(out)

    text = out.getvalue()
    assert text.startswith("usage: manage.py " + name)
    assert len(text.splitlines()) > 3


def test_kazakh_help_is_in_kazakh():
    command = load_command_class("sources", "translation_status")
    out = StringIO()

    with translation.override("kk"):
        command.create_parser("manage.py", "translation_status").print_help(out)

    assert any("\u0400" <= char <= "\u04ff" for char in out.getvalue())
