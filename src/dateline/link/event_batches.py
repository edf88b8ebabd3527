"""Cross-article events, incrementally: a batch of new events against the stored clusters.

:func:`dateline.link.event_linking.link_events` with ``full`` clusters every event of the
corpus; this module
links only the events new or changed since the last run (``Store.event_link_changes``),
with the same rules, against the stored events they could join:

- every event of their stories (within a story a shared word or two shared participants
  may join two events);
- across stories, the events that share a blocking key with one of them (category, trigger
  stem and a participant), from the stored keys, leaving out a key held by more than
  :data:`~dateline.link.events.MAX_BLOCK` events as the full pass does;
- the whole stored cluster of each of those events, so that no merge joins two events in
  conflict (the complete-link check of the full pass).

The stored clusters met are taken apart and grouped again together with the batch, by the
full pass's own greedy merging over that neighbourhood, so a new event that outscores an
earlier pair changes the merge as it would in a full pass; a cluster that comes out as it
was stored is not written again. A batch's work follows its events, their stories and the
clusters they meet, not the corpus. Links between clusters are recomputed for the clusters
that changed, over the stories of their threads.

What can still differ from a full pass: clusters the batch does not meet are never
revisited, a cross-story block that grows past the limit keeps the pairs made while it was
small, and a change of participants by entity linking alone (no correction) is seen only
by ``--full``.
Measured on ECB+ dev fed in several orders and batch sizes: ``tests/link/test_event_batches.py``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from dateline.link.events import (
    MAX_BLOCK,
    EventCluster,
    EventLink,
    EventMention,
    _cluster,
    _group,
    _links,
    _matching_pairs,
    _participants,
    arrival_key,
    arrival_order,
    cluster_row,
    corpus_blocks,
)
from dateline.records import Article, Event, Story
from dateline.store.interface import Store


def _context(store: Store, events: Iterable[Event]) -> tuple[list[EventMention], dict[str, str]]:
    """``events`` as mentions in arrival order (those of articles without a story left out),
    and each one's arrival key."""
    events = list({event.id: event for event in events}.values())
    story_of = store.stories_of_articles(list({event.article_id for event in events}))
    stories: dict[str, Story] = {s.id: s for s in store.get_stories(list(set(story_of.values())))}
    articles: dict[str, Article] = {  # their dates only: not their texts
        a.id: a
        for a in store.get_articles(list({event.article_id for event in events}), text=False)
    }
    placed = [e for e in events if e.article_id in story_of and e.article_id in articles]
    arrivals = {e.id: arrival_key(e, articles[e.article_id].published) for e in placed}
    placed.sort(key=lambda event: arrival_order(arrivals[event.id]))
    mentions = []
    for rank, event in enumerate(placed):
        article = articles[event.article_id]
        story = stories.get(story_of[event.article_id])
        mentions.append(
            EventMention(
                event=event,
                rank=rank,
                story_id=story_of[event.article_id],
                thread_id=story.thread_id if story else None,
                firm_day=article.published if article.firmly_dated else None,
            )
        )
    return mentions, arrivals


def _articles_of_stories(store: Store, story_ids: Iterable[str]) -> list[str]:
    return [a for story in store.get_stories(sorted(set(story_ids))) for a in story.article_ids]


def _events_of_stories(store: Store, story_ids: Iterable[str]) -> list[Event]:
    return store.events_in(_articles_of_stories(store, story_ids))


def link_event_batch(store: Store) -> list[EventCluster]:
    """Link the new and changed events against the stored clusters; the clusters written."""
    changed_ids, gone_ids = store.event_link_changes()
    if not changed_ids and not gone_ids:
        store.save_event_clusters([], [])  # only marks what was looked at as seen
        return []
    return link_changed_events(store, changed_ids, gone_ids)


def link_changed_events(
    store: Store, changed_ids: Sequence[str], gone_ids: Sequence[str] = ()
) -> list[EventCluster]:
    """Link the events ``changed_ids`` (new, or to cluster again) against the stored
    clusters, and take the events ``gone_ids`` out of theirs; the clusters written."""
    unclustered = set(changed_ids) | set(gone_ids)
    new_events = store.events_by_id(changed_ids)
    new_mentions, _ = _context(store, new_events)
    # what the new events could join: their stories' events and those sharing a cross-story key
    blocks = {m.event.id: corpus_blocks(m.event) for m in new_mentions}
    block_members, sizes = store.event_block_members(
        [key for keys in blocks.values() for key in keys], MAX_BLOCK
    )
    for keys in blocks.values():
        for key in keys:
            sizes[key] = sizes.get(key, 0) + 1
    loaded = {e.id: e for e in _events_of_stories(store, {m.story_id for m in new_mentions})}
    candidate_ids = set(loaded) | {e for members in block_members.values() for e in members}
    # the stored clusters they belong to (and those that lost members), whole
    old_cluster_of = store.event_clusters_of(list(candidate_ids | unclustered))
    stored_members = store.event_cluster_members(list(set(old_cluster_of.values())))
    member_ids = {e for members in stored_members.values() for e in members}
    old_cluster_of.update({e: c for c, members in stored_members.items() for e in members})
    wanted = (candidate_ids | member_ids) - unclustered
    stored_events = [loaded[e] for e in wanted if e in loaded]
    stored_events += store.events_by_id([e for e in wanted if e not in loaded])
    mentions, arrivals = _context(store, [*new_events, *stored_events])
    index_of = {m.event.id: index for index, m in enumerate(mentions)}
    intact: set[frozenset[int]] = set()  # stored clusters as stored, none of them changed
    for members in stored_members.values():
        present = frozenset(index_of[e] for e in members if e in index_of and e not in unclustered)
        if len(present) == len(members):
            intact.add(present)
    # the stored clusters met are grouped again with the batch, as the full pass would
    groups = _group(mentions, _matching_pairs(mentions, sizes))
    changed_groups = [sorted(g) for g in groups if frozenset(g) not in intact]
    clusters = [_cluster(mentions, group) for group in changed_groups]
    kept = {old_cluster_of[mentions[g[0]].event.id] for g in groups if frozenset(g) in intact}
    removed = set(stored_members) - kept
    cluster_of = {
        m.event.id: old_cluster_of[m.event.id] for m in mentions if m.event.id in old_cluster_of
    }
    for group, cluster in zip(changed_groups, clusters, strict=True):
        cluster_of.update(dict.fromkeys((mentions[i].event.id for i in group), cluster.id))
    links = _changed_links(store, mentions, cluster_of, {c.id for c in clusters})
    store.save_event_clusters(
        [cluster_row(cluster, arrivals) for cluster in clusters],
        [link.to_json() for link in links],
        removed=removed,
        unclustered=unclustered,
        blocks=blocks,
    )
    return clusters


def _changed_links(
    store: Store,
    mentions: Sequence[EventMention],
    cluster_of: Mapping[str, str],
    changed: set[str],
) -> list[EventLink]:
    """The links of the ``changed`` clusters, found over the events of their threads (a
    link joins clusters of one thread) that share a participant with one of their events:
    a link is found between two events sharing one, so no other event can give a link of
    a changed cluster, and the events read keep their order of arrival."""
    if not changed:
        return []
    scopes = [m for m in mentions if cluster_of.get(m.event.id) in changed]
    story_ids = {m.story_id for m in scopes}
    threads = {m.thread_id for m in scopes if m.thread_id}
    known = {m.event.id for m in mentions}
    participants = sorted({p for m in scopes for p in _participants(m.event)})
    extra = store.events_by_id(
        [
            event_id
            for event_id in store.events_with_participants(participants, story_ids, threads)
            if event_id not in known
        ]
    )
    # an event not clustered yet (of a later batch of a first link in batches) has no link yet
    clustered = store.event_clusters_of([e.id for e in extra])
    extra = [e for e in extra if e.id in clustered]
    cluster_of = {**cluster_of, **clustered}
    everything, _ = _context(store, [*(m.event for m in mentions), *extra])
    by_index = {
        index: cluster_of[m.event.id]
        for index, m in enumerate(everything)
        if m.event.id in cluster_of
    }
    return [
        link
        for link in _links(everything, by_index)
        if link.earlier in changed or link.later in changed
    ]
