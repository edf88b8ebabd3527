"""Story clustering on the seeds and on ECB+ documents: grouping, stable ids, increments."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pytest

from dateline.annotate.entities import extract_mentions
from dateline.annotate.nlp import load_pipeline, parse_texts
from dateline.evaluate.ecbplus import load_documents
from dateline.ingest.run import ingest_paths
from dateline.link.embed import embed_texts
from dateline.link.stories import (
    STATE_KEY,
    THREADS_KEY,
    StoryClusterer,
    StoryInput,
    cluster,
    content_words,
    link_stories,
    story_id_for,
)
from dateline.records import FIRM_DATE_BASES, Article
from dateline.store.sqlite import SQLiteStore
from tests.conftest import SEED_2014, SEED_2019, SEEDS

if TYPE_CHECKING:
    from dateline.api import Corpus

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


def test_content_words_keep_years_and_drop_stop_words_and_numbers() -> None:
    words = content_words("In May 2015 Kim’s 3 envoys refused the invitation to Moscow.")
    assert words == ["2015", "kim", "envoys", "refused", "invitation", "moscow"]


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


@pytest.fixture()
def annotated_seed_store(tmp_path: Path) -> Iterator[SQLiteStore]:
    pytest.importorskip("dateline.annotate.docdate")
    from dateline.api import Corpus

    store = SQLiteStore(tmp_path / "corpus.db")
    corpus = Corpus(store)
    corpus.ingest([SEEDS])
    corpus.annotate()
    from dateline.link.aliases import relink

    relink(store)
    yield store
    store.close()


def _confirm_dates(corpus: Corpus) -> None:
    """The user confirms each seed's date that is not firm yet (``dateline set-date``)."""
    for article in list(corpus.articles()):
        assert article.published is not None
        if not article.firmly_dated:
            corpus.set_published(article.id, article.published)


def test_the_seeds_as_ingested_are_two_stories_of_one_thread(
    annotated_seed_store: SQLiteStore,
) -> None:
    """The 2019 seed's file name gives its year (firm), and the 2014 seed's "Friday, December
    19" pins its day (a guess to the week, which stories may use): two stories, one thread."""
    stories = link_stories(annotated_seed_store)
    assert len(stories) == 2
    assert stories[0].thread_id is not None and stories[0].thread_id == stories[1].thread_id


def test_link_stories_on_the_seeds_gives_one_thread_of_two_stories(
    annotated_seed_store: SQLiteStore,
) -> None:
    """Once their dates are firm, the seeds are two stories years apart in one thread."""
    from dateline.api import Corpus

    store = annotated_seed_store
    _confirm_dates(Corpus(store))
    stories = link_stories(store)
    assert len(stories) == 2
    assert stories[0].thread_id is not None
    assert stories[0].thread_id == stories[1].thread_id
    links = json.loads(store.get_meta(THREADS_KEY) or "[]")
    assert len(links) == 1 and links[0]["back_references"]
    assert "invitation" in links[0]["back_references"][0]["shared_words"]
    # a re-run changes nothing and keeps the ids
    again = link_stories(store)
    assert sorted(s.id for s in again) == sorted(s.id for s in stories)
    assert store.get_meta(STATE_KEY)
    assert len(list(store.iter_vectors("article"))) == 2


def test_link_stories_grows_incrementally_and_keeps_old_ids(tmp_path: Path) -> None:
    pytest.importorskip("dateline.annotate.docdate")
    from dateline.api import Corpus

    store = SQLiteStore(tmp_path / "growing.db")
    corpus = Corpus(store)
    corpus.ingest([SEED_2014])
    corpus.annotate()
    _confirm_dates(corpus)
    (first,) = link_stories(store)
    corpus.ingest([SEED_2019])
    corpus.annotate()
    _confirm_dates(corpus)
    grown = link_stories(store)
    assert first.id in {story.id for story in grown}
    assert len(grown) == 2
    state = json.loads(store.get_meta(STATE_KEY) or "{}")
    assert set(state["assignments"].values()) == {story.id for story in grown}
    store.close()


def _reports_of_one_quake(dates: list[tuple[str, str]]) -> list[Article]:
    """Four reports of one earthquake, each with the given (date, basis)."""
    texts = [
        "An earthquake of magnitude 6.1 struck Napa in northern California, damaging buildings.",
        "Napa wineries count the damage after the magnitude 6.1 earthquake in California.",
        "The Napa earthquake injured dozens; California officials inspect damaged buildings.",
        "Aftershocks rattle Napa as California recovers from the magnitude 6.1 earthquake.",
    ]
    return [
        Article(
            id=f"quake-{i}",
            text=text,
            title=text.split(",")[0],
            published=published,
            published_basis=basis,  # type: ignore[arg-type]
            published_confidence=None if basis in FIRM_DATE_BASES else 0.3,
        )
        for i, (text, (published, basis)) in enumerate(zip(texts, dates, strict=True))
    ]


def test_guessed_dates_never_split_a_story(tmp_path: Path) -> None:
    """Guesses as far apart as 1800 and 2050 ("1800 GMT", "by 2050") keep the reports of
    one happening together, and the story gets no span from them; the same dates given as
    metadata do keep the reports apart (the time gate)."""
    guessed = [("1800-07-02", "inferred"), ("2014-08-24", "inferred"), ("2050-01-01", "corpus")]
    store = SQLiteStore(tmp_path / "guessed.db")
    store.add_articles(_reports_of_one_quake([*guessed, ("2014-08-25", "metadata")]))
    stories = link_stories(store)
    assert len(stories) == 1
    assert (stories[0].first, stories[0].last) == ("2014-08-25", "2014-08-25")
    store.close()
    firm = [(day, "metadata") for day, _ in guessed] + [("2014-08-25", "metadata")]
    store = SQLiteStore(tmp_path / "firm.db")
    store.add_articles(_reports_of_one_quake(firm))
    assert len(link_stories(store)) == 3  # 1800, 2014 (two reports), 2050
    store.close()
