"""Entity timelines and quotes by speaker over the seed articles in a real SQLite store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from dateline.api import Corpus, open_corpus
from dateline.link.entity_edits import relink
from dateline.query.dossier import find_entity
from dateline.query.quotes import quotes_by
from dateline.query.timeline import (
    LANES,
    TimelineLine,
    attribution_time,
    build_timeline,
    cue_span,
    dates_compatible,
    inflects,
    merge_events,
)
from dateline.records import Event, Quote, TimeExpr
from tests.conftest import SEEDS


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Corpus]:
    path: Path = tmp_path_factory.mktemp("timeline") / "seeds.db"
    with open_corpus(path) as opened:
        opened.ingest([SEEDS])
        opened.annotate()
        relink(opened.store)
        yield opened


def kim_timeline(corpus: Corpus) -> list[TimelineLine]:
    kim = find_entity(corpus.store, "Kim Jong-un")
    assert kim is not None
    return build_timeline(corpus.store, kim.id)


def test_kim_timeline_in_order_with_sources(corpus: Corpus) -> None:
    lines = kim_timeline(corpus)
    invitation = next(line for line in lines if "Putin invited" in line.summary)
    refusal = next(line for line in lines if line.modality == "refused")
    summit = next(line for line in lines if "summit" in line.summary)
    # the seeds' own dates are inferred from their text ("on Friday, December 19"): an event
    # dated only by its article is approximate, a date the text states is not
    assert (invitation.date or "").startswith("2014-12")
    assert (invitation.date_basis, invitation.lane) == ("article", "approximate")
    assert "has invited the North Korean leader Kim Jong-un" in invitation.sentence
    assert (refusal.date, refusal.date_basis, refusal.lane) == ("2015-05", "stated", "dated")
    assert "refused to accept an invitation" in refusal.sentence
    assert (summit.date or "").startswith("2019")
    lanes = [LANES.index(line.lane) for line in lines]
    assert lanes == sorted(lanes)
    for lane in LANES:
        dates = [line.date or "9999" for line in lines if line.lane == lane]
        assert dates == sorted(dates)
    for line in lines:
        for source in line.sources:
            article = corpus.store.get_article(source.article_id)
            assert article is not None
            assert article.text[source.sentence_start : source.sentence_end] == source.sentence


def test_same_event_twice_is_one_line(corpus: Corpus) -> None:
    lines = kim_timeline(corpus)
    summits = [line for line in lines if line.category == "consult" and line.modality == "planned"]
    vladivostok = [line for line in summits if len(line.event_ids) > 1]
    assert vladivostok, [
        line.summary for line in summits
    ]  # "summit" and "talks ... in Vladivostok"
    trips = [line for line in lines if "trip" in line.summary]
    assert len(trips) == 1 and len(trips[0].sources) == 2  # the repeated sentence of 2014


def test_quotes_by_ivashentsov(corpus: Corpus) -> None:
    entity = find_entity(corpus.store, "Ivashentsov")
    assert entity is not None
    found = quotes_by(corpus.store, entity.id)
    quoted = [line for line in found if line.quote.kind in ("direct", "partial")]
    assert len(quoted) >= 5
    assert all(line.speaker == entity.name for line in found)
    peskov = find_entity(corpus.store, "Dmitry Peskov")
    assert peskov is not None
    assert any(
        "invitation was sent" in line.quote.text for line in quotes_by(corpus.store, peskov.id)
    )


def test_what_the_entity_said_is_on_its_timeline(corpus: Corpus) -> None:
    entity = find_entity(corpus.store, "Ivashentsov")
    assert entity is not None
    lines = build_timeline(corpus.store, entity.id)
    statements = [line for line in lines if line.category == "statement"]
    assert statements
    cues = set()
    for line in statements:
        assert entity.id in line.participants
        for mention in line.mentions:
            article = corpus.store.get_article(mention.article_id)
            assert article is not None
            assert article.text[mention.trigger_start : mention.trigger_end] == mention.trigger
            cues.add(mention.trigger.lower())
    assert cues & {"said", "says", "told"}, cues


def test_the_cue_is_found_outside_the_quote_near_the_speaker() -> None:
    text = 'He said nothing. "We said no," Smith told reporters on Monday.'
    quote = Quote(
        "a1", 17, 30, '"We said no,"', "direct", cue="tell", speaker_start=31, speaker_end=36
    )
    assert cue_span(text, quote) == (37, 41)  # "told", not the "said" inside the quote
    assert inflects("said", "say") and inflects("states", "state") and inflects("denied", "deny")
    assert not inflects("sail", "say")


def test_a_statement_takes_the_date_stated_with_its_attribution() -> None:
    text = '"We signed in 2009," Smith said on Monday. Jones left on Tuesday.'
    quote = Quote("a1", 0, 20, '"We signed in 2009,"', "direct", "say", 21, 26, "Smith")
    in_quote = TimeExpr("a1", 14, 18, "2009", "DATE", "2009", basis="stated")
    monday = TimeExpr("a1", 32, 41, "on Monday", "DATE", "2015-06-01")
    tuesday = TimeExpr("a1", 54, 64, "on Tuesday", "DATE", "2015-06-02")
    cue = cue_span(text, quote)
    assert cue == (27, 31)
    assert attribution_time(text, quote, cue, [in_quote, monday, tuesday]) == monday
    assert attribution_time(text, quote, cue, [in_quote, tuesday]) is None


def event(
    event_id: str, when: str | None, basis: str, participants: tuple[str, ...], article: str
) -> Event:
    return Event(
        id=event_id,
        article_id=article,
        trigger_start=0,
        trigger_end=5,
        trigger="visit",
        category="consult",
        actor_ids=participants,
        when=when,
        when_basis=basis,  # type: ignore[arg-type]
        sentence="A visit.",
        sentence_end=8,
    )


def test_merge_across_articles_keeps_the_text_date() -> None:
    first = event("e1", "2019-04-23", "article", ("putin", "kim"), "a1")
    second = event("e2", "2019-04-25", "resolved", ("putin", "kim"), "a2")
    other = event("e3", "2019-04-25", "resolved", ("putin", "abe"), "a2")
    lines = merge_events([first, second, other], {}, {"a1": "One", "a2": "Two"})
    assert len(lines) == 2
    merged = next(line for line in lines if len(line.sources) == 2)
    assert (merged.date, merged.date_basis) == ("2019-04-25", "resolved")
    assert {s.title for s in merged.sources} == {"One", "Two"}


def test_date_compatibility() -> None:
    assert dates_compatible("2015-05", "stated", "2015-05-09", "stated")
    assert not dates_compatible("2015-05", "stated", "2014-12-19", "article")
    assert dates_compatible("2019-04-23", "article", "2019-04-29", "resolved")
    assert not dates_compatible("2019-04-23", "resolved", "2019-04-29", "resolved")


def resignation(event_id: str, when: str | None, basis: str, article: str, trigger: str) -> Event:
    return Event(
        id=event_id,
        article_id=article,
        trigger_start=0,
        trigger_end=len(trigger),
        trigger=trigger,
        category="leave",
        actor_ids=("minister",),
        when=when,
        when_basis=basis,  # type: ignore[arg-type]
        sentence="The minister resigned.",
        sentence_end=22,
    )


def test_one_resignation_reported_three_times_is_one_line() -> None:
    """Stated 2008, and two articles whose dates are a guess (2003) or missing: one line,
    dated by the stated date, with the three sources."""
    lines = merge_events(
        [
            resignation("e1", "2003-06-01", "article", "guessed", "resigned"),
            resignation("e2", "2008-03-04", "stated", "dated", "resignation"),
            resignation("e3", None, "article", "undated", "resigns"),
        ],
        {},
        {},
        guessed_articles={"guessed"},
    )
    assert len(lines) == 1
    (line,) = lines
    assert (line.date, line.date_basis, line.lane) == ("2008-03-04", "stated", "dated")
    assert {source.article_id for source in line.sources} == {"guessed", "dated", "undated"}
    assert {mention.trigger for mention in line.mentions} == {"resigned", "resignation", "resigns"}


def test_a_guessed_date_is_approximate_and_never_glues_different_happenings() -> None:
    lines = merge_events(
        [
            resignation("e1", "2003-06-01", "article", "a", "resigned"),
            resignation("e2", "2003-06-01", "article", "b", "appointed"),
            resignation("e3", "2004-01-02", "inferred", "c", "left"),
        ],
        {},
        {},
        guessed_articles={"a", "b"},
    )
    assert [line.lane for line in lines] == ["approximate"] * 3


def test_events_of_one_cross_article_cluster_are_one_line() -> None:
    first = resignation("e1", "2008-03-04", "stated", "a", "quit")
    second = resignation("e2", "2008-03-01", "stated", "b", "stepped down")
    assert len(merge_events([first, second], {}, {})) == 2
    clusters = {"e1": "ec-1", "e2": "ec-1"}
    assert len(merge_events([first, second], {}, {}, clusters=clusters)) == 1


def test_event_clusters_are_read_from_the_link_stage(tmp_path: Path) -> None:
    from dateline.link.event_linking import link_events
    from dateline.query.timeline import event_clusters
    from dateline.records import Annotations, Article, Story
    from dateline.store.sqlite import SQLiteStore

    store = SQLiteStore(tmp_path / "clusters.db")
    assert event_clusters(store, []) == {}
    store.add_articles([Article(id=a, text="Brown quit.", published="2008-03-04") for a in "ab"])
    store.put_annotations(
        [
            Annotations(
                article_id="a", events=(resignation("e1", "2008-03-04", "stated", "a", "quit"),)
            ),
            Annotations(
                article_id="b", events=(resignation("e2", "2008-03-04", "stated", "b", "quit"),)
            ),
        ]
    )
    store.replace_stories([Story(id="s1", title="Brown", article_ids=("a", "b"))])
    link_events(store)
    events = list(store.iter_events())
    clusters = event_clusters(store, events)
    assert set(clusters) == {"e1", "e2"} and clusters["e1"] == clusters["e2"]
    # a page reads the clusters of the events it shows, not every clustered event
    assert set(event_clusters(store, [e for e in events if e.id == "e1"])) == {"e1"}
    store.close()


def test_the_cue_of_a_pronoun_speakers_quote_is_next_to_the_quote() -> None:
    # the speaker was resolved from "he" to "Smith", named a sentence before
    text = "Smith said the plan failed. Later he said that the firm would close."
    quote = Quote("a1", 47, 68, "the firm would close.", "indirect", "say", 0, 5, "Smith")
    assert cue_span(text, quote) == (37, 41)  # the "said" of "he said", not "Smith said"


def test_a_speaker_named_sentences_before_dates_nothing_in_between() -> None:
    # "he" was resolved to Obama, named two sentences before the cue
    text = "Obama spoke. He wants cars of tomorrow. He said that GM would recover."
    quote = Quote("a1", 53, 70, "GM would recover.", "indirect", "say", 0, 5, "Obama")
    tomorrow = TimeExpr("a1", 30, 38, "tomorrow", "DATE", "2009-06-02")
    cue = cue_span(text, quote)
    assert cue == (43, 47)
    assert attribution_time(text, quote, cue, [tomorrow]) is None


def statement(event_id: str, when: str, basis: str, article: str) -> Event:
    return Event(
        id=event_id,
        article_id=article,
        trigger_start=0,
        trigger_end=4,
        trigger="said",
        category="statement",
        actor_ids=("obama",),
        when=when,
        when_basis=basis,  # type: ignore[arg-type]
        sentence="He said so.",
        sentence_end=11,
    )


def test_statements_of_different_days_are_different_lines() -> None:
    lines = merge_events(
        [
            statement("s1", "2009-05-28", "article", "a"),
            statement("s2", "2009-06-01", "article", "b"),
            statement("s3", "2009-06-01", "article", "b"),
            statement("s4", "2009-06-01", "article", "c"),
        ],
        {},
        {},
    )
    assert [(line.date, len(line.mentions)) for line in lines] == [
        ("2009-05-28", 1),
        ("2009-06-01", 3),
    ]


def test_a_month_and_a_day_inside_it_give_the_day() -> None:
    stated = event("e1", "2005-04", "stated", ("a380",), "a1")
    reported = event("e2", "2005-04-27", "article", ("a380",), "a2")
    (line,) = merge_events([stated, reported], {}, {})
    assert line.date == "2005-04-27"
    # a year says too little: the stated year stays
    stated = event("e1", "2009", "stated", ("fiat",), "a1")
    reported = event("e2", "2009-05-01", "article", ("fiat",), "a2")
    (line,) = merge_events([stated, reported], {}, {})
    assert line.date == "2009"
