from __future__ import annotations

import json
from pathlib import Path

import pytest

from dateline.ingest.options import IngestOptions
from dateline.watch.feeds import NotAFeed, read_items, write_spool
from tests.watch.feedserver import item_text

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Loopback</title>
<entry><title>First &amp; foremost</title><link href="http://127.0.0.1:1/a"/>
  <id>urn:a</id><updated>2024-03-05T09:30:00Z</updated>
  <author><name>R. Writer</name></author>
  <content type="html">&lt;p&gt;{item_text(1)}&lt;/p&gt;</content></entry>
<entry><title>No text</title><link href="http://127.0.0.1:1/b"/><id>urn:b</id></entry>
<entry><title>Second</title><link href="http://127.0.0.1:1/c"/><id>urn:c</id>
  <summary>{item_text(2)}</summary></entry>
</feed>""".encode()


def test_atom_items_keep_their_metadata_and_an_empty_one_is_skipped() -> None:
    items, skipped = read_items(ATOM, "http://127.0.0.1:1/feed", IngestOptions())
    assert [item.document.title for item in items] == ["First & foremost", "Second"]
    first = items[0].document
    assert (first.url, first.author, first.source) == (
        "http://127.0.0.1:1/a",
        "R. Writer",
        "Atom Loopback",
    )
    assert first.published == "2024-03-05T09:30:00+00:00"
    assert first.text.startswith("Item 1 reports") and first.path is None
    assert [(s.location, s.code) for s in skipped] == [("http://127.0.0.1:1/feed#2", "E114")]
    assert len({item.key for item in items}) == 2


def test_an_edited_item_has_a_new_key_and_a_repeat_the_same() -> None:
    (first, *_), _ = read_items(ATOM, "u", IngestOptions())
    (again, *_), _ = read_items(ATOM, "u", IngestOptions())
    (edited, *_), _ = read_items(ATOM.replace(b"foremost", b"last"), "u", IngestOptions())
    assert first.key == again.key != edited.key


def test_a_page_that_is_not_a_feed_is_refused_whole() -> None:
    with pytest.raises(NotAFeed):
        read_items(b"<html><body>hello</body></html>", "u", IngestOptions())


def test_the_spool_holds_what_ingest_reads(tmp_path: Path) -> None:
    items, _ = read_items(ATOM, "u", IngestOptions())
    write_spool(items, tmp_path / "s.jsonl", "Fallback Outlet")
    records = [json.loads(line) for line in (tmp_path / "s.jsonl").read_text().splitlines()]
    assert records[0]["published"] == "2024-03-05T09:30:00+00:00"
    assert records[1]["source"] == "Atom Loopback"
