"""The base of the project's management commands: help in the language of the person at the terminal."""

import os

from django.conf import settings
from django.core.management.base import BaseCommand, DjangoHelpFormatter
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_noop

# Django's own options, which every command lists and Django does not
# translate; the project's catalogue does (argparse's "-h" among them).
COMMON_OPTIONS = (
    gettext_noop("show this help message and exit"),
    gettext_noop("Show program's version number and exit."),
    gettext_noop("Verbosity level; 0=minimal output, 1=normal output, 2=verbose output, 3=very verbose output"),
    gettext_noop(
        'The Python path to a settings module, e.g. "myproject.settings.main". If this isn\'t provided, '
        "the DJANGO_SETTINGS_MODULE environment variable will be used."
    ),
    gettext_noop('A directory to add to the Python path, e.g. "/home/djangoprojects/myproject".'),
    gettext_noop("Display a full stack trace on CommandError exceptions."),
    gettext_noop("Don't colorize the command output."),
    gettext_noop("Force colorization of the command output."),
    gettext_noop("Skip system checks."),
)
# argparse's own headings, which it translates with a catalogue of its own.
HEADINGS = (gettext_noop("usage: "), gettext_noop("positional arguments"), gettext_noop("options"))
# The locale variables a terminal sets, in the order gettext reads them.
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def terminal_language(environ=None) -> str:
    """The site language of the person at the terminal, from the locale variables (``kk_KZ.UTF-8`` is ``kk``).

    The first variable naming kk, ru or en wins; the C or POSIX locale is the
    untranslated one, English; a locale in another language, or none, gives
    ``LANGUAGE_CODE``, as a browser asking for German does in the admin.
    """
    environ = os.environ if environ is None else environ
    available = {code for code, _name in settings.LANGUAGES}
    for name in LOCALE_VARIABLES:
        for value in environ.get(name, "").split(":"):
            code = value.split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
            if code in available:
                return code
            if code in {"c", "posix"} and name != "LANGUAGE":
                return "en"
    return settings.LANGUAGE_CODE


class TranslatedHelpFormatter(DjangoHelpFormatter):
    """Django's help layout, with argparse's "usage: " in the language active when the parser was built."""

    prefix = "usage: "

    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, self.prefix if prefix is None else prefix)


class TranslatedCommand(BaseCommand):
    """A command whose help speaks the terminal's language (``terminal_language()``).

    ``help`` and argument help may be lazy translations: argparse formats help
    with ``re`` and ``textwrap``, which refuse Django's lazy strings
    (``TypeError: expected string or bytes-like object``), so the parser is
    built with the terminal's language active and every help text is turned
    into text then. Both ``manage.py <command> --help`` and
    ``manage.py help <command>`` build it here. What the command does is left
    alone: the fixtures, for one, load outside any language.
    """

    def create_parser(self, prog_name, subcommand, **kwargs):
        with translation.override(terminal_language()):
            help_text = self.help
            self.help = str(help_text) if isinstance(help_text, Promise) else help_text
            try:
                parser = super().create_parser(prog_name, subcommand, **kwargs)
            finally:
                self.help = help_text
            for action in parser._actions:
                if isinstance(action.help, Promise):
                    action.help = str(action.help)
                elif action.help in COMMON_OPTIONS:
                    action.help = gettext(action.help)
            parser._positionals.title = gettext("positional arguments")
            parser._optionals.title = gettext("options")
            parser.formatter_class = type(
                "TranslatedHelpFormatter", (TranslatedHelpFormatter,), {"prefix": gettext("usage: ")}
            )
        return parser
