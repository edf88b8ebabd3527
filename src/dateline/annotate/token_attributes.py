"""A faster drop-in for spaCy's ``attribute_ruler`` + rule ``lemmatizer`` pair.

Both components give the same answer for the same token features every time: the ruler's
patterns look at a token's lower form, tag, dependency label and whether it is a space (and,
for a handful of two-token patterns, at its neighbour), and the rule lemmatizer looks at the
orth, the part of speech and the morphology. spaCy still runs its Matcher with every pattern
over every token and sets each lemma through the Python token API, which together cost about
half as much as the entity recogniser. :class:`TokenAttributes` compiles the ruler's own
patterns into lookups, remembers each distinct feature tuple's outcome, and writes the whole
document back with one ``Doc.from_array`` per attribute group.

Most of a token's features are few-valued (tag, dependency label), but its lower form is not,
so a cache keyed by the raw features misses on every new word. A word the patterns never name
(no equality, no ``IN`` list) is therefore looked up by a *stand-in*: the first word seen with
the same answers to the patterns' regular expressions. Every pattern treats the two alike, so
the outcome computed for the stand-in holds for the word.

The result is the same as the two spaCy components' (``tests/annotate/test_token_attributes.py``
compares them token for token on real text). A ruler with a pattern this module cannot compile
(an operator, an attribute it does not know) is reported by :func:`compile_ruler` as ``None``,
and the pipeline then keeps spaCy's components.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

import numpy as np
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc
from thinc.types import Ints2d

from dateline.annotate.rule_lemmas import RuleLemmas

# Token features a compiled pattern may test, by the name patterns use for them.
FEATURES: Mapping[str, int] = {"LOWER": LOWER, "TAG": TAG, "DEP": DEP, "IS_SPACE": IS_SPACE}
# Attributes a ruler may set, in the order they are written back.
WRITABLE = (POS, MORPH, LEMMA, TAG, DEP)

Predicate = Callable[[int, Callable[[int], str]], bool]
# (pattern order, column in WRITABLE, value): one attribute a matching pattern sets.
Write = tuple[int, int, int]
# For one feature tuple: the final (column, value) writes of the single-token patterns, those
# writes in pattern order, and the (multi-token pattern, position) tests the token passes.
Outcome = tuple[tuple[tuple[int, int], ...], tuple[Write, ...], frozenset[tuple[int, int]]]


@dataclass(frozen=True, slots=True)
class TokenTest:
    """One token of a pattern: every (feature, predicate) pair must hold. ``equals`` lists the
    plain (feature, value) equalities among them, by which patterns are indexed; ``named`` the
    (feature, values) its equalities and ``IN``/``NOT_IN`` lists test, and ``regexes`` the
    (feature, expression) pairs it matches against a value's text."""

    tests: tuple[tuple[int, Predicate], ...]
    equals: tuple[tuple[int, int], ...]
    named: tuple[tuple[int, frozenset[int]], ...] = ()
    regexes: tuple[tuple[int, re.Pattern[str]], ...] = ()

    def holds(self, row: Sequence[int], text_of: Callable[[int], str]) -> bool:
        return all(test(row[column], text_of) for column, test in self.tests)


@dataclass(frozen=True, slots=True)
class CompiledPattern:
    """One ruler pattern: the order it was added in, its tokens, its target, and what it sets
    as (column in :data:`WRITABLE`, value) pairs."""

    order: int
    tokens: tuple[TokenTest, ...]
    target: int
    sets: tuple[tuple[int, int], ...]


def _predicate(value: Any, hash_of: Callable[[str], int]) -> Predicate | None:
    if isinstance(value, bool):
        wanted_flag = int(value)
        return lambda actual, _text: actual == wanted_flag
    if isinstance(value, str):
        wanted = hash_of(value)
        return lambda actual, _text: actual == wanted
    if isinstance(value, dict) and len(value) == 1:
        ((operator, operand),) = value.items()
        if operator in ("IN", "NOT_IN") and isinstance(operand, list):
            members = frozenset(hash_of(str(item)) for item in operand)
            if operator == "IN":
                return lambda actual, _text: actual in members
            return lambda actual, _text: actual not in members
        if operator == "REGEX" and isinstance(operand, str):
            pattern = re.compile(operand)
            return lambda actual, text: pattern.search(text(actual)) is not None
    return None


def _token_test(
    spec: Mapping[str, Any], columns: Mapping[int, int], hash_of: Callable[[str], int]
) -> TokenTest | None:
    tests: list[tuple[int, Predicate]] = []
    equals: list[tuple[int, int]] = []
    named: list[tuple[int, frozenset[int]]] = []
    regexes: list[tuple[int, re.Pattern[str]]] = []
    for name, value in spec.items():
        feature = FEATURES.get(name)
        predicate = _predicate(value, hash_of)
        if feature is None or predicate is None:
            return None
        column = columns[feature]
        tests.append((column, predicate))
        if isinstance(value, (bool, str)):
            wanted = int(value) if isinstance(value, bool) else hash_of(value)
            equals.append((column, wanted))
            named.append((column, frozenset((wanted,))))
        else:
            ((operator, operand),) = value.items()
            if operator == "REGEX":
                regexes.append((column, re.compile(operand)))
            else:
                named.append((column, frozenset(hash_of(str(item)) for item in operand)))
    return TokenTest(tuple(tests), tuple(equals), tuple(named), tuple(regexes))


def compile_ruler(ruler: AttributeRuler) -> list[CompiledPattern] | None:
    """The ruler's patterns as :class:`CompiledPattern`, or ``None`` if one cannot be compiled."""
    columns = {feature: column for column, feature in enumerate(FEATURES.values())}
    strings = ruler.vocab.strings
    compiled: list[CompiledPattern] = []
    for order, (attrs, index) in enumerate(zip(ruler.attrs, ruler.indices, strict=True)):
        _key, alternatives = ruler.matcher.get(strings[str(order)])
        sets = tuple(
            (WRITABLE.index(attr), value) for attr, value in attrs.items() if attr in WRITABLE
        )
        if len(sets) != len(attrs):
            return None
        for alternative in alternatives:
            tokens = [_token_test(spec, columns, strings.add) for spec in alternative]
            if not tokens or any(token is None for token in tokens):
                return None
            target = index if index >= 0 else len(tokens) + index
            if not 0 <= target < len(tokens):
                return None
            checked = tuple(token for token in tokens if token is not None)
            compiled.append(CompiledPattern(order, checked, target, sets))
    return compiled


class TokenAttributes:
    """Set what ``attribute_ruler`` then ``lemmatizer`` would set, from cached lookups."""

    def __init__(self, patterns: Sequence[CompiledPattern], lemmatizer: Lemmatizer) -> None:
        self.single = [p for p in patterns if len(p.tokens) == 1]
        # Single-token patterns by one of their equalities; the rest are tried on every token.
        self._indexed: dict[tuple[int, int], list[CompiledPattern]] = {}
        self._unindexed: list[CompiledPattern] = []
        for pattern in self.single:
            equals = pattern.tokens[0].equals
            if equals:
                self._indexed.setdefault(equals[0], []).append(pattern)
            else:
                self._unindexed.append(pattern)
        self.multi = [p for p in patterns if len(p.tokens) > 1]
        self.rule_lemmas = RuleLemmas(lemmatizer)
        self.columns: list[int | str] = list(FEATURES.values())
        tests = [token for pattern in patterns for token in pattern.tokens]
        self._named: dict[int, set[int]] = {}
        self._regexes: dict[int, list[re.Pattern[str]]] = {}
        for token in tests:
            for column, values in token.named:
                self._named.setdefault(column, set()).update(values)
            for column, regex in token.regexes:
                self._regexes.setdefault(column, []).append(regex)
        # (column, value) -> the value that stands in for it; (column, regex answers) -> the
        # first value seen with those answers
        self._stand_ins: dict[tuple[int, int], int] = {}
        self._by_answers: dict[tuple[int, tuple[bool, ...]], int] = {}
        self._outcomes: dict[tuple[int, ...], Outcome] = {}
        self._canonical_outcomes: dict[tuple[int, ...], Outcome] = {}
        self._lemmas: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) == 0:
            return doc
        text_of = doc.vocab.strings.__getitem__
        rows = [self._outcome(tuple(row), text_of) for row in doc.to_array(self.columns).tolist()]
        values = doc.to_array(list(WRITABLE))
        for i, (writes, _matches, _holds) in enumerate(rows):
            for column, value in writes:
                values[i, column] = value
        for i, extra in self._multi_matches(rows).items():
            # A two-token pattern may come between single-token ones: replay them in order.
            for _order, column, value in sorted([*rows[i][1], *extra]):
                values[i, column] = value
        doc.from_array(list(WRITABLE), cast(Ints2d, values))
        self._lemmatize(doc)
        return doc

    def _multi_matches(self, rows: Sequence[Outcome]) -> dict[int, list[Write]]:
        extra: dict[int, list[Write]] = {}
        for start, (_writes, _matches, holds) in enumerate(rows):
            for number, position in holds:
                pattern = self.multi[number]
                width = len(pattern.tokens)
                if position != 0 or start + width > len(rows):
                    continue
                if all((number, k) in rows[start + k][2] for k in range(1, width)):
                    extra.setdefault(start + pattern.target, []).extend(
                        (pattern.order, column, value) for column, value in pattern.sets
                    )
        return extra

    def _outcome(self, row: tuple[int, ...], text_of: Callable[[int], str]) -> Outcome:
        """What the single-token patterns set on a token with these features, and which tokens
        of the multi-token patterns it satisfies (cached: the answer depends on nothing else)."""
        cached = self._outcomes.get(row)
        if cached is None:
            canonical = tuple(
                self._stand_in(column, value, text_of) for column, value in enumerate(row)
            )
            cached = self._outcomes[row] = self._canonical_outcome(canonical, text_of)
        return cached

    def _stand_in(self, column: int, value: int, text_of: Callable[[int], str]) -> int:
        """``value`` itself if a pattern names it, else the first value seen in ``column`` that
        every regular expression on ``column`` answers alike."""
        if value in self._named.get(column, ()):
            return value
        found = self._stand_ins.get((column, value))
        if found is None:
            regexes = self._regexes.get(column, ())
            answers = tuple(regex.search(text_of(value)) is not None for regex in regexes)
            found = self._by_answers.setdefault((column, answers), value)
            self._stand_ins[(column, value)] = found
        return found

    def _canonical_outcome(self, row: tuple[int, ...], text_of: Callable[[int], str]) -> Outcome:
        cached = self._canonical_outcomes.get(row)
        if cached is None:
            candidates = [*self._unindexed]
            for column, value in enumerate(row):
                candidates.extend(self._indexed.get((column, value), ()))
            matches = tuple(
                (pattern.order, column, value)
                for pattern in sorted(candidates, key=lambda candidate: candidate.order)
                if pattern.tokens[0].holds(row, text_of)
                for column, value in pattern.sets
            )
            final = {column: value for _order, column, value in matches}
            holds = frozenset(
                (number, k)
                for number, pattern in enumerate(self.multi)
                for k, token in enumerate(pattern.tokens)
                if token.holds(row, text_of)
            )
            cached = self._canonical_outcomes[row] = (tuple(final.items()), matches, holds)
        return cached

    def _lemmatize(self, doc: Doc) -> None:
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = rows[:, 3].copy()
        for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
            if lemma != 0:
                continue
            key = (orth, pos, morph)
            found = self._lemmas.get(key)
            if found is None:
                found = doc.vocab.strings.add(self.rule_lemmas(doc[i])[0])
                self._lemmas[key] = found
            lemmas[i] = found
        doc.from_array([LEMMA], cast(Ints2d, np.asarray(lemmas, dtype=np.uint64)))


def token_attributes_for(nlp: Language) -> TokenAttributes | None:
    """A :class:`TokenAttributes` equivalent to ``nlp``'s ruler and lemmatizer, if it has one."""
    if not {"attribute_ruler", "lemmatizer"} <= set(nlp.component_names):
        return None
    ruler = nlp.get_pipe("attribute_ruler")
    lemmatizer = nlp.get_pipe("lemmatizer")
    if not isinstance(ruler, AttributeRuler) or not isinstance(lemmatizer, Lemmatizer):
        return None
    if lemmatizer.mode != "rule" or lemmatizer.overwrite:
        return None
    patterns = compile_ruler(ruler)
    return None if patterns is None else TokenAttributes(patterns, lemmatizer)
