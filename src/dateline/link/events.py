"""Cross-document events: the same event reported by several articles becomes one cluster.

Events are extracted per article (:mod:`dateline.annotate.events`), their participants
linked to entity ids by the link stage. This stage groups the stored event mentions across
articles into :class:`EventCluster` records and, where two clusters are about one happening
seen from two sides (an invitation, and a later article's "he refused to accept an invitation
to Moscow"), records an explicit :class:`EventLink` between them.

Two mentions are in **conflict** (never one event) when they have different categories,
one is negated or refused and the other not, their stated dates disagree (``2015-05`` and
``2015-05-09`` agree), their places differ, both name participants and none in common, a
stated date falls after the firm publication day of an article reporting the other as past,
or, with no stated dates, their articles' firm publication days are more than a week apart.
Only evidence counts: a time resolved against a *guessed* article date (basis ``inferred``)
and a guessed article date itself (not :attr:`dateline.records.Article.firmly_dated`) neither
join nor split.

Without conflict, two mentions **corefer** when

- in one story: they have the same trigger word (its stem: "invited" and "invitation") or
  share two participants (a "summit" and "talks" between the same two leaders);
- in different stories: they have the same trigger word and share a participant;
- statements besides come from the same speaker and share half their words.

Clusters grow greedily from the best-scoring pairs, and two clusters merge only when no pair
across them is in conflict, so a chain of loose matches cannot glue different events.
Candidate pairs come from blocks (story and word, story and participant, word and
participant), so the work follows the pairs that can match rather than the square of the
events.

A link (not a merge) joins two clusters of different stories in one thread that share a
participant when the later mention either states a date agreeing with the earlier one's, or
names the earlier event in its sentence (the stem of its trigger word: "invitation" for
"invited"; not when that word is the later event's own trigger).

Ids are stable: a cluster's id is derived from the event id of its earliest mention (earliest
article by publication date, then position). Clusters, their members and links are stored
in tables of their own (schema 6), so that a new batch of events is linked against them
(:mod:`dateline.link.event_batches`) instead of clustering every event again.
"""

from __future__ import annotations

import hashlib
import json
import re
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations
from typing import TYPE_CHECKING

from dateline.records import Event, Story
from dateline.store.paging import id_pages
from dateline.timevalues import days_between, starts_after

if TYPE_CHECKING:
    from dateline.store.interface import Store

CORRECTIONS_SEEN_KEY = "events.corrections_seen"  # corrections made before the last link
STATEMENT = "statement"
# times the text states, or resolves against a firm article date; a time resolved against a
# guessed article date (basis ``inferred``) is as weak as the guess and neither joins nor splits
ANCHORED_BASES = frozenset({"stated", "resolved"})
SETTLED_NOT = frozenset({"negated", "refused"})
ARTICLE_WINDOW_DAYS = 7
MAX_BLOCK = 400  # a block larger than this (a very frequent word of one story) is not paired
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_SUFFIXES = ("ations", "ation", "ings", "ing", "ed", "es", "e", "s")


@dataclass(frozen=True, slots=True)
class EventCluster:
    """One real-world event and all its mentions across articles."""

    id: str
    category: str
    trigger: str  # the earliest mention's trigger
    when: str | None  # the most specific stated date of its mentions, else the earliest's date
    event_ids: tuple[str, ...]  # mentions, earliest first
    article_ids: tuple[str, ...]
    story_ids: tuple[str, ...]
    participant_ids: tuple[str, ...]  # actors and targets of all mentions

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "category": self.category,
            "trigger": self.trigger,
            "when": self.when,
            "event_ids": list(self.event_ids),
            "article_ids": list(self.article_ids),
            "story_ids": list(self.story_ids),
            "participant_ids": list(self.participant_ids),
        }


@dataclass(frozen=True, slots=True)
class EventLink:
    """An explicit relation between two event clusters of one thread, and why."""

    earlier: str  # cluster id
    later: str
    reason: str
    sentence: str  # the later mention's sentence

    def to_json(self) -> dict[str, str]:
        return {
            "earlier": self.earlier,
            "later": self.later,
            "reason": self.reason,
            "sentence": self.sentence,
        }


def cluster_id_for(event_id: str) -> str:
    """The stable id of the cluster whose earliest mention is ``event_id``."""
    return "ec-" + hashlib.sha1(event_id.encode("utf-8")).hexdigest()[:16]


@lru_cache(maxsize=65_536)
def trigger_stem(trigger: str) -> str:
    """A crude stem of the trigger's head word: "invited", "invitation" -> "invit"."""
    words = _WORD.findall(trigger.lower())
    word = words[0] if words else ""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def dates_agree(first: str, second: str) -> bool:
    """Whether two TIMEX values can denote the same time: one contains the other."""
    return first.startswith(second) or second.startswith(first)


def _anchored_when(event: Event) -> str | None:
    return event.when if event.when and event.when_basis in ANCHORED_BASES else None


def _participants(event: Event) -> frozenset[str]:
    return frozenset(event.actor_ids) | frozenset(event.target_ids)


@lru_cache(maxsize=65_536)
def _words(text: str) -> frozenset[str]:
    return frozenset(word for word in _WORD.findall(text.lower()) if len(word) > 2)


@lru_cache(maxsize=65_536)
def _sorted_words(text: str) -> tuple[str, ...]:
    return tuple(sorted(_words(text)))


def _names_word_starting(text: str, stem: str) -> bool:
    """Whether a word of ``text`` starts with ``stem``: in sorted order the first word not
    before ``stem`` does when any does (a pair's test, asked hundreds of times an article)."""
    words = _sorted_words(text)
    at = bisect_left(words, stem)
    return at < len(words) and words[at].startswith(stem)


@dataclass(frozen=True, slots=True)
class EventMention:
    """An event with where it sits: its story and thread, its arrival rank, and its article's
    date when that date is evidence (``Article.firmly_dated``), not a guess."""

    event: Event
    rank: int
    story_id: str
    thread_id: str | None
    firm_day: str | None = None
    # what the pair tests read of the event, worked out once (a mention meets hundreds of
    # others): its participants, actors, anchored time, trigger stem, and whether it is
    # negated or refused
    participants: frozenset[str] = field(init=False, repr=False, compare=False)
    actors: frozenset[str] = field(init=False, repr=False, compare=False)
    when: str | None = field(init=False, repr=False, compare=False)
    stem: str = field(init=False, repr=False, compare=False)
    settled_not: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        event = self.event
        facts = (
            ("participants", _participants(event)),
            ("actors", frozenset(event.actor_ids)),
            ("when", _anchored_when(event)),
            ("stem", trigger_stem(event.trigger)),
            ("settled_not", event.modality in SETTLED_NOT),
        )
        for name, value in facts:
            object.__setattr__(self, name, value)


def _place_conflict(first: Event, second: Event) -> bool:
    return (
        first.place_id is not None
        and second.place_id is not None
        and (first.place_id != second.place_id)
    )


def _conflict(a: EventMention, b: EventMention) -> bool:
    """Whether evidence says two mentions are different happenings: another category, one
    negated or refused and the other not, stated dates or places that disagree, participants
    with nobody in common, named actors with nobody in common, or article days too far apart
    for one event (firm dates only)."""
    first, second = a.event, b.event
    if first.category != second.category:
        return True
    if a.settled_not != b.settled_not:
        return True  # a refused or negated event is not the one that happened
    when_a, when_b = a.when, b.when
    if when_a is not None and when_b is not None and not dates_agree(when_a, when_b):
        return True
    if _place_conflict(first, second):
        return True
    participants_a, participants_b = a.participants, b.participants
    if participants_a and participants_b and participants_a.isdisjoint(participants_b):
        return True
    if first.category == STATEMENT and first.actor_ids != second.actor_ids:
        return True
    if first.actor_ids and second.actor_ids and a.actors.isdisjoint(b.actors):
        return True  # "Putin invited Kim" and "Lavrov invited Kim" are two acts
    if _after_its_report(when_a, b) or _after_its_report(when_b, a):
        return True
    if when_a is None and when_b is None and a.firm_day and b.firm_day:
        return (days_between(a.firm_day, b.firm_day) or 0) > ARTICLE_WINDOW_DAYS
    return False


def _compatible(a: EventMention, b: EventMention) -> bool:
    """Whether two mentions are one happening: no conflict, and the same word or (within a
    story) two shared participants; across stories the same word and a shared participant."""
    if _conflict(a, b):
        return False
    first, second = a.event, b.event
    shared = a.participants & b.participants
    same_word = a.stem == b.stem
    if first.category == STATEMENT:
        words_a, words_b = _words(first.sentence), _words(second.sentence)
        overlap = len(words_a & words_b) / max(1, min(len(words_a), len(words_b)))
        return bool(shared) and overlap >= 0.5
    if a.story_id == b.story_id:
        return same_word or len(shared) >= 2
    return same_word and bool(shared)


def _after_its_report(when: str | None, other: EventMention) -> bool:
    """Whether a stated date falls after the firm publication day of an article that reports
    the other event as past: they cannot be one happening."""
    return (
        when is not None
        and other.firm_day is not None
        and other.event.modality == "happened"
        and starts_after(when, other.firm_day)
    )


def _pair_score(a: EventMention, b: EventMention) -> float:
    shared = a.participants & b.participants
    union = a.participants | b.participants
    score = len(shared) / len(union) if union else 0.0
    if a.stem == b.stem:
        score += 0.5
    if a.when and a.when == b.when:
        score += 0.5
    if a.story_id == b.story_id:
        score += 0.25
    return score


def _mentions(store: Store) -> tuple[list[EventMention], dict[str, str | None]]:
    """The stored events of articles in a story, in arrival order (publication day, undated
    last, article id, position), and the publication day of each of those articles."""
    stories: dict[str, Story] = {}
    for story in store.iter_stories():
        stories.update(dict.fromkeys(story.article_ids, story))
    published: dict[str, str | None] = {}
    firm: dict[str, str | None] = {}
    linked = sorted(stories)
    for page in id_pages(linked):  # the articles in a story, not the whole corpus
        for article in store.get_articles(page, text=False):
            published[article.id] = article.published
            firm[article.id] = article.published if article.firmly_dated else None
    events = store.events_in(linked)

    def arrival(event: Event) -> tuple[int, str, str, int, int]:
        day = published.get(event.article_id)
        return (day is None, day or "", event.article_id, event.trigger_start, event.trigger_end)

    mentions = [
        EventMention(
            event=event,
            rank=rank,
            story_id=stories[event.article_id].id,
            thread_id=stories[event.article_id].thread_id,
            firm_day=firm.get(event.article_id),
        )
        for rank, event in enumerate(sorted(events, key=arrival))
    ]
    return mentions, published


def _sharing_pairs(mentions: Sequence[EventMention], by_category: bool) -> set[tuple[int, int]]:
    """Pairs (earlier, later) of one thread (or story) sharing a participant.

    Blocking on (scope, participant[, category]) keeps the work proportional to the pairs
    that can match at all rather than to the square of the events in a thread.
    """
    blocks: dict[tuple[str, str, str], list[int]] = {}
    for index, mention in enumerate(mentions):
        scope = mention.thread_id or mention.story_id
        category = mention.event.category if by_category else ""
        for entity_id in mention.participants:
            blocks.setdefault((scope, category, entity_id), []).append(index)
    return {pair for members in blocks.values() for pair in combinations(members, 2)}


def corpus_blocks(event: Event) -> list[str]:
    """The event's blocking keys across stories (category, trigger stem, participant): two
    events of different stories can corefer only when they share one."""
    stem = trigger_stem(event.trigger)
    return [f"{event.category}\t{stem}\t{entity}" for entity in sorted(_participants(event))]


def _matching_pairs(
    mentions: Sequence[EventMention], corpus_sizes: Mapping[str, int] | None = None
) -> set[tuple[int, int]]:
    """Pairs (earlier, later) that may corefer: one story and the same word or a shared
    participant, or any two stories and the same word and a shared participant.

    Blocking keeps the work proportional to the pairs that can match at all rather than to
    the square of the events of a story or of the corpus. ``corpus_sizes`` gives the size of
    a cross-story block over the whole corpus when ``mentions`` are only part of it.
    """
    blocks: dict[tuple[str, ...], list[int]] = {}
    for index, mention in enumerate(mentions):
        event = mention.event
        blocks.setdefault(("story", mention.story_id, event.category, mention.stem), []).append(
            index
        )
        for entity_id in mention.participants:
            blocks.setdefault(
                ("story", mention.story_id, event.category, "@" + entity_id), []
            ).append(index)
        for block in corpus_blocks(event):
            blocks.setdefault(("corpus", block), []).append(index)
    pairs: set[tuple[int, int]] = set()
    for key, members in blocks.items():
        size = len(members)
        if corpus_sizes is not None and key[0] == "corpus":
            size = max(size, corpus_sizes.get(key[1], 0))
        if size <= MAX_BLOCK:
            pairs.update(combinations(members, 2))
    return pairs


def _candidate_pairs(
    mentions: Sequence[EventMention], pairs: Iterable[tuple[int, int]]
) -> list[tuple[float, int, int]]:
    """Compatible pairs, best first."""
    scored = [
        (_pair_score(mentions[i], mentions[j]), i, j)
        for i, j in pairs
        if _compatible(mentions[i], mentions[j])
    ]
    scored.sort(key=lambda pair: (-pair[0], pair[1], pair[2]))
    return scored


def _group(
    mentions: Sequence[EventMention],
    pairs: Iterable[tuple[int, int]] | None = None,
    start: Sequence[Sequence[int]] = (),
) -> list[list[int]]:
    """Greedy merging of compatible pairs, best first; two clusters merge only when no pair
    across them is in conflict, so a chain of loose matches cannot glue different events.

    ``start`` are groups already made (stored clusters); ``pairs`` the pairs to consider
    (all matching pairs when None)."""
    group_of = list(range(len(mentions)))
    members: dict[int, list[int]] = {index: [index] for index in range(len(mentions))}
    for group in start:
        head = group[0]
        for index in group[1:]:
            group_of[index] = head
            members[head].append(index)
            del members[index]
    considered = _matching_pairs(mentions) if pairs is None else pairs
    for _, i, j in _candidate_pairs(mentions, considered):
        left, right = group_of[i], group_of[j]
        if left == right:
            continue
        if any(_conflict(mentions[p], mentions[q]) for p in members[left] for q in members[right]):
            continue
        for index in members[right]:
            group_of[index] = left
        members[left] += members.pop(right)
    return [sorted(group) for group in members.values()]


def _cluster(mentions: Sequence[EventMention], indices: Sequence[int]) -> EventCluster:
    events = [mentions[index].event for index in indices]
    stated = sorted(
        (when for when in map(_anchored_when, events) if when), key=lambda w: (-len(w), w)
    )
    return EventCluster(
        id=cluster_id_for(events[0].id),
        category=events[0].category,
        trigger=events[0].trigger,
        when=stated[0] if stated else events[0].when,
        event_ids=tuple(event.id for event in events),
        article_ids=tuple(dict.fromkeys(event.article_id for event in events)),
        story_ids=tuple(dict.fromkeys(mentions[index].story_id for index in indices)),
        participant_ids=tuple(
            sorted({entity for event in events for entity in _participants(event)})
        ),
    )


def _links(mentions: Sequence[EventMention], cluster_of: Mapping[int, str]) -> list[EventLink]:
    """Links between clusters of different stories in one thread (see the module docstring)."""
    found: dict[tuple[str, str], EventLink] = {}
    for i, j in sorted(_sharing_pairs(mentions, by_category=False)):  # i arrived before j
        earlier, later = mentions[i], mentions[j]
        if earlier.thread_id is None or earlier.story_id == later.story_id:
            continue
        pair = (cluster_of[i], cluster_of[j])
        if pair[0] == pair[1] or pair in found:
            continue
        reason = _link_reason(earlier, later)
        if reason is not None:
            found[pair] = EventLink(pair[0], pair[1], reason, later.event.sentence)
    return list(found.values())


def _link_reason(earlier: EventMention, later: EventMention) -> str | None:
    when_earlier, when_later = earlier.when, later.when
    if when_earlier and when_later and dates_agree(when_earlier, when_later):
        return f"same participants, agreeing dates ({when_earlier} / {when_later})"
    stem = earlier.stem
    if stem == later.stem:
        return None  # a second invitation names "invited" as its own trigger, not the first one
    if len(stem) >= 4 and _names_word_starting(later.event.sentence, stem):
        return f"the later sentence names the earlier event ({earlier.event.trigger!r})"
    return None


@dataclass(frozen=True, slots=True)
class EventClustering:
    """All clusters (singletons included) and the links between clusters."""

    clusters: list[EventCluster]
    links: list[EventLink]


def cluster_events(mentions: Sequence[EventMention]) -> EventClustering:
    """Group event mentions (in arrival order) into clusters and link related clusters."""
    groups = _group(mentions)
    groups.sort(key=lambda group: group[0])
    clusters = [_cluster(mentions, group) for group in groups]
    cluster_of = {index: c.id for group, c in zip(groups, clusters, strict=True) for index in group}
    return EventClustering(clusters, _links(mentions, cluster_of))


def arrival_key(event: Event, published: str | None) -> str:
    """Where an event stands in arrival order (publication day, undated last, article id,
    position), as a JSON text that :func:`arrival_order` reads back."""
    return json.dumps(
        [
            published is None,
            published or "",
            event.article_id,
            event.trigger_start,
            event.trigger_end,
        ]
    )


def arrival_order(key: str) -> tuple[bool, str, str, int, int]:
    undated, day, article_id, start, end = json.loads(key)
    return bool(undated), str(day), str(article_id), int(start), int(end)


def cluster_row(cluster: EventCluster, arrivals: Mapping[str, str]) -> dict[str, object]:
    """A cluster as :meth:`dateline.store.interface.Store.save_event_clusters` takes it."""
    return {
        **cluster.to_json(),
        "arrival": arrivals[cluster.event_ids[0]],
        "arrivals": [arrivals[event_id] for event_id in cluster.event_ids],
    }


def load_event_links(store: Store) -> list[EventLink]:
    """The links stored by the last :func:`dateline.link.event_linking.link_events` run (empty
    when none)."""
    return [EventLink(**link) for link in store.stored_event_links()]


def load_event_clusters(store: Store) -> list[EventCluster]:
    """The stored clusters, in arrival order of their earliest mentions (empty when none)."""
    clusters: list[tuple[tuple[bool, str, str, int, int], EventCluster]] = []
    for row in store.stored_event_clusters():
        members = sorted(
            zip(row["event_ids"], row["arrivals"], strict=True),
            key=lambda member: arrival_order(member[1]),
        )
        cluster = EventCluster(
            id=row["id"],
            category=row["category"],
            trigger=row["trigger"],
            when=row["when"],
            event_ids=tuple(event_id for event_id, _ in members),
            article_ids=tuple(row["article_ids"]),
            story_ids=tuple(row["story_ids"]),
            participant_ids=tuple(row["participant_ids"]),
        )
        clusters.append((arrival_order(row["arrival"]), cluster))
    clusters.sort(key=lambda item: item[0])
    return [cluster for _, cluster in clusters]


def events_by_cluster(clusters: Iterable[EventCluster]) -> Mapping[str, str]:
    """Event id -> its cluster id."""
    return {event_id: cluster.id for cluster in clusters for event_id in cluster.event_ids}
