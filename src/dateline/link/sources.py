"""Independent sources: syndicated copies of one wire story count once.

Within a story, articles are grouped into *reports*: an article joins the report of the
article it duplicates (``duplicate_of``, set by the ingest near-duplicate detector) and of any
article whose text it nearly contains (word 5-gram containment at least
``containment``; reposts add widgets and bylines, so containment is kinder than Jaccard).
Candidate pairs come from bottom-k shingle sketches, so a big story is not compared pair by
pair. A story's number of independent reports is its number of groups; each group lists the
outlets that ran a copy.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from dateline.link.components import DisjointSet

_SHINGLE = 5
_SKETCH = 24


@dataclass(frozen=True, slots=True)
class SourceArticle:
    """What source grouping needs to know about one article of a story."""

    article_id: str
    text: str
    source: str | None = None
    published: str | None = None
    duplicate_of: str | None = None


@dataclass(frozen=True, slots=True)
class Report:
    """One independent report: the first-published article and every copy of it."""

    original: str
    article_ids: tuple[str, ...]
    outlets: tuple[str, ...]

    @property
    def copies(self) -> int:
        return len(self.article_ids) - 1


def _shingles(text: str) -> set[int]:
    words = text.lower().split()
    if len(words) < _SHINGLE:
        return {_hash(" ".join(words))} if words else set()
    return {_hash(" ".join(words[i : i + _SHINGLE])) for i in range(len(words) - _SHINGLE + 1)}


def _hash(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big")


def _arrival(article: SourceArticle) -> tuple[int, str, str]:
    return (article.published is None, article.published or "", article.article_id)


def independent_reports(
    articles: Sequence[SourceArticle], containment: float = 0.8
) -> list[Report]:
    """Group a story's articles into independent reports, earliest report first."""
    ordered = sorted(articles, key=_arrival)
    position = {article.article_id: i for i, article in enumerate(ordered)}
    sets = DisjointSet(len(ordered))
    for i, article in enumerate(ordered):
        original = position.get(article.duplicate_of or "")
        if original is not None:
            sets.union(i, original)

    # a lone article has no copy to find: its shingles would go unread
    shingles = [_shingles(article.text) for article in ordered] if len(ordered) > 1 else []
    buckets: dict[int, list[int]] = {}
    for i, grams in enumerate(shingles):
        for value in sorted(grams)[:_SKETCH]:
            buckets.setdefault(value, []).append(i)
    checked: set[tuple[int, int]] = set()
    for members in buckets.values():
        for k, a in enumerate(members):
            for b in members[k + 1 :]:
                if (a, b) in checked or sets.find(a) == sets.find(b):
                    continue
                checked.add((a, b))
                smaller = min(len(shingles[a]), len(shingles[b]))
                if smaller and len(shingles[a] & shingles[b]) / smaller >= containment:
                    sets.union(a, b)

    reports = []
    for members in sorted(sets.groups().values(), key=min):
        outlets = sorted({source for i in members if (source := ordered[i].source)})
        reports.append(
            Report(
                original=ordered[members[0]].article_id,
                article_ids=tuple(ordered[i].article_id for i in members),
                outlets=tuple(outlets),
            )
        )
    return reports
