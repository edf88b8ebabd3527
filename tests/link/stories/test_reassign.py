"""The reassigning pass on ECB+ topics: a stray report moves, gold stories stay, stable ids."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from dateline.evaluate.ecbplus import select_documents
from dateline.link.embed import embed_texts
from dateline.link.stories.corpus import cluster_corpus
from dateline.link.stories.features import CorpusFeatures, StoryInput, story_id_for
from dateline.link.stories.merges import merge_fragments
from dateline.link.stories.online import cluster
from dateline.link.stories.reassign import ReassignParams, reassign_articles
from dateline.link.stories.splits import split_stories
from tests.link.stories.ecb_inputs import story_inputs
from tests.link.stories.store_runs import linked_in_two_runs, story_of_each_article

# Train topic 27: Microsoft's emergency Internet Explorer patch of December 2008 (27_ecb) and
# that of September 2013 (27_ecbplus). The online pass puts one 2013 report in the 2008 story.
STRAY = "27_11ecbplus.xml"  # "Microsoft releases security patch for Internet Explorer ..."

Topic = tuple[list[StoryInput], npt.NDArray[np.float32], dict[str, str]]


def _topic(topics: str, datasets_dir: Path) -> Topic:
    documents = select_documents(topics, datasets_dir / "ecbplus")
    items = story_inputs(documents)
    vectors = embed_texts([f"{item.title}\n{item.text}" for item in items])
    return items, vectors, {document.name: document.subtopic for document in documents}


@pytest.fixture(scope="module")
def topic_27(datasets_dir: Path) -> Topic:
    return _topic("27", datasets_dir)


def _before_the_pass(items: list[StoryInput], vectors: npt.NDArray[np.float32]) -> dict[str, str]:
    """The online, splitting and merging passes' stories."""
    corpus = CorpusFeatures.of(items)
    split, splits = split_stories(items, cluster(items, vectors), corpus=corpus)
    apart = [(s.story_id, s.new_story_id) for s in splits]
    return merge_fragments(items, split, corpus, apart=apart)[0]


def _gold_stories(gold: dict[str, str]) -> dict[str, str]:
    founders: dict[str, str] = {}
    for article_id in sorted(gold):
        founders.setdefault(gold[article_id], article_id)
    return {article_id: story_id_for(founders[gold[article_id]]) for article_id in gold}


def test_a_stray_report_moves_to_its_own_story(topic_27: Topic) -> None:
    items, vectors, gold = topic_27
    before = _before_the_pass(items, vectors)
    stray_story = before[STRAY]
    assert Counter(gold[a] for a, s in before.items() if s == stray_story).most_common(1) == [
        ("27_ecb", 17)
    ]
    after, moves = reassign_articles(items, vectors, before)
    assert [move.article_id for move in moves] == [STRAY]
    move = moves[0]
    assert move.from_story == stray_story
    assert move.score - move.own_score >= ReassignParams().min_margin
    # it joins the 2013 story, and every story of the topic now holds one happening
    assert {gold[a] for a, s in after.items() if s == after[STRAY]} == {"27_ecbplus"}
    for story in set(after.values()):
        assert len({gold[a] for a, s in after.items() if s == story}) == 1
    assert set(after.values()) <= set(before.values())  # the stories keep their ids


def test_gold_stories_of_dev_topics_stay_as_they_are(datasets_dir: Path) -> None:
    items, vectors, gold = _topic("2,5,12,18,21", datasets_dir)
    stories = _gold_stories(gold)
    assert reassign_articles(items, vectors, stories) == (stories, [])


def test_small_stories_examined_stories_and_the_time_gate(topic_27: Topic) -> None:
    items, vectors, _ = topic_27
    before = _before_the_pass(items, vectors)
    own_size = sum(1 for story in before.values() if story == before[STRAY])
    # articles of stories smaller than min_story do not move
    params = ReassignParams(min_story=own_size + 1)
    assert reassign_articles(items, vectors, before, params) == (before, [])
    # only the articles of the given stories may move
    assert reassign_articles(items, vectors, before, story_ids={"s-elsewhere"})[1] == []
    assert reassign_articles(items, vectors, before, story_ids={before[STRAY]})[1]
    # dated a year away from the 2013 story, the report does not meet it
    day = dt.date(2013, 9, 18)
    dated = [
        dataclasses.replace(
            item, published=day.replace(year=2014) if item.article_id == STRAY else day
        )
        for item in items
    ]
    assert reassign_articles(dated, vectors, before)[1] == []
    same_day = [dataclasses.replace(item, published=day) for item in items]
    assert [move.article_id for move in reassign_articles(same_day, vectors, before)[1]] == [STRAY]


def test_link_stories_logs_moves_and_a_rerun_keeps_the_stories(
    topic_27: Topic, tmp_path: Path
) -> None:
    """Through the store (no entity annotation), in two runs: moves are logged, each moved
    article joins a story of its own happening, and the next run restores the stories.

    Without entities the stray 2008 report's margin here is 0.038, below the product's
    ``min_margin`` (tuned with entities): the runs use the earlier margin of 0.03."""
    items, _, gold = topic_27
    params = ReassignParams(min_margin=0.03)
    store, grown = linked_in_two_runs(items, tmp_path / "ecb.db", params)
    moves = store.story_log("move")
    assert moves
    for move in moves:
        assert grown[move["article_id"]] == move["to_story"]
        others = [a for a, s in grown.items() if s == move["to_story"] and a != move["article_id"]]
        assert Counter(gold[a] for a in others).most_common(1)[0][0] == gold[move["article_id"]]
    assert story_of_each_article(store, params) == grown
    assert store.story_log("move") == moves  # nothing new to move
    store.close()


def _two_ferry_fires(report: str) -> tuple[list[StoryInput], dict[str, str]]:
    """Two ferry fires of the same kind (four reports each, their own ship, port, day, toll
    and captain) and a report of neither's specifics, placed in the first fire's story."""
    first = (
        "A fire swept through the ferry Nordlys off Bergen on Tuesday, and 14 passengers were "
        "taken to hospital. Captain Eira Holm said the blaze began in the engine room."
    )
    second = (
        "A fire swept through the ferry Lucia off Messina on Friday, and 31 passengers were "
        "taken to hospital. Captain Remo Serra said the blaze began in the cargo hold."
    )
    items = []
    for n in range(4):
        items.append(StoryInput(f"a{n}", f"{first} Report {n}.", title="Fire on the ferry Nordlys"))
        items.append(StoryInput(f"b{n}", f"{second} Report {n}.", title="Fire on the ferry Lucia"))
    items.append(StoryInput("report", report, title=report.split(". ")[0]))
    stories = {
        item.article_id: story_id_for("b0" if item.article_id.startswith("b") else "a0")
        for item in items
    }
    return items, stories


ALERT = "A fire swept through a ferry and passengers were taken to hospital."


def test_a_one_sentence_report_fitting_two_stories_alike_is_set_aside() -> None:
    items, stories = _two_ferry_fires(ALERT)
    vectors = embed_texts([f"{item.title}\n{item.text}" for item in items])
    after, moves = reassign_articles(items, vectors, stories)
    (move,) = moves
    # its own story scores barely above the other fire's: it stands alone, a story of its own
    assert move.aside and move.article_id == "report"
    assert 0 <= move.own_score - move.score < ReassignParams().unsure_margin
    assert after["report"] == move.to_story == story_id_for("report")
    assert move.to_json()["aside"] is True
    assert {after[a] for a in after if a != "report"} == set(stories.values())
    never = ReassignParams(unsure_margin=-ReassignParams().min_margin)
    assert reassign_articles(items, vectors, stories, never)[1] == []
    # a story's founder stays: the story's id is its own
    founded = {a: story_id_for("report") if s == stories["a0"] else s for a, s in stories.items()}
    assert reassign_articles(items, vectors, founded)[1] == []


def test_a_longer_report_fitting_two_stories_alike_stays() -> None:
    """Two sentences already carry more than the event type's words: the report stays."""
    items, stories = _two_ferry_fires(f"{ALERT} The blaze began below deck, officials said.")
    vectors = embed_texts([f"{item.title}\n{item.text}" for item in items])
    assert reassign_articles(items, vectors, stories) == (stories, [])


def test_a_set_aside_report_stays_alone_when_no_story_clearly_fits_it() -> None:
    """Through every pass (online, splitting, merging, reassigning): the one-sentence report
    of neither fire's specifics is set aside, and the merging pass, placing it again, finds no
    story it clearly fits (its ratio rule), so it stays a story of its own."""
    items, _ = _two_ferry_fires(ALERT)
    vectors = embed_texts([f"{item.title}\n{item.text}" for item in items])
    result = cluster_corpus(items, vectors)
    assert [a for a, s in result.assignments.items() if s == result.assignments["report"]] == [
        "report"
    ]
    (move,) = result.moves
    assert move.aside and move.to_story == result.assignments["report"]
    assert result.merges == ()


def test_a_batch_run_moves_no_article_of_a_story_still_forming_to_an_older_story(
    topic_27: Topic,
) -> None:
    """Every article of topic 27 is dated one day, but those of the 2013 patch's story, ten
    days before; the stray 2013 report sits in the 2008 story, and a batch brings that story
    one more report. While the 2008 story counts as still forming (founded on or after
    ``growing_since``) and the 2013 story not, the stray report stays; it moves as in a full
    run when neither is forming, or both are."""
    items, vectors, gold = topic_27
    before = _before_the_pass(items, vectors)
    story = before[STRAY]
    members = [a for a, s in before.items() if s == story and a != STRAY]
    newcomer = min(a for a in members if story_id_for(a) != story)  # not the founder
    stored = {a: s for a, s in before.items() if a != newcomer}
    day = dt.date(2013, 9, 18)
    older = day - dt.timedelta(days=10)
    dated = [
        dataclasses.replace(
            item,
            published=older
            if gold[item.article_id] == "27_ecbplus" and item.article_id != STRAY
            else day,
        )
        for item in items
    ]

    def moved(growing_since: int | None) -> list[str]:
        run = cluster_corpus(dated, vectors, previous=stored, growing_since=growing_since)
        assert run.assignments[newcomer] == story
        return [move.article_id for move in run.moves]

    assert moved(None) == [STRAY]
    assert moved(day.toordinal()) == []  # its story is forming, the right one is older
    assert moved(day.toordinal() + 1) == [STRAY]  # neither is forming
    assert moved(older.toordinal()) == [STRAY]  # both are
