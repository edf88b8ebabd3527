"""``dateline watch``: follow RSS/Atom feeds and folders, and feed each new batch to the corpus.

Sources are polled politely (conditional requests, a per-source interval, back-off on failure,
bounded responses); what is new goes through :class:`dateline.api.Corpus` exactly as
``dateline ingest`` does. Each source's state lives in the store and is committed after its
batch is stored, so a restart neither loses nor repeats anything.
"""

from dateline.watch.sources import FeedSource, FolderSource, Source, read_opml
from dateline.watch.state import SourceState
from dateline.watch.watcher import Watcher, WatchOptions

__all__ = [
    "FeedSource",
    "FolderSource",
    "Source",
    "SourceState",
    "WatchOptions",
    "Watcher",
    "read_opml",
]
