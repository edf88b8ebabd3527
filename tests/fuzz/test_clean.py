"""The text cleaner on random and hostile text: never a crash, always tidy output."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from dateline.ingest.clean import clean_text, normalise_text
from tests.fuzz.strategies import any_text, fast

FAST = fast(150)


@FAST
@given(any_text, st.one_of(st.just(""), any_text))
def test_clean_text_returns_tidy_paragraphs(text: str, title: str) -> None:
    cleaned = clean_text(text, title)
    assert cleaned.text == cleaned.text.strip()
    assert "\r" not in cleaned.text and "\n\n\n" not in cleaned.text
    for paragraph in cleaned.text.split("\n\n"):
        assert paragraph == paragraph.strip()
    if not title:  # a title found in the text is one line (readers collapse given titles)
        assert "\n" not in cleaned.title and cleaned.title == cleaned.title.strip()
    assert all(isinstance(line, str) for line in cleaned.removed)


@FAST
@given(any_text)
def test_normalise_text_is_idempotent_and_keeps_line_structure(text: str) -> None:
    once = normalise_text(text)
    assert normalise_text(once) == once
    assert all(line == line.strip() for line in once.split("\n"))
