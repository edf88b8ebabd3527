"""Each story's thread profile as the store keeps it (schema 12), so that a batch reads the
profiles of the stories it compares with instead of their articles.

A stored profile is the :class:`StoryProfile` thread linking reads, in two parts: what the
articles' text, dates and times give (the story's days, its content words, its dated
sentences; compressed JSON), and what their mentions give (the number of its articles naming
each entity, with the name it used for each entity id). Linking writes a story's profile when
it writes the story (:func:`encoded_profiles`); the store drops it when what it derives from
changes, or only its entities' part when a mention is linked to another entity (see
:mod:`dateline.store.sql_thread_profiles`). :class:`PartnerProfiles` counts a missing or stale
entities' part again from the mentions (stale: it used a name an entity no longer has, as a
rename keeps the id); a story without a profile is profiled from its articles again.
"""

from __future__ import annotations

import datetime as dt
import json
import zlib
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
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


def encoded(profile: StoryProfile, entity_ids: Mapping[str, str]) -> tuple[bytes, str]:
    """``profile`` as the store keeps it: the part its articles' text, dates and times give,
    and the part their mentions give (``entity_ids``: see :func:`entity_ids_of`)."""
    record = {
        "format": FORMAT,
        "title": profile.title,
        "first": profile.first.toordinal() if profile.first else None,
        "last": profile.last.toordinal() if profile.last else None,
        "words": sorted(profile.words),
        "dated": [[s.article_id, s.value, s.sentence] for s in profile.dated_sentences],
        "articles": profile.articles,
    }
    text = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
    return zlib.compress(text.encode("utf-8"), 6), _entities_part(profile.entities, entity_ids)


def _entities_part(entities: Mapping[str, int], entity_ids: Mapping[str, str]) -> str:
    record = {"entities": dict(entities), "ids": dict(entity_ids)}
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def decoded(story_id: str, body: bytes) -> StoryProfile | None:
    """The profile of ``story_id`` from the first part of its stored record, without
    entities (None for a record of another format)."""
    record = json.loads(zlib.decompress(body).decode("utf-8"))
    if not isinstance(record, dict) or record.get("format") != FORMAT:
        return None
    first, last = record["first"], record["last"]
    return StoryProfile(
        story_id=story_id,
        title=str(record["title"]),
        first=dt.date.fromordinal(first) if first is not None else None,
        last=dt.date.fromordinal(last) if last is not None else None,
        entities={},
        words=frozenset(record["words"]),
        dated_sentences=tuple(
            DatedSentence(str(a), str(value), str(sentence))
            for a, value, sentence in record["dated"]
        ),
        articles=int(record.get("articles", 0)),  # not in records written before it
    )


def decoded_entities(part: str) -> tuple[dict[str, int], dict[str, str]]:
    """The entities' part of a stored profile: entity name -> the story's articles naming
    it, and entity id -> the name it used."""
    record = json.loads(part)
    return (
        {str(name): int(count) for name, count in record["entities"].items()},
        {str(key): str(name) for key, name in record["ids"].items()},
    )


def fresh(used: Mapping[str, str], names: Mapping[str, str]) -> bool:
    """Whether the entity ids a profile used (``used``: id -> the name it used) still have
    those names (``names``: entity id -> its current name; an id not in it names none)."""
    return all(names.get(entity_id, "") == name for entity_id, name in used.items())


def encoded_profiles(
    groups: Mapping[str, Sequence[StoryInput]], inputs: Inputs
) -> tuple[list[StoryProfile], dict[str, tuple[bytes, str]]]:
    """The thread profiles of the stories ``groups`` (from their articles, as read into
    ``inputs``), and each as the store keeps it."""
    found = profiles(groups, inputs.names, inputs.times)
    return found, {
        profile.story_id: encoded(profile, entity_ids_of(groups[profile.story_id], inputs))
        for profile in found
    }


class PartnerProfiles:
    """The stored thread profiles of the stories ``members`` (story id -> its article ids)
    that have one, the stories a batch compares with the stories it changed. Each profile has
    its entities and its days (the story's stored member days) at once, and its words and
    dated sentences only when a pair needs them (:meth:`complete`, for
    :func:`.threads.link_threads`): most partners of a long archive are never decoded, as a
    pair is examined only when its stories share enough entities and are not one thread yet.
    An entities' part that is missing or used a name an entity no longer has is counted
    again from the articles' mentions, and stored; a stored record of another format is
    profiled again from the articles (``from_articles``, which stores it). The stories left
    out have no stored profile: they are to be profiled from their articles."""

    def __init__(
        self,
        store: Store,
        members: Mapping[str, Sequence[str]],
        from_articles: Callable[[str], StoryProfile],
    ) -> None:
        self._from_articles = from_articles
        rows = store.thread_profiles(sorted(members))
        parts = _entity_parts(store, members, {s: entities for s, (_b, entities) in rows.items()})
        spans = store.story_day_spans(sorted(rows))
        #: the day spans read, story id -> (first, last) ordinals, for the dated partners
        self.spans = spans
        self._bodies = {story_id: body for story_id, (body, _entities) in rows.items()}
        self._complete: dict[str, StoryProfile] = {}
        self.profiles: dict[str, StoryProfile] = {}
        for story_id in rows:
            first, last = spans.get(story_id, (None, None))
            self.profiles[story_id] = StoryProfile(
                story_id=story_id,
                title="",
                first=dt.date.fromordinal(first) if first is not None else None,
                last=dt.date.fromordinal(last) if last is not None else None,
                entities=parts[story_id][0],
                words=frozenset(),
                articles=len(members[story_id]),
            )

    def complete(self, profile: StoryProfile) -> StoryProfile:
        """``profile`` with the part its text gives, decoded once (a profile not read here as
        it is)."""
        body = self._bodies.get(profile.story_id)
        if body is None:
            return profile
        done = self._complete.get(profile.story_id)
        if done is None:
            found = decoded(profile.story_id, body)
            if found is None:
                done = self._from_articles(profile.story_id)
            else:
                done = replace(found, entities=profile.entities, articles=profile.articles)
            self._complete[profile.story_id] = done
        return done


def _entity_parts(
    store: Store, members: Mapping[str, Sequence[str]], stored: Mapping[str, str | None]
) -> dict[str, tuple[dict[str, int], dict[str, str]]]:
    """Each story of ``stored`` (story id -> its stored entities' part) -> its entities' part
    (see :func:`decoded_entities`): one that is missing or used a name an entity no longer
    has is counted again from the articles' mentions (``members``), and stored."""
    parts = {s: decoded_entities(part) for s, part in stored.items() if part is not None}
    used = sorted({entity_id for _counts, ids in parts.values() for entity_id in ids})
    names = store.entity_names(used)
    stale = sorted(s for s in stored if s not in parts or not fresh(parts[s][1], names))
    if stale:
        recounted = _entities_of(store, {story_id: members[story_id] for story_id in stale})
        parts.update(recounted)
        store.put_thread_profile_entities(
            {story_id: _entities_part(*recounted[story_id]) for story_id in stale}
        )
    return parts


def _entities_of(
    store: Store, members: Mapping[str, Sequence[str]]
) -> dict[str, tuple[dict[str, int], dict[str, str]]]:
    """Each story's entities' part (see :func:`decoded_entities`), from its articles'
    mentions as :func:`dateline.link.stories.stored.read_inputs` names them (each distinct
    name and entity an article's mentions use, counted by the store)."""
    names: dict[str, set[str]] = {}
    ids: dict[str, dict[str, str]] = {}
    for article_id, name, entity_id, entity_name in store.mention_names_in(
        sorted({a for article_ids in members.values() for a in article_ids})
    ):
        names.setdefault(article_id, set()).add(name)
        if entity_id:
            ids.setdefault(article_id, {})[entity_id] = entity_name or ""
    found: dict[str, tuple[dict[str, int], dict[str, str]]] = {}
    for story_id, article_ids in members.items():
        counted: Counter[str] = Counter()
        used: dict[str, str] = {}
        for article_id in article_ids:
            counted.update(names.get(article_id, ()))
            used.update(ids.get(article_id, {}))
        found[story_id] = (dict(counted), used)
    return found
