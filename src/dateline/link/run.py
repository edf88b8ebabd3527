"""One link of a corpus (entities, stories and threads, shared events), in bounded batches.

A link places what is new against what is stored, so a corpus that arrives all at once (a
first link of a large archive, or a long backlog) is linked as a run of batches of at most
:data:`LINK_BATCH` articles, oldest first, as a news feed would have delivered them. Each
batch is committed before the next is read: memory stays bounded by the batch rather than
the corpus, and a crash loses at most the batch in progress.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from dateline.collector import fewer_collections
from dateline.store.interface import Store
from dateline.store.paging import id_pages

LINK_BATCH = 5_000


def link_corpus(store: Store, *, full: bool = False, batch_size: int = LINK_BATCH) -> None:
    """Link what is new (everything afresh when ``full``, in one pass over the corpus)."""
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, not {batch_size}")
    with fewer_collections():
        if not full:
            for batch in oldest_first_batches(store, batch_size):
                link_stages(store, only=batch)
        link_stages(store, full=full)


def link_stages(store: Store, *, full: bool = False, only: Sequence[str] | None = None) -> None:
    """The three link stages, each over what is new among ``only`` (every article if None)."""
    from dateline.link.entity_state import link_entities_in
    from dateline.link.event_linking import link_events
    from dateline.link.stories import link_stories

    link_entities_in(store, full=full, only=only)
    link_stories(store, full=full, only=only)
    link_events(store, full=full)


def oldest_first_batches(store: Store, size: int) -> Iterator[list[str]]:
    """The ``size`` oldest articles in no story yet, again after each is linked, for as long
    as more than ``size`` wait (the last of them are left to one ordinary link). Undated
    articles come first, in the order they were stored."""
    published: dict[str, str] = {}
    waiting = store.unlinked_article_ids()
    while len(waiting) > size:
        unknown = [article_id for article_id in waiting if article_id not in published]
        for page in id_pages(unknown):
            for article in store.get_articles(page, text=False):
                published[article.id] = article.published or ""
        order = {article_id: position for position, article_id in enumerate(waiting)}
        batch = sorted(waiting, key=lambda a: (published.get(a, ""), order[a]))[:size]
        yield batch
        waiting = store.unlinked_article_ids()
        if set(batch) & set(waiting):
            return  # the batch was not placed: link the rest in one pass rather than loop
