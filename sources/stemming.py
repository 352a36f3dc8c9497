"""Words and stems for search, in Kazakh, Russian and English.

Russian and English stems come from the Snowball stemmers (``snowballstemmer``).
Snowball has no Kazakh (nor any other Kipchak language), so Kazakh has the small
suffix stripper below. Kazakh is agglutinative: a noun takes a plural ending,
then a possessive ending, then a case ending (``концерт-тер-і-нде``, "in their
concerts"), each in front or back vowel harmony and with the first consonant
assimilated to the stem (``-лар/-лер/-дар/-дер/-тар/-тер``). The stripper
removes them from the end in the reverse order: one case ending, then one
possessive ending, then one plural ending, where the ending fits the sound
before it and a stem of at least three letters with a vowel in it is left.

The stems are for matching, not for display: the same function stems the
stored document and the visitor's words, so an over-short stem
(``Алматы`` → ``алмат``) still finds every form of the word.

``trigram_similarity`` is PostgreSQL's ``pg_trgm`` ``similarity()`` for one
word against another, so the SQLite database can answer the typo fallback the
same way as PostgreSQL.
"""

import functools
import re

import snowballstemmer
from django.db.backends.signals import connection_created
from django.db.models import Lookup, TextField
from django.dispatch import receiver

# Words are runs of letters and digits (Cyrillic, Kazakh and Latin letters
# included); a hyphen or an apostrophe splits them, as it does in pg_trgm.
WORD = re.compile(r"[^\W_]+")

VOWELS = frozenset("аәеёиоөуұүыіэюяaeiouy")
VOICELESS = frozenset("кқпстфхцчшщ")

# Kazakh endings, longest first within each group (so that "-ның" is tried
# before "-ың"). Case endings include the locative with the relative suffix
# "-ғы/-гі" ("Өскемендегі", "of/in Oskemen"), common in programme texts.
KAZAKH_CASE_ENDINGS = tuple(
    sorted(
        {
            # locative + relative
            *("дағы", "дегі", "тағы", "тегі", "ндағы", "ндегі"),
            # ablative
            *("дан", "ден", "тан", "тен", "нан", "нен"),
            # genitive
            *("ның", "нің", "дың", "дің", "тың", "тің"),
            # instrumental
            *("мен", "бен", "пен"),
            # locative
            *("да", "де", "та", "те", "нда", "нде"),
            # dative
            *("ға", "ге", "қа", "ке", "на", "не"),
            # accusative
            *("ны", "ні", "ды", "ді", "ты", "ті"),
        },
        key=len,
        reverse=True,
    )
)
KAZAKH_POSSESSIVE_ENDINGS = tuple(
    sorted(
        {
            *("ымыз", "іміз", "мыз", "міз"),
            *("ыңыз", "іңіз", "ңыз", "ңіз"),
            *("ым", "ім", "ың", "ің"),
            *("сы", "сі", "ы", "і"),
        },
        key=len,
        reverse=True,
    )
)
KAZAKH_PLURAL_ENDINGS = ("лар", "лер", "дар", "дер", "тар", "тер")

# A voiceless stem-final consonant turns voiced before a vowel ending
# ("кітап" → "кітабы", "жүрек" → "жүрегі", "ғылымтану" ...): both forms stem alike.
KAZAKH_FINAL_DEVOICING = {"б": "п", "г": "к", "ғ": "қ"}

# Shorter stems would start too many other words.
MIN_STEM = 3


def words(text: str) -> list[str]:
    """The words of ``text``, case-folded (``"Гала-концерт!"`` → ``["гала", "концерт"]``)."""
    return WORD.findall(str(text or "").casefold())


def _fits(stem: str, ending: str) -> bool:
    """Whether ``ending`` can follow ``stem`` by Kazakh assimilation (a guard against false endings).

    An ending's first consonant follows the stem's last sound: т-, п-, қ-, к-
    endings come after a voiceless consonant (концерт-ке, концерт-тер); д-, б-,
    ғ-, г-, л- endings never do (театр-да, ауыл-дар); н- endings of case come
    after a vowel, the possessive of the third person (театр-ы-нда), or м, н,
    ң for the ablative; с- possessives after a vowel (мереке-сі); other
    possessives after a consonant (концерт-і). So «мереке» keeps its «-ке».
    """
    last = stem[-1]
    first = ending[0]
    if first in "тпқк":
        return last in VOICELESS
    if first in "дбғгл":
        return last not in VOICELESS
    if first == "н":
        return last in VOWELS or (ending in ("нан", "нен") and last in "мнң")
    if first == "с":
        return last in VOWELS
    if first in "ыі":
        return last not in VOWELS
    if first == "м":  # the instrumental -мен, after a vowel or a sonorant
        return last in VOWELS or last in "лмнңрйузж"
    return True


def _strip_one(word: str, endings: tuple[str, ...]) -> str:
    for ending in endings:
        if word.endswith(ending):
            stem = word[: -len(ending)]
            if len(stem) >= MIN_STEM and VOWELS.intersection(stem) and _fits(stem, ending):
                return stem
    return word


def kazakh_stem(word: str) -> str:
    """Strip one case, one possessive and one plural ending from a case-folded Kazakh word."""
    stem = word
    for endings in (KAZAKH_CASE_ENDINGS, KAZAKH_POSSESSIVE_ENDINGS, KAZAKH_PLURAL_ENDINGS):
        stem = _strip_one(stem, endings)
    if stem[-1:] in KAZAKH_FINAL_DEVOICING:
        stem = stem[:-1] + KAZAKH_FINAL_DEVOICING[stem[-1]]
    return stem


@functools.cache
def _snowball(language: str):
    return snowballstemmer.stemmer({"ru": "russian", "en": "english"}[language])


def stem(word: str, language: str) -> str:
    """The stem of one case-folded word in ``language`` ("kk", "ru" or "en")."""
    if language == "kk":
        return kazakh_stem(word)
    return _snowball(language).stemWord(word)


def stems(text: str, language: str) -> list[str]:
    """The stems of the words of ``text`` in ``language``, in order."""
    return [stem(word, language) for word in words(text)]


def trigrams(word: str) -> set[str]:
    """pg_trgm's trigrams of one word: padded with two spaces in front and one behind."""
    padded = f"  {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def trigram_similarity(a: str, b: str) -> float:
    """pg_trgm's ``similarity(a, b)`` of two single words: shared trigrams over all trigrams."""
    first, second = trigrams(a), trigrams(b)
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)


def closest_word_similarity(word: str, document: str) -> float:
    """The highest ``trigram_similarity`` of ``word`` with any word of a space-separated ``document``."""
    return max((trigram_similarity(word, other) for other in document.split()), default=0.0)


# The least pg_trgm similarity at which a word counts as a misspelling of
# another: "консерт" and "концерт" share 5 of their 11 trigrams (0.45).
TYPO_SIMILARITY = 0.4
SIMILARITY_FUNCTION = "closest_word_similarity"


def register_similarity(connection) -> None:
    """Give an SQLite connection the ``closest_word_similarity(document, word)`` SQL function."""
    if connection.vendor != "sqlite":
        return
    connection.ensure_connection()
    connection.connection.create_function(
        SIMILARITY_FUNCTION, 2, lambda document, word: closest_word_similarity(word, document or ""), deterministic=True
    )


@receiver(connection_created, dispatch_uid="sources.stemming.register_similarity")
def _register_on_connect(sender, connection, **kwargs):
    register_similarity(connection)


@TextField.register_lookup
class SimilarWord(Lookup):
    """``document__similar_word="консерт"``: some word of a space-separated document is spelt nearly so.

    PostgreSQL answers with pg_trgm's ``similarity()`` over the document's
    words (the extension is created by events' migrations); SQLite with the
    same measure in Python, so both databases find the same sessions.
    """

    lookup_name = "similar_word"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        params = (*lhs_params, *rhs_params)
        if connection.vendor == "sqlite":
            register_similarity(connection)
            return f"{SIMILARITY_FUNCTION}({lhs}, {rhs}) >= {TYPO_SIMILARITY}", params
        return (
            f"EXISTS (SELECT 1 FROM unnest(string_to_array({lhs}, ' ')) AS document_word(word) "
            f"WHERE document_word.word <> '' AND similarity(document_word.word, {rhs}) >= {TYPO_SIMILARITY})",
            params,
        )
