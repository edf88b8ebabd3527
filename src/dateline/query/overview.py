"""The corpus at a glance: how many articles, entities and stories it holds."""

from __future__ import annotations

from dataclasses import dataclass

from dateline.store.interface import Store


@dataclass(frozen=True, slots=True)
class CorpusOverview:
    articles: int
    entities: int
    stories: int


def corpus_overview(store: Store) -> CorpusOverview:
    return CorpusOverview(
        articles=store.count_articles(),
        entities=sum(1 for _ in store.iter_entities(articles=False)),
        stories=sum(1 for _ in store.iter_stories()),
    )
