"""Walk files and folders and dispatch each file to the reader of its format.

Only regular files are ever opened. Symbolic links inside a given folder are followed; links
out of it are reported and not followed unless ``IngestOptions.follow_links``; FIFOs, sockets,
devices, dangling links, link loops and unreadable folders each get a report line.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from dateline.ingest import errors
from dateline.ingest.decode import binary_kind
from dateline.ingest.errors import IngestError
from dateline.ingest.formats.common import open_regular, special_kind
from dateline.ingest.formats.feed import looks_like_feed, read_feed_file
from dateline.ingest.formats.html import read_html_file
from dateline.ingest.formats.tabular import read_csv_file, read_jsonl_file
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
        with open_regular(path) as handle:
            return handle.read(size)
    except (OSError, IngestError):
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


#: files read in a step of their own: the articles read before them are committed first
HEAVY_FILE_BYTES = 1 << 20
#: a file with more bad records than this, and more bad than good, is abandoned (E116)
MAX_BAD_RECORDS = 1000


@dataclass(frozen=True, slots=True)
class InputFile:
    """A regular file found under the given paths and the reader of its format (None: E106)."""

    path: Path
    reader: Reader | None
    size: int

    @property
    def heavy(self) -> bool:
        """Large or compressed: read only once what came before it is committed."""
        return self.size > HEAVY_FILE_BYTES or self.path.name.lower().endswith(".gz")


def _link_problem(path: Path) -> tuple[Path | None, str]:
    """The target of a symbolic link, or None and why it cannot be followed."""
    try:
        return Path(os.path.realpath(path, strict=True)), ""
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return None, "symbolic link loop"
        if exc.errno == errno.ENOENT:
            return None, "dangling symbolic link (its target does not exist)"
        return None, f"symbolic link that cannot be followed: {exc.strerror or exc}"


def _entry(path: Path, root: Path, options: IngestOptions) -> os.stat_result | SkippedInput:
    """The status of a walked path, following a link only where the options allow it."""
    status = os.lstat(path)
    if not stat.S_ISLNK(status.st_mode):
        return status
    target, problem = _link_problem(path)
    if target is None:
        return errors.skipped(str(path), errors.BROKEN_LINK, problem)
    if not options.follow_links and not target.is_relative_to(root):
        reason = (
            f"symbolic link to {errors.excerpt(str(target))} outside the given folder: "
            "not followed (use --follow-links)"
        )
        return errors.skipped(str(path), errors.LINK_NOT_FOLLOWED, reason)
    return os.stat(path)


def _sorted_entries(folder: Path) -> list[Path] | SkippedInput:
    try:
        with os.scandir(folder) as entries:
            return sorted(Path(entry.path) for entry in entries)
    except OSError as exc:
        reason = f"cannot read folder: {exc.strerror or exc}"
        return errors.skipped(str(folder), errors.UNREADABLE, reason)


def iter_files(root: Path, options: IngestOptions) -> Iterator[Path | SkippedInput]:
    """Regular files under ``root`` in sorted path order (deterministic), and a report line
    for every path passed over: special files (E108), links out of ``root`` (E109, unless
    ``follow_links``), dangling links and loops (E110), unreadable folders (E105). Hidden
    files and folders are left out (unreported) unless ``include_hidden``. Nothing is opened.
    """
    status = os.stat(root)
    seen = {(status.st_dev, status.st_ino)}
    stack: list[Iterator[Path]] = []
    listed = _sorted_entries(root)
    if isinstance(listed, SkippedInput):
        yield listed
        return
    stack.append(iter(listed))
    while stack:
        path = next(stack[-1], None)
        if path is None:
            stack.pop()
            continue
        if path.name.startswith(".") and not options.include_hidden:
            continue
        try:
            found = _entry(path, root, options)
        except OSError as exc:
            yield errors.skipped(str(path), errors.UNREADABLE, f"cannot stat: {exc.strerror}")
            continue
        if isinstance(found, SkippedInput):
            yield found
        elif stat.S_ISDIR(found.st_mode):
            if (found.st_dev, found.st_ino) in seen:
                reason = "folder already walked (a symbolic link loop): not walked again"
                yield errors.skipped(str(path), errors.BROKEN_LINK, reason)
                continue
            seen.add((found.st_dev, found.st_ino))
            listed = _sorted_entries(path)
            if isinstance(listed, SkippedInput):
                yield listed
            else:
                stack.append(iter(listed))
        elif stat.S_ISREG(found.st_mode):
            yield path
        else:
            kind = special_kind(found.st_mode)
            yield errors.skipped(str(path), errors.SPECIAL_FILE, f"{kind}: not read")


def _given(given: str | Path) -> Path | SkippedInput:
    """A path named by the caller, absolute (so that an article's path still leads to its
    file from any directory) and with its links followed: the caller asked for it."""
    path = Path(given).expanduser().absolute()
    try:
        return path.resolve(strict=True)
    except (OSError, RuntimeError):
        if os.path.islink(path):
            return errors.skipped(str(path), errors.BROKEN_LINK, _link_problem(path)[1])
        return errors.skipped(str(path), errors.NOT_FOUND, "no such file or folder")


def iter_input_files(
    paths: Sequence[str | Path], options: IngestOptions
) -> Iterator[InputFile | SkippedInput]:
    """Every file under ``paths`` with its reader, and a report line for each path passed
    over, in a deterministic order. A file named directly with an unknown extension is
    sniffed from its first bytes."""
    for given in paths:
        path = _given(given)
        if isinstance(path, SkippedInput):
            yield path
            continue
        status = os.stat(path)
        if stat.S_ISDIR(status.st_mode):
            for found in iter_files(path, options):
                if isinstance(found, SkippedInput):
                    yield found
                else:
                    yield InputFile(found, reader_for(found), _size(found))
        elif stat.S_ISREG(status.st_mode):
            yield InputFile(path, reader_for(path) or sniff_reader(path), status.st_size)
        else:
            kind = special_kind(status.st_mode)
            yield errors.skipped(str(path), errors.SPECIAL_FILE, f"{kind}: not read")


def _size(path: Path) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def read_file(file: InputFile, options: IngestOptions) -> Iterator[RawDocument | SkippedInput]:
    """The records of one file. An unexpected error ends the file (E199), and a file with
    more than MAX_BAD_RECORDS bad records, more bad than good, is abandoned (E116)."""
    path = file.path
    if file.reader is None:
        yield errors.skipped(
            str(path), errors.UNSUPPORTED, f"unsupported file type {_suffix(path)!r}"
        )
        return
    good = bad = 0
    try:
        for item in file.reader(path, options):
            if isinstance(item, RawDocument):
                good += 1
            else:
                bad += 1
                if bad > MAX_BAD_RECORDS and bad > good:
                    reason = (
                        f"more than {MAX_BAD_RECORDS:,} bad records and only {good:,} good: "
                        "the rest of the file is skipped"
                    )
                    yield errors.skipped(str(path), errors.TOO_MANY_BAD_RECORDS, reason)
                    return
            yield item
    except Exception as exc:  # one file's unexpected failure must not end the run
        yield errors.skipped(str(path), errors.INTERNAL, errors.describe(exc))


def read_inputs(
    paths: Sequence[str | Path], options: IngestOptions
) -> Iterator[RawDocument | SkippedInput]:
    """Read every article under ``paths`` (files and folders), in a deterministic order.

    Folders are walked recursively in sorted order and their files dispatched by extension;
    files with unsupported extensions are reported (E106). A file named directly with an
    unknown extension is sniffed from its first bytes. Bad inputs become SkippedInput records
    and everything else is still read.
    """
    for found in iter_input_files(paths, options):
        if isinstance(found, SkippedInput):
            yield found
        else:
            yield from read_file(found, options)
