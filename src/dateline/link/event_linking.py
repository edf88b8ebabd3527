"""Linking the events of a corpus across articles: a batch at a time
(:mod:`dateline.link.event_batches`) or, asked for or after a correction, every event afresh
(:func:`dateline.link.events.cluster_events`)."""

from __future__ import annotations

from dateline.link.event_batches import link_changed_events, link_event_batch
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
from dateline.store.paging import id_pages

#: the most articles whose events the first event link of a corpus clusters in one pass: a
#: corpus with more in stories (its events never linked, as after a backlog link stopped
#: before its first events stage ended) is taken this many articles at a time, oldest first
FIRST_PASS_BATCH = 5_000


def link_events(
    store: Store, *, full: bool = False, batch_size: int = FIRST_PASS_BATCH
) -> list[EventCluster]:
    """Cluster the events of articles with a story; store and return the clusters written.

    Only the events new or changed since the last run are linked, against the stored events
    they could join (:mod:`dateline.link.event_batches`), unless ``full`` asks to cluster
    every event afresh; a correction made since the last run also makes it a full one (it
    may move any participant). The first event link of a corpus with more than
    ``batch_size`` articles in stories links them that many at a time, oldest first, each
    batch against the clusters of those before it (:func:`first_link_in_batches`), so its
    memory follows the batch rather than the corpus. Run after
    :func:`dateline.link.stories.link_stories` (it reads the stories and threads). Events of
    articles without a story are left out.
    """
    corrections = str(len(store.list_corrections()))
    seen = store.get_meta(CORRECTIONS_SEEN_KEY)
    if not full and seen == corrections:
        return link_event_batch(store)
    if not full and seen is None:
        linked = articles_in_arrival_order(store)
        if len(linked) > batch_size:
            return first_link_in_batches(store, linked, batch_size, corrections)
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


def articles_in_arrival_order(store: Store) -> list[str]:
    """The articles in a story, in the order their events arrive (publication day, undated
    last, then article id), as the full pass ranks them."""
    linked = sorted({a for story in store.iter_stories() for a in story.article_ids})
    published: dict[str, str | None] = {}
    for page in id_pages(linked):
        for article in store.get_articles(page, text=False):
            published[article.id] = article.published
    return sorted(linked, key=lambda a: (published.get(a) is None, published.get(a) or "", a))


def first_link_in_batches(
    store: Store, linked: list[str], batch_size: int, corrections: str
) -> list[EventCluster]:
    """The first event link of the articles ``linked`` (in arrival order), ``batch_size``
    at a time: the stored clusters are emptied, then each batch's events are linked
    against the clusters of the batches before it, as later links link theirs, and
    committed; the changes marked meanwhile are read last. The clusters written."""
    store.save_event_clusters([], [], replace_all=True)
    written: dict[str, EventCluster] = {}
    for start in range(0, len(linked), batch_size):
        batch = linked[start : start + batch_size]
        events = [event.id for event in store.events_in(batch)]
        for cluster in link_changed_events(store, events):
            written[cluster.id] = cluster
    for cluster in link_event_batch(store):
        written[cluster.id] = cluster
    store.set_meta(CORRECTIONS_SEEN_KEY, corrections)
    return list(written.values())
