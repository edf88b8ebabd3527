"""A stored mention row as a :class:`~dateline.records.Mention`, shared by the SQL store and
its entity-link state."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dateline.records import Mention


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
