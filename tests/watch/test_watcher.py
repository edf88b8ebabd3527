from __future__ import annotations

import os
from pathlib import Path

import pytest

from dateline.api import Corpus, open_corpus
from dateline.records import IngestReport
from dateline.store.sql import SQLStore
from dateline.watch.sources import FeedSource, FolderSource, Source
from dateline.watch.watcher import LINK_PENDING_KEY, Watcher, WatchOptions
from tests.store.conftest import postgres_admin_url, store  # noqa: F401 (fixtures)
from tests.watch.feedserver import FeedServer, Route, item_text, item_url, rss


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def _watcher(corpus: Corpus, sources: list[Source], clock: Clock, **options: object) -> Watcher:
    settings = WatchOptions(interval=60.0, max_backoff=600.0, timeout=1.0, annotate=False)
    for name, value in options.items():
        object.__setattr__(settings, name, value)
    return Watcher(corpus, sources, settings, clock=clock)


def _urls(corpus: Corpus) -> list[str | None]:
    return sorted(article.url for article in corpus.articles())


def test_new_items_are_ingested_once_with_their_metadata(
    server: FeedServer, tmp_path: Path
) -> None:
    server.routes["/news.rss"] = Route(rss(server.base, [1, 2, 3]))
    feed = FeedSource(server.url("/news.rss"))
    clock = Clock()
    with open_corpus(tmp_path / "c.db") as corpus:
        watcher = _watcher(corpus, [feed], clock)
        first = watcher.run_cycle()
        assert (first.polled, first.new, first.failed) == (1, 3, 0)
        article = next(a for a in corpus.articles() if a.url == item_url(server.base, 2))
        assert article.title == "Story 2"
        assert article.source == "Loopback News"
        assert article.published is not None and article.published.startswith("2023-11-16")
        assert article.published_basis == "metadata"
        assert "Item 2 reports" in article.text
        state = watcher.states()[feed.key]
        assert (state.last_status, state.last_new, state.total_new) == ("200", 3, 3)
        assert state.next_poll == clock.now + 60.0 and state.etag

        # not due yet: nothing is fetched
        assert watcher.run_cycle().polled == 0
        clock.now += 61
        again = watcher.run_cycle()
        assert (again.polled, again.new) == (1, 0)
        assert server.hits("/news.rss")[-1]["If-None-Match"] == state.etag
        assert watcher.states()[feed.key].last_status == "304"

        # the feed changes: one item goes, two arrive; only those two are new
        server.routes["/news.rss"] = Route(rss(server.base, [2, 3, 4, 5]))
        clock.now += 61
        changed = watcher.run_cycle()
        assert changed.new == 2
        assert _urls(corpus) == sorted(item_url(server.base, n) for n in (1, 2, 3, 4, 5))


def test_a_failing_feed_backs_off_and_stops_no_other(server: FeedServer, tmp_path: Path) -> None:
    server.routes["/good.rss"] = Route(rss(server.base, [1, 2]))
    server.routes["/broken.rss"] = Route(status=500)
    server.routes["/busy.rss"] = Route(status=503, retry_after="300")
    server.routes["/slow.rss"] = Route(rss(server.base, [7]), delay=3.0)
    server.routes["/moved.rss"] = Route(status=302, location="/other.rss")
    server.routes["/other.rss"] = Route(rss(server.base, [8]))
    server.routes["/page.html"] = Route(
        b"<html><body>not a feed</body></html>", content_type="text/html"
    )
    names = [
        "/good.rss",
        "/broken.rss",
        "/busy.rss",
        "/slow.rss",
        "/missing.rss",
        "/moved.rss",
        "/page.html",
    ]
    feeds: list[Source] = [FeedSource(server.url(name)) for name in names]
    clock = Clock()
    with open_corpus(tmp_path / "c.db") as corpus:
        watcher = _watcher(corpus, feeds, clock)
        report = watcher.run_cycle()
        assert (report.polled, report.new, report.failed) == (7, 3, 5)
        states = watcher.states()
        status = {name: states[server.url(name)].last_status for name in names}
        assert status == {
            "/good.rss": "200",
            "/broken.rss": "500",
            "/busy.rss": "503",
            "/slow.rss": "error",
            "/missing.rss": "404",
            "/moved.rss": "200",
            "/page.html": "200",
        }
        assert "timed out" in (states[server.url("/slow.rss")].last_error or "")
        assert "not an RSS/Atom feed" in (states[server.url("/page.html")].last_error or "")
        broken = states[server.url("/broken.rss")]
        assert broken.failures == 1 and broken.next_poll == clock.now + 60.0
        assert states[server.url("/busy.rss")].next_poll == clock.now + 300.0  # Retry-After

        clock.now += 61
        watcher.run_cycle()
        broken = watcher.states()[server.url("/broken.rss")]
        assert broken.failures == 2 and broken.next_poll == clock.now + 120.0
        # the feed recovers: failures reset, its items come in
        server.routes["/broken.rss"] = Route(rss(server.base, [9]))
        clock.now += 121
        assert watcher.run_cycle().new == 1
        assert watcher.states()[server.url("/broken.rss")].failures == 0


def test_a_server_asking_for_a_longer_cache_lifetime_is_polled_less_often(
    server: FeedServer, tmp_path: Path
) -> None:
    server.routes["/news.rss"] = Route(rss(server.base, [1]), cache_control="public, max-age=300")
    feed = FeedSource(server.url("/news.rss"))
    clock = Clock()
    with open_corpus(tmp_path / "c.db") as corpus:
        watcher = _watcher(corpus, [feed], clock)
        watcher.run_cycle()
        state = watcher.states()[feed.key]
        assert (state.interval, state.next_poll) == (300.0, clock.now + 300.0)


def test_an_unexpected_error_in_one_feed_stops_no_other(
    server: FeedServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.routes["/a.rss"] = Route(rss(server.base, [1]))
    server.routes["/b.rss"] = Route(rss(server.base, [2]))
    feeds: list[Source] = [FeedSource(server.url("/a.rss")), FeedSource(server.url("/b.rss"))]
    with open_corpus(tmp_path / "c.db") as corpus:
        ingest = corpus.ingest

        def failing_for_a(paths: list[Path], options: object = None) -> IngestReport:
            if "Item 1 reports" in Path(paths[0]).read_text():
                raise RuntimeError("a reader bug")
            return ingest(paths, options)

        monkeypatch.setattr(corpus, "ingest", failing_for_a)
        watcher = _watcher(corpus, feeds, Clock())
        report = watcher.run_cycle()
        assert (report.polled, report.new, report.failed) == (2, 1, 1)
        state = watcher.states()[server.url("/a.rss")]
        assert state.last_error == "RuntimeError: a reader bug" and state.failures == 1
        assert state.seen == []  # its items are tried again next time


def test_one_host_gets_one_request_at_a_time(server: FeedServer, tmp_path: Path) -> None:
    for number in range(4):
        server.routes[f"/{number}.rss"] = Route(rss(server.base, [number]), delay=0.3)
    feeds: list[Source] = [FeedSource(server.url(f"/{n}.rss")) for n in range(4)]
    with open_corpus(tmp_path / "c.db") as corpus:
        assert _watcher(corpus, feeds, Clock()).run_cycle().new == 4
    assert server.most_active == 1


def test_a_restart_adds_nothing_twice(server: FeedServer, tmp_path: Path) -> None:
    server.routes["/news.rss"] = Route(rss(server.base, [1, 2, 3]))
    feed = FeedSource(server.url("/news.rss"))
    clock = Clock()
    with open_corpus(tmp_path / "c.db") as corpus:
        assert _watcher(corpus, [feed], clock).run_cycle().new == 3
    # the server forgets its validators (a new deployment): the feed comes back in full
    server.routes["/news.rss"] = Route(rss(server.base, [1, 2, 3]), last_modified="x")
    server.routes["/news.rss"].body += b" "
    clock.now += 61
    with open_corpus(tmp_path / "c.db") as corpus:
        again = _watcher(corpus, [feed], clock).run_cycle()
        assert (again.polled, again.new) == (1, 0)
        assert corpus.store.count_articles() == 3


def test_items_lost_from_the_seen_list_are_still_not_added_twice(
    server: FeedServer, tmp_path: Path
) -> None:
    # as after a kill between storing a batch and saving the feed's state
    server.routes["/news.rss"] = Route(rss(server.base, [1, 2]))
    feed = FeedSource(server.url("/news.rss"))
    with open_corpus(tmp_path / "c.db") as corpus:
        watcher = _watcher(corpus, [feed], Clock())
        watcher.run_cycle()
        corpus.store.put_watch_state(feed.key, "{}")
        report = watcher.run_cycle()
        assert (report.polled, report.new) == (1, 0)
        assert corpus.store.count_articles() == 2


def test_a_folder_watch_ingests_files_as_they_appear(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "one.txt").write_text("First\n\n" + item_text(1))
    clock = Clock()
    clock.now = os.path.getmtime(inbox / "one.txt") + 10
    folder = FolderSource(inbox)
    with open_corpus(tmp_path / "c.db") as corpus:
        watcher = _watcher(corpus, [folder], clock)
        assert watcher.run_cycle().new == 1
        clock.now += 61
        assert watcher.run_cycle().new == 0
        (inbox / "sub").mkdir()
        (inbox / "sub" / "two.md").write_text("# Second\n\n" + item_text(2))
        (inbox / ".partial").write_text(item_text(3))
        clock.now = max(clock.now + 61, os.path.getmtime(inbox / "sub" / "two.md") + 10)
        assert watcher.run_cycle().new == 1
        # a file written a moment ago waits for the next poll
        (inbox / "three.txt").write_text("Third\n\n" + item_text(4))
        os.utime(inbox / "three.txt", (clock.now - 0.5, clock.now - 0.5))
        assert watcher.run_cycle(force=True).new == 0
        clock.now += 61
        assert watcher.run_cycle().new == 1
        assert corpus.store.count_articles() == 3
        assert set(watcher.states()[folder.key].files) == {"one.txt", "sub/two.md", "three.txt"}


def test_fetch_pages_uses_the_linked_pages_text(server: FeedServer, tmp_path: Path) -> None:
    page = (
        "<html><head><title>Story 1</title></head><body><article><h1>Story 1</h1>"
        + "".join(f"<p>Page paragraph {n}. {item_text(100 + n)}</p>" for n in range(3))
        + "</article></body></html>"
    )
    server.routes["/news.rss"] = Route(rss(server.base, [1, 2]))
    server.routes["/story/1"] = Route(page.encode(), content_type="text/html")
    feed = FeedSource(server.url("/news.rss"))
    with open_corpus(tmp_path / "c.db") as corpus:
        watcher = _watcher(corpus, [feed], Clock(), fetch_pages=True)
        report = watcher.run_cycle()
        assert report.new == 2
        texts = {a.url: a for a in corpus.articles()}
        first = texts[item_url(server.base, 1)]
        assert "Page paragraph 1." in first.text
        assert first.published is not None and first.published.startswith("2023-11-15")
        # story 2's page is missing: the feed text is kept, with a warning that says so
        assert "Item 2 reports" in texts[item_url(server.base, 2)].text
        assert [w.code for w in report.skipped] == ["W301"]


def test_new_articles_are_annotated_and_linked(server: FeedServer, tmp_path: Path) -> None:
    server.routes["/news.rss"] = Route(rss(server.base, [1, 2]))
    feed = FeedSource(server.url("/news.rss"))
    with open_corpus(tmp_path / "c.db") as corpus:
        watcher = _watcher(corpus, [feed], Clock(), annotate=True)
        report = watcher.run_cycle()
        assert (report.new, report.annotated, report.linked) == (2, 2, True)
        assert corpus.store.unannotated_article_ids() == []
        assert corpus.store.get_meta(LINK_PENDING_KEY) == "0"
        # nothing new and nothing pending: no annotation, no link
        assert not watcher.run_cycle(force=True).linked
        # a run killed before linking left the mark: the next cycle links
        corpus.store.set_meta(LINK_PENDING_KEY, "1")
        assert watcher.run_cycle().linked


def test_watch_on_every_backend(server: FeedServer, store: SQLStore) -> None:  # noqa: F811
    server.routes["/news.rss"] = Route(rss(server.base, [1, 2]))
    feed = FeedSource(server.url("/news.rss"))
    clock = Clock()
    corpus = Corpus(store)
    assert _watcher(corpus, [feed], clock).run_cycle().new == 2
    corpus.store.put_watch_state(feed.key, "{}")  # as if killed before the state was saved
    clock.now += 61
    again = _watcher(corpus, [feed], clock).run_cycle()
    assert (again.polled, again.new) == (1, 0)
    assert store.count_articles() == 2
    assert len(_watcher(corpus, [feed], clock).states()[feed.key].seen) == 2


def test_a_stop_finishes_the_batch_in_hand_and_leaves_the_rest(
    server: FeedServer, tmp_path: Path
) -> None:
    server.routes["/a.rss"] = Route(rss(server.base, [1, 2]))
    server.routes["/b.rss"] = Route(rss(server.base, [3]), delay=0.5)
    feeds: list[Source] = [FeedSource(server.url("/a.rss")), FeedSource(server.url("/b.rss"))]
    with open_corpus(tmp_path / "c.db") as corpus:
        watcher = _watcher(corpus, feeds, Clock(), annotate=True)

        def stop_on_first_batch(line: str) -> None:
            if "ingesting" in line:
                watcher.stop.set()  # as the SIGINT handler does

        watcher.notify = stop_on_first_batch
        report = watcher.run_cycle()
        assert report.stopped and report.new == 2 and not report.linked
        assert set(watcher.states()) == {server.url("/a.rss")}
        assert corpus.store.get_meta(LINK_PENDING_KEY) == "1"
        rest = _watcher(corpus, feeds, Clock())
        assert rest.run_cycle().new == 1
        assert corpus.store.count_articles() == 3
