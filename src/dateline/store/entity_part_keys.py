"""The keys of each entity's name parts as rows (schema 23).

An entity asked for by a surname ("Peskov"), a familiar form ("Bill Clinton"), a spelling
variant ("Ivastentsov") or a misspelling ("Ivashentsof") was found by reading every entity
and comparing its names in Python: about 6 s at 581,086 entities. Each of those ways of
naming an entity shares a part key (:func:`dateline.link.names.part_keys`: a part's variant
shape, a long part's first or last three letters) with one of its names, so the entities
holding one of the asked name's keys are the only ones a lookup compares. The keys are the
linker's folding, which neither SQL dialect has: the store writes them as it writes an
entity (for its name and every alias), and the upgrade fills them in Python, a page of
entities at a time.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from dateline.records import Entity
from dateline.store.paging import id_pages, marks
from dateline.store.session import Session

#: the schema version whose upgrade fills the rows (:func:`fill_entity_part_keys`)
PART_KEYS_VERSION = 23
_PAGE = 5_000

ENTITY_PART_KEYS_TABLE = """
        CREATE TABLE entity_part_keys (
            part_key TEXT NOT NULL, entity_id TEXT NOT NULL, PRIMARY KEY (part_key, entity_id)
        );
        CREATE INDEX entity_part_keys_entity ON entity_part_keys(entity_id);
"""
_INSERT_ROWS = (
    "INSERT INTO entity_part_keys (part_key, entity_id) VALUES (?, ?) "
    "ON CONFLICT (part_key, entity_id) DO NOTHING"
)


def part_key_rows(entity_id: str, names: Iterable[str]) -> list[tuple[str, str]]:
    """The (part key, entity id) rows of an entity written ``names`` (name and aliases)."""
    from dateline.link.names import part_keys

    keys: set[str] = set()
    for name in names:
        keys |= part_keys(name)
    return [(key, entity_id) for key in sorted(keys)]


def stored_names(name: str, aliases: str) -> list[str]:
    """An ``entities`` row's name and the texts of its aliases (a JSON list of [text, count])."""
    try:
        found = json.loads(aliases or "[]")
    except ValueError:
        found = []
    texts = [a[0] for a in found if isinstance(a, list) and a and isinstance(a[0], str)]
    return [name, *texts]


def entity_part_key_rows(entities: Iterable[Entity]) -> list[tuple[str, str]]:
    """The rows of ``entities``, each written by its name and aliases, in key order."""
    return _rows((e.id, [e.name, *(alias for alias, _ in e.aliases)]) for e in entities)


def _rows(named: Iterable[tuple[str, Sequence[str]]]) -> list[tuple[str, str]]:
    """The rows of (entity id, names) pairs, in key order."""
    return sorted(row for entity_id, names in named for row in part_key_rows(entity_id, names))


def replace_entity_part_keys(db: Session, entities: Iterable[Entity]) -> None:
    """Every entity's rows afresh (a full link)."""
    db.execute("DELETE FROM entity_part_keys")
    rows = entity_part_key_rows(entities)
    if rows:
        db.executemany(_INSERT_ROWS, rows)


def refresh_entity_part_keys(db: Session, entity_ids: Iterable[str]) -> None:
    """The rows of ``entity_ids`` again from their stored names (none for one removed)."""
    for page in id_pages(sorted(set(entity_ids))):
        db.execute(f"DELETE FROM entity_part_keys WHERE entity_id IN ({marks(page)})", page)
        _insert(
            db,
            db.fetchtuples(
                f"SELECT id, name, aliases FROM entities WHERE id IN ({marks(page)})", page
            ),
        )


def fill_entity_part_keys(db: Session) -> None:
    """Schema 23's upgrade: the rows of every stored entity, a page at a time by id."""
    last = ""
    while True:
        page = db.fetchtuples(
            f"SELECT id, name, aliases FROM entities WHERE id > ? ORDER BY id LIMIT {_PAGE}",
            (last,),
        )
        if not page:
            return
        last = str(page[-1][0])
        _insert(db, page)


def _insert(db: Session, stored: Sequence[tuple[Any, ...]]) -> None:
    """Write the rows of the ``entities`` rows ``stored``, read as (id, name, aliases)."""
    rows = _rows(
        (str(entity_id), stored_names(str(name), str(aliases or "")))
        for entity_id, name, aliases in stored
    )
    if rows:
        db.executemany(_INSERT_ROWS, rows)
