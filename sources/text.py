"""Text rules shared by every app: slugs from Kazakh and Russian, and the
characters that exports cannot carry.

The text policy: a single-line field (a title, a name, a CharField) refuses
line breaks and control characters; a multi-line field (a description, a
TextField) refuses control characters other than line breaks and tabs. Models
attach ``SINGLE_LINE`` or ``MULTI_LINE`` as validators, so admin forms, the
``.po`` import and ``full_clean()`` apply the same rule.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from unidecode import unidecode

# Unidecode writes the Kazakh letters as "K'", "@" and the like; Kazakh has an
# official Latin alphabet (2021) that reads naturally in a URL.
KAZAKH_LATIN = str.maketrans(
    {
        "ә": "a", "Ә": "A",
        "ғ": "g", "Ғ": "G",
        "қ": "q", "Қ": "Q",
        "ң": "n", "Ң": "N",
        "ө": "o", "Ө": "O",
        "ұ": "u", "Ұ": "U",
        "ү": "u", "Ү": "U",
        "һ": "h", "Һ": "H",
        "і": "i", "І": "I",
    }
)  # fmt: skip


def ascii_slug(text: str, max_length: int = 80) -> str:
    """Return a readable ASCII slug for a Kazakh, Russian or English text."""
    latin = unidecode(text.translate(KAZAKH_LATIN)).replace("'", "")
    return slugify(latin)[:max_length].strip("-")


# XML 1.0 and iCalendar forbid C0 controls other than tab, LF and CR, and DEL;
# XML also the non-characters U+FFFE and U+FFFF.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def validate_no_control_characters(value: str) -> None:
    if value and CONTROL_CHARACTERS.search(value):
        raise ValidationError(
            _("This text contains invisible control characters; please retype it."),
            code="control_characters",
        )


LINE_BREAKS = re.compile(r"[\n\r\u0085\u2028\u2029]")


def validate_single_line(value: str) -> None:
    validate_no_control_characters(value)
    if value and LINE_BREAKS.search(value):
        raise ValidationError(_("This text must be on one line; remove the line breaks."), code="line_breaks")


SINGLE_LINE = [validate_single_line]
MULTI_LINE = [validate_no_control_characters]


def strip_control_characters(value: str) -> str:
    return CONTROL_CHARACTERS.sub("", value or "")


def one_line(value: str) -> str:
    """``value`` without control characters, its line breaks folded into spaces: for a calendar name or title."""
    return " ".join(LINE_BREAKS.sub(" ", strip_control_characters(str(value or ""))).split())


# Quotation marks by language: the outer pair, and the pair for quotes inside
# quotes. Russian and Kazakh typography nest „лапки“ inside «ёлочки».
QUOTES = {
    "kk": ("«", "»", {"«": "„", "»": "“"}),
    "ru": ("«", "»", {"«": "„", "»": "“"}),
    "en": ("“", "”", {"“": "‘", "”": "’"}),
}


def quoted(text: str, language: str | None = None) -> str:
    """``text`` in the quotation marks of ``language`` (the active one by default), for a message naming it.

    A message quotes titles, and titles often quote a name themselves
    («Кеш you»): a text wholly in quotes keeps its own, and quotes inside a
    text become the inner pair, so the marks never double («„…“ алаңы»).
    """
    text = str(text)
    code = (language or get_language() or "").split("-")[0]
    opening, closing, inner = QUOTES.get(code, QUOTES["en"])
    if text.startswith(opening) and text.endswith(closing) and text.count(opening) == 1:
        return text
    return f"{opening}{text.translate(str.maketrans(inner))}{closing}"
