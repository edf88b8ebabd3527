"""Name keys and token-aware spelling-variant rules shared by the entity stages.

A *key* is a name folded for comparison: accents removed, lower case, a leading article and
a trailing possessive dropped, periods and apostrophes removed, and split into *parts* on
spaces and hyphens ("Kim Jong-un" -> ``("kim", "jong", "un")``, "U.S." -> ``("us",)``).

Two parts are *variants* (transliteration or spelling noise of one name) when they are equal,
equal after a small transliteration folding (y/i, ph/f, kh/h, w/v, ae/ai as in "Qaeda"/"Qaida",
doubled letters, the Arabic article's "el" as "al"), or, for
long parts without a digit, one or two edits apart with the same first and last letter. Short
parts and numbers must match exactly, which keeps "Kim Jong-un" and "Kim Jong-Il" (parts
``un``/``il``) and "Apollo 11" and "Apollo 1" apart while "Dmitry"/"Dmitri",
"Pyongyang"/"Piongyang"/"Pionyang" and "Ivashentsov"/"Ivastentsov" match.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz.distance import OSA

LEADING_ARTICLES = ("the ",)
POSSESSIVE = re.compile(r"['’]s?$")
PART_SPLIT = re.compile(r"[\s\-‐‑–]+")
DROPPED_CHARS = re.compile(r"[.'’`\"“”()\[\],;:!?]")
TRANSLIT_RULES = (("ph", "f"), ("kh", "h"), ("ck", "k"), ("w", "v"), ("y", "i"), ("ae", "ai"))
#: the Arabic article as wire copy writes it ("Omar el-Beshir", "Omar al-Bashir")
ARABIC_ARTICLE_SPELLINGS = frozenset({"el"})
# letters only: "1166" and "116" are different numbers ("Apollo 11" is not "Apollo 1")
DOUBLED = re.compile(r"([^\W\d_])\1+")
DIGIT = re.compile(r"\d")
MIN_FUZZY_LENGTH = 6
MIN_TWO_EDIT_LENGTH = 9


def fold(text: str) -> str:
    """Lower case without accents ("Ivashéntsov" -> "ivashentsov")."""
    if text.isascii():  # nothing to decompose
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


@lru_cache(maxsize=65536)
def name_parts(text: str) -> tuple[str, ...]:
    """The comparable parts of a name."""
    folded = fold(text).strip()
    for article in LEADING_ARTICLES:
        if folded.startswith(article):
            folded = folded[len(article) :]
    folded = POSSESSIVE.sub("", folded)
    folded = DROPPED_CHARS.sub("", folded)
    return tuple(part for part in PART_SPLIT.split(folded) if part)


@lru_cache(maxsize=65536)  # a link keys every mention of the blocks it reads: names repeat
def name_key(text: str) -> str:
    """The comparison key: ``"kim jong un"`` for both "Kim Jong-un" and "Kim Jong Un"."""
    return " ".join(name_parts(text))


def forget_name_keys() -> None:
    """Empty the caches of :func:`name_parts` and :func:`name_key`. An entity link fills them
    with every name of the articles it reads for its blocks: some 44,000 names, about 27 MiB,
    in a batch of a 1,000,000-article corpus. Emptied after it, that memory serves the story
    stage, whose peak would otherwise stack on it; a process that links again keys those
    names anew (about 0.1 s a batch)."""
    name_parts.cache_clear()
    name_key.cache_clear()


@lru_cache(maxsize=65536)
def transliteration_key(part: str) -> str:
    """A part with common transliteration differences folded away."""
    out = part
    if out in ARABIC_ARTICLE_SPELLINGS:
        return "al"
    for source, target in TRANSLIT_RULES:
        out = out.replace(source, target)
    return DOUBLED.sub(r"\1", out)


@lru_cache(maxsize=262144)
def parts_are_variants(a: str, b: str) -> bool:
    """Whether two name parts are spellings of one word (see the module docstring)."""
    if a == b:
        return True
    ta, tb = transliteration_key(a), transliteration_key(b)
    if ta == tb:
        return True
    if DIGIT.search(a) or DIGIT.search(b):  # a number is spelled one way: "G7" is not "G77"
        return False
    shortest = min(len(ta), len(tb))
    if shortest < MIN_FUZZY_LENGTH or ta[0] != tb[0] or ta[-1] != tb[-1]:
        return False
    if ta.startswith(tb) or tb.startswith(ta):
        return False
    allowed = 2 if shortest >= MIN_TWO_EDIT_LENGTH else 1
    # OSA: a swap of two neighbouring letters ("Chrylser") is one edit
    return OSA.distance(ta, tb, score_cutoff=allowed) <= allowed


def names_are_variants(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whole names are variants when they have the same parts, pairwise variants."""
    return len(a) == len(b) and bool(a) and all(map(parts_are_variants, a, b))


def variant_shape(parts: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """What two names' parts must share to be variants (:func:`names_are_variants`): a short
    part its exact transliteration, a long one its first and last letters. Names of
    different shapes are never variants, so only names of one shape need comparing."""
    shape = []
    for part in parts:
        folded = transliteration_key(part)
        short = len(folded) < MIN_FUZZY_LENGTH or DIGIT.search(folded) is not None
        shape.append(("=", folded) if short else ("~", folded[0], folded[-1]))
    return tuple(shape)


def part_keys(text: str) -> frozenset[str]:
    """What a name's parts are looked up by, each as one string: a part's variant shape
    (``=`` and a short part's transliteration, or ``~`` and a long part's first and last
    letters: :func:`variant_shape`), and a long part's first three letters (``<``) and last
    three (``>``). A variant of a part has its shape; a misspelling of a long part keeps one
    end unless it changes both. So the names a name may vary into or be misspelt as hold one
    of its keys."""
    keys: set[str] = set()
    for part in name_parts(text):
        folded = transliteration_key(part)
        if len(folded) < MIN_FUZZY_LENGTH or DIGIT.search(folded) is not None:
            keys.add("=" + folded)
        else:
            keys.update(("~" + folded[0] + folded[-1], "<" + folded[:3], ">" + folded[-3:]))
    return frozenset(keys)


def name_words(text: str) -> tuple[tuple[str, ...], ...]:
    """The parts of each space-separated word: "Kim Jong-un" -> ``(("kim",), ("jong", "un"))``."""
    return tuple(parts for parts in map(name_parts, text.split()) if parts)


def words_are_variants(a: tuple[tuple[str, ...], ...], b: tuple[tuple[str, ...], ...]) -> bool:
    return len(a) == len(b) and all(map(names_are_variants, a, b))


def is_short_form_of(short: str, full: str, *, leading: bool = True, trailing: bool = True) -> bool:
    """Whether ``short`` is a leading or trailing run of whole words of ``full``.

    "Putin" of "Vladimir Putin", "Kim" of "Kim Jong-un"; never a syllable ("UN" is not
    "Kim Jong-un") and never an all-capitals acronym.
    """
    if short.replace(".", "").isupper():
        return False
    short_words, full_words = name_words(short), name_words(full)
    n = len(short_words)
    if not short_words or n >= len(full_words):
        return False
    if leading and words_are_variants(short_words, full_words[:n]):
        return True
    if not trailing:
        return False
    tail = full_words[-n:]
    return words_are_variants(short_words, tail) or words_are_variants(
        short_words, (without_article(tail[0]), *tail[1:])
    )


#: the Arabic article a surname is written with or without ("al-Maliki", "Maliki")
NAME_ARTICLES = frozenset({"al", "el", "ad", "ar", "as", "ash", "at", "az"})


def without_article(word: tuple[str, ...]) -> tuple[str, ...]:
    """A word's parts without a leading Arabic article: ("al", "maliki") -> ("maliki",)."""
    return word[1:] if len(word) > 1 and word[0] in NAME_ARTICLES else word


def is_trailing_run_of(short: str, full: str) -> bool:
    """Whether ``short`` is the last words of ``full``: "Blair" of "Tony Blair", not "Tony"."""
    return is_short_form_of(short, full, leading=False)


def initials(text: str) -> str:
    """Initials of capitalised words ("Democratic People's Republic of Korea" -> "DPRK")."""
    words = [w for w in PART_SPLIT.split(text) if w]
    if words and words[0].lower() == "the":
        words = words[1:]
    return "".join(w[0] for w in words if w[0].isupper())


def is_acronym_shaped(text: str) -> bool:
    """Whether ``text`` is written as an acronym: 2 to 6 capital letters, dots aside ("EU",
    "U.S.", "UNTAES")."""
    letters = text.replace(".", "")
    return 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper()


def is_acronym_of(short: str, full: str) -> bool:
    """Whether ``short`` ("US", "U.S.", "DPRK") abbreviates ``full`` ("United States")."""
    if not is_acronym_shaped(short):
        return False
    expanded = initials(full)
    return len(expanded) >= 2 and expanded == short.replace(".", "")


def is_word_of(short: str, full: str) -> bool:
    """Whether ``short`` is written as one of the words of ``full``, dots aside ("US" in "US
    Senate", whose initials it also spells)."""
    letters = short.replace(".", "").lower()
    return any(word.replace(".", "").lower() == letters for word in full.split())


def ampersand_key(text: str) -> str | None:
    """The key of a name's ampersand short form ("Standard & Poor's 500" -> "s&p 500",
    "Procter & Gamble" -> "p&g"): each capitalised word beside an "&" gives its initial. None
    when the name has no such pair."""
    if "&" not in text:  # asked of every name a link reads; few have one
        return None
    words = [w for w in text.split() if w]
    if words and words[0].lower() == "the":
        words = words[1:]
    out: list[str] = []
    index, found = 0, False
    while index < len(words):
        if (
            index + 2 < len(words)
            and words[index + 1] == "&"
            and words[index][:1].isupper()
            and words[index + 2][:1].isupper()
        ):
            out.append(words[index][0] + "&" + words[index + 2][0])
            index, found = index + 3, True
        else:
            out.append(words[index])
            index += 1
    return name_key(" ".join(out)) if found else None


def is_loose_acronym_of(short: str, full: str) -> bool:
    """Whether ``short`` abbreviates ``full`` taking the first letters of each capitalised word,
    one or more from each ("SIA": SIngapore Airlines), and maybe a small word's letter in
    lower case ("BoA": Bank of America). Stricter forms pass :func:`is_acronym_of` first."""
    letters = short.replace(".", "")
    if not (2 <= len(letters) <= 6 and letters.isalpha() and letters[0].isupper()):
        return False
    if sum(1 for ch in letters if ch.isupper()) < 2:
        return False
    words = [w for w in PART_SPLIT.split(full) if w]
    if words and words[0].lower() == "the":
        words = words[1:]
    if len(words) < 2 or len(words) > len(letters) + 3:
        return False
    return _spells(letters, words)


def _spells(letters: str, words: list[str]) -> bool:
    if not words:
        return not letters
    word, rest = words[0], words[1:]
    if not word[:1].isupper():
        # a small word ("of", "and") gives its letter in lower case, or nothing
        return _spells(letters, rest) or (
            bool(letters) and letters[0] == word[0] and _spells(letters[1:], rest)
        )
    for size in range(1, min(len(word), len(letters)) + 1):
        if letters[:size].lower() != word[:size].lower() or not letters[0].isupper():
            break
        if _spells(letters[size:], rest):
            return True
    return False


# Honorifics a person is named with, and the gender each one tells (None: does not say).
HONORIFICS: dict[str, str | None] = {
    "mr": "m",
    "mister": "m",
    "sir": "m",
    "lord": "m",
    "mrs": "f",
    "ms": "f",
    "miss": "f",
    "madam": "f",
    "madame": "f",
    "lady": "f",
    "dame": "f",
    "baroness": "f",
    "dr": None,
    "prof": None,
    "professor": None,
}


def honorific_of(word: str) -> str | None:
    """The honorific ``word`` is ("Mr", "Mrs.", "Baroness"), lower case and without its
    period, or None; only a capitalised word counts ("lady" in a sentence is not a title)."""
    bare = word.rstrip(".")
    if not bare[:1].isupper():
        return None
    lower = bare.lower()
    return lower if lower in HONORIFICS else None


@lru_cache(maxsize=65536)  # entity linking asks again for every pair a mention meets
def split_honorific(text: str) -> tuple[str | None, str]:
    """("mr", "Blair") for "Mr Blair"; (None, text) when the name has no leading honorific
    or is nothing but one."""
    first, _, rest = text.strip().partition(" ")
    honorific = honorific_of(first)
    if honorific is None or not rest.strip():
        return None, text
    return honorific, rest.strip()


def gender_of(text: str) -> str | None:
    """ "m" or "f" when ``text`` starts with a gendered honorific ("Mrs Howard" -> "f")."""
    honorific, _ = split_honorific(text)
    return HONORIFICS.get(honorific) if honorific else None


def without_middle_initials(parts: tuple[str, ...]) -> tuple[str, ...]:
    """A person's name parts without one-letter middle parts: "George W Bush" -> george bush."""
    if len(parts) < 3:
        return parts
    return (parts[0], *(part for part in parts[1:-1] if len(part) > 1), parts[-1])


# Words that tell one named place or body from another of the same name ("Bank of New
# England", "Moscone West"): a name without them may be a different thing.
DISTINGUISHING_WORDS = frozenset(
    """
    north south east west northern southern eastern western central new old upper lower
    great greater little
    """.split()  # noqa: SIM905
)


def dropped_inner_words(short: str, full: str) -> tuple[str, ...] | None:
    """The words ``full`` has between its first and last word that ``short`` leaves out, when
    ``short`` is ``full`` with only such inner words dropped ("iTunes Store" of "iTunes Music
    Store" -> ``("music",)``); else None. Both need two words or more and the same first and
    last word."""
    short_words = [" ".join(parts) for parts in name_words(short)]
    full_words = [" ".join(parts) for parts in name_words(full)]
    if len(short_words) < 2 or len(full_words) <= len(short_words):
        return None
    if short_words[0] != full_words[0] or short_words[-1] != full_words[-1]:
        return None
    dropped: list[str] = []
    rest = iter(full_words[1:-1])
    for word in short_words[1:-1]:
        for candidate in rest:
            if candidate == word:
                break
            dropped.append(candidate)
        else:
            return None
    dropped.extend(rest)
    return tuple(dropped)


MIN_CLIPPED_LENGTH = 3


def is_clipped_word(short: str, word: str) -> bool:
    """Whether ``short`` is ``word`` cut short ("Fed" of "Federal", "Auto" of "Automotive"):
    at least 3 letters, and no more than half the word, so a name that merely begins another
    ("Intel", "Intelsat") is not its clipping."""
    return (
        len(short) >= MIN_CLIPPED_LENGTH and 2 * len(short) <= len(word) and word.startswith(short)
    )


def leading_word(text: str) -> str:
    """A name's first word as :func:`is_clipping_of` compares it. A clipping's leading word
    begins that of the name it clips, so names whose leading words do not are skipped
    before the whole test ("Fed" is tried against "Federal Reserve", not "Treasury")."""
    words = name_words(text)
    return " ".join(words[0]) if words else ""


def is_clipping_of(short: str, full: str) -> bool:
    """Whether ``short`` names ``full`` by its leading words, the last of them (or the only
    one) cut short: "Fed" of "Federal Reserve", "Mac" of "Macintosh", "Penske Auto" of
    "Penske Automotive Group". Never an all-capitals acronym."""
    if short.replace(".", "").isupper():
        return False
    short_words = [" ".join(parts) for parts in name_words(short)]
    written = [word for word in full.split() if name_parts(word)]
    full_words = [" ".join(name_parts(word)) for word in written]
    n = len(short_words)
    if not short_words or n > len(full_words) or short_words[: n - 1] != full_words[: n - 1]:
        return False
    clip, word = short_words[-1], written[n - 1].lstrip("\"'‘“(")
    if word[len(clip) : len(clip) + 1].isupper():
        return False  # a part of a compound ("Mac" of "MacBook"), not a word cut short
    return is_clipped_word(clip, full_words[n - 1])
