"""Each story's thread profile as the store keeps it (schema 12), so that a batch reads the
profiles of the stories it compares with instead of their articles.

A stored profile is the :class:`StoryProfile` thread linking reads (the story's days, the
number of its articles naming each entity, its content words, its dated sentences), with the
name it used for each entity id its articles' mentions point to, as compressed JSON. Linking
writes a story's profile when it writes the story (:func:`encoded`); the store drops it when
what it derives from changes (see :mod:`dateline.store.sql_thread_profiles`), and
:func:`decoded` refuses one that used a name an entity no longer has (a rename keeps the
id), so a story whose profile is missing or stale gets it computed from its articles again.
"""

from __future__ import annotations

import datetime as dt
import json
import zlib
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from dateline.link.stories.features import StoryInput
from dateline.link.stories.stored import Inputs, profiles
from dateline.link.stories.threads import DatedSentence, StoryProfile

if TYPE_CHECKING:
    from dateline.store.interface import Store

FORMAT = 1


def entity_ids_of(members: Sequence[StoryInput], inputs: Inputs) -> dict[str, str]:
    """Entity id -> the name a profile of ``members`` used for it ("" for an id that named no
    stored entity), over their articles' mentions."""
    found: dict[str, str] = {}
    for item in members:
        found.update(inputs.entity_ids.get(item.article_id, {}))
    return found


def encoded(profile: StoryProfile, entity_ids: Mapping[str, str]) -> bytes:
    """``profile`` as the store keeps it (``entity_ids``: see :func:`entity_ids_of`)."""
    record = {
        "format": FORMAT,
        "title": profile.title,
        "first": profile.first.toordinal() if profile.first else None,
        "last": profile.last.toordinal() if profile.last else None,
        "entities": profile.entities,
        "words": sorted(profile.words),
        "dated": [[s.article_id, s.value, s.sentence] for s in profile.dated_sentences],
        "ids": dict(entity_ids),
    }
    text = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
    return zlib.compress(text.encode("utf-8"), 6)


def decoded(story_id: str, data: bytes) -> tuple[StoryProfile, dict[str, str]] | None:
    """The profile of ``story_id`` from its stored bytes, with the entity names it used (None
    for a record of another format)."""
    record = json.loads(zlib.decompress(data).decode("utf-8"))
    if not isinstance(record, dict) or record.get("format") != FORMAT:
        return None
    first, last = record["first"], record["last"]
    profile = StoryProfile(
        story_id=story_id,
        title=str(record["title"]),
        first=dt.date.fromordinal(first) if first is not None else None,
        last=dt.date.fromordinal(last) if last is not None else None,
        entities={str(name): int(count) for name, count in record["entities"].items()},
        words=frozenset(record["words"]),
        dated_sentences=tuple(
            DatedSentence(str(a), str(value), str(sentence))
            for a, value, sentence in record["dated"]
        ),
    )
    return profile, {str(key): str(name) for key, name in record["ids"].items()}


def fresh(
    stored: Mapping[str, tuple[StoryProfile, Mapping[str, str]]], names: Mapping[str, str]
) -> dict[str, StoryProfile]:
    """The profiles of ``stored`` (story id -> decoded profile) whose entities still have the
    names they used (``names``: entity id -> its current name; an id not in it names none)."""
    return {
        story_id: profile
        for story_id, (profile, used) in stored.items()
        if all(names.get(entity_id, "") == name for entity_id, name in used.items())
    }


def encoded_profiles(
    groups: Mapping[str, Sequence[StoryInput]], inputs: Inputs
) -> tuple[list[StoryProfile], dict[str, bytes]]:
    """The thread profiles of the stories ``groups`` (from their articles, as read into
    ``inputs``), and each as the store keeps it."""
    found = profiles(groups, inputs.names, inputs.times)
    return found, {
        profile.story_id: encoded(profile, entity_ids_of(groups[profile.story_id], inputs))
        for profile in found
    }


def stored_profiles(store: Store, story_ids: Sequence[str]) -> dict[str, StoryProfile]:
    """The stored thread profiles of ``story_ids`` that are fresh (see the module docstring):
    the others are to be computed from their articles."""
    found = {
        story_id: record
        for story_id, data in store.thread_profiles(story_ids).items()
        if (record := decoded(story_id, data)) is not None
    }
    used = sorted({entity_id for _profile, ids in found.values() for entity_id in ids})
    names = {
        entity_id: entity.name
        for entity_id, entity in store.get_entities(used, articles=False).items()
    }
    return fresh(found, names)
