"""Re-linking the stored entities and the user's corrections to them (merge, split, rename):
each correction is validated, stored, and re-links only the entities it touches
(:mod:`dateline.link.entity_state`)."""

from __future__ import annotations

from collections.abc import Sequence

from dateline.link.aliases import EntityLinking, resolve_entity_name
from dateline.link.corrections import CorrectionError, validate_payload
from dateline.link.entity_state import relink_after_correction, relink_all
from dateline.records import Entity
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


def designated_entities(store: Store, names: Sequence[str]) -> list[Entity]:
    """The stored entity each of ``names`` designates (id, name or alias, as
    :func:`dateline.link.aliases.require_entity` finds it), or a clear error; the entities
    are read once for all the names, without their article lists."""
    entities: list[Entity] | None = None
    found: list[Entity] = []
    for name in names:
        entity = store.get_entity(name)  # an id designates its entity before any name
        if entity is None:
            if entities is None:
                entities = list(store.iter_entities(articles=False))
            entity = resolve_entity_name(entities, name)
        if entity is None:
            raise CorrectionError(f"no entity named {name!r}")
        found.append(entity)
    return found


def merge_entities(store: Store, names: Sequence[str]) -> EntityLinking:
    """Merge the entities ``names`` designate (names, aliases or ids) into the first.

    The correction stores each entity's canonical name, which outlives ids as the corpus grows.
    """
    entities = designated_entities(store, names)
    if len({entity.id for entity in entities}) < 2:
        raise CorrectionError("these names are already one entity")
    return record_correction(store, "merge", {"names": [entity.name for entity in entities]})


def split_entity(
    store: Store, name: str, *, aliases: Sequence[str] = (), articles: Sequence[str] = ()
) -> EntityLinking:
    """Move the entity's mentions written as ``aliases`` and lying in ``articles`` (either may
    be empty, not both) into a new entity."""
    (entity,) = designated_entities(store, [name])
    payload: dict[str, object] = {
        "name": entity.name,
        "aliases": list(aliases),
        "articles": list(articles),
    }
    return record_correction(store, "split", payload)


def rename_entity(store: Store, name: str, new_name: str) -> EntityLinking:
    """Give the entity ``name`` designates the canonical name ``new_name`` (its id stays)."""
    (entity,) = designated_entities(store, [name])
    return record_correction(store, "rename", {"name": entity.name, "new": new_name})
