"""Stems for search: the Kazakh suffix stripper, the Snowball stemmers, pg_trgm's similarity."""

import pytest

from sources.stemming import closest_word_similarity, kazakh_stem, stem, stems, trigram_similarity, words


@pytest.mark.parametrize(
    "word",
    [
        "концерт",
        "концерттер",  # plural
        "концерттің",  # genitive
        "концертке",  # dative
        "концертті",  # accusative
        "концертте",  # locative
        "концерттен",  # ablative
        "концертпен",  # instrumental
        "концерті",  # possessive, 3rd person
        "концертім",  # possessive, 1st person
        "концертіміз",  # possessive, 1st person plural
        "концертінде",  # possessive + locative
        "концерттері",  # plural + possessive
        "концерттерінде",  # plural + possessive + locative
        "концерттерге",  # plural + dative
        "концерттердің",  # plural + genitive
    ],
)
def test_kazakh_forms_of_a_word_share_its_stem(word):
    assert kazakh_stem(word) == "концерт"


@pytest.mark.parametrize(
    ("forms", "stem_"),
    [
        (["театр", "театры", "театрында", "театрлар", "театрларда"], "театр"),
        (["бала", "балалар", "балаларға", "баланың"], "бала"),
        (["көрме", "көрмелер", "көрмеде", "көрменің"], "көрме"),
        (["сарай", "сарайы", "сарайында", "сарайлар"], "сарай"),
        (["мереке", "мерекесі", "мерекесінде", "мерекелер"], "мереке"),
        # Back vowels: -дар, -дан, -ға ...
        (["ауыл", "ауылдар", "ауылдан", "ауылға"], "ауыл"),
        # Voiced before a vowel ending: кітап → кітабы, жүрек → жүрегі.
        (["кітап", "кітабы", "кітаптар"], "кітап"),
        (["жүрек", "жүрегі", "жүректер"], "жүрек"),
    ],
)
def test_kazakh_plural_possessive_and_case_endings_come_off(forms, stem_):
    assert {kazakh_stem(form) for form in forms} == {stem_}


@pytest.mark.parametrize("word", ["ән", "әні", "жаға", "мен", "сту"])
def test_kazakh_stems_keep_three_letters_with_a_vowel(word):
    assert kazakh_stem(word) == word


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("мереке", "мереке"),  # -ке follows a voiceless consonant only: not a dative here
        ("концерті", "концерт"),  # possessive -і, not the accusative -ті (that would be концертті)
        ("концертті", "концерт"),  # accusative
        ("театрда", "театр"),
        ("театрта", "театрта"),  # -та after р does not occur
        ("сарайына", "сарай"),  # dative -на after the possessive
        ("сарайна", "сарайна"),  # -на only after a vowel
    ],
)
def test_kazakh_endings_must_fit_the_sound_before_them(word, expected):
    assert kazakh_stem(word) == expected


def test_words_fold_case_and_split_on_punctuation_in_every_alphabet():
    assert words("«Гала-концерт» ӨСКЕМЕНДЕ, Concert!") == ["гала", "концерт", "өскеменде", "concert"]


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("ru", "Торжественный гала-концерт", ["торжествен", "гал", "концерт"]),
        ("ru", "концерты концерта концертов", ["концерт", "концерт", "концерт"]),
        ("en", "Concerts and exhibitions", ["concert", "and", "exhibit"]),
        ("kk", "Салтанатты гала-концерт", ["салтанат", "гала", "концерт"]),
    ],
)
def test_stems_in_each_language(language, text, expected):
    assert stems(text, language) == expected


def test_stem_uses_snowball_for_russian_and_english():
    assert stem("фестивали", "ru") == "фестива"
    assert stem("festivals", "en") == "festiv"


def test_trigram_similarity_is_pg_trgm_similarity():
    # pg_trgm: SELECT similarity('консерт', 'концерт') → 0.45454547 (5 shared of 11 trigrams).
    assert trigram_similarity("консерт", "концерт") == pytest.approx(5 / 11)
    assert trigram_similarity("word", "word") == 1.0
    assert trigram_similarity("abc", "xyz") == 0.0


def test_closest_word_similarity_takes_the_best_word_of_a_document():
    document = " салтанатты салтанат гала концерт "

    assert closest_word_similarity("консерт", document) == pytest.approx(5 / 11)
    assert closest_word_similarity("консерт", "") == 0.0
