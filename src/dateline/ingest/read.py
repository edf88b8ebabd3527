"""Walk files and folders and dispatch each file to the reader of its format."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from dateline.ingest import errors
from dateline.ingest.decode import binary_kind
from dateline.ingest.formats.feed import looks_like_feed, read_feed_file
from dateline.ingest.formats.html import read_html_file
from dateline.ingest.formats.records import read_csv_file, read_jsonl_file
from dateline.ingest.formats.text import read_text_file
from dateline.ingest.formats.warc import read_warc_file
from dateline.ingest.options import IngestOptions
from dateline.ingest.raw import RawDocument
from dateline.records import SkippedInput

Reader = Callable[[Path, IngestOptions], Iterator[RawDocument | SkippedInput]]


def _read_markdown(path: Path, options: IngestOptions) -> Iterator[RawDocument | SkippedInput]:
    return read_text_file(path, options, markdown=True)


def _read_xml(path: Path, options: IngestOptions) -> Iterator[RawDocument | SkippedInput]:
    if looks_like_feed(_head(path)):
        yield from read_feed_file(path, options)
    else:
        yield errors.skipped(str(path), errors.UNSUPPORTED, "XML file that is not an RSS/Atom feed")


READERS: dict[str, Reader] = {
    ".txt": read_text_file,
    ".text": read_text_file,
    ".md": _read_markdown,
    ".markdown": _read_markdown,
    ".html": read_html_file,
    ".htm": read_html_file,
    ".xhtml": read_html_file,
    ".jsonl": read_jsonl_file,
    ".ndjson": read_jsonl_file,
    ".csv": read_csv_file,
    ".rss": read_feed_file,
    ".atom": read_feed_file,
    ".xml": _read_xml,
    ".warc": read_warc_file,
    ".warc.gz": read_warc_file,
}


def _head(path: Path, size: int = 4096) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(size)
    except OSError:
        return b""


def _suffix(path: Path) -> str:
    name = path.name.lower()
    if name.endswith(".warc.gz"):
        return ".warc.gz"
    return path.suffix.lower()


def sniff_reader(path: Path) -> Reader | None:
    """The reader for a file whose extension is unknown, judged from its first bytes."""
    head = _head(path)
    if head.startswith(b"WARC/") or (head.startswith(b"\x1f\x8b") and "WARC" in path.name.upper()):
        return read_warc_file
    if binary_kind(head) is not None:
        return None
    start = head.lstrip()[:512].lower()
    if start.startswith((b"<!doctype html", b"<html")):
        return read_html_file
    if start.startswith(b"<?xml") or start.startswith((b"<rss", b"<feed")):
        return read_feed_file if looks_like_feed(head) else None
    if start.startswith(b"{"):
        return read_jsonl_file
    return read_text_file


def reader_for(path: Path) -> Reader | None:
    """The reader of a file by its extension; None when the format is not supported."""
    return READERS.get(_suffix(path))


def _is_hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def iter_files(root: Path, options: IngestOptions) -> Iterator[Path]:
    """Files under ``root`` in sorted order (deterministic), hidden ones left out by default."""
    for path in sorted(root.rglob("*")):
        if path.is_file() and (options.include_hidden or not _is_hidden(path, root)):
            yield path


def _read_file(
    path: Path, reader: Reader | None, options: IngestOptions
) -> Iterator[RawDocument | SkippedInput]:
    if reader is None:
        yield errors.skipped(
            str(path), errors.UNSUPPORTED, f"unsupported file type {_suffix(path)!r}"
        )
        return
    try:
        yield from reader(path, options)
    except Exception as exc:  # one file's unexpected failure must not end the run
        yield errors.skipped(str(path), errors.INTERNAL, f"{type(exc).__name__}: {exc}")


def read_inputs(
    paths: Sequence[str | Path], options: IngestOptions
) -> Iterator[RawDocument | SkippedInput]:
    """Read every article under ``paths`` (files and folders), in a deterministic order.

    Folders are walked recursively in sorted order and their files dispatched by extension;
    files with unsupported extensions are reported (E106). A file named directly with an
    unknown extension is sniffed from its first bytes. Bad inputs become SkippedInput records
    and everything else is still read.
    """
    for given in paths:
        # Absolute, so that an article's path still leads to its file from any directory.
        path = Path(given).expanduser().resolve()
        if path.is_dir():
            for file in iter_files(path, options):
                yield from _read_file(file, reader_for(file), options)
        elif path.is_file():
            yield from _read_file(path, reader_for(path) or sniff_reader(path), options)
        else:
            yield errors.skipped(str(path), errors.NOT_FOUND, "no such file or folder")
