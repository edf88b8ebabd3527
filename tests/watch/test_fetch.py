from __future__ import annotations

from dateline.watch.fetch import fetch, retry_after_seconds
from tests.watch.feedserver import FeedServer, Route, rss


def test_a_feed_comes_with_its_validators_and_a_repeat_is_not_modified(
    server: FeedServer,
) -> None:
    server.routes["/news.rss"] = Route(rss(server.base, [1, 2]))
    first = fetch(server.url("/news.rss"))
    assert first.status == 200 and first.body is not None and b"Story 2" in first.body
    assert first.etag and first.last_modified
    again = fetch(server.url("/news.rss"), etag=first.etag, last_modified=first.last_modified)
    assert again.not_modified and again.body is None and again.error is None
    sent = server.hits("/news.rss")[-1]
    assert sent["If-None-Match"] == first.etag
    assert sent["If-Modified-Since"] == first.last_modified
    assert sent["User-Agent"].startswith("dateline-watch/")


def test_a_redirect_is_followed(server: FeedServer) -> None:
    server.routes["/news.rss"] = Route(rss(server.base, [1]))
    server.routes["/old.rss"] = Route(status=301, location="/news.rss")
    result = fetch(server.url("/old.rss"))
    assert result.status == 200 and result.url == server.url("/news.rss")
    server.routes["/ftp.rss"] = Route(status=302, location="ftp://127.0.0.1/feed.rss")
    refused = fetch(server.url("/ftp.rss"))
    assert refused.body is None and refused.error is not None and "not http(s)" in refused.error
    server.routes["/loop.rss"] = Route(status=302, location="/loop.rss")
    looping = fetch(server.url("/loop.rss"))
    assert looping.body is None and looping.error is not None


def test_errors_are_results_with_a_reason_never_exceptions(server: FeedServer) -> None:
    server.routes["/busy.rss"] = Route(status=503, retry_after="120")
    missing = fetch(server.url("/missing.rss"))
    assert (missing.status, missing.body, missing.error) == (404, None, "HTTP 404")
    busy = fetch(server.url("/busy.rss"))
    assert busy.status == 503 and busy.retry_after == 120.0
    refused = fetch("http://127.0.0.1:9/closed.rss", timeout=2)
    assert refused.status == 0 and refused.error
    assert fetch("file:///etc/passwd").error == "not an http(s) URL: file:///etc/passwd"


def test_a_slow_server_times_out(server: FeedServer) -> None:
    server.routes["/slow.rss"] = Route(rss(server.base, [1]), delay=3.0)
    result = fetch(server.url("/slow.rss"), timeout=0.5)
    assert result.status == 0 and result.body is None
    assert result.error is not None and "timed out" in result.error.lower()


def test_a_response_over_the_limit_is_refused(server: FeedServer) -> None:
    server.routes["/big.rss"] = Route(rss(server.base, list(range(50))))
    result = fetch(server.url("/big.rss"), max_bytes=1000)
    assert result.body is None and result.error is not None and "over the limit" in result.error


def test_retry_after_reads_seconds_and_http_dates() -> None:
    assert retry_after_seconds("30") == 30.0
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412400.0) == 80.0
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds(None) is None
