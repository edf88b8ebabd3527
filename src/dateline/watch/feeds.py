"""A fetched feed to the items not seen before, and those items to a file ``ingest`` reads.

The feed is parsed by the product's own reader (:func:`read_feed_file`); the new items are
written as JSON Lines (text, title, link, date, outlet, author) so that they go through
``Corpus.ingest`` exactly as any other input does. The item's date is its metadata date.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from dateline.ingest.decode import decode_text
from dateline.ingest.errors import IngestError
from dateline.ingest.formats.feed import read_feed_file
from dateline.ingest.markup import extract_page
from dateline.ingest.options import IngestOptions
from dateline.ingest.raw import RawDocument
from dateline.records import SkippedInput
from dateline.watch.fetch import fetch

#: a linked page was not used (unreachable, or no main text): the feed's own text was kept
PAGE_NOT_USED = "W301"


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One feed item: its key (what ``seen`` remembers) and the document read from it."""

    key: str
    document: RawDocument


class NotAFeed(ValueError):
    """The response was not an RSS or Atom document."""


def item_key(document: RawDocument) -> str:
    """An item's identity for the seen-list: its link, title and text (an edit is new)."""
    parts = (document.url or "", document.title, document.text)
    return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()[:24]


def read_items(
    body: bytes, url: str, options: IngestOptions
) -> tuple[list[FeedItem], list[SkippedInput]]:
    """The items of a fetched feed, and the items (or the feed) that could not be read."""
    items: list[FeedItem] = []
    skipped: list[SkippedInput] = []
    with tempfile.TemporaryDirectory(prefix="dateline-watch-") as folder:
        path = Path(folder) / "feed.xml"
        path.write_bytes(body)
        for number, record in enumerate(read_feed_file(path, options), start=1):
            location = f"{url}#{number}"
            if isinstance(record, SkippedInput):
                if record.location == str(path):  # the whole response, not one item
                    raise NotAFeed(record.reason)
                skipped.append(dataclasses.replace(record, location=location))
            else:
                document = dataclasses.replace(record, location=location, path=None)
                items.append(FeedItem(item_key(document), document))
    return items, skipped


def with_page_text(
    item: FeedItem, *, timeout: float, max_bytes: int
) -> tuple[FeedItem, SkippedInput | None]:
    """The item with its linked page's main text instead of the feed's content/summary.

    The feed text stays when the page cannot be fetched or has no main text (a warning
    says why). The key does not change, so a page fetched twice is still one item.
    """
    document = item.document
    if not document.url:
        return item, None
    result = fetch(document.url, timeout=timeout, max_bytes=max_bytes)
    problem = result.error or ("empty page" if not result.body else None)
    text = ""
    if problem is None and result.body is not None:
        try:
            html, _ = decode_text(result.body)
            page = extract_page(html, document.url)
            text = page.text if page is not None else ""
        except IngestError as exc:
            problem = exc.reason
        if problem is None and not text.strip():
            problem = "no main text found on the page"
    if problem is not None:
        reason = f"linked page not used, feed text kept: {problem}"
        return item, SkippedInput(document.url, reason, PAGE_NOT_USED)
    return FeedItem(item.key, dataclasses.replace(document, text=text)), None


def write_spool(items: Sequence[FeedItem], path: Path, source: str | None) -> None:
    """Write ``items`` as JSON Lines in the default field names ``ingest`` reads."""
    with path.open("w", encoding="utf-8") as handle:
        for item in items:
            document = item.document
            record = {
                "text": document.text,
                "title": document.title,
                "url": document.url,
                "published": document.published,
                "source": document.source or source,
                "author": document.author,
                "language": document.language,
            }
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
