"""The fragment-merging pass on ECB+ dev topics 5 and 23: what joins, what stays, stable ids."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from dateline.evaluate.ecbplus import select_documents
from dateline.link.embed import embed_texts
from dateline.link.stories.corpus import StoryParams, cluster_corpus
from dateline.link.stories.features import (
    ClusterParams,
    CorpusFeatures,
    StoryInput,
    story_id_for,
)
from dateline.link.stories.merges import MergeParams, merge_fragments
from dateline.link.stories.online import StoryClusterer, cluster
from dateline.link.stories.splits import split_stories
from tests.link.stories.ecb_inputs import story_inputs
from tests.link.stories.store_runs import linked_in_two_runs, story_of_each_article

# Dev topic 23: an Australian climber killed on Mount Cook while his brother survived two
# nights on the mountain (23_ecb, one-sentence reports), and another climber's death on the
# same mountain (23_ecbplus). Dev topic 5: two basketball coaches fired (5_ecb, 5_ecbplus).
FRAGMENT = "23_2ecb.xml"  # "Dr Mark Vinar, 43, is presumed dead after disappearing off ..."


@pytest.fixture(scope="module")
def dev_topics(datasets_dir: Path) -> tuple[list[StoryInput], dict[str, str]]:
    documents = select_documents("5,23", datasets_dir / "ecbplus")
    gold = {document.name: document.subtopic for document in documents}
    return story_inputs(documents), gold


def _gold_stories(gold: dict[str, str], alone: str) -> dict[str, str]:
    """Each gold sub-topic as a story (named after its first article), ``alone`` on its own."""
    founders: dict[str, str] = {}
    for article_id in sorted(gold):
        if article_id != alone:
            founders.setdefault(gold[article_id], article_id)
    assignments = {a: story_id_for(founders[gold[a]]) for a in gold if a != alone}
    assignments[alone] = story_id_for(alone)
    return assignments


def test_fragments_left_by_the_online_pass_join_their_own_story(
    dev_topics: tuple[list[StoryInput], dict[str, str]],
) -> None:
    items, gold = dev_topics
    vectors = embed_texts([f"{item.title}\n{item.text}" for item in items])
    corpus = CorpusFeatures.of(items)
    # at the default threshold (0.19) the online pass already places the climber's
    # one-sentence reports in these two topics; at 0.225 it leaves them as fragments
    online = cluster(items, vectors, ClusterParams(threshold=0.225))
    before, _ = split_stories(items, online, corpus=corpus)
    after, merges = merge_fragments(items, before, corpus)
    assert len(merges) >= 2
    for merge in merges:
        # the story keeps its id and grows; the fragment's articles are of the same sub-topic
        assert merge.story_id in before.values() and merge.fragment_id not in after.values()
        joined = Counter(gold[a] for a, story in after.items() if story == merge.story_id)
        assert len(joined) == 1
        assert merge.similarity >= MergeParams().min_similarity
        assert merge.similarity >= MergeParams().min_ratio * merge.runner_up
        record = merge.to_json()
        assert record["moved"] == list(merge.moved) and record["shared"]
    climbers = next(m for m in merges if any(a.startswith("23_") for a in m.moved))
    assert "w:brother" in climbers.shared  # the survivor watched his brother fall
    assert len(set(after.values())) < len(set(before.values()))
    # the next run restores exactly the merged stories from the saved assignments
    restored = StoryClusterer(vectors.shape[1])
    restored.restore(items, vectors, after)
    assert restored.assignments == after


def test_a_report_joins_its_own_happening_not_the_other_one_on_the_same_mountain(
    dev_topics: tuple[list[StoryInput], dict[str, str]],
) -> None:
    items, gold = dev_topics
    assignments = _gold_stories(gold, FRAGMENT)
    merged, (merge,) = merge_fragments(items, assignments)
    assert merged[FRAGMENT] == assignments["23_1ecb.xml"] != assignments["23_1ecbplus.xml"]
    assert merge.fragment_id == story_id_for(FRAGMENT)
    assert merge.runner_up > 0  # the other Mount Cook story was a candidate, and lost
    # without its own story the report stays alone rather than join the other climber's death
    others = [
        item for item in items if gold[item.article_id] != "23_ecb" or item.article_id == FRAGMENT
    ]
    alone, none = merge_fragments(
        others, {item.article_id: assignments[item.article_id] for item in others}
    )
    assert alone[FRAGMENT] == story_id_for(FRAGMENT) and none == []


def test_size_caps_time_gate_and_examined_stories(
    dev_topics: tuple[list[StoryInput], dict[str, str]],
) -> None:
    items, gold = dev_topics
    assignments = _gold_stories(gold, FRAGMENT)
    # two stories above the fragment size are never merged, however similar
    unchanged, none = merge_fragments(items, assignments, params=MergeParams(max_fragment=0))
    assert unchanged == assignments and none == []
    # dated a year away from its (dated) story, the report is another happening
    day = dt.date(2013, 1, 3)
    dated = [
        dataclasses.replace(
            item, published=day.replace(year=2014) if item.article_id == FRAGMENT else day
        )
        for item in items
    ]
    apart, none = merge_fragments(dated, assignments)
    assert apart == assignments and none == []
    # ... unless its text states a day of that story: a report looking back on the happening
    looking_back = [
        dataclasses.replace(item, dates=(day.isoformat(),)) if item.article_id == FRAGMENT else item
        for item in dated
    ]
    assert merge_fragments(looking_back, assignments)[0][FRAGMENT] == assignments["23_1ecb.xml"]
    same_day = [dataclasses.replace(item, published=day) for item in items]
    assert merge_fragments(same_day, assignments)[0][FRAGMENT] == assignments["23_1ecb.xml"]
    # only the fragments of the given stories, or meeting them as candidates, are examined
    story = assignments["23_1ecb.xml"]
    assert merge_fragments(items, assignments, story_ids={"s-elsewhere"})[1] == []
    assert merge_fragments(items, assignments, story_ids={story})[0][FRAGMENT] == story


def test_link_stories_logs_merges_and_a_rerun_keeps_the_stories(
    dev_topics: tuple[list[StoryInput], dict[str, str]], tmp_path: Path
) -> None:
    """Through the store: merges are logged, and the next runs restore the merged stories."""
    items, gold = dev_topics
    store, grown = linked_in_two_runs(items, tmp_path / "ecb.db")
    merges = store.story_log("merge")
    assert merges and all(set(merge) >= {"fragment_id", "story_id", "moved"} for merge in merges)
    for merge in merges:  # the story a fragment joined keeps its id and holds its articles
        assert {grown[article_id] for article_id in merge["moved"]} <= {merge["story_id"]}
        others = [a for a, story in grown.items() if story == merge["story_id"]]
        others = [a for a in others if a not in merge["moved"]]
        assert {gold[a] for a in merge["moved"]} <= {gold[a] for a in others}
    assert story_of_each_article(store) == grown
    assert store.story_log("merge") == merges  # nothing new to merge
    store.close()


def test_a_fragment_never_rejoins_a_story_it_was_split_from_or_refused_to(
    dev_topics: tuple[list[StoryInput], dict[str, str]],
) -> None:
    items, gold = dev_topics
    assignments = _gold_stories(gold, FRAGMENT)
    brothers, report = assignments["23_1ecb.xml"], story_id_for(FRAGMENT)
    assert merge_fragments(items, assignments)[0][FRAGMENT] == brothers
    # split off the brothers' story (directly, or through a chain of splits): it stays alone
    for pairs in ([(brothers, report)], [(brothers, "s-between"), ("s-between", report)]):
        kept, none = merge_fragments(items, assignments, apart=pairs)
        assert kept[FRAGMENT] == report and none == []
    # refused to it by the online pass, for want of a close report: it stays alone too
    kept, none = merge_fragments(items, assignments, refused={(report, brothers)})
    assert kept[FRAGMENT] == report and none == []
    # a split or a refusal elsewhere changes nothing
    other = assignments["23_1ecbplus.xml"]
    elsewhere = [(other, "s-elsewhere")]
    assert merge_fragments(items, assignments, apart=elsewhere)[0][FRAGMENT] == brothers
    for pair in ((report, other), ("s-another", brothers)):
        assert merge_fragments(items, assignments, refused={pair})[0][FRAGMENT] == brothers


def test_a_fragment_joins_only_a_story_holding_an_article_like_one_of_its_own(
    dev_topics: tuple[list[StoryInput], dict[str, str]],
) -> None:
    """The climber's report joins the brothers' story, whose sum it fits and one of whose
    reports is close to it; when no pair of reports is close enough it stays alone."""
    items, gold = dev_topics
    assignments = _gold_stories(gold, FRAGMENT)
    (merge,) = merge_fragments(items, assignments)[1]
    assert merge.story_id == assignments["23_1ecb.xml"]
    apart = MergeParams(min_member_similarity=0.99)  # only a copy of one of its reports
    kept, none = merge_fragments(items, assignments, params=apart)
    assert kept[FRAGMENT] == story_id_for(FRAGMENT) and none == []


def test_the_story_a_fragment_was_split_from_still_counts_as_runner_up(
    dev_topics: tuple[list[StoryInput], dict[str, str]],
) -> None:
    """A part split off a story never rejoins it, but that story remains a rival: the part
    joins another story only when it fits that one ``min_ratio`` times better."""
    items, gold = dev_topics
    assignments = _gold_stories(gold, FRAGMENT)
    other, report = assignments["23_1ecbplus.xml"], story_id_for(FRAGMENT)
    # the report fits its own story 4.7 times better than the other climber's (0.164, 0.035)
    picky = MergeParams(min_ratio=5.0)
    assert merge_fragments(items, assignments, params=picky)[1] == []
    kept, none = merge_fragments(items, assignments, params=picky, apart=[(other, report)])
    assert kept[FRAGMENT] == report and none == []


def test_a_batch_run_merges_no_fragment_into_a_story_still_forming(
    dev_topics: tuple[list[StoryInput], dict[str, str]],
) -> None:
    """Every article dated one day, the climber's report arrives in a batch after the others:
    while the brothers' story counts as still forming (founded on or after
    ``growing_since``), the report stays alone; once it has formed, the report joins it as in
    a full run."""
    items, gold = dev_topics
    assignments = _gold_stories(gold, FRAGMENT)
    brothers = assignments["23_1ecb.xml"]
    day = dt.date(2013, 1, 3)
    dated = [dataclasses.replace(item, published=day) for item in items]
    vectors = embed_texts([f"{item.title}\n{item.text}" for item in dated])
    stored = {a: story for a, story in assignments.items() if a != FRAGMENT}
    # at 0.225 the online pass leaves the one-sentence report a fragment (see above)
    params = StoryParams(cluster=ClusterParams(threshold=0.225))

    def story_of_report(growing_since: int | None) -> str:
        run = cluster_corpus(dated, vectors, params, previous=stored, growing_since=growing_since)
        return run.assignments[FRAGMENT]

    assert story_of_report(None) == brothers
    assert story_of_report(day.toordinal()) == story_id_for(FRAGMENT)  # forming: alone
    assert story_of_report(day.toordinal() + 1) == brothers  # formed
    # the pass itself: an undated story is never counted as forming
    assert merge_fragments(items, assignments, forming_since=day.toordinal())[0][FRAGMENT] == (
        brothers
    )
    kept, none = merge_fragments(dated, assignments, forming_since=day.toordinal())
    assert kept == assignments and none == []
