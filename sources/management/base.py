"""The base of the project's management commands whose help texts are translated."""

from django.core.management.base import BaseCommand
from django.utils.functional import Promise


class TranslatedCommand(BaseCommand):
    """A command whose ``help`` and argument help may be lazily translated strings.

    argparse formats help with ``re`` and ``textwrap``, which refuse Django's
    lazy strings (``TypeError: expected string or bytes-like object``); they
    are turned into text, in the active language, when the parser is built.
    """

    def create_parser(self, prog_name, subcommand, **kwargs):
        if isinstance(self.help, Promise):
            self.help = str(self.help)
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        for action in parser._actions:
            if isinstance(action.help, Promise):
                action.help = str(action.help)
        return parser
