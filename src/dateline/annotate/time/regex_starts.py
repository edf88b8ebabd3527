"""How a match of a compiled regular expression can begin: its possible first characters.

The temporal tagger tries dozens of rules at every word start; knowing how each rule can begin
lets it try only the rules that can match there (see
:func:`dateline.annotate.time.rules.rules_starting_with`). The answer is read off the
pattern's parse tree and covers ASCII text; it is conservative: a construct the analysis does
not model makes the answer ``None`` (the rule may start with anything), never too small a set.
"""

from __future__ import annotations

import importlib
import re
from functools import cache
from typing import Any

# The parse tree of ``re`` (private, and stable across 3.11-3.13); only read, never changed.
# Should a later Python move or reshape it, every rule is simply tried everywhere again.
try:
    _parser: Any = importlib.import_module("re._parser")
except ImportError:  # pragma: no cover - Python versions without ``re._parser``
    _parser = None

# three characters tell "the" from "this" and "to " from "today"; four make the sets of the
# number rules a hundred times larger for little gain
PREFIX_LENGTH = 3
ASCII = "".join(chr(code) for code in range(128))

_CATEGORY_CLASSES = {
    "CATEGORY_DIGIT": r"\d",
    "CATEGORY_NOT_DIGIT": r"\D",
    "CATEGORY_SPACE": r"\s",
    "CATEGORY_NOT_SPACE": r"\S",
    "CATEGORY_WORD": r"\w",
    "CATEGORY_NOT_WORD": r"\W",
}
_ZERO_WIDTH = frozenset({"AT", "ASSERT", "ASSERT_NOT"})
_REPEATS = frozenset({"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"})

# The ASCII strings a construct's matches can begin with, cut at PREFIX_LENGTH characters; a
# shorter string is a whole match ("" when the construct can match nothing at all).
_Prefixes = frozenset[str]


class _Unknown(Exception):
    """A construct the analysis does not model."""


def match_prefixes(pattern: re.Pattern[str]) -> _Prefixes | None:
    """The first :data:`PREFIX_LENGTH` characters a match of ``pattern`` in ASCII text can have.

    A string shorter than that stands for a match that short. ``None`` when the analysis
    cannot tell. Case follows the pattern's flags, asked of ``re`` itself.
    """
    if _parser is None:
        return None
    try:
        return _sequence(_parser.parse(pattern.pattern, pattern.flags).data, pattern.flags)
    except (_Unknown, AttributeError, TypeError, ValueError):  # (a parse tree of another shape)
        return None


class MatchStarts:
    """The ways a pattern's match can begin (:func:`match_prefixes`), asked text by text."""

    def __init__(self, prefixes: _Prefixes | None) -> None:
        self.prefixes = prefixes
        # every beginning of a prefix, for text cut shorter than the prefix length
        self._stems = (
            None
            if prefixes is None
            else frozenset(p[:length] for p in prefixes for length in range(len(p) + 1))
        )

    def allow(self, text: str) -> bool:
        """Whether a match can begin with ``text`` (which may be cut short: "" or fewer than
        :data:`PREFIX_LENGTH` characters where the rest is not ASCII or not there)."""
        if self.prefixes is None or self._stems is None:
            return True
        for length in range(len(text) + 1):  # a prefix of ``text``...
            if text[:length] in self.prefixes:
                return True
        # ...or, where ``text`` is cut short, a longer prefix that goes on from it
        return len(text) < PREFIX_LENGTH and text in self._stems


def _sequence(items: list[tuple[Any, Any]], flags: int) -> _Prefixes:
    prefixes: _Prefixes = frozenset({""})
    for op, argument in items:
        if all(len(prefix) >= PREFIX_LENGTH for prefix in prefixes):
            break
        prefixes = _concatenate(prefixes, _item(op, argument, flags))
    return prefixes


def _concatenate(left: _Prefixes, right: _Prefixes) -> _Prefixes:
    cut = {room: {prefix[:room] for prefix in right} for room in range(1, PREFIX_LENGTH + 1)}
    joined: set[str] = set()
    for prefix in left:
        room = PREFIX_LENGTH - len(prefix)
        if room <= 0:
            joined.add(prefix)
        else:
            joined.update(prefix + rest for rest in cut[room])
    return frozenset(joined)


def _item(op: Any, argument: Any, flags: int) -> _Prefixes:
    name = op.name
    if name in _ZERO_WIDTH:
        return frozenset({""})  # consumes nothing; ignoring its condition only widens the set
    if name == "LITERAL":
        return _matching(re.escape(chr(argument)), flags)
    if name == "IN":
        return _class(argument, flags)
    if name == "SUBPATTERN":
        _group, add_flags, del_flags, body = argument
        return _sequence(body.data, (flags | add_flags) & ~del_flags)
    if name == "ATOMIC_GROUP":
        return _sequence(argument.data, flags)
    if name in _REPEATS:
        low, high, body = argument
        once = _sequence(body.data, flags)
        power: _Prefixes = frozenset({""})
        for _ in range(low):
            power = _concatenate(power, once)
        prefixes = set(power)
        # beyond PREFIX_LENGTH more repetitions than the minimum only add characters past the cut
        for _ in range(min(high, low + PREFIX_LENGTH) - low):
            power = _concatenate(power, once)
            prefixes |= power
        return frozenset(prefixes)
    if name == "BRANCH":
        branches: set[str] = set()
        for branch in argument[1]:
            branches |= _sequence(branch.data, flags)
        return frozenset(branches)
    raise _Unknown  # any character, back-references, conditionals...


def _class(members: list[tuple[Any, Any]], flags: int) -> _Prefixes:
    characters: set[str] = set()
    for op, argument in members:
        name = op.name
        if name == "LITERAL":
            characters |= _matching(re.escape(chr(argument)), flags)
        elif name == "RANGE":
            low, high = (re.escape(chr(code)) for code in argument)
            characters |= _matching(f"[{low}-{high}]", flags)
        elif name == "CATEGORY" and argument.name in _CATEGORY_CLASSES:
            characters |= _matching(_CATEGORY_CLASSES[argument.name], flags)
        else:
            raise _Unknown  # negated classes and the rest are not modelled
    return frozenset(characters)


@cache
def _matching(single_character_regex: str, flags: int) -> _Prefixes:
    """The ASCII characters a one-character regex matches, asked of ``re`` itself."""
    compiled = re.compile(single_character_regex, flags)
    return frozenset(character for character in ASCII if compiled.fullmatch(character))
