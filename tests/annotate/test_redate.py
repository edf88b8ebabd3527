"""A corrected date re-resolves the stored annotations exactly as annotating again would."""

from __future__ import annotations

from dataclasses import replace

import pytest

from dateline.annotate import DEFAULT_MODEL
from dateline.annotate.pipeline import annotate_articles
from dateline.annotate.redate import redated_annotations, reparsed_annotations
from dateline.records import Annotations, Article
from tests.annotate.test_pipeline import seed_article
from tests.conftest import SEED_2014, SEED_2019

# relative values, a stated date, an event dated by "yesterday" and events on the article's day;
# no clause whose tense the parse must read
UNPARSED = (
    "Shares of Lanvale Mining rose 4% yesterday after the company reported results on "
    "May 9, 2015.\n\nThe board met three weeks ago. Maria Osterholt, its chair, resigned, "
    "the company said. It had sold a plant. Next month the firm will open a mine."
)
# weekdays and a month: the tense of their clause (past or coming Tuesday) is read from the
# parse, and stored with the annotations
TENSED = (
    "Talks between Lanvale Mining and the union resumed on Tuesday, the company said. "
    "A vote is planned for Friday. In March the mine closed."
)


def corrected(article: Article, day: str) -> Article:
    return replace(
        article,
        published=day,
        published_basis="user",
        published_range=None,
        published_confidence=1.0,
    )


def annotated(article: Article) -> tuple[Article, Annotations]:
    return next(annotate_articles([article]))


def comparable(annotations: Annotations) -> Annotations:
    """What re-annotation decides (the ids the link stage fills are not)."""
    return replace(
        annotations,
        mentions=tuple(replace(m, entity_id=None) for m in annotations.mentions),
        quotes=tuple(replace(q, speaker_id=None) for q in annotations.quotes),
        events=tuple(
            replace(e, actor_ids=(), target_ids=(), place_id=None) for e in annotations.events
        ),
    )


@pytest.mark.parametrize("first", ["2015-05-10", "2014-12-31"])
@pytest.mark.parametrize("day", ["2015-05-12", "2016-02-29"])
def test_a_new_date_without_a_parse_gives_what_annotating_again_gives(
    first: str | None, day: str
) -> None:
    before, stored = annotated(Article(id="lanvale", text=UNPARSED, published=first))
    after = corrected(before, day)
    redated = redated_annotations(before, after, stored)
    assert redated is not None
    assert comparable(redated) == comparable(annotated(after)[1])
    assert "2015-05-09" in {t.value for t in redated.times}  # stated: it stays
    assert any(e.when_basis == "article" and e.when == day for e in redated.events)


@pytest.mark.parametrize("day", ["2015-05-14", "2015-01-01"])
def test_the_tenses_the_parse_read_stand_in_for_it(day: str) -> None:
    before, stored = annotated(Article(id="talks", text=TENSED, published="2015-05-10"))
    assert {t.tense for t in stored.tenses} >= {"past", "future"}
    after = corrected(before, day)
    redated = redated_annotations(before, after, stored)
    assert redated is not None
    assert comparable(redated) == comparable(annotated(after)[1])


def test_without_the_tenses_the_parse_read_the_article_is_parsed_again() -> None:
    # annotated before the tenses were stored
    before, stored = annotated(Article(id="talks", text=TENSED, published="2015-05-10"))
    unstored = replace(stored, tenses=())
    assert redated_annotations(before, corrected(before, "2015-05-14"), unstored) is None


def test_parsed_again_it_gives_what_annotating_again_gives() -> None:
    before, stored = annotated(Article(id="talks", text=TENSED, published="2015-05-10"))
    after = corrected(before, "2015-05-14")
    reparsed = reparsed_annotations(after, replace(stored, tenses=()), DEFAULT_MODEL)
    assert reparsed is not None
    assert comparable(reparsed) == comparable(annotated(after)[1])


def test_parsed_again_its_mentions_and_quotes_stay_the_stored_ones() -> None:
    # annotated by another model: it found one mention fewer; a date does not change that
    before, stored = annotated(Article(id="lanvale", text=UNPARSED))
    other = replace(stored, mentions=stored.mentions[1:])
    after = corrected(before, "2015-05-14")
    reparsed = reparsed_annotations(after, other, DEFAULT_MODEL)
    assert reparsed is not None
    fresh = annotated(after)[1]
    assert reparsed.mentions == other.mentions and reparsed.quotes == other.quotes
    assert reparsed.times == fresh.times and reparsed.tenses == fresh.tenses
    spans = {(m.start, m.end) for m in other.mentions}
    assert all(set(e.actor_spans) <= spans for e in reparsed.events)


def test_an_undated_article_is_parsed_again() -> None:
    # its relative expressions gain values an event may now take instead of the article's day
    before, stored = annotated(Article(id="undated", text=UNPARSED))
    assert before.published is None and stored.events
    assert redated_annotations(before, corrected(before, "2015-05-14"), stored) is None


@pytest.mark.parametrize("path", [SEED_2014, SEED_2019])
def test_seeds_redated_either_way_match_annotating_again(path: object) -> None:
    before, stored = annotated(seed_article(path))  # type: ignore[arg-type]
    after = corrected(before, "2019-04-30")
    redated = redated_annotations(before, after, stored)
    if redated is not None:
        assert comparable(redated) == comparable(annotated(after)[1])


def test_events_take_their_time_from_the_same_types() -> None:
    from dateline.annotate import events, redate

    assert redate.DATE_TYPES == events.DATE_TYPES


# a past verb and a present one, each with a stated date: whether the date lies ahead of the
# report decides the verb's time and the other's modality (:mod:`dateline.annotate.event_tense`)
AHEAD = (
    "The board of Lanvale Mining adjourned the meeting until May 20, 2015. "
    "The strike at its mine ends on May 23, 2015."
)


@pytest.mark.parametrize(
    ("first", "day"), [("2015-05-10", "2015-06-01"), ("2015-06-01", "2015-05-10")]
)
def test_a_new_date_that_moves_a_time_across_the_report_gives_what_annotating_again_gives(
    first: str, day: str
) -> None:
    before, stored = annotated(Article(id="ahead", text=AHEAD, published=first))
    after = corrected(before, day)
    fresh = annotated(after)[1]
    redated = redated_annotations(before, after, stored)
    if redated is not None:
        assert comparable(redated) == comparable(fresh)
    told = {e.trigger: (e.modality, e.when) for e in fresh.events}
    if day == "2015-06-01":
        assert told["adjourned"] == ("happened", "2015-05-20")
        assert told["ends"] == ("happened", "2015-05-23")
    else:
        assert told["adjourned"] == ("happened", "2015-05-10")
        assert told["ends"] == ("planned", "2015-05-23")
