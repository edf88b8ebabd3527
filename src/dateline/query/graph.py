"""Who appears with whom: the most mentioned entities, joined when named close together."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter

from dateline.records import Entity
from dateline.store.interface import Store


@dataclass(frozen=True, slots=True)
class GraphNode:
    entity: Entity
    weight: int


@dataclass(frozen=True, slots=True)
class GraphEdge:
    source: str
    target: str
    weight: int


@dataclass(frozen=True, slots=True)
class Graph:
    nodes: tuple[GraphNode, ...]
    edges: tuple[GraphEdge, ...]


def cooccurrence_graph(
    store: Store,
    limit: int = 40,
    window: int = 250,
    max_articles: int = 2000,
    max_edges_per_node: int = 4,
) -> Graph:
    """The most mentioned entities, joined when they are named close together in an article.

    Two entities co-occur each time a mention of one lies within ``window`` characters of a
    mention of the other (the same passage, not merely the same article: in a small corpus
    everyone shares every article). Only the strongest edges are kept, so the picture stays
    readable; ``max_articles`` bounds the work on a large corpus: the latest articles of the
    most mentioned entities, read a bounded page at a time (not every article id of each).
    """
    # most mentioned first, without their article ids (a popular one's run to 100,000s)
    entities = store.list_entities(limit=limit, articles=False)
    wanted = {e.id for e in entities}
    article_ids: dict[str, None] = {}
    for entity in entities:
        if len(article_ids) >= max_articles:
            break
        for article_id in store.entity_article_ids(entity.id, max_articles - len(article_ids)):
            article_ids.setdefault(article_id)
    weights: Counter[tuple[str, str]] = Counter()
    # the articles' mentions in a few reads, not one each (a round trip each on PostgreSQL:
    # 2,000 of them were 0.3 s); by article, then offset
    rows = store.mention_rows_in(list(article_ids))
    for _, in_article in groupby(rows, key=itemgetter(0)):
        mentions = [
            (start, end, entity)
            for _, start, end, _, _, entity, *_ in in_article
            if entity in wanted
        ]
        for i, (_, left_end, left) in enumerate(mentions):
            for right_start, _, right in mentions[i + 1 :]:
                if right_start - left_end > window:
                    break
                if left != right and left and right:
                    a, b = sorted((left, right))
                    weights[(a, b)] += 1
    kept: list[GraphEdge] = []
    degree: Counter[str] = Counter()
    for (a, b), weight in sorted(weights.items(), key=lambda item: (-item[1], item[0])):
        if degree[a] < max_edges_per_node or degree[b] < max_edges_per_node:
            kept.append(GraphEdge(a, b, weight))
            degree.update((a, b))
    counts = store.entity_article_counts([e.id for e in entities])
    nodes = tuple(
        GraphNode(e, sum(c for _, c in e.aliases) or counts.get(e.id, 0)) for e in entities
    )
    return Graph(nodes, tuple(kept))
