"""The keys of each entity's name parts, kept through every way entities are written, on
every backend; and the lookup by them."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from dateline.link.entity_edits import merge_entities, rename_entity, split_entity
from dateline.link.entity_state import link_entities_in
from dateline.link.names import part_keys
from dateline.records import Annotations, Article, Entity, Mention
from dateline.store.sql import SQLStore
from tests.store.conftest import postgres_at_version, sqlite_upgraded_from


def _stored(store: SQLStore, article_id: str, names: Sequence[tuple[str, str]]) -> None:
    """An article writing ``names`` (text, label), one sentence each."""
    text, mentions = "", []
    for name, label in names:
        start = len(text)
        text += f"{name} said so. "
        mentions.append(Mention(article_id, start, start + len(name), name, label))
    store.add_articles([Article(id=article_id, text=text)])
    store.put_annotations([Annotations(article_id, tuple(mentions), (), (), ())])


def _kept(store: SQLStore) -> list[tuple[str, str]]:
    rows = store._query("SELECT part_key, entity_id FROM entity_part_keys")
    return sorted((str(row["part_key"]), str(row["entity_id"])) for row in rows)


def _from_scratch(store: SQLStore) -> list[tuple[str, str]]:
    """The rows each stored entity's name and aliases give, worked out anew."""
    return sorted(
        {
            (key, entity.id)
            for entity in store.iter_entities(articles=False)
            for name in (entity.name, *(alias for alias, _ in entity.aliases))
            for key in part_keys(name)
        }
    )


def test_the_keys_follow_every_way_entities_are_written(store: SQLStore) -> None:
    _stored(store, "a1", [("Dmitry Peskov", "PERSON"), ("Sergei Lavrov", "PERSON")])
    _stored(store, "a2", [("Peskov", "PERSON"), ("Pyongyang", "PLACE")])
    link_entities_in(store, full=True)  # a full link replaces every entity
    assert _kept(store) == _from_scratch(store)
    (lavrov,) = [e.id for e in store.iter_entities(articles=False) if e.name == "Sergei Lavrov"]
    assert {("~lv", lavrov), ("<lav", lavrov), (">rov", lavrov)} <= set(_kept(store))
    # a later batch adds spellings to stored entities and new ones (the incremental writes)
    _stored(store, "a3", [("Dmitri Peskov", "PERSON"), ("Piongyang", "PLACE")])
    _stored(store, "a4", [("Kim Jong-un", "PERSON"), ("Lavrov", "PERSON")])
    link_entities_in(store)
    assert _kept(store) == _from_scratch(store)
    assert {key for key, _ in _kept(store)} >= {"=kim", "=jong", "=un"}
    # corrections: a merge removes an entity, a rename and a split write others
    merge_entities(store, ["Sergei Lavrov", "Dmitry Peskov"])
    assert _kept(store) == _from_scratch(store)
    rename_entity(store, "Kim Jong-un", "Kim Jong Un (leader)")
    assert _kept(store) == _from_scratch(store)
    split_entity(store, "Sergei Lavrov", aliases=["Dmitry Peskov", "Dmitri Peskov", "Peskov"])
    assert _kept(store) == _from_scratch(store)


def test_the_lookup_reads_the_entities_holding_a_key_in_the_list_order(store: SQLStore) -> None:
    people = [
        Entity("E1", "Gleb Ivashéntsov", "PERSON", (("Gleb Ivashéntsov", 2), ("Iváshentsov", 1))),
        Entity("E2", "Ivan Ivanov", "PERSON", (("Ivan Ivanov", 5),)),
        Entity("E3", "Pyongyang", "PLACE", (("Pyongyang", 9), ("Pionyang", 1))),
    ]
    store.replace_entities(people, [])
    # a candidate set the caller checks: both share "~iv" and "<iva", the most mentioned first
    # as the entity list orders them; a misspelt last letter keeps the first three
    for name in ("Ivastentsov", "Ivashentsof", "Ivanof"):
        assert [e.id for e in store.entities_with_part_keys(part_keys(name))] == ["E2", "E1"]
    assert [e.id for e in store.entities_with_part_keys({">kov"})] == []
    assert [e.id for e in store.entities_with_part_keys({">sov"})] == ["E1"]
    assert [e.id for e in store.entities_with_part_keys(part_keys("Piongyang"))] == ["E3"]
    assert store.entities_with_part_keys(part_keys("Tokyo")) == []
    assert store.entities_with_part_keys(set()) == []
    assert store.entities_with_part_keys({"' OR 1=1 --", "%"}) == []


def _old_entities() -> list[tuple[str, str, str, str]]:
    """Entities as an older store holds them, one with an aliases column no dateline wrote
    (not JSON): its name is keyed and the upgrade goes on."""
    rows = [
        ("E1", "Dmitry Peskov", "PERSON", json.dumps([["Dmitry Peskov", 2], ["Peskov", 3]])),
        ("E2", "Pyongyang", "PLACE", json.dumps([["Pyongyang", 4], ["Piongyang", 1]])),
    ]
    return [*rows, ("E3", "Kim Jong-un", "PERSON", "Kim]")]


_OLD_ENTITY = "INSERT INTO entities (id, name, label, aliases) VALUES (?, ?, ?, ?)"
UPGRADED = sorted(
    [(key, "E1") for key in part_keys("Dmitry Peskov")]
    + [(key, "E2") for key in part_keys("Pyongyang") | part_keys("Piongyang")]
    + [(key, "E3") for key in part_keys("Kim Jong-un")]
)


def test_a_schema_22_sqlite_store_keys_its_entities_on_the_upgrade(tmp_path: Path) -> None:
    store = sqlite_upgraded_from(tmp_path / "old.db", 22, [(_OLD_ENTITY, _old_entities())])
    assert _kept(store) == UPGRADED
    assert [e.id for e in store.entities_with_part_keys({"~pv"})] == ["E1"]
    store.close()


def test_a_schema_22_postgres_store_keys_its_entities_on_the_upgrade(
    postgres_admin_url: str,
) -> None:
    from dateline.store.postgres import PostgresStore

    store = PostgresStore(
        postgres_at_version(postgres_admin_url, 22, [(_OLD_ENTITY, _old_entities())])
    )
    assert _kept(store) == UPGRADED
    store.close()
