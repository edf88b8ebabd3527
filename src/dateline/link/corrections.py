"""User corrections to entity resolution, applied on top of the automatic clusters.

Corrections are stored (``Store.add_correction``) and re-applied, in the order they were made,
every time entities are re-linked, so they survive re-processing and a growing corpus. They name
entities by canonical name, alias or id (the helpers in :mod:`dateline.link.aliases` store the
canonical name), never by list position.

Payloads (``Correction.kind`` -> ``Correction.payload``):

- ``merge``: ``{"names": ["Ivastentsov", "Gleb Ivashentsov"]}`` -- every entity named is merged
  into the first one.
- ``split``: ``{"name": "Kim Jong-un", "aliases": ["Kim Jong-Il"], "articles": ["ab12..."]}`` --
  the mentions of that entity written as one of ``aliases`` (case/accent-insensitive) and lying
  in one of ``articles`` (ids or id prefixes) become an entity of their own; an empty or absent
  list does not restrict. At least one of ``aliases``/``articles`` is needed.
- ``rename``: ``{"name": "Ivashentsov", "new": "Gleb Ivashentsov"}`` -- the display name changes;
  the entity id (derived from the automatic cluster) does not.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from dateline.link.names import name_key
from dateline.records import Mention
from dateline.store.interface import Correction

CORRECTION_KINDS = ("merge", "split", "rename")


class CorrectionError(ValueError):
    """A correction payload that cannot be understood."""


@dataclass(slots=True)
class Cluster:
    """Mentions of one entity while corrections are applied."""

    mentions: list[Mention]
    name: str
    entity_id: str = ""
    renamed: bool = False
    alias_keys: Counter[str] = field(default_factory=Counter)
    non_voting: set[tuple[str, int, int]] = field(default_factory=set)  # see mention_key

    def refresh_aliases(self) -> None:
        self.alias_keys = Counter(name_key(m.text) for m in self.mentions)


def mention_key(mention: Mention) -> tuple[str, int, int]:
    return mention.article_id, mention.start, mention.end


def validate_payload(kind: str, payload: dict[str, Any]) -> None:
    """Raise :class:`CorrectionError` with a precise message when a payload is malformed."""
    if kind not in CORRECTION_KINDS:
        raise CorrectionError(
            f"unknown correction kind {kind!r}; expected one of {CORRECTION_KINDS}"
        )
    if kind == "merge":
        names = payload.get("names")
        if (
            not isinstance(names, list)
            or len(names) < 2
            or not all(isinstance(n, str) for n in names)
        ):
            raise CorrectionError("a merge needs 'names': a list of at least two entity names")
        return
    if not isinstance(payload.get("name"), str) or not payload["name"].strip():
        raise CorrectionError(f"a {kind} needs 'name': the entity to {kind}")
    if kind == "rename":
        if not isinstance(payload.get("new"), str) or not payload["new"].strip():
            raise CorrectionError("a rename needs 'new': the new canonical name")
        return
    aliases = payload.get("aliases", [])
    articles = payload.get("articles", [])
    if not isinstance(aliases, list) or not isinstance(articles, list) or not (aliases or articles):
        raise CorrectionError("a split needs 'aliases' or 'articles': which mentions to move out")


def find_cluster(clusters: Sequence[Cluster], name: str) -> Cluster | None:
    """The cluster ``name`` designates: an id, else a canonical name, else the top alias owner."""
    for cluster in clusters:
        if cluster.entity_id and cluster.entity_id == name:
            return cluster
    key = name_key(name)
    if not key:
        return None
    named = [c for c in clusters if c.mentions and name_key(c.name) == key]
    if named:
        return max(named, key=lambda c: len(c.mentions))
    owners = [c for c in clusters if c.alias_keys.get(key)]
    if owners:
        return max(owners, key=lambda c: (c.alias_keys[key], len(c.mentions)))
    return None


def apply_merge(clusters: list[Cluster], payload: dict[str, Any]) -> None:
    found = [find_cluster(clusters, str(name)) for name in payload["names"]]
    targets = [c for c in found if c is not None]
    if len(targets) < 2:
        return
    keeper = targets[0]
    for other in targets[1:]:
        if other is keeper or not other.mentions:
            continue
        keeper.mentions.extend(other.mentions)
        keeper.non_voting |= other.non_voting
        other.mentions = []
    keeper.refresh_aliases()


def apply_split(clusters: list[Cluster], payload: dict[str, Any]) -> None:
    source = find_cluster(clusters, str(payload["name"]))
    if source is None:
        return
    alias_keys = {name_key(str(alias)) for alias in payload.get("aliases", [])}
    prefixes = tuple(str(article) for article in payload.get("articles", []))
    moved = [
        m
        for m in source.mentions
        if (not alias_keys or name_key(m.text) in alias_keys)
        and (not prefixes or m.article_id.startswith(prefixes))
    ]
    if not moved or len(moved) == len(source.mentions):
        return
    moved_ids = {id(m) for m in moved}
    source.mentions = [m for m in source.mentions if id(m) not in moved_ids]
    source.refresh_aliases()
    fullest = max(moved, key=lambda m: (len(m.text.split()), len(m.text)))
    split_off = Cluster(mentions=moved, name=" ".join(fullest.text.split()))
    split_off.non_voting = {mention_key(m) for m in moved} & source.non_voting
    split_off.refresh_aliases()
    clusters.append(split_off)


def apply_rename(clusters: list[Cluster], payload: dict[str, Any]) -> None:
    target = find_cluster(clusters, str(payload["name"]))
    if target is not None:
        target.name = str(payload["new"]).strip()
        target.renamed = True


def apply_corrections(clusters: list[Cluster], corrections: Sequence[Correction]) -> list[Cluster]:
    """Apply ``corrections`` in order; ones naming entities that no longer exist are no-ops."""
    for correction in sorted(corrections, key=lambda c: c.id):
        try:
            validate_payload(correction.kind, correction.payload)
        except CorrectionError:
            continue  # a malformed stored correction must not block re-linking
        if correction.kind == "merge":
            apply_merge(clusters, correction.payload)
        elif correction.kind == "split":
            apply_split(clusters, correction.payload)
        else:
            apply_rename(clusters, correction.payload)
    return [cluster for cluster in clusters if cluster.mentions]
