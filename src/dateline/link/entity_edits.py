"""Re-linking the stored entities and the user's corrections to them (merge, split, rename):
each correction is validated, stored, and re-links only the entities it touches
(:mod:`dateline.link.entity_state`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from dateline.link.aliases import EntityLinking, resolve_entity_name
from dateline.link.corrections import CorrectionError, validate_payload
from dateline.link.entity_state import relink_after_correction, relink_all
from dateline.link.names import name_key, part_keys
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
    :func:`dateline.link.aliases.require_entity` finds it), or a clear error. Each name is
    looked up among the entities that may hold it (:func:`entities_that_may_be_named`); a
    name none of them holds (an alias where the entity-link state is not written) among
    those whose names hold every key of its parts (:func:`entities_with_keys_of`), never
    every entity."""
    found: list[Entity] = []
    for name in names:
        entity = store.get_entity(name)  # an id designates its entity before any name
        if entity is None:
            entity = resolve_entity_name(entities_that_may_be_named(store, name), name)
        if entity is None:
            entity = resolve_entity_name(entities_with_keys_of(store, name), name)
        if entity is None:
            raise CorrectionError(f"no entity named {name!r}")
        found.append(entity)
    return found


def entities_with_keys_of(store: Store, name: str) -> list[Entity]:
    """The entities whose names (name and aliases) hold every part key of ``name``: every
    entity with a name or alias of ``name``'s key is among them (the same parts have the
    same keys). In :meth:`Store.iter_entities`' order, which decides between equal ones."""
    keys = part_keys(name)
    ids = sorted(entity_id for entity_id, _ in store.entities_with_every_part_key(keys))
    return in_list_order(store.get_entities(ids, articles=False).values())


def in_list_order(entities: Iterable[Entity]) -> list[Entity]:
    """``entities`` in :meth:`Store.iter_entities`' order: most mentioned first, then name
    and id."""
    return sorted(entities, key=lambda e: (-sum(count for _, count in e.aliases), e.name, e.id))


def entities_that_may_be_named(store: Store, name: str) -> list[Entity]:
    """The entities that may be named ``name``. An entity's own name designates it before any
    alias (:func:`resolve_entity_name`), so where some entities' names have the name's key,
    they are the candidates, found among the entities' names alone (a rename's name need not
    be a mention's). Otherwise, those of a mention written so, found in the entity blocks
    whose mentions are written so (``t:`` tokens of
    :func:`dateline.link.entity_state.local_tokens`, and the block of that name key); none
    where the entity-link state is not written. The names are read by their part keys
    (:func:`dateline.link.names.part_keys`; at 581,086 entities reading every name cost
    0.28 s). For each name of the largest merge at 100,000 articles, reading its block's
    mentions cost 0.03-0.05 s on SQLite and 0.16-0.26 s on PostgreSQL; at 1,000,000
    articles 0.35-4.3 s (cold) against 0.18-0.31 s on SQLite. A name that is only an alias
    pays both."""
    key = name_key(name)
    if not key:
        return []
    spelling = key.replace(" ", "")
    # the store picked out the entities whose names hold every part key of the name (each
    # name with its key does); each is checked here
    ids = {
        entity_id
        for entity_id, entity_name in store.entities_with_every_part_key(part_keys(name))
        if name_key(entity_name) == key
    }
    if not ids and store.entity_link_state_ready():
        blocks = {key} | {block for _, block in store.entity_keys_with_tokens(["t:" + key])}
        written = store.entities_named_in_blocks(sorted(blocks), spelling=spelling)
        ids = {
            entity_id
            for entity_id, text, canonical in written
            if name_key(text) == key or (canonical and name_key(canonical) == key)
        }
    # in the order of Store.iter_entities, which decides between equal candidates
    return in_list_order(store.get_entities(sorted(ids), articles=False).values())


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
