"""Alphabet order and case folding for Kazakh, Russian and English text.

``alphabetical_key`` sorts names as a Kazakh or Russian reader expects (Ә after
А, Қ after К), not by code point. ``folded_contains`` is a lookup that ignores
case in any alphabet on SQLite and PostgreSQL alike: SQLite's LIKE and UPPER
fold ASCII only, so there both sides are folded by a Python ``casefold`` SQL
function; PostgreSQL's UPPER folds Cyrillic, including the Kazakh letters,
under the database's UTF-8 locale.
"""

from django.db.backends.signals import connection_created
from django.db.models import CharField, Lookup, TextField
from django.dispatch import receiver
from django.utils.translation import get_language

from sources.languages import field_in_language

CASEFOLD_FUNCTION = "casefold"

# The Kazakh Cyrillic alphabet; without its own letters it is the Russian one.
# Code point order would put Ә, Қ, Ө ... after Я and Ё before А.
CYRILLIC_ORDER = "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя"
_CYRILLIC_RANK = {letter: index for index, letter in enumerate(CYRILLIC_ORDER)}


def alphabetical_key(text: str) -> tuple:
    """Sort key for names in Kazakh, Russian or English: Latin letters, then Cyrillic in alphabet order."""
    key = []
    for char in text.casefold():
        rank = _CYRILLIC_RANK.get(char)
        key.append((1, rank) if rank is not None else (0, ord(char)) if char.isalnum() else (-1, ord(char)))
    return tuple(key)


def sorted_by_text(items, field: str = "name") -> list:
    """Sort objects by the text the page shows for ``field`` (the active language or its fallback)."""
    language = get_language()
    return sorted(items, key=lambda item: alphabetical_key(field_in_language(item, field, language)[0]))


def _casefold(value):
    return value.casefold() if isinstance(value, str) else value


def register_casefold(connection) -> None:
    """Give an SQLite connection the ``casefold(text)`` SQL function (idempotent)."""
    if connection.vendor != "sqlite":
        return
    connection.ensure_connection()
    connection.connection.create_function(CASEFOLD_FUNCTION, 1, _casefold, deterministic=True)


@receiver(connection_created, dispatch_uid="sources.alphabet.register_casefold")
def _register_on_connect(sender, connection, **kwargs):
    register_casefold(connection)


@CharField.register_lookup
@TextField.register_lookup
class FoldedContains(Lookup):
    """``field__folded_contains="алматы"``: a substring match that ignores case in any alphabet.

    Django's ``icontains`` is ``LIKE`` on SQLite, which matches "АЛМАТЫ" to
    "алматы" only for ASCII letters; this lookup folds both sides first.
    """

    lookup_name = "folded_contains"

    def get_db_prep_lookup(self, value, connection):
        return "%s", [f"%{connection.ops.prep_for_like_query(value)}%"]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        params = (*lhs_params, *rhs_params)
        if connection.vendor == "sqlite":
            # The signal covers new connections; this covers one opened before
            # this module was imported.
            register_casefold(connection)
            return f"{CASEFOLD_FUNCTION}({lhs}) LIKE {CASEFOLD_FUNCTION}({rhs}) ESCAPE '\\'", params
        return f"UPPER({lhs}) LIKE UPPER({rhs})", params
