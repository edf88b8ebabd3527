"""The export contract: every stored record as a plain JSON-ready dict with a ``kind``.

The field names are a public interface (see docs/architecture.md); exporters of every format
build on :func:`iter_export_records` so that they agree with each other.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from dateline.records import Article, Entity, Event, Mention, Quote, Story, TimeExpr
from dateline.store.interface import Store

KINDS = ("article", "entity", "mention", "timex", "quote", "event", "story")


def article_record(article: Article, story_id: str | None) -> dict[str, Any]:
    return {
        "kind": "article",
        "id": article.id,
        "title": article.title,
        "source": article.source,
        "author": article.author,
        "categories": list(article.categories),
        "url": article.url,
        "path": article.path,
        "published": article.published,
        "published_basis": article.published_basis,
        "published_range": list(article.published_range) if article.published_range else None,
        "published_confidence": article.published_confidence,
        "language": article.language,
        "duplicate_of": article.duplicate_of,
        "story_id": story_id,
        "text": article.text,
    }


def entity_record(entity: Entity) -> dict[str, Any]:
    return {
        "kind": "entity",
        "id": entity.id,
        "name": entity.name,
        "label": entity.label,
        "aliases": [{"name": name, "count": count} for name, count in entity.aliases],
        "roles": list(entity.roles),
        "article_ids": list(entity.article_ids),
    }


def mention_record(mention: Mention) -> dict[str, Any]:
    return {
        "kind": "mention",
        "article_id": mention.article_id,
        "entity_id": mention.entity_id,
        "start": mention.start,
        "end": mention.end,
        "text": mention.text,
        "label": mention.label,
        "role": mention.role,
    }


def timex_record(timex: TimeExpr) -> dict[str, Any]:
    return {
        "kind": "timex",
        "article_id": timex.article_id,
        "start": timex.start,
        "end": timex.end,
        "text": timex.text,
        "type": timex.type,
        "value": timex.value,
        "basis": timex.basis,
    }


def quote_record(quote: Quote) -> dict[str, Any]:
    return {
        "kind": "quote",
        "article_id": quote.article_id,
        "start": quote.start,
        "end": quote.end,
        "text": quote.text,
        "quote_kind": quote.kind,
        "cue": quote.cue,
        "speaker_id": quote.speaker_id,
        "speaker_text": quote.speaker_text,
    }


def event_record(event: Event) -> dict[str, Any]:
    return {
        "kind": "event",
        "id": event.id,
        "article_ids": [event.article_id],
        "trigger": event.trigger,
        "category": event.category,
        "modality": event.modality,
        "actor_ids": list(event.actor_ids),
        "target_ids": list(event.target_ids),
        "place_id": event.place_id,
        "when": event.when,
        "when_basis": event.when_basis,
        "sentence": event.sentence,
        "start": event.trigger_start,
        "end": event.trigger_end,
    }


def story_record(story: Story) -> dict[str, Any]:
    return {
        "kind": "story",
        "id": story.id,
        "title": story.title,
        "article_ids": list(story.article_ids),
        "first": story.first,
        "last": story.last,
        "thread_id": story.thread_id,
    }


def iter_export_records(store: Store) -> Iterator[dict[str, Any]]:
    """Articles, then entities, per-article findings, and stories, in a stable order."""
    for article in store.iter_articles():
        yield article_record(article, store.story_of_article(article.id))
    for entity in store.iter_entities():
        yield entity_record(entity)
    yield from map(mention_record, store.iter_mentions())
    yield from map(timex_record, store.iter_times())
    yield from map(quote_record, store.iter_quotes())
    yield from map(event_record, store.iter_events())
    yield from map(story_record, store.iter_stories())
