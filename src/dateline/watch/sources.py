"""What a watch follows: feeds (by URL, or listed in an OPML file) and folders."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class FeedSource:
    """An RSS or Atom feed at an http(s) URL."""

    url: str
    title: str | None = None

    @property
    def key(self) -> str:
        return self.url


@dataclass(frozen=True, slots=True)
class FolderSource:
    """A folder whose new (or changed) files are ingested."""

    path: Path

    @property
    def key(self) -> str:
        return str(self.path)


Source = FeedSource | FolderSource


class SourceError(ValueError):
    """A source given on the command line that cannot be watched."""


def read_opml(path: Path) -> list[FeedSource]:
    """The feeds an OPML file lists (every outline with an ``xmlUrl``, nested or not)."""
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as exc:
        raise SourceError(f"cannot read OPML file {path}: {exc}") from exc
    feeds: list[FeedSource] = []
    for outline in root.iter("outline"):
        url = (outline.get("xmlUrl") or "").strip()
        if url:
            feeds.append(FeedSource(url, outline.get("title") or outline.get("text")))
    if not feeds:
        raise SourceError(f"OPML file {path} lists no feed (no outline with an xmlUrl)")
    return feeds


def parse_source(text: str) -> list[Source]:
    """A command-line source: an http(s) URL, an ``.opml`` file, or a folder."""
    if text.lower().startswith(("http://", "https://")):
        return [FeedSource(text)]
    path = Path(text).expanduser()
    if path.is_dir():
        return [FolderSource(path.resolve())]
    if path.is_file() and path.suffix.lower() in {".opml", ".xml"}:
        return list(read_opml(path))
    if not path.exists():
        raise SourceError(f"{text}: not an http(s) URL, and no such file or folder")
    raise SourceError(f"{text}: not an http(s) URL, an OPML file or a folder")


def parse_sources(texts: list[str]) -> list[Source]:
    """Every source the arguments name, each once, in order."""
    found: dict[str, Source] = {}
    for text in texts:
        for source in parse_source(text):
            found.setdefault(source.key, source)
    return list(found.values())
