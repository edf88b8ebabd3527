"""Stored thread profiles: what linking stores equals what the articles give, and a store
without them (upgraded from schema 11) links a batch exactly as one with them, storing the
profiles it computes."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
import zlib
from dataclasses import replace
from pathlib import Path

import pytest

from dateline.link.entity_edits import relink
from dateline.link.stories import link_stories
from dateline.link.stories.stored import profiles, read_inputs
from dateline.link.stories.thread_profiles import (
    PartnerProfiles,
    decoded,
    decoded_entities,
    encoded,
    fresh,
)
from dateline.link.stories.threads import DatedSentence, StoryProfile
from dateline.store.sqlite import SQLiteStore

LAST = 6  # the articles of the batch linked in the tests


def _profile() -> StoryProfile:
    return StoryProfile(
        story_id="s1",
        title="Quake hits Ceyhan",
        first=dt.date(2015, 5, 2),
        last=None,
        entities={"Ceyhan": 3, "Zoë Ünal": 1},
        words=frozenset({"quake", "ceyhan", "zoë"}),
        dated_sentences=(DatedSentence("a1", "2015-05", "In May 2015 a quake hit Ceyhan."),),
        articles=3,
    )


def test_a_profile_reads_back_as_written() -> None:
    body, entities = encoded(_profile(), {"e1": "Ceyhan", "e2": ""})
    assert decoded("s1", body) == replace(_profile(), entities={})
    assert decoded_entities(entities) == (_profile().entities, {"e1": "Ceyhan", "e2": ""})


def test_a_profile_is_stored_as_the_same_bytes_whatever_order_its_names_came_in() -> None:
    """The names come from sets, whose order follows the run's string hashing."""
    reordered = replace(_profile(), entities={"Zoë Ünal": 1, "Ceyhan": 3})
    assert encoded(reordered, {"e2": "", "e1": "Ceyhan"}) == encoded(
        _profile(), {"e1": "Ceyhan", "e2": ""}
    )


def test_a_profile_stored_before_its_article_count_reads_back_without_one() -> None:
    body, _ = encoded(_profile(), {})
    record = json.loads(zlib.decompress(body))
    del record["articles"]
    older = zlib.compress(json.dumps(record).encode("utf-8"))
    assert decoded("s1", older) == replace(_profile(), entities={}, articles=0)


def test_a_profile_that_used_an_entitys_old_name_is_not_fresh() -> None:
    used = {"e1": "Ceyhan", "e2": ""}
    assert fresh(used, {"e1": "Ceyhan"})
    assert not fresh(used, {"e1": "Ceyhan Province"})  # renamed in place
    assert not fresh(used, {})  # gone
    assert not fresh(used, {"e1": "Ceyhan", "e2": "Zoë Ünal"})  # an entity appeared


@pytest.fixture(scope="module")
def grown(ecb_dev_annotated_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """ECB+ dev fed to a store 30 articles at a time, entities and stories linked after
    each, but for the last :data:`LAST` articles: stored and annotated, not linked."""
    source = SQLiteStore(ecb_dev_annotated_db)
    ids = sorted(article.id for article in source.iter_articles())
    path = tmp_path_factory.mktemp("profiles") / "grown.db"
    store = SQLiteStore(path)

    def add(batch: list[str]) -> None:
        found = {article.id: article for article in source.get_articles(batch)}
        store.add_articles([found[article_id] for article_id in batch])
        store.put_annotations([source.get_annotations(article_id) for article_id in batch])

    head = ids[:-LAST]
    for start in range(0, len(head), 30):
        add(head[start : start + 30])
        relink(store)
        link_stories(store)
    add(ids[-LAST:])
    assert len(store.unlinked_article_ids()) == LAST
    store.close()
    source.close()
    return path


def _computed(store: SQLiteStore, story_ids: list[str]) -> dict[str, StoryProfile]:
    """The profiles of ``story_ids`` from their articles, as a batch profiles them."""
    stories = store.get_stories(story_ids)
    inputs = read_inputs(store, [a for story in stories for a in story.article_ids])
    items = {item.article_id: item for item in inputs.items}
    groups = {story.id: [items[a] for a in story.article_ids] for story in stories}
    return {p.story_id: p for p in profiles(groups, inputs.names, inputs.times)}


def _members(store: SQLiteStore, story_ids: list[str]) -> dict[str, tuple[str, ...]]:
    return {story.id: story.article_ids for story in store.get_stories(story_ids)}


def _not_read(story_id: str) -> StoryProfile:
    raise AssertionError(f"{story_id}'s stored profile is of this format: no article is read")


def stored_profiles(
    store: SQLiteStore, members: dict[str, tuple[str, ...]]
) -> dict[str, StoryProfile]:
    """Every stored profile of ``members`` read whole, as a pair that needs it reads it."""
    partners = PartnerProfiles(store, members, _not_read)
    return {s: partners.complete(profile) for s, profile in partners.profiles.items()}


def _linked_copy(grown: Path, path: Path, without_profiles: bool) -> tuple[SQLiteStore, set[str]]:
    """A copy of ``grown`` with its last batch linked; the stories the batch changed."""
    shutil.copy(grown, path)
    if without_profiles:  # as a store upgraded from schema 11 starts
        with sqlite3.connect(path) as db:
            db.execute("DELETE FROM story_thread_profiles")
    store = SQLiteStore(path)
    relink(store)
    return store, {story.id for story in link_stories(store)}


def test_stored_profiles_are_those_the_articles_give(grown: Path, tmp_path: Path) -> None:
    store, _changed = _linked_copy(grown, tmp_path / "with.db", without_profiles=False)
    ids = sorted(story.id for story in store.iter_stories())
    stored = stored_profiles(store, _members(store, ids))
    assert len(stored) > len(ids) // 2
    assert stored == _computed(store, sorted(stored))
    store.close()


def test_a_store_without_profiles_links_the_same_and_stores_them(
    grown: Path, tmp_path: Path
) -> None:
    kept, _changed = _linked_copy(grown, tmp_path / "with.db", without_profiles=False)
    lazy, changed = _linked_copy(grown, tmp_path / "without.db", without_profiles=True)
    assert list(lazy.iter_stories()) == list(kept.iter_stories())
    assert lazy.thread_links() == kept.thread_links()
    ids = sorted(story.id for story in lazy.iter_stories())
    backfilled = stored_profiles(lazy, _members(lazy, ids))
    assert set(backfilled) - changed  # partners of the changed stories, profiled and kept
    assert backfilled == _computed(lazy, sorted(backfilled))
    kept_profiles = stored_profiles(kept, _members(kept, ids))
    assert backfilled == {i: p for i, p in kept_profiles.items() if i in backfilled}
    kept.close()
    lazy.close()


def test_partner_profiles_complete_to_the_stored_profiles(grown: Path, tmp_path: Path) -> None:
    """A partner is read with its entities and days; the part its text gives, decoded when a
    pair needs it, completes it to what its articles give. A stored record of another format
    is profiled again from its articles."""
    store, _changed = _linked_copy(grown, tmp_path / "with.db", without_profiles=False)
    ids = sorted(story.id for story in store.iter_stories())
    members = _members(store, ids)
    old = ids[0]
    body = json.dumps({"format": 0, "words": []}).encode("utf-8")
    with sqlite3.connect(tmp_path / "with.db") as db:
        db.execute(
            "UPDATE story_thread_profiles SET profile = ? WHERE story_id = ?",
            (zlib.compress(body), old),
        )
    again: list[str] = []

    def from_articles(story_id: str) -> StoryProfile:
        again.append(story_id)
        return _computed(store, [story_id])[story_id]

    partners = PartnerProfiles(store, members, from_articles)
    computed = _computed(store, sorted(partners.profiles))
    assert old in partners.profiles and len(partners.profiles) > len(ids) // 2
    for story_id, profile in partners.profiles.items():
        full = computed[story_id]
        assert (profile.entities, profile.first, profile.last) == (
            full.entities,
            full.first,
            full.last,
        )
        assert not profile.words and not profile.dated_sentences
        assert partners.complete(profile) == full
    assert again == [old]
    store.close()
