"""The shared vocabulary of the story passes: content words, story days."""

from __future__ import annotations

import datetime as dt

from dateline.link.stories.features import content_words, story_day
from dateline.records import Article


def test_content_words_keep_years_and_drop_stop_words_and_numbers() -> None:
    words = content_words("In May 2015 Kim’s 3 envoys refused the invitation to Moscow.")
    assert words == ["2015", "kim", "envoys", "refused", "invitation", "moscow"]


def test_a_firm_date_counts_and_a_loose_guess_does_not() -> None:
    firm = Article(id="a", text="x", published="2014-08-25", published_basis="metadata")
    assert story_day(firm) == dt.date(2014, 8, 25)
    loose = Article(
        id="b",
        text="x",
        published="2014-08-25",
        published_basis="inferred",
        published_range=("2014-01-01", "2014-12-31"),
        published_confidence=0.9,
    )
    assert story_day(loose) is None
    pinned = Article(
        id="c",
        text="x",
        published="2014-12-19",
        published_basis="inferred",
        published_range=("2014-12-12", "2014-12-26"),
        published_confidence=0.8,
    )
    assert story_day(pinned) == dt.date(2014, 12, 19)


def test_stop_words_are_spacy_s_without_loading_spacy() -> None:
    import subprocess
    import sys

    from spacy.lang.en.stop_words import STOP_WORDS

    from dateline.link.stories.features import english_stop_words

    assert english_stop_words() == frozenset(STOP_WORDS)
    check = (
        "import sys; from dateline.link.stories.features import english_stop_words; "
        "assert 'the' in english_stop_words() and 'spacy' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", check], check=True)


def test_content_words_are_kept_for_every_text_of_a_link_batch() -> None:
    from dateline.link.run import LINK_BATCH
    from dateline.link.stories.features import _content_words

    # each story pass sweeps a batch's texts and titles in turn: the first text swept must
    # still be cached when the next pass comes back to it
    texts = [f"Report number{n} about harbour{n}" for n in range(2 * LINK_BATCH)]
    for text in texts:
        content_words(text)
    hits = _content_words.cache_info().hits
    assert content_words(texts[0]) == ["report", "number0", "harbour0"]
    assert _content_words.cache_info().hits == hits + 1
