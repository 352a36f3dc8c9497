"""Every command the project ships answers ``--help`` and ``help <command>`` in the terminal's language.

The commands are found in the project apps' ``management/commands/`` folders,
so a new command is covered without touching this file.
"""

import contextlib
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import ManagementUtility, load_command_class
from django.utils import translation

from sources.management.base import TranslatedCommand, terminal_language

ROOT = Path(settings.BASE_DIR)
PROJECT_APPS = [config for config in apps.get_app_configs() if Path(config.path).parent == ROOT]
COMMANDS = sorted(
    (config.name, path.stem)
    for config in PROJECT_APPS
    for path in (Path(config.path) / "management" / "commands").glob("*.py")
    if not path.name.startswith("_")
)
LOCALES = {"kk": "kk_KZ.UTF-8", "ru": "ru_RU.UTF-8", "en": "en_GB.UTF-8"}
USAGE = {"kk": "қолданылуы: manage.py ", "ru": "использование: manage.py ", "en": "usage: manage.py "}
OPTIONS = {"kk": "опциялар:", "ru": "параметры:", "en": "options:"}
HELP_OPTION = {
    "kk": "осы анықтаманы көрсетіп, шығу",
    "ru": "показать эту справку и выйти",
    "en": "show this help message and exit",
}


@pytest.fixture
def terminal(monkeypatch):
    """Set the terminal's locale as a shell would: ``terminal("kk")``."""

    def set_locale(language):
        for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("LANG", LOCALES[language])

    return set_locale


def run_manage(*argv) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.suppress(SystemExit), translation.override(None):
        ManagementUtility(["manage.py", *argv]).execute()
    return out.getvalue()


def described(app, name, language) -> str:
    """The command's description as argparse wraps it: the first words are enough to find it."""
    with translation.override(language):
        return " ".join(str(load_command_class(app, name).help).split()[:4])


def test_the_project_ships_its_commands():
    assert {name for _app, name in COMMANDS} >= {
        "export_content_po",
        "import_content_po",
        "translation_status",
        "rebuild_renditions",
        "seed_site",
        "reload_fixtures",
        "backup_site",
        "restore_site",
    }


@pytest.mark.parametrize(("app", "name"), COMMANDS)
def test_every_command_has_translated_help(terminal, app, name):
    command = load_command_class(app, name)
    terminal("kk")

    assert isinstance(command, TranslatedCommand), f"{name}: derive it from sources.management.base.TranslatedCommand"
    parser = command.create_parser("manage.py", name)
    own = [action.help for action in parser._actions if action.dest not in {"help", "version"}]
    for text in [parser.description, *own]:
        if text:
            assert any("\u0400" <= char <= "\u04ff" for char in text), f"{name}: {text!r} is not translated"


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
@pytest.mark.parametrize(("app", "name"), COMMANDS)
@pytest.mark.parametrize("form", ["--help", "help"])
def test_help_is_printed_in_the_terminals_language(terminal, app, name, language, form):
    terminal(language)

    text = run_manage(name, "--help") if form == "--help" else run_manage("help", name)

    assert text.startswith(USAGE[language] + name)
    assert f"\n{OPTIONS[language]}\n" in text
    assert HELP_OPTION[language] in text
    assert described(app, name, language) in " ".join(text.split())


def test_help_is_in_kazakh_from_manage_py_itself():
    env = {**os.environ, "DEBUG": "1", "LANG": "kk_KZ.UTF-8", "LC_ALL": "", "LANGUAGE": ""}

    result = subprocess.run(
        [sys.executable, "manage.py", "help", "translation_status"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("қолданылуы: manage.py translation_status")
    assert "Әр аударылатын модель, өріс және тіл бойынша" in result.stdout


@pytest.mark.parametrize(
    ("environ", "language"),
    [
        ({"LANG": "kk_KZ.UTF-8"}, "kk"),
        ({"LANG": "ru_RU.UTF-8"}, "ru"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "ru_KZ"}, "ru"),
        ({"LC_ALL": "ru_RU.UTF-8", "LANG": "en_US.UTF-8"}, "ru"),
        ({"LC_MESSAGES": "kk_KZ.UTF-8", "LANG": "ru_RU.UTF-8"}, "kk"),
        ({"LANGUAGE": "de:ru", "LANG": "en_US.UTF-8"}, "ru"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "POSIX"}, "en"),
        ({"LANG": "de_DE.UTF-8"}, "kk"),
        ({}, "kk"),
    ],
)
def test_terminal_language_follows_the_locale_variables(environ, language):
    assert terminal_language(environ) == language
