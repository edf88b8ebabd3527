"""Uploads are read, annotated and linked in a child process, not in the server's.

A hostile file can cost seconds of CPU in pure-Python parsing; in a thread of the server it
would hold the interpreter lock and slow every page. In a child process (started from a
fork server, at lower CPU priority, ending with the server, with at most
:data:`UPLOAD_MEMORY_BYTES` of address space) it costs the server nothing but a wait; past
:data:`UPLOAD_SECONDS` it is stopped. The child writes to the same SQLite file
(WAL: the server's readers keep reading); a store the child cannot reopen (in memory, or a
PostgreSQL URL whose password is not kept) is processed in a thread as before.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection
from pathlib import Path

from dateline.api import Corpus, open_corpus
from dateline.engines.orphans import exit_with_parent
from dateline.records import IngestReport

#: Longest an upload may take to be read, annotated and linked.
UPLOAD_SECONDS = 600.0
#: Most address space the child may map (a bomb the readers miss fails there, not the server).
UPLOAD_MEMORY_BYTES = 4 * 1024**3
#: Longest skip reason an upload's answer quotes.
MAX_REASON_CHARS = 500
#: Share of the address-space cap past which a child's failure is put down to the cap.
NEAR_THE_CAP = 0.9
_NICENESS = 10
_PRELOAD = ["dateline.api", "dateline.ingest.run", "dateline.serve.upload_process"]


@dataclass(frozen=True, slots=True)
class UploadResult:
    report: IngestReport
    annotated: int
    linked: bool


class UploadFailed(RuntimeError):
    """Processing an upload failed or ran out of time (what was committed stays)."""


def _short(text: str) -> str:
    return text if len(text) <= MAX_REASON_CHARS else text[: MAX_REASON_CHARS - 1] + "…"


def process_in_corpus(corpus: Corpus, paths: Sequence[Path], annotate: bool) -> UploadResult:
    """Ingest ``paths`` and, when asked and something was added, annotate and link. A skip
    reason is cut to :data:`MAX_REASON_CHARS` (an answer never grows with a hostile file)."""
    report = corpus.ingest(list(paths))
    report.skipped = [replace(item, reason=_short(item.reason)) for item in report.skipped]
    report.warnings = [replace(item, reason=_short(item.reason)) for item in report.warnings]
    if not (annotate and report.added):
        return UploadResult(report, 0, False)
    annotated = corpus.annotate()
    corpus.link()
    return UploadResult(report, annotated, True)


def _child(
    location: str,
    model: str,
    paths: list[Path],
    annotate: bool,
    parent: int,
    memory_bytes: int,
    out: Connection,
) -> None:
    exit_with_parent(parent)
    _confine(memory_bytes)
    try:
        with open_corpus(location, model=model) as corpus:
            out.send(process_in_corpus(corpus, paths, annotate))
    except Exception as exc:  # reported to the server, which answers with it
        out.send(failure_of(exc, memory_bytes))
    finally:
        out.close()


def failure_of(exc: Exception, memory_bytes: int) -> UploadFailed:
    """What an upload's child reports for ``exc``. Running out of its address space shows
    as a MemoryError, but also as other errors from code that fails to allocate (CPython's
    ``compile`` gives a SystemError, SQLite an "out of memory" error): an error raised once
    the child had reached :data:`NEAR_THE_CAP` of ``memory_bytes`` is reported as the cap."""
    if isinstance(exc, MemoryError) or _peak_address_space() >= NEAR_THE_CAP * memory_bytes:
        limit = memory_bytes // 2**20
        return UploadFailed(f"processing the upload needed over {limit} MiB and was stopped")
    return UploadFailed(f"{type(exc).__name__}: {exc}")


def _peak_address_space() -> int:
    """The most address space this process has mapped, in bytes (0 where unknown)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:  # Linux
            for line in status:
                if line.startswith("VmPeak:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def _confine(memory_bytes: int) -> None:
    """Lower this process's CPU priority and cap its address space (POSIX)."""
    if hasattr(os, "nice"):
        os.nice(_NICENESS)
    try:
        import resource
    except ImportError:  # not POSIX: the time limit still holds
        return
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))


def reopenable(corpus: Corpus) -> str | None:
    """The location a child process can open the same corpus at, if there is one."""
    return corpus.file_location


def process_upload(
    corpus: Corpus,
    paths: Sequence[Path],
    annotate: bool,
    seconds: float = UPLOAD_SECONDS,
    memory_bytes: int = UPLOAD_MEMORY_BYTES,
) -> UploadResult:
    """Process the saved upload files, in a child process where the store allows it."""
    location = reopenable(corpus)
    if location is None:
        return process_in_corpus(corpus, paths, annotate)
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(_PRELOAD)
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(
        target=_child,
        args=(location, corpus.model, list(paths), annotate, os.getpid(), memory_bytes, sender),
        name="dateline-upload",
        daemon=True,
    )
    child.start()
    sender.close()
    try:
        if not receiver.poll(seconds):
            raise UploadFailed(f"processing the upload took over {seconds:g} s and was stopped")
        try:
            outcome = receiver.recv()
        except EOFError as exc:
            raise UploadFailed(f"processing the upload failed (exit {child.exitcode})") from exc
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join()
    if isinstance(outcome, UploadFailed):
        raise outcome
    assert isinstance(outcome, UploadResult)
    return outcome
