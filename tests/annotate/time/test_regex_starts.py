"""How a rule's match can begin: the analysis on small patterns and on every time rule."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dateline.annotate.time.regex_starts import PREFIX_LENGTH, MatchStarts, match_prefixes
from dateline.annotate.time.rules import COMBINED, RULES, START_POSITIONS, rules_starting_with
from tests.conftest import SEED_2014, SEED_2019


def test_literal_alternatives_follow_the_case_flag() -> None:
    assert match_prefixes(re.compile("ab|c")) == {"ab", "c"}
    assert match_prefixes(re.compile("ab|c", re.I)) == {"ab", "aB", "Ab", "AB", "c", "C"}
    assert match_prefixes(re.compile("(?-i:[A-B])x", re.I)) == {"Ax", "AX", "Bx", "BX"}


def test_optional_and_zero_width_parts_are_looked_through() -> None:
    assert PREFIX_LENGTH == 3
    assert match_prefixes(re.compile(r"(?<!\w)(?:the\s+)?year")) == {"the", "yea"}
    digits = "0123456789"
    one_digit = {d + "h" for d in digits}  # a whole match, shorter than the prefix length
    assert match_prefixes(re.compile(r"\d{1,2}h")) == one_digit | {
        d + e for d in digits for e in one_digit
    }


def test_a_possibly_empty_match_keeps_the_empty_prefix() -> None:
    prefixes = match_prefixes(re.compile("a?"))
    assert prefixes == {"", "a"}
    assert MatchStarts(prefixes).allow("zz")


def test_constructs_it_does_not_model_give_no_answer() -> None:
    assert match_prefixes(re.compile("a.")) is None
    assert match_prefixes(re.compile("[^a]b")) is None
    assert MatchStarts(None).allow("zz")


def test_short_texts_are_read_both_ways() -> None:
    prefixes = frozenset({"th", "y"})
    assert MatchStarts(prefixes).allow("th")
    assert MatchStarts(prefixes).allow("t")  # the text is cut short: "th" may still follow
    assert MatchStarts(prefixes).allow("ye")  # a one-character match
    assert not MatchStarts(prefixes).allow("to")


@pytest.mark.parametrize("path", [SEED_2014, SEED_2019], ids=["2014", "2019"])
def test_every_rule_match_in_a_seed_begins_as_the_analysis_says(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    starts = [(rule, MatchStarts(match_prefixes(rule.pattern))) for rule in RULES]
    for position in START_POSITIONS.finditer(text):
        at = position.start()
        for rule, rule_starts in starts:
            match = rule.pattern.match(text, at)
            if match is not None and match.group().isascii():
                assert rule_starts.allow(match.group()[:PREFIX_LENGTH]), (rule.name, match.group())


def test_the_rules_left_to_try_include_the_one_that_matches_on_a_seed() -> None:
    text = SEED_2019.read_text(encoding="utf-8")
    tried = 0
    for position in START_POSITIONS.finditer(text):
        at = position.start()
        full = COMBINED.match(text, at)
        prefix = text[at : at + PREFIX_LENGTH]
        if not prefix.isascii():
            prefix = prefix[:1] if prefix[:1].isascii() else ""
        candidates = rules_starting_with(prefix)
        first = next(
            ((i, m) for i, rule in candidates if (m := rule.pattern.match(text, at)) is not None),
            None,
        )
        assert (full and (full.span(), full.lastgroup)) == (
            first and (first[1].span(), f"r{first[0]}")
        )
        tried += len(candidates)
    assert tried < len(RULES) * len(list(START_POSITIONS.finditer(text))) / 5
