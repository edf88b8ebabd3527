from __future__ import annotations

from pathlib import Path

import pytest

from dateline.watch.sources import FeedSource, FolderSource, SourceError, parse_sources, read_opml

OPML = """<?xml version="1.0"?>
<opml version="2.0"><head><title>subscriptions</title></head><body>
  <outline text="World"><outline text="Loopback" title="Loopback News" type="rss"
     xmlUrl="http://127.0.0.1:1/a.rss"/></outline>
  <outline text="Other" type="rss" xmlUrl="http://127.0.0.1:1/b.rss"/>
  <outline text="a folder of outlines without feeds"/>
</body></opml>"""


def test_opml_lists_every_feed_nested_or_not(tmp_path: Path) -> None:
    path = tmp_path / "feeds.opml"
    path.write_text(OPML)
    assert read_opml(path) == [
        FeedSource("http://127.0.0.1:1/a.rss", "Loopback News"),
        FeedSource("http://127.0.0.1:1/b.rss", "Other"),
    ]


def test_sources_are_urls_opml_files_and_folders_each_once(tmp_path: Path) -> None:
    (tmp_path / "feeds.opml").write_text(OPML)
    sources = parse_sources(
        ["http://127.0.0.1:1/b.rss", str(tmp_path / "feeds.opml"), str(tmp_path)]
    )
    assert [s.key for s in sources] == [
        "http://127.0.0.1:1/b.rss",
        "http://127.0.0.1:1/a.rss",
        str(tmp_path.resolve()),
    ]
    assert isinstance(sources[-1], FolderSource)


def test_bad_sources_get_a_specific_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no such file or folder"):
        parse_sources([str(tmp_path / "nowhere")])
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(SourceError, match="not an http"):
        parse_sources([str(tmp_path / "notes.txt")])
    (tmp_path / "empty.opml").write_text("<opml><body/></opml>")
    with pytest.raises(SourceError, match="lists no feed"):
        parse_sources([str(tmp_path / "empty.opml")])
    (tmp_path / "broken.opml").write_text("<opml><body>")
    with pytest.raises(SourceError, match="cannot read OPML"):
        parse_sources([str(tmp_path / "broken.opml")])
