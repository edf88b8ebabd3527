"""Uploads are processed in a child process that the server can stop."""

from __future__ import annotations

import multiprocessing
import zlib
from pathlib import Path

import pytest

from dateline.api import open_corpus
from dateline.serve.upload_process import (
    MAX_REASON_CHARS,
    UploadFailed,
    _peak_address_space,
    failure_of,
    process_upload,
    reopenable,
)


def test_an_upload_is_ingested_by_a_child_into_the_served_store(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(
        "Bridge closed\n\nThe council voted on Tuesday to close the old bridge for repairs.",
        encoding="utf-8",
    )
    with open_corpus(tmp_path / "served.db") as corpus:
        assert reopenable(corpus) is not None
        result = process_upload(corpus, [article], annotate=False)
        assert len(result.report.added) == 1 and not result.linked
        assert [a.title for a in corpus.articles()] == ["Bridge closed"]  # seen by the server


def test_an_upload_over_its_time_is_stopped(tmp_path: Path) -> None:
    page = tmp_path / "slow.html"
    page.write_text(
        "<html><body>" + "<div><p>word word word</p></div>\n" * 20000 + "</body></html>",
        encoding="utf-8",
    )
    with (
        open_corpus(tmp_path / "served.db") as corpus,
        pytest.raises(UploadFailed, match="was stopped"),
    ):
        process_upload(corpus, [page], annotate=False, seconds=0.05)
    assert not [c for c in multiprocessing.active_children() if c.name == "dateline-upload"]


def test_an_upload_over_its_memory_fails_in_the_child_only(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Title\n\n" + "The council voted to close the bridge. " * 2000, "utf-8")
    with (
        open_corpus(tmp_path / "served.db") as corpus,
        pytest.raises(UploadFailed, match="needed over 64 MiB"),
    ):
        process_upload(corpus, [article], annotate=False, memory_bytes=64 * 1024 * 1024)


def test_a_store_in_memory_is_processed_in_this_process(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Title\n\nThe council voted on Tuesday to close the bridge.", "utf-8")
    with open_corpus(":memory:") as corpus:
        assert reopenable(corpus) is None
        assert len(process_upload(corpus, [article], annotate=False).report.added) == 1


def test_a_skip_reason_in_an_answer_stays_short(tmp_path: Path) -> None:
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    bomb = tmp_path / "zeros.warc.gz"
    bomb.write_bytes(compressor.compress(bytes(2 * 2**20)) + compressor.flush())
    with open_corpus(tmp_path / "served.db") as corpus:
        result = process_upload(corpus, [bomb], annotate=False)
    assert [item.code for item in result.report.skipped]
    assert all(len(item.reason) <= MAX_REASON_CHARS for item in result.report.skipped)


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc (Linux)")
def test_an_error_at_the_memory_cap_is_reported_as_the_cap() -> None:
    # under a cap, CPython's compile has failed with a SystemError instead of a MemoryError
    peak = _peak_address_space()
    assert peak > 0
    at_the_cap = failure_of(SystemError("compile returned NULL"), memory_bytes=peak)
    assert (
        str(at_the_cap) == f"processing the upload needed over {peak // 2**20} MiB and was stopped"
    )
    far_below = failure_of(SystemError("compile returned NULL"), memory_bytes=100 * peak)
    assert str(far_below) == "SystemError: compile returned NULL"
    assert "needed over" in str(failure_of(MemoryError(), memory_bytes=100 * peak))
