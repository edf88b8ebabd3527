from __future__ import annotations

import pytest

from dateline.link.names import (
    ampersand_key,
    dropped_inner_words,
    gender_of,
    is_acronym_of,
    is_clipping_of,
    is_loose_acronym_of,
    is_short_form_of,
    is_trailing_run_of,
    is_word_of,
    leading_word,
    name_key,
    name_parts,
    names_are_variants,
    split_honorific,
    variant_shape,
    without_middle_initials,
)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Ivashéntsov", "Iváshentsov"),
        ("Ivashéntsov", "Ivástentsov"),
        ("Ivashéntsov", "Ivashentsov"),
        ("Pyongyang", "Piongyang"),
        ("Pyongyang", "Pionyang"),
        ("Dmitry Peskov", "Dmitri Peskov"),
        ("Sergei Lavrov", "Sergey Lavrov"),
        ("Kim Jong-un", "Kim Jong Un"),
        ("Chrysler", "Chrylser"),  # two neighbouring letters swapped: one edit
        # silver: 17 "al-Qaida" (called a person) beside 31 "Al-Qaeda"; Sudan's president as
        # "Omar el-Beshir" and "Omar al-Beshir", his Darfur town as "El-Fasher", "al-Fashir"
        ("al-Qaida", "Al-Qaeda"),
        ("Omar el-Beshir", "Omar al-Bashir"),
        ("El-Fasher", "al-Fashir"),
    ],
)
def test_spelling_variants_match(a: str, b: str) -> None:
    assert names_are_variants(name_parts(a), name_parts(b))
    # entity linking compares only names of one shape: variants always share it
    assert variant_shape(name_parts(a)) == variant_shape(name_parts(b))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Kim Jong-un", "Kim Jong-Il"),
        ("Kim Jong-un", "Kim Il-sung"),
        ("Kim Jong-Il", "Kim Il-sung"),
        ("Pyongyang", "Pyeongchang"),
        ("Austria", "Australia"),
        ("Iran", "Iraq"),
        ("Alexander", "Alexandra"),
        ("Daniel", "Daniela"),
        ("Russia", "Russian"),
        # numbers are spelled one way: no doubled digit folded, no edit allowed
        ("Apollo 11", "Apollo 1"),
        ("Route 66", "Route 6"),
        ("G7", "G77"),
        ("A320neo", "A321neo"),
        ("El Salvador", "San Salvador"),
    ],
)
def test_different_names_do_not_match(a: str, b: str) -> None:
    assert not names_are_variants(name_parts(a), name_parts(b))


def test_names_of_different_shapes_are_never_variants() -> None:
    words = ["Lavrov", "Lavrof", "Sergei", "Sergey", "Kim", "Jong", "Un", "Pyongyang", "Iran"]
    words += ["Piongyang", "Chrysler", "Chrylser", "Peskov", "Dmitri", "Dmitry", "Iraq"]
    names = [f"{a} {b}" for a in words for b in words] + words
    for a in names:
        for b in names:
            pa, pb = name_parts(a), name_parts(b)
            if variant_shape(pa) != variant_shape(pb):
                assert not names_are_variants(pa, pb)


def test_keys_ignore_accents_case_articles_and_possessives() -> None:
    assert name_key("Ivashéntsov") == name_key("IVASHENTSOV")
    assert name_key("North Korea’s") == "north korea"
    assert name_key("the United States") == "united states"
    assert name_key("U.S.") == "us"


def test_short_forms_are_whole_words_never_syllables_or_acronyms() -> None:
    assert is_short_form_of("Putin", "Vladimir Putin")
    assert is_short_form_of("Kim", "Kim Jong-un")
    assert not is_short_form_of("UN", "Kim Jong-un")
    assert not is_short_form_of("un", "Kim Jong-un")
    assert not is_short_form_of("Kim Jong-un", "Kim Jong-un")


def test_an_arabic_surname_is_short_for_the_name_with_or_without_its_article() -> None:
    """The silver newswire's 20 "Maliki" had been apart from "Nuri al-Maliki", "Assad" from
    "Bashar al-Assad", "Zarqawi" from "Abu Musab al-Zarqawi"."""
    assert is_short_form_of("Maliki", "Nuri al-Maliki")
    assert is_short_form_of("al-Maliki", "Nuri al-Maliki")
    assert is_short_form_of("Sisi", "Abdel Fattah el-Sisi")
    assert not is_short_form_of("Qaeda", "Al-Qaeda")  # the whole name, not a surname
    assert not is_short_form_of("Jong", "Kim Jong-un")


def test_acronyms() -> None:
    assert is_acronym_of("DPRK", "the Democratic People’s Republic of Korea")
    assert is_acronym_of("U.S.", "United States")
    assert not is_acronym_of("UN", "United States")
    assert not is_acronym_of("Kim", "Korea International Mission")
    assert is_word_of("US", "US Senate") and is_word_of("U.S.", "the US Senate")
    assert not is_word_of("US", "United States")


@pytest.mark.parametrize(
    ("text", "honorific", "rest", "gender"),
    [
        ("Mr Blair", "mr", "Blair", "m"),
        ("Mrs. Howard", "mrs", "Howard", "f"),
        ("Baroness Thatcher", "baroness", "Thatcher", "f"),
        ("Sir Menzies Campbell", "sir", "Menzies Campbell", "m"),
        ("Dr Fox", "dr", "Fox", None),
        ("Mr", None, "Mr", None),  # nothing but a title
        ("Lady Gaga's", "lady", "Gaga's", "f"),
        ("Tony Blair", None, "Tony Blair", None),
    ],
)
def test_titles_are_split_from_the_name(
    text: str, honorific: str | None, rest: str, gender: str | None
) -> None:
    assert split_honorific(text) == (honorific, rest)
    assert gender_of(text) == gender


def test_a_surname_is_a_trailing_run_a_given_name_is_not() -> None:
    assert is_trailing_run_of("Blair", "Tony Blair")
    assert not is_trailing_run_of("Tony", "Tony Blair")
    assert not is_trailing_run_of("Bill", "Bill Clinton")


def test_middle_initials_are_dropped_from_long_names_only() -> None:
    assert without_middle_initials(name_parts("George W Bush")) == ("george", "bush")
    assert without_middle_initials(name_parts("George W. Bush")) == ("george", "bush")
    assert without_middle_initials(name_parts("Kim Jong-un")) == ("kim", "jong", "un")
    assert without_middle_initials(name_parts("J Smith")) == ("j", "smith")


def test_loose_acronyms_take_letters_from_the_start_of_each_word() -> None:
    assert is_loose_acronym_of("SIA", "Singapore Airlines")
    assert is_loose_acronym_of("BoA", "Bank of America")
    assert is_loose_acronym_of("NYSE", "the New York Stock Exchange")
    assert not is_loose_acronym_of("SAS", "Singapore Airlines")  # a letter from nowhere
    assert not is_loose_acronym_of("GMAC", "General Motors")
    assert not is_loose_acronym_of("Sia", "Singapore Airlines")  # a word, not an acronym
    assert not is_loose_acronym_of("AT", "Atlanta")  # one word is a short form, not initials


def test_a_name_s_ampersand_short_form() -> None:
    assert ampersand_key("Standard & Poor's 500") == "s&p 500"
    assert ampersand_key("Procter & Gamble") == "p&g"
    assert ampersand_key("the Marks & Spencer group") == "m&s group"
    assert ampersand_key("Tom and Jerry") is None
    assert ampersand_key("S&P 500") is None


@pytest.mark.parametrize(
    ("short", "full", "dropped"),
    [
        ("iTunes Store", "iTunes Music Store", ("music",)),
        ("Moscone West center", "Moscone West Convention Center", ("convention",)),
        ("Bank of England", "Bank of New England", ("new",)),
        ("Harbour Trust", "Harbour Land and Water Trust", ("land", "and", "water")),
        ("iTunes", "iTunes Music Store", None),  # one word: a short form, not this
        ("Music Store", "iTunes Music Store", None),  # the first word differs
        ("iTunes Music", "iTunes Music Store", None),  # the last word differs
        ("Apple Store", "Apple Store", None),  # nothing dropped
        ("Moscone South Center", "Moscone West Convention Center", None),
    ],
)
def test_dropped_inner_words(short: str, full: str, dropped: tuple[str, ...] | None) -> None:
    assert dropped_inner_words(short, full) == dropped


@pytest.mark.parametrize(
    ("short", "full", "expected"),
    [
        ("Fed", "Federal Reserve", True),
        ("Mac", "Macintosh", True),
        ("Penske Auto", "Penske Automotive Group", True),
        ("Mac", "MacBook", False),  # a part of a compound, not a word cut short
        ("Intel", "Intelsat", False),  # more than half the word: a name of its own
        ("Fe", "Federal Reserve", False),  # too short
        ("GM", "General Motors", False),  # an acronym
        ("Reserve", "Federal Reserve", False),  # not the leading word
        ("Penske Auto", "Penn Automotive Group", False),
    ],
)
def test_is_clipping_of(short: str, full: str, expected: bool) -> None:
    assert is_clipping_of(short, full) is expected
    if expected:
        assert leading_word(full).startswith(leading_word(short))


#: names written as news writes them: accents, quotes, articles, hyphens, initials, dots
WRITTEN = (
    "Fed",
    "Federal Reserve",
    "the Fed",
    "The Federal Reserve",
    "“Fed”",
    "(Fed",
    "Mac",
    "Macintosh",
    "MacBook",
    "Penske Auto",
    "Penske Automotive Group",
    "Penn",
    "Élysée",
    "Elys",
    "Ély Palace",
    "Kim Jong-un",
    "Kim",
    "Jong",
    "U.S.",
    "U.S. Fed",
    "St. Petersburg",
    "St. Pete",
    "O'Neill",
    "O'Ne",
    "Gov",
    "Government",
    "-",
    "",
    "AP",
    "Deutsche Bundesbank",
    "Deut",
    "Bundes",
    "'Bund",
    "Auto Group",
    "Aut",
)


@pytest.mark.parametrize("short", WRITTEN)
def test_a_clipping_begins_with_the_leading_word_of_what_it_clips(short: str) -> None:
    """What lets a link try only the names beginning alike (:func:`leading_word`)."""
    for full in WRITTEN:
        if is_clipping_of(short, full):
            assert leading_word(full).startswith(leading_word(short)), (short, full)


def test_variant_names_and_misspellings_share_a_part_key() -> None:
    """Every pair of variant parts has one shape key; a misspelling of a long part keeps its
    first or last three letters; short parts and numbers are keyed whole."""
    from dateline.link.names import part_keys

    for a, b in (
        ("Ivashéntsov", "Ivástentsov"),
        ("Pyongyang", "Piongyang"),
        ("Pyongyang", "Pionyang"),
        ("Dmitry", "Dmitri"),
        ("Khrushchev", "Hrushchev"),
    ):
        assert names_are_variants(name_parts(a), name_parts(b))
        assert part_keys(a) & part_keys(b), (a, b)
    assert part_keys("Ivashentsof") & part_keys("Ivashentsov") == {"<iva"}
    assert part_keys("Jvashentsov") & part_keys("Ivashentsov") == {">sov"}
    assert part_keys("Kim Jong-un") == {"=kim", "=jong", "=un"}
    assert not part_keys("Apollo 11") & part_keys("Apollo 1") - {"=apolo"}
    assert part_keys("...") == frozenset()
