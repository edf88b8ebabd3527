"""Linking the events of a corpus across articles: a batch at a time
(:mod:`dateline.link.event_batches`) or, asked for or after a correction, every event afresh
(:func:`dateline.link.events.cluster_events`)."""

from __future__ import annotations

from dateline.link.event_batches import link_event_batch
from dateline.link.events import (
    CORRECTIONS_SEEN_KEY,
    EventCluster,
    _mentions,
    arrival_key,
    cluster_events,
    cluster_row,
    corpus_blocks,
)
from dateline.store.interface import Store


def link_events(store: Store, *, full: bool = False) -> list[EventCluster]:
    """Cluster the events of articles with a story; store and return the clusters written.

    Only the events new or changed since the last run are linked, against the stored events
    they could join (:mod:`dateline.link.event_batches`), unless ``full`` asks to cluster
    every event afresh; a correction made since the last run also makes it a full one (it
    may move any participant). Run after :func:`dateline.link.stories.link_stories` (it
    reads the stories and threads). Events of articles without a story are left out.
    """
    corrections = str(len(store.list_corrections()))
    if not full and store.get_meta(CORRECTIONS_SEEN_KEY) == corrections:
        return link_event_batch(store)
    store.event_link_changes()  # what changed before this pass: seen once it is saved
    mentions, published = _mentions(store)
    clustering = cluster_events(mentions)
    arrivals = {
        m.event.id: arrival_key(m.event, published.get(m.event.article_id)) for m in mentions
    }
    store.save_event_clusters(
        [cluster_row(cluster, arrivals) for cluster in clustering.clusters],
        [link.to_json() for link in clustering.links],
        blocks={m.event.id: corpus_blocks(m.event) for m in mentions},
        replace_all=True,
    )
    store.set_meta(CORRECTIONS_SEEN_KEY, corrections)
    return clustering.clusters
