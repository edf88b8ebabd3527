"""Mention and entity rows as the SQL store and its entity-link state both read and write
them."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from dateline.records import Entity, Event, Mention, Quote

#: a ``mentions`` row's columns in :class:`Mention`'s field order (a ``MentionRow``)
MENTION_FIELDS = "article_id, span_start, span_end, text, label, entity_id, role, canonical"


def mention_from_row(row: Mapping[str, Any]) -> Mention:
    return Mention(
        article_id=row["article_id"],
        start=row["span_start"],
        end=row["span_end"],
        text=row["text"],
        label=row["label"],
        entity_id=row["entity_id"],
        role=row["role"],
        canonical=row["canonical"],
    )


#: an ``entities`` row's insert; its ``article_ids`` column is left empty: an entity's
#: articles are its ``entity_articles`` rows (see :data:`dateline.store.sql.ENTITY_COLUMNS`)
INSERT_ENTITY = (
    "INSERT INTO entities (id, name, label, aliases, roles, mention_count) "
    "VALUES (?, ?, ?, ?, ?, ?)"
)


def entity_row(entity: Entity) -> tuple[Any, ...]:
    """The values of :data:`INSERT_ENTITY`: id, name, label, aliases, roles, mention_count."""
    return (
        entity.id,
        entity.name,
        entity.label,
        json.dumps([list(a) for a in entity.aliases]),
        json.dumps(list(entity.roles)),
        sum(count for _, count in entity.aliases),
    )


def event_row(article_id: str, e: Event) -> tuple[Any, ...]:
    """The values of an ``events`` row: id, article_id, trigger_start, trigger_end,
    trigger_text, category, modality, when_value, when_basis, sentence_start, sentence_end,
    sentence, actor_spans, target_spans, place_span."""
    return (
        e.id,
        article_id,
        e.trigger_start,
        e.trigger_end,
        e.trigger,
        e.category,
        e.modality,
        e.when,
        e.when_basis,
        e.sentence_start,
        e.sentence_end,
        e.sentence,
        json.dumps(e.actor_spans),
        json.dumps(e.target_spans),
        json.dumps(e.place_span) if e.place_span else None,
    )


def quote_row(article_id: str, q: Quote, speaker_id: str | None) -> tuple[Any, ...]:
    """The values of a ``quotes`` row: article_id, span_start, span_end, text, kind, cue,
    speaker_start, speaker_end, speaker_text, speaker_id."""
    return (
        article_id,
        q.start,
        q.end,
        q.text,
        q.kind,
        q.cue,
        q.speaker_start,
        q.speaker_end,
        q.speaker_text,
        speaker_id,
    )
