"""Stories and threads on real newswire: 300 TempEval-3 silver articles (AFP, APW, Xinhua
and others, 1996-2006) ingested, annotated and linked through :class:`dateline.api.Corpus`.

Such a wire names the same countries, agencies and leaders in story after story, and its
stories of many articles name hundreds of entities. Counted as shared names, that evidence
chained half of these stories into one thread; weighed by how few stories use a name and how
many of a story's articles name it, it links only stories about one matter."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from dateline.api import open_corpus
from dateline.store.sqlite import SQLiteStore
from tests.engines.corpora import write_silver_jsonl

ARTICLES = 300


@pytest.fixture(scope="module")
def newswire(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SQLiteStore]:
    folder = tmp_path_factory.mktemp("newswire")
    source = folder / "silver.jsonl"
    if write_silver_jsonl(source, ARTICLES) < ARTICLES:
        pytest.skip("the TempEval-3 silver newswire is not in ../shared/datasets")
    db: Path = folder / "corpus.db"
    with open_corpus(db) as corpus:
        corpus.ingest([source])
        corpus.annotate()
        corpus.link()
    store = SQLiteStore(db)
    yield store
    store.close()


def test_a_newswire_does_not_chain_into_one_thread(newswire: SQLiteStore) -> None:
    stories = list(newswire.iter_stories())
    sizes = Counter(story.thread_id for story in stories if story.thread_id)
    # six shared names made a link before: 64 of these 124 stories formed one thread
    assert len(stories) > 100
    assert max(sizes.values(), default=0) <= 4


def test_a_newswire_s_beat_does_not_gather_into_one_story(newswire: SQLiteStore) -> None:
    sizes = sorted(len(story.article_ids) for story in newswire.iter_stories())
    # compared with a story's running sum only, 23 reports of Asia's markets and companies
    # (Seoul and Singapore share prices, Daewoo's plans, a list of Japanese collapses, JP
    # Morgan's profits) were one story; a join now also needs one close report in the story
    assert sizes[-1] <= 15
    assert len(sizes) > 140  # 124 before
