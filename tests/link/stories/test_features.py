"""The shared vocabulary of the story passes: content words, story days."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter

from dateline.link.stories.features import (
    MONTH_REACH_DAYS,
    StoryInput,
    article_counts,
    content_words,
    forget_article_counts,
    split_features,
    stated_periods,
    story_day,
)
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


def test_the_words_of_title_and_text_apart_are_those_of_both_joined() -> None:
    """split_features counts a title's words then its text's, each found once for every
    pass: a word never spans the line break that joins them."""
    for title, text in [
        ("Quake hits Chile's north", "The 2014 quake, the year's worst, killed 6."),
        ("Ends with a dash-", "-starts with one; don't split it"),
        ("", "Only a text from 1999"),
        ("Title 2019", ""),
    ]:
        joined = content_words(f"{title}\n{text}")
        assert joined == content_words(title) + content_words(text)
        item = StoryInput("a", text, title=title)
        words = {k[2:]: n for k, n in split_features(item).items() if k.startswith("w:")}
        assert words == dict(Counter(joined))


def test_article_counts_are_kept_until_a_link_ends() -> None:
    item = StoryInput("a", "Rossi opened the harbour in Genoa.", entity_keys=("The Port",))
    words, entities = article_counts(item)
    assert article_counts(item)[0] is words  # the same counts, not counted again
    assert entities == Counter({"port": 1})
    assert split_features(item) is split_features(item)
    forget_article_counts()
    assert article_counts(item)[0] is not words
    assert article_counts(item)[0] == words


def test_a_day_stated_ahead_of_the_article_is_a_plan_not_a_reach() -> None:
    """Xinhua, 8 November 2005: "early elections, which was currently scheduled in November
    2006" must not let the next year's reports of the elections meet this story."""
    item = StoryInput(
        article_id="a",
        title="",
        text="",
        published=dt.date(2005, 11, 8),
        dates=("2006-11", "2005-10-28", "2005-11"),
    )
    assert stated_periods(item) == [
        (dt.date(2005, 10, 28).toordinal(), dt.date(2005, 10, 28).toordinal()),
        (dt.date(2005, 11, 1).toordinal(), dt.date(2005, 11, 30).toordinal()),
    ]
    undated = StoryInput(article_id="b", title="", text="", dates=("2006-11",))
    assert len(stated_periods(undated)) == 1  # no date to be ahead of


def test_a_month_a_year_back_is_a_comparison_a_day_is_a_reach() -> None:
    """Xinhua, 14 December 2006: "British retail sales rose by 0.3 percent in November
    compared with November 2005" must not let the report meet the stories of November 2005;
    a verdict naming the day of the shooting years before still reaches it, and a month a
    few weeks or months back ("the shooting in September") too."""
    day = dt.date(2006, 12, 14)
    item = StoryInput(
        article_id="a",
        title="",
        text="",
        published=day,
        dates=("2005-11", "2004-06-24", "2006-09", "2006-07", "2006-06"),
    )
    assert day - dt.timedelta(days=MONTH_REACH_DAYS) == dt.date(2006, 6, 14)
    assert stated_periods(item) == [
        (dt.date(2004, 6, 24).toordinal(), dt.date(2004, 6, 24).toordinal()),
        (dt.date(2006, 9, 1).toordinal(), dt.date(2006, 9, 30).toordinal()),
        (dt.date(2006, 7, 1).toordinal(), dt.date(2006, 7, 31).toordinal()),
    ]
    undated = dataclasses.replace(item, published=None)
    assert len(stated_periods(undated)) == 5  # no date to measure from
