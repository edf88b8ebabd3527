"""Re-linking the stored entities and the user's corrections to them (merge, split, rename):
each correction is validated, stored, and re-links only the entities it touches
(:mod:`dateline.link.entity_state`)."""

from __future__ import annotations

from collections.abc import Sequence

from dateline.link.aliases import EntityLinking, require_entity
from dateline.link.corrections import CorrectionError, validate_payload
from dateline.link.entity_state import relink_after_correction, relink_all
from dateline.store.interface import Store


def relink(store: Store) -> EntityLinking:
    """Re-link every stored mention with the stored corrections and replace the entities
    (and the state an incremental link starts from, :mod:`dateline.link.entity_state`)."""
    return relink_all(store)


def record_correction(store: Store, kind: str, payload: dict[str, object]) -> EntityLinking:
    """Store a correction and re-link the entities it touches; the entities it changed."""
    validate_payload(kind, payload)
    store.add_correction(kind, payload)
    return relink_after_correction(store, payload)


def merge_entities(store: Store, names: Sequence[str]) -> EntityLinking:
    """Merge the entities ``names`` designate (names, aliases or ids) into the first.

    The correction stores each entity's canonical name, which outlives ids as the corpus grows.
    """
    entities = [require_entity(store, name) for name in names]
    if len({entity.id for entity in entities}) < 2:
        raise CorrectionError("these names are already one entity")
    return record_correction(store, "merge", {"names": [entity.name for entity in entities]})


def split_entity(
    store: Store, name: str, *, aliases: Sequence[str] = (), articles: Sequence[str] = ()
) -> EntityLinking:
    """Move the entity's mentions written as ``aliases`` and lying in ``articles`` (either may
    be empty, not both) into a new entity."""
    entity = require_entity(store, name)
    payload: dict[str, object] = {
        "name": entity.name,
        "aliases": list(aliases),
        "articles": list(articles),
    }
    return record_correction(store, "split", payload)


def rename_entity(store: Store, name: str, new_name: str) -> EntityLinking:
    """Give the entity ``name`` designates the canonical name ``new_name`` (its id stays)."""
    entity = require_entity(store, name)
    return record_correction(store, "rename", {"name": entity.name, "new": new_name})
