"""Uploaded article files: size-limited, type-checked, stored in a temporary folder, ingested.

A file is accepted when its extension is one the ingest stage reads and its first bytes fit
that type (text is not binary, a WARC starts like a WARC). Names are reduced to a safe base
name, so an upload can never write outside its temporary folder.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Sequence
from pathlib import Path

from fastapi import UploadFile

from dateline.api import Corpus
from dateline.serve import schemas
from dateline.serve.threads import run_write
from dateline.serve.upload_process import UploadFailed, process_upload

TEXT_SUFFIXES = frozenset(
    {
        ".txt",
        ".text",
        ".md",
        ".markdown",
        ".html",
        ".htm",
        ".xhtml",
        ".jsonl",
        ".ndjson",
        ".csv",
        ".rss",
        ".atom",
        ".xml",
    }
)
WARC_SUFFIXES = frozenset({".warc", ".warc.gz"})
MAX_FILES = 100
_CHUNK = 1 << 16
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


class UploadError(ValueError):
    """An upload refused, with the HTTP status that says why (413, 415, 400)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def suffix_of(name: str) -> str:
    lowered = name.lower()
    if lowered.endswith(".warc.gz"):
        return ".warc.gz"
    return Path(lowered).suffix


def safe_name(name: str, index: int) -> str:
    """A base name made of safe characters, unique by its index prefix."""
    base = _UNSAFE.sub("_", Path(name.replace("\\", "/")).name).strip("._") or "upload"
    return f"{index:03d}-{base[-120:]}"


def check_head(name: str, head: bytes) -> None:
    """Refuse a file whose first bytes do not fit its extension."""
    suffix = suffix_of(name)
    if suffix in WARC_SUFFIXES:
        if not (head.startswith(b"WARC/") or head.startswith(b"\x1f\x8b")):
            raise UploadError(415, f"{name}: does not look like a WARC file")
        if suffix == ".warc" and not head.startswith(b"WARC/"):
            raise UploadError(415, f"{name}: does not look like a WARC file")
        return
    if suffix not in TEXT_SUFFIXES:
        allowed = ", ".join(sorted(TEXT_SUFFIXES | WARC_SUFFIXES))
        raise UploadError(415, f"{name}: unsupported file type {suffix!r} (accepted: {allowed})")
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UploadError(415, f"{name}: binary content in a {suffix} file")


async def save_upload(upload: UploadFile, folder: Path, index: int, limit: int) -> Path:
    """Copy one upload into ``folder`` in chunks, refusing it past ``limit`` bytes."""
    name = upload.filename or f"upload-{index}"
    target = folder / safe_name(name, index)
    size = 0
    with target.open("wb") as out:
        while chunk := await upload.read(_CHUNK):
            if size == 0:
                check_head(name, chunk[:4096])
            size += len(chunk)
            if size > limit:
                raise UploadError(413, f"{name}: larger than the {limit} byte upload limit")
            out.write(chunk)
    if size == 0:
        raise UploadError(400, f"{name}: empty file")
    return target


async def ingest_uploads(
    corpus: Corpus, uploads: Sequence[UploadFile], limit: int, annotate: bool
) -> schemas.IngestOut:
    """Save every upload (all or none), ingest them, then annotate and link when asked."""
    if not uploads:
        raise UploadError(400, "no files uploaded")
    if len(uploads) > MAX_FILES:
        raise UploadError(413, f"at most {MAX_FILES} files per upload")
    with tempfile.TemporaryDirectory(prefix="dateline-upload-") as tmp:
        folder = Path(tmp)
        paths = [await save_upload(u, folder, i, limit) for i, u in enumerate(uploads)]
        try:
            result = await run_write(process_upload, corpus, paths, annotate)
        except UploadFailed as exc:
            raise UploadError(503, str(exc).replace(tmp, "<upload>")) from exc
        names = {str(path): path.name.split("-", 1)[1] for path in paths}
        folders = (tmp, str(Path(tmp).resolve()))
    report, annotated, linked = result.report, result.annotated, result.linked
    return schemas.IngestOut(
        added=report.added,
        unchanged=report.unchanged,
        duplicates=[list(pair) for pair in report.duplicates],
        skipped=[
            schemas.SkippedOut(
                file=names.get(item.location, Path(item.location).name),
                reason=_hide(item.reason, folders),
                code=item.code,
            )
            for item in report.skipped
        ],
        annotated=annotated,
        linked=linked,
    )


def _hide(reason: str, folders: tuple[str, ...]) -> str:
    """A skip reason without the server's temporary folder in it."""
    for folder in folders:
        reason = reason.replace(folder, "<upload>")
    return reason
