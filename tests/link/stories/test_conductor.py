"""The story stage over a store: stories and threads of the seeds, increments, guessed dates."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from dateline.link.stories.conductor import STATE_KEY, link_stories, setup_digest
from dateline.link.stories.threads import ThreadParams
from dateline.records import FIRM_DATE_BASES, Article
from dateline.store.sqlite import SQLiteStore
from tests.conftest import SEED_2014, SEED_2019, SEEDS

if TYPE_CHECKING:
    from dateline.api import Corpus


@pytest.fixture()
def annotated_seed_store(tmp_path: Path) -> Iterator[SQLiteStore]:
    pytest.importorskip("dateline.annotate.docdate")
    from dateline.api import Corpus

    store = SQLiteStore(tmp_path / "corpus.db")
    corpus = Corpus(store)
    corpus.ingest([SEEDS])
    corpus.annotate()
    from dateline.link.entity_edits import relink

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
    # a story keeps its articles' precision: the year from a file name is not a made-up day
    spans = {(story.first, story.last) for story in stories}
    assert spans == {("2014-12-19", "2014-12-19"), ("2019", "2019")}


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
    links = store.thread_links()
    assert len(links) == 1 and links[0]["back_references"]
    assert "invitation" in links[0]["back_references"][0]["shared_words"]
    # a re-run with nothing new changes nothing and keeps the ids
    assert link_stories(store) == []
    assert sorted(s.id for s in store.iter_stories()) == sorted(s.id for s in stories)
    assert store.get_meta(STATE_KEY)
    assert len(list(store.iter_vectors("article"))) == 2


def test_a_store_linked_under_another_thread_rule_is_linked_afresh(
    annotated_seed_store: SQLiteStore,
) -> None:
    """Threads linked by other thresholds (an earlier version's rule) are not kept: the next
    run links every story again, even with nothing new to link."""
    from dateline.api import Corpus

    store = annotated_seed_store
    _confirm_dates(Corpus(store))
    apart = ThreadParams(min_similarity=1.01, min_similarity_referring=1.01)
    assert {story.thread_id for story in link_stories(store, thread_params=apart)} == {None}
    assert store.thread_links() == []
    assert link_stories(store, thread_params=apart) == []  # the same rule: nothing to do
    stories = link_stories(store)  # this version's rule
    assert len(stories) == 2 and stories[0].thread_id == stories[1].thread_id is not None
    assert len(store.thread_links()) == 1
    assert link_stories(store) == []


def test_a_corpus_linked_by_a_version_with_other_rules_links_again_with_nothing_new(
    annotated_seed_store: SQLiteStore,
) -> None:
    """``Corpus.link`` skips a corpus with nothing new since its last link, unless that link
    was made by a version whose rules differ: an upgraded archive gets the new threads
    without waiting for new articles."""
    from dateline.api import Corpus

    store = annotated_seed_store
    corpus = Corpus(store)
    _confirm_dates(corpus)
    corpus.link()
    mark = store.get_meta("link.watermark") or ""
    assert mark.endswith(" " + setup_digest())
    # as an earlier version left it: its own thread rule, its own digest
    link_stories(
        store,
        thread_params=ThreadParams(min_similarity=1.01, min_similarity_referring=1.01),
        full=True,
    )
    assert store.thread_links() == []
    store.set_meta("link.watermark", mark.rsplit(" ", 1)[0] + " 000000000000")
    corpus.link()
    assert len(store.thread_links()) == 1
    assert (store.get_meta("link.watermark") or "").endswith(" " + setup_digest())
    corpus.link()  # and once linked, nothing new is nothing to do
    assert len(store.thread_links()) == 1


def test_a_corpus_whose_entity_state_another_version_wrote_links_again_with_nothing_new(
    annotated_seed_store: SQLiteStore,
) -> None:
    """An entity link state keyed as an earlier version keyed names (its ready mark another
    number) is rebuilt by the next ``Corpus.link``, new articles or not."""
    from dateline.api import Corpus
    from dateline.store.sql_entity_links import STATE_READY, STATE_READY_KEY

    store = annotated_seed_store
    corpus = Corpus(store)
    corpus.link()
    corpus.link()  # the mark now holds what the first link placed: nothing is new
    mark = store.get_meta("link.watermark")
    entities = {e.id for e in store.iter_entities(articles=False)}
    store.set_meta(STATE_READY_KEY, "4")
    assert mark == f"{store.link_watermark()} {setup_digest()}"
    assert not store.entity_link_state_ready()
    corpus.link()
    assert store.get_meta(STATE_READY_KEY) == STATE_READY
    assert {e.id for e in store.iter_entities(articles=False)} == entities


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
    assert link_stories(store)  # the new article's story
    grown = list(store.iter_stories())
    assert first.id in {story.id for story in grown}
    assert len(grown) == 2
    state = json.loads(store.get_meta(STATE_KEY) or "{}")
    assert state["complete"] and state["documents"] == 2
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


def test_story_dates_keep_the_precision_of_their_articles(tmp_path: Path) -> None:
    """Reports dated only by year or month (a file or folder name) give the story that year
    or month, never the middle day clustering counts them as; a finer date inside the same
    period does not narrow the period the coarse one leaves open."""
    store = SQLiteStore(tmp_path / "coarse.db")
    store.add_articles(_reports_of_one_quake([("2014", "path")] * 4))
    (story,) = link_stories(store)
    assert (story.first, story.last) == ("2014", "2014")
    store.close()
    mixed = [("2014-08", "path"), ("2014-08-24", "metadata"), ("2014-08-25", "metadata")]
    store = SQLiteStore(tmp_path / "mixed.db")
    store.add_articles(_reports_of_one_quake([*mixed, ("2014-08", "url")]))
    (story,) = link_stories(store)
    assert (story.first, story.last) == ("2014-08", "2014-08")
    store.close()
    store = SQLiteStore(tmp_path / "days.db")
    days = [("2014-08-01", "metadata"), ("2014-08", "path"), ("2014-08-31", "metadata")]
    store.add_articles(_reports_of_one_quake([*days, ("2014-08-24", "user")]))
    (story,) = link_stories(store)
    assert (story.first, story.last) == ("2014-08-01", "2014-08-31")
    store.close()
