"""The watch loop: poll what is due, ingest what is new, then annotate and link.

Order of writes, which is what makes a restart safe:

1. the "link pending" mark is set before a batch is ingested;
2. the batch is ingested (``Corpus.ingest`` commits it);
3. the source's state (seen items, ETag, next poll) is committed;
4. after the cycle, new articles are annotated and the corpus linked; the mark is cleared.

A kill between 2 and 3 re-reads the batch on restart, and ingest finds every article already
stored (ids come from content): nothing is added twice. A kill during 4 leaves the mark set, so
the next cycle annotates and links even when nothing new arrives.
"""

from __future__ import annotations

import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from dateline.api import Corpus
from dateline.ingest.options import IngestOptions
from dateline.records import IngestReport, SkippedInput
from dateline.store.interface import StoreError
from dateline.watch.feeds import FeedItem, NotAFeed, read_items, with_page_text, write_spool
from dateline.watch.fetch import FetchResult, fetch
from dateline.watch.folders import files_to_ingest, scan_folder
from dateline.watch.sources import FeedSource, FolderSource, Source
from dateline.watch.state import SourceState, next_poll_after_failure

#: meta key: set while articles a watch ingested still wait for annotation and linking
LINK_PENDING_KEY = "watch_link_pending"

Notify = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class WatchOptions:
    """How often and how politely to poll, and what to do with what arrives."""

    interval: float = 900.0
    max_backoff: float = 6 * 3600.0
    timeout: float = 20.0
    max_bytes: int = 10 * 1024 * 1024
    fetch_pages: bool = False
    annotate: bool = True
    settle: float = 2.0
    fetchers: int = 4
    ingest: IngestOptions = field(default_factory=IngestOptions)

    def __post_init__(self) -> None:
        if self.interval < 0 or self.max_backoff < 0 or self.settle < 0:
            raise ValueError("interval, max_backoff and settle must not be negative")
        if self.timeout <= 0 or self.max_bytes <= 0 or self.fetchers < 1:
            raise ValueError("timeout, max_bytes and fetchers must be positive")


@dataclass(slots=True)
class _FeedPoll:
    """What a fetcher thread found for one feed: the response and the items not seen yet."""

    result: FetchResult
    items: list[FeedItem] = field(default_factory=list)
    new: list[FeedItem] = field(default_factory=list)
    skipped: list[SkippedInput] = field(default_factory=list)
    error: str | None = None


@dataclass(slots=True)
class CycleReport:
    """What one cycle did."""

    polled: int = 0
    not_due: int = 0
    new: int = 0
    failed: int = 0
    skipped: list[SkippedInput] = field(default_factory=list)
    annotated: int = 0
    linked: bool = False
    stopped: bool = False


class _Stopped(Exception):
    pass


class Watcher:
    """Follows ``sources`` into ``corpus``; each source's state is kept in the corpus's store."""

    def __init__(
        self,
        corpus: Corpus,
        sources: Sequence[Source],
        options: WatchOptions | None = None,
        *,
        notify: Notify | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.corpus = corpus
        self.sources = list(sources)
        self.options = options or WatchOptions()
        self.notify = notify or (lambda _line: None)
        self.clock = clock
        self.stop = threading.Event()
        self._hosts: dict[str, threading.Lock] = {}
        self._hosts_guard = threading.Lock()

    def _one_at_a_time(self, url: str) -> threading.Lock:
        """The lock of ``url``'s host: the fetcher threads send one request at a time to a
        host, however many of its feeds (or pages) are due."""
        host = urllib.parse.urlsplit(url).netloc.lower()
        with self._hosts_guard:
            return self._hosts.setdefault(host, threading.Lock())

    # -- state -------------------------------------------------------------------------
    def states(self) -> dict[str, SourceState]:
        """The saved state of every source this store has watched."""
        return {
            key: SourceState.from_json(text)
            for key, text in self.corpus.store.get_watch_states().items()
        }

    def _save(self, source: Source, state: SourceState) -> None:
        self.corpus.store.put_watch_state(source.key, state.to_json())

    def next_due(self) -> float:
        """When the earliest of the sources is due (now, for one never polled)."""
        states = self.states()
        return min(
            (states[s.key].next_poll if s.key in states else 0.0 for s in self.sources),
            default=self.clock() + self.options.interval,
        )

    # -- one cycle ---------------------------------------------------------------------
    def run_cycle(self, *, force: bool = False) -> CycleReport:
        """Poll every due source (every source with ``force``), ingest what is new, then
        annotate and link if anything was added now or left pending by an earlier run."""
        report = CycleReport()
        now = self.clock()
        states = self.states()
        due = [
            s for s in self.sources if force or states.get(s.key, SourceState()).next_poll <= now
        ]
        report.not_due = len(self.sources) - len(due)
        feeds = [s for s in due if isinstance(s, FeedSource)]
        folders = [s for s in due if isinstance(s, FolderSource)]
        try:
            for folder in folders:
                state = states.get(folder.key) or SourceState()
                self._guarded(
                    folder, state, report, partial(self._poll_folder, folder, state, report)
                )
            for feed, poll in self._fetch_all(feeds, states):
                state = states.get(feed.key) or SourceState()
                self._guarded(
                    feed, state, report, partial(self._store_feed, feed, state, poll, report)
                )
            self._annotate_and_link(report)
        except _Stopped:
            report.stopped = True
        return report

    def _guarded(
        self, source: Source, state: SourceState, report: CycleReport, poll: Callable[[], None]
    ) -> None:
        """Run one source's poll; an unexpected error is that source's failure, not the
        watch's (a storage error still stops the watch: nothing else could be stored)."""
        try:
            poll()
        except (_Stopped, StoreError):
            raise
        except Exception as exc:
            state.last_status = "error"
            self._fail(source, state, f"{type(exc).__name__}: {exc}", None, report)

    def _check_stop(self) -> None:
        if self.stop.is_set():
            raise _Stopped

    def _fetch_all(
        self, feeds: list[FeedSource], states: dict[str, SourceState]
    ) -> Iterator[tuple[FeedSource, _FeedPoll]]:
        """Each feed's poll as soon as it is done: a slow feed holds up no other."""
        if not feeds:
            return
        pool = ThreadPoolExecutor(min(self.options.fetchers, len(feeds)), "dateline-watch")
        try:
            futures: dict[Future[_FeedPoll], FeedSource] = {
                pool.submit(self._fetch_feed, feed, states.get(feed.key) or SourceState()): feed
                for feed in feeds
            }
            for future in as_completed(futures):
                self._check_stop()
                yield futures[future], future.result()
        finally:
            pool.shutdown(wait=False, cancel_futures=True)

    def _fetch_feed(self, feed: FeedSource, state: SourceState) -> _FeedPoll:
        """Fetch, parse and (with ``fetch_pages``) fetch the new items' pages; never raises."""
        options = self.options
        with self._one_at_a_time(feed.url):
            result = fetch(
                feed.url,
                etag=state.etag,
                last_modified=state.last_modified,
                timeout=options.timeout,
                max_bytes=options.max_bytes,
            )
        poll = _FeedPoll(result)
        if result.error or result.body is None:
            poll.error = result.error
            return poll
        try:
            poll.items, poll.skipped = read_items(result.body, feed.url, options.ingest)
        except NotAFeed as exc:
            poll.error = f"not an RSS/Atom feed: {exc}"
            return poll
        except Exception as exc:  # a reader bug must not stop the other feeds
            poll.error = f"cannot read the feed: {type(exc).__name__}: {exc}"
            return poll
        seen = set(state.seen)
        unique = {item.key: item for item in reversed(poll.items)}  # the first of repeats
        poll.new = [item for key, item in reversed(unique.items()) if key not in seen]
        if options.fetch_pages:
            with_pages: list[FeedItem] = []
            for item in poll.new:
                # a half-done list must never be stored (its items would count as seen)
                self._check_stop()
                with self._one_at_a_time(item.document.url or ""):
                    fetched, warning = with_page_text(
                        item, timeout=options.timeout, max_bytes=options.max_bytes
                    )
                with_pages.append(fetched)
                if warning is not None:
                    poll.skipped.append(warning)
            poll.new = with_pages
        return poll

    def _store_feed(
        self, feed: FeedSource, state: SourceState, poll: _FeedPoll, report: CycleReport
    ) -> None:
        options = self.options
        now = self.clock()
        state.last_poll = now
        state.last_status = str(poll.result.status) if poll.result.status else "error"
        state.last_new = 0
        report.polled += 1
        if poll.error is not None:
            self._fail(feed, state, poll.error, poll.result.retry_after, report)
            return
        if not poll.result.not_modified:
            if poll.new:
                ingested = self._ingest_items(feed, poll.new)
                state.last_new = len(ingested.added)
                report.skipped.extend(ingested.skipped)
            state.remember([item.key for item in poll.items])
            state.etag = poll.result.etag
            state.last_modified = poll.result.last_modified
        report.skipped.extend(poll.skipped)
        state.failures = 0
        state.last_error = None
        state.total_new += state.last_new
        # a server asking for a longer cache lifetime gets it (up to the back-off cap)
        state.interval = max(options.interval, min(poll.result.max_age or 0.0, options.max_backoff))
        state.next_poll = now + state.interval
        report.new += state.last_new
        self._save(feed, state)
        self.notify(f"{feed.url}: {state.last_status}, {state.last_new} new")

    def _fail(
        self,
        source: Source,
        state: SourceState,
        error: str,
        retry_after: float | None,
        report: CycleReport,
    ) -> None:
        """Record a failed poll and put the source off (exponential back-off)."""
        now = self.clock()
        state.failures += 1
        state.last_error = error
        state.last_new = 0
        state.next_poll = next_poll_after_failure(
            now, self.options.interval, state.failures, self.options.max_backoff, retry_after
        )
        report.failed += 1
        self._save(source, state)
        self.notify(f"{source.key}: failed ({error}); next try in {state.next_poll - now:.0f}s")

    def _ingest_items(self, feed: FeedSource, items: list[FeedItem]) -> IngestReport:
        self.corpus.store.set_meta(LINK_PENDING_KEY, "1")
        with tempfile.TemporaryDirectory(prefix="dateline-watch-") as folder:
            spool = Path(folder) / "items.jsonl"
            write_spool(items, spool, feed.title)
            self.notify(f"{feed.url}: ingesting {len(items)} items")
            return self.corpus.ingest([spool], self.options.ingest)

    def _poll_folder(self, folder: FolderSource, state: SourceState, report: CycleReport) -> None:
        now = self.clock()
        state.last_poll = now
        state.last_new = 0
        report.polled += 1
        if not folder.path.is_dir():
            state.last_status = "error"
            self._fail(folder, state, "folder not found", None, report)
            return
        current = scan_folder(folder.path, self.options.ingest.include_hidden)
        ready = files_to_ingest(current, state.files, now, self.options.settle)
        if ready:
            self.corpus.store.set_meta(LINK_PENDING_KEY, "1")
            self.notify(f"{folder.path}: ingesting {len(ready)} files")
            ingested = self.corpus.ingest(
                [folder.path / name for name in ready], self.options.ingest
            )
            state.last_new = len(ingested.added)
            report.skipped.extend(ingested.skipped)
        done = {name: [size, mtime_ns] for name, (size, mtime_ns, _) in current.items()}
        state.files = {
            name: signature
            for name, signature in done.items()
            if name in ready or state.files.get(name) == signature
        }
        state.last_status = "ok"
        state.failures = 0
        state.last_error = None
        state.total_new += state.last_new
        state.next_poll = now + self.options.interval
        report.new += state.last_new
        self._save(folder, state)
        self.notify(f"{folder.path}: {state.last_new} new")

    def _annotate_and_link(self, report: CycleReport) -> None:
        store = self.corpus.store
        if not self.options.annotate or store.get_meta(LINK_PENDING_KEY) != "1":
            return
        self._check_stop()

        def progress(count: int, _title: str) -> None:
            report.annotated += count
            self.notify(f"annotated {report.annotated}")
            self._check_stop()  # between committed chunks: stopping here loses nothing

        self.notify("annotating new articles")
        self.corpus.annotate(progress)
        self._check_stop()
        self.notify("linking the corpus (a full pass)")
        self.corpus.link()
        store.set_meta(LINK_PENDING_KEY, "0")
        report.linked = True

    # -- the loop ----------------------------------------------------------------------
    def run(
        self, *, once: bool = False, on_cycle: Callable[[CycleReport], None] | None = None
    ) -> None:
        """Cycle until :attr:`stop` is set (by a signal handler), or once with ``once``."""
        while not self.stop.is_set():
            report = self.run_cycle()
            if on_cycle is not None:
                on_cycle(report)
            if once or report.stopped:
                return
            wait = self.next_due() - self.clock()
            self.stop.wait(min(max(wait, 1.0), 60.0))
