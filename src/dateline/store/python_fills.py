"""What an upgrade fills in Python after a version's SQL: rows keyed by rules neither SQL
dialect has (case folding, the linker's name keys). Both backends' migration runners call
:func:`fill_rows_of` after each version's script, in the same transaction."""

from __future__ import annotations

from dateline.store.article_categories import CATEGORY_ROWS_VERSION, fill_article_categories
from dateline.store.entity_part_keys import PART_KEYS_VERSION, fill_entity_part_keys
from dateline.store.session import Session


def fill_rows_of(db: Session, version: int, seq: str) -> None:
    """Fill what the upgrade to ``version`` keys in Python (``seq``: the backend's row
    order column); nothing for a version whose SQL does it all."""
    if version == CATEGORY_ROWS_VERSION:
        fill_article_categories(db, seq)
    elif version == PART_KEYS_VERSION:
        fill_entity_part_keys(db)
