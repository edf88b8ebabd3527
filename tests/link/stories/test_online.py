"""The online clusterer on the seeds and on ECB+ documents: grouping, stable ids, growth."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pytest

from dateline.annotate.entities import extract_mentions
from dateline.annotate.nlp import load_pipeline, parse_texts
from dateline.evaluate.ecbplus import load_documents
from dateline.ingest.run import ingest_paths
from dateline.link.embed import embed_texts
from dateline.link.stories.features import ClusterParams, StoryInput, story_id_for
from dateline.link.stories.online import StoryClusterer, cluster
from dateline.records import Article
from dateline.store.sqlite import SQLiteStore
from tests.conftest import SEEDS

if TYPE_CHECKING:
    pass

# Publication dates of the seeds as their README gives them (December 2014, April 2019); a
# JSON Lines input would carry them as ``published`` metadata.
SEED_DATES = {"putin-invites": dt.date(2014, 12, 19), "russia-north-korea": dt.date(2019, 4, 22)}


@pytest.fixture(scope="module")
def seed_articles(tmp_path_factory: pytest.TempPathFactory) -> list[Article]:
    store = SQLiteStore(tmp_path_factory.mktemp("seeds") / "seeds.db")
    ingest_paths(store, [SEEDS])
    articles = sorted(store.iter_articles(), key=lambda article: article.title)
    store.close()
    assert len(articles) == 2
    return articles


def _seed_date(article: Article) -> dt.date:
    path = Path(article.path or "").name
    return next(day for prefix, day in SEED_DATES.items() if path.startswith(prefix))


@pytest.fixture(scope="module")
def seed_inputs(seed_articles: list[Article]) -> list[StoryInput]:
    docs = parse_texts([article.text for article in seed_articles], load_pipeline())
    return [
        StoryInput(
            article_id=article.id,
            text=article.text,
            title=article.title,
            published=_seed_date(article),
            entity_keys=tuple(m.canonical for m in extract_mentions(article, doc)),
            source=article.source,
        )
        for article, doc in zip(seed_articles, docs, strict=True)
    ]


def _vectors(items: list[StoryInput]) -> np.ndarray:
    return embed_texts([f"{item.title}\n{item.text}" for item in items])


def test_the_seeds_are_two_stories_years_apart(seed_inputs: list[StoryInput]) -> None:
    assignments = cluster(seed_inputs, _vectors(seed_inputs))
    assert len(set(assignments.values())) == 2
    for item in seed_inputs:
        assert assignments[item.article_id] == story_id_for(item.article_id)


def test_a_follow_up_days_later_joins_the_story(seed_inputs: list[StoryInput]) -> None:
    invitation = next(item for item in seed_inputs if item.published.year == 2014)  # type: ignore[union-attr]
    # the Kremlin's confirmation, reported two days later by another outlet
    follow_up = StoryInput(
        article_id="follow-up",
        title="Kremlin confirms Putin invited Kim Jong-un to Moscow victory parade",
        text=(
            "Kremlin spokesman Dmitry Peskov confirmed that Vladimir Putin invited North Korean "
            "leader Kim Jong-un to Moscow for the May 9, 2015 ceremonies marking the 70th "
            "anniversary of the victory over Nazism. It would be Kim Jong-un's first foreign trip."
        ),
        published=dt.date(2014, 12, 21),
        entity_keys=("Kremlin", "Dmitry Peskov", "Vladimir Putin", "Kim Jong-un", "Moscow"),
    )
    items = [*seed_inputs, follow_up]
    assignments = cluster(items, _vectors(items))
    assert assignments["follow-up"] == assignments[invitation.article_id]
    assert len(set(assignments.values())) == 2


def test_time_window_keeps_the_same_words_a_year_apart_in_two_stories() -> None:
    text = "Earthquake of magnitude 6.1 strikes northern California; buildings damaged in Napa."
    items = [
        StoryInput("quake-a", text, published=dt.date(2013, 8, 24)),
        StoryInput("quake-b", text, published=dt.date(2013, 8, 30)),
        StoryInput("quake-c", text, published=dt.date(2014, 8, 24)),
    ]
    assignments = cluster(items, embed_texts([text] * 3))
    assert assignments["quake-a"] == assignments["quake-b"] != assignments["quake-c"]


def test_a_copy_joins_its_original_story_whatever_its_text() -> None:
    items = [
        StoryInput("original", "Volcano erupts in Iceland, flights grounded across Europe."),
        StoryInput("unrelated", "Parliament passes the budget after a long night of votes."),
        StoryInput("copy", "Stocks rally.", duplicate_of="original"),
    ]
    vectors = embed_texts([item.text for item in items])
    assignments = cluster(items, vectors)
    assert assignments["copy"] == assignments["original"] != assignments["unrelated"]


def test_empty_texts_and_bad_vectors() -> None:
    clusterer = StoryClusterer(dim=4)
    assert clusterer.add(StoryInput("empty", ""), np.zeros(4)) == story_id_for("empty")
    assert clusterer.add(StoryInput("empty", ""), np.zeros(4)) == story_id_for("empty")
    with pytest.raises(ValueError, match="expected 4"):
        clusterer.add(StoryInput("wrong", "text"), np.ones(3))
    with pytest.raises(ValueError, match="2 articles but 1 vectors"):
        cluster([StoryInput("a", "x"), StoryInput("b", "y")], np.ones((1, 4)))


@pytest.fixture(scope="module")
def ecb_inputs(datasets_dir: Path) -> tuple[list[StoryInput], np.ndarray]:
    documents = [
        d for d in load_documents(("dev",), datasets_dir / "ecbplus") if d.topic in {"2", "5"}
    ]
    # undated: arrival order is the id order, which interleaves the two topics' sub-topics
    items = [StoryInput(d.name, d.text, d.title) for d in documents]
    return items, embed_texts([f"{d.title}\n{d.text}" for d in documents])


def test_growth_keeps_old_assignments_and_matches_a_one_shot_run(
    ecb_inputs: tuple[list[StoryInput], np.ndarray],
) -> None:
    items, vectors = ecb_inputs
    one_shot = cluster(items, vectors)
    half = len(items) // 2
    first_run = cluster(items[:half], vectors[:half])
    saved = json.loads(json.dumps(first_run))  # what the store keeps between runs
    resumed = StoryClusterer(vectors.shape[1])
    resumed.restore(items[:half], vectors[:half], saved)
    later = resumed.add_many(items[half:], vectors[half:])
    assert {key: resumed.assignments[key] for key in first_run} == first_run
    assert resumed.assignments == one_shot
    assert set(later) == {item.article_id for item in items[half:]}


def test_a_report_years_later_joins_the_story_whose_day_its_text_states() -> None:
    """The time gate opens for a story dated near a day the article states outright, or a
    month within half a year: a verdict two years on that names the day of the shooting joins
    the shooting's story, a hearing three months on that names its month too; a year alone,
    or a month two years back, is too coarse to open it."""
    shooting = "Gunman kills sheriff's deputy Jerry Ortiz in Hawaiian Gardens; suspect Orozco held."
    verdict = "Orozco convicted of murdering deputy Jerry Ortiz in Hawaiian Gardens shooting."
    items = [
        StoryInput("shooting", shooting, published=dt.date(2005, 6, 24)),
        StoryInput("verdict", verdict, published=dt.date(2007, 3, 20), dates=("2005-06-24",)),
        StoryInput("recap", verdict, published=dt.date(2007, 3, 21), dates=("2005",)),
    ]
    assignments = cluster(items, embed_texts([shooting, verdict, verdict]))
    assert assignments["verdict"] == assignments["shooting"]
    for published, stories in ((dt.date(2005, 9, 20), 1), (dt.date(2007, 3, 20), 2)):
        month = [items[0], StoryInput("v", verdict, published=published, dates=("2005-06",))]
        assert len(set(cluster(month, embed_texts([shooting, verdict])).values())) == stories
    alone = [items[0], items[2]]
    assert len(set(cluster(alone, embed_texts([shooting, verdict])).values())) == 2


# Reports of one wire's beat, Beijing's diplomacy, each of its own happening: the beat's words
# and names recur, the visitors and the business differ (written for this test, after the
# TempEval-3 silver newswire's Xinhua reports of November 2005).
BEAT = (
    (
        "The traditional friendship between China and Vietnam has entered a new stage of "
        "all-round cooperation, Chinese President Hu Jintao said on Tuesday when meeting the "
        "visiting Vietnamese party chief Nong Duc Manh in Beijing.",
        ("China", "Vietnam", "Hu Jintao", "Nong Duc Manh", "Beijing"),
    ),
    (
        "Chinese Vice Premier Wu Yi met a business delegation from the Kansai region of Japan "
        "in Beijing on Friday, and called for closer cooperation between Chinese and Japanese "
        "companies in trade and investment.",
        ("Wu Yi", "Kansai", "Japan", "Beijing"),
    ),
    (
        "Russian Prime Minister Mikhail Fradkov left Beijing on Friday, ending an official "
        "visit to China during which the two sides signed agreements on energy and space "
        "cooperation.",
        ("Mikhail Fradkov", "Beijing", "China"),
    ),
    (
        "Chinese legislator Lu Yongxiang met a Latvian parliamentary delegation in Beijing on "
        "Monday and said China values its friendly cooperation with Latvia.",
        ("Lu Yongxiang", "Beijing", "China", "Latvia"),
    ),
    (
        "China and the European Union signed a memorandum of understanding on Friday to set up "
        "a consultation and cooperation mechanism on industrial policy, officials said in "
        "Beijing.",
        ("China", "European Union", "Beijing"),
    ),
    (
        "Chinese State Councilor Chen Zhili met the visiting South Korean deputy prime minister "
        "Oh Myung in Beijing on Tuesday, and the two sides pledged cooperation in science and "
        "technology.",
        ("Chen Zhili", "Oh Myung", "Beijing"),
    ),
    (
        "Mongolian President Nambaryn Enkhbayar said his country is willing to promote "
        "bilateral cooperation with China in mining and infrastructure, ahead of a week-long "
        "state visit to Beijing starting on Sunday.",
        ("Nambaryn Enkhbayar", "China", "Beijing"),
    ),
)


def test_a_beat_s_reports_of_different_happenings_do_not_gather_into_one_story() -> None:
    """Compared with the story's running sum only, each report of the beat joins it, and the
    story of seven happenings matches the next report of the beat better than any one of its
    reports does; with a close report asked for, the last report founds a story of its own
    and no story holds more than three."""
    items = [
        StoryInput(
            article_id=f"beat-{i}",
            title="",
            text=text,
            published=dt.date(2005, 11, 1 + 3 * i),
            entity_keys=names,
        )
        for i, (text, names) in enumerate(BEAT)
    ]
    vectors = _vectors(items)
    by_sums = cluster(items, vectors, ClusterParams(min_member_similarity=-1.0))
    assert len(set(by_sums.values())) == 1
    clusterer = StoryClusterer(vectors.shape[1])
    stories = clusterer.add_many(items, vectors)
    sizes = Counter(stories.values())
    assert max(sizes.values()) <= 3
    last = items[-1].article_id
    assert stories[last] == story_id_for(last)  # alone
    assert by_sums[items[0].article_id] in clusterer.refused[last]
