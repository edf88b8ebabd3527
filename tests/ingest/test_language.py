"""Language identification."""

from __future__ import annotations

from dateline.ingest.language import detect_language, has_letters, normalise_language_code
from tests.conftest import SEED_2014


def test_seed_is_english_with_high_confidence() -> None:
    language, confidence = detect_language(SEED_2014.read_text(encoding="utf-8"))
    assert language == "en"
    assert confidence is not None and confidence > 0.9


def test_french_is_recognised() -> None:
    text = "Le président russe a invité le dirigeant nord-coréen à Moscou pour le 9 mai."
    assert detect_language(text)[0] == "fr"


def test_short_or_empty_text_has_no_language() -> None:
    assert detect_language("") == (None, None)
    assert detect_language("Hi there") == (None, None)


def test_metadata_codes_are_normalised() -> None:
    assert normalise_language_code("en-US") == "en"
    assert normalise_language_code("FR") == "fr"
    assert normalise_language_code("English (UK)") is None
    assert normalise_language_code(None) is None


def test_has_letters_counts_only_letters_and_stops_early() -> None:
    assert has_letters("12 34 -- ab", 2)
    assert not has_letters("12 34 -- ab", 3)
    assert has_letters("Ivashéntsov", 11)
    assert has_letters("", 0)
