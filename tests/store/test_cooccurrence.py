"""Co-occurrence counts kept by deltas equal a recount from scratch, on both backends."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import replace

import pytest

from dateline.link import entity_state
from dateline.link.entity_edits import merge_entities, split_entity
from dateline.link.entity_state import link_entities_in
from dateline.records import Annotations, Article, Mention, Story
from dateline.store import summaries
from dateline.store.cooccurrence import pair_deltas
from dateline.store.sql import SQLStore

#: names and labels the articles below draw from: people also named by surname alone, places
NAMES = (
    ("Ada Lovelace", "PERSON"),
    ("Lovelace", "PERSON"),
    ("Boris Tadic", "PERSON"),
    ("Tadic", "PERSON"),
    ("Clara Schumann", "PERSON"),
    ("Schumann", "PERSON"),
    ("Dmitri Volkov", "PERSON"),
    ("Oslo", "GPE"),
    ("Norway", "GPE"),
    ("Belgrade", "GPE"),
    ("Serbia", "GPE"),
    ("Acme Shipping", "ORG"),
)


def _articles(count: int) -> list[tuple[Article, Annotations]]:
    """Short articles, each naming three to six of :data:`NAMES` (chosen by a fixed seed)."""
    rng = random.Random(7)
    out = []
    for number in range(count):
        article_id = f"art{number:03d}"
        text, mentions = "Report.", []
        for name, label in rng.sample(NAMES, rng.randint(3, 6)):
            text += " Then "
            mentions.append(Mention(article_id, len(text), len(text) + len(name), name, label))
            text += name + " spoke."
        article = Article(
            id=article_id, text=text, title=f"Report {number}", published="2020-01-01"
        )
        out.append((article, Annotations(article_id, tuple(mentions), (), (), ())))
    return out


def _stored_pairs(store: SQLStore) -> dict[tuple[str, str], int]:
    rows = store._query("SELECT entity_id, other_id, shared FROM entity_cooccurrence")
    return {(str(r["entity_id"]), str(r["other_id"])): int(r["shared"]) for r in rows}


def _story_names(store: SQLStore) -> set[tuple[str, str, int]]:
    rows = store._query("SELECT story_id, entity_id, articles FROM story_entities")
    return {(str(r["story_id"]), str(r["entity_id"]), int(r["articles"])) for r in rows}


def _story_names_recounted(store: SQLStore) -> set[tuple[str, str, int]]:
    kept = _story_names(store)
    store.refresh_summaries([], None)  # every story's names counted afresh
    recounted = _story_names(store)
    assert recounted and kept  # the stories name entities
    return recounted


def _entity_summaries(store: SQLStore) -> tuple[set[tuple[object, ...]], set[tuple[object, ...]]]:
    """The rows of ``entity_articles`` and ``entity_summaries``."""
    found = []
    for table, columns in (
        ("entity_articles", ("entity_id", "article_id", "published", "mentions")),
        (
            "entity_summaries",
            (
                "entity_id",
                "article_count",
                "mention_count",
                "quote_count",
                "event_count",
                "first_published",
                "last_published",
            ),
        ),
    ):
        rows = store._query(f"SELECT {', '.join(columns)} FROM {table}")
        found.append({tuple(row[column] for column in columns) for row in rows})
    return found[0], found[1]


def _entity_summaries_recounted(store: SQLStore) -> tuple[set[tuple[object, ...]], ...]:
    store.refresh_summaries(None, [])  # every entity's rows counted afresh
    return _entity_summaries(store)


def _recounted(store: SQLStore) -> dict[tuple[str, str], int]:
    """Every two entities' shared articles, counted from the mentions' links."""
    by_article: dict[str, set[str]] = {}
    for m in store.iter_mentions():
        if m.entity_id:
            by_article.setdefault(m.article_id, set()).add(m.entity_id)
    counts: Counter[tuple[str, str]] = Counter()
    for entities in by_article.values():
        counts.update((a, b) for a in entities for b in entities if a != b)
    return dict(counts)


@pytest.mark.parametrize(
    ("sample", "kept"),
    [
        (entity_state.BLOCK_SAMPLE, summaries.STORY_ENTITIES_KEPT),
        (1, summaries.STORY_ENTITIES_KEPT),
        (1, 3),
    ],
)
def test_counts_kept_over_batches_a_merge_a_split_and_a_date_equal_a_recount(
    store: SQLStore,
    monkeypatch: pytest.MonkeyPatch,
    sample: int,
    kept: int,
) -> None:
    """With ``sample`` 1, blocks are read from one article, so the batches take the sampled
    path (entities counted again over the changed articles only) and the merge moves the
    merged entity's summary rows in SQL (:mod:`dateline.store.entity_merge`); with ``kept``
    3 the stories keep fewer names than they hold, so a merge may bring in one left out."""
    monkeypatch.setattr(entity_state, "BLOCK_SAMPLE", sample)
    monkeypatch.setattr(summaries, "STORY_ENTITIES_KEPT", kept)
    articles = _articles(40)
    for start in range(0, len(articles), 10):
        batch = articles[start : start + 10]
        store.add_articles([article for article, _ in batch])
        store.put_annotations([annotations for _, annotations in batch])
        link_entities_in(store)
        assert _stored_pairs(store) == _recounted(store)
    assert len(_stored_pairs(store)) > 20
    # stories of four articles: a correction counts again the names of those it changes
    ids = [article.id for article, _ in articles]
    store.update_stories(
        [Story(f"s{i}", f"Story {i}", tuple(ids[i : i + 4])) for i in range(0, len(ids), 4)]
    )
    assert _story_names(store) == _story_names_recounted(store)
    entities = store.count_entities()
    merge_entities(store, ["Dmitri Volkov", "Ada Lovelace"])
    assert store.count_entities() == entities - 1
    assert _stored_pairs(store) == _recounted(store)
    assert _story_names(store) == _story_names_recounted(store)
    assert _entity_summaries(store) == _entity_summaries_recounted(store)
    split_entity(store, "Ada Lovelace", aliases=["Dmitri Volkov"])
    assert store.count_entities() == entities
    assert _stored_pairs(store) == _recounted(store)
    assert _story_names(store) == _story_names_recounted(store)
    article = articles[0][0]
    store.update_article(replace(article, published="2001-02-03", published_basis="user"))
    kept = _stored_pairs(store)
    assert kept == _recounted(store)
    store.refresh_summaries()  # the full rebuild counts every pair afresh
    assert _stored_pairs(store) == kept


def _whole_pair_counts(by_article: dict[str, set[str]]) -> Counter[tuple[str, str]]:
    return Counter((a, b) for names in by_article.values() for a in names for b in names if a != b)


def test_pair_deltas_equal_the_difference_of_whole_counts() -> None:
    """Articles that gain, lose, swap, keep or first get their entities, drawn at random."""
    rng = random.Random(3)
    entities = [f"e{n}" for n in range(12)]
    for _ in range(300):
        articles = [f"a{n}" for n in range(rng.randint(1, 6))]
        before = {a: set(rng.sample(entities, rng.randint(0, 8))) for a in articles}
        after = {a: set(rng.sample(entities, rng.randint(0, 8))) for a in articles}
        kept = rng.choice(articles)
        after[kept] = set(before[kept])
        del before[rng.choice(articles)]  # an article new to the counts
        expected = _whole_pair_counts(after)
        expected.subtract(_whole_pair_counts(before))
        found = pair_deltas(before, after)
        assert {k: n for k, n in found.items() if n} == {k: n for k, n in expected.items() if n}
