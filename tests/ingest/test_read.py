"""Walking folders, dispatching by format and reporting bad files."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from dateline.ingest import errors
from dateline.ingest.options import IngestOptions
from dateline.ingest.raw import RawDocument
from dateline.ingest.read import MAX_BAD_RECORDS, read_inputs
from dateline.records import SkippedInput
from tests.ingest.samples import (
    COUNCIL_STORY,
    HARBOUR_STORY,
    RIVER_STORY,
    atom_feed,
    html_page,
    rss_feed,
    write_warc,
)

CP1252_STORY = "“Constructive talks,” said the minister’s aide – on Friday – in Valdora."
LATIN1_STORY = "The café owners of São Paulo protested on Monday against the naïve tax plan."


def split(items: list[RawDocument | SkippedInput]) -> tuple[list[RawDocument], list[SkippedInput]]:
    documents = [item for item in items if isinstance(item, RawDocument)]
    skipped = [item for item in items if isinstance(item, SkippedInput)]
    return documents, skipped


def write_bad_folder(folder: Path) -> dict[str, str]:
    """Good and bad files side by side; returns the expected code per bad file name."""
    folder.mkdir()
    (folder / "good.txt").write_text(HARBOUR_STORY, encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "latin1.txt").write_bytes(LATIN1_STORY.encode("latin-1"))
    (folder / "cp1252.txt").write_bytes(CP1252_STORY.encode("cp1252"))
    lines = [json.dumps({"text": RIVER_STORY}), "{broken json", json.dumps({"text": COUNCIL_STORY})]
    (folder / "mixed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "no-text-column.csv").write_text("id,title,body\n1,Car ban,The council voted.\n")
    whole = folder.parent / "whole.warc.gz"
    write_warc(whole, [("https://valdora.example/a", html_page("Harbour", HARBOUR_STORY))] * 2)
    data = whole.read_bytes()
    (folder / "truncated.warc.gz").write_bytes(data[: int(len(data) * 0.7)])
    (folder / "huge.txt").write_text("The council voted. " * 400, encoding="utf-8")
    (folder / "notes.pdf").write_bytes(b"%PDF-1.7 whatever")
    return {
        "binary.txt": errors.BINARY,
        "empty.txt": errors.EMPTY_FILE,
        "mixed.jsonl:2": errors.BAD_JSON,
        "no-text-column.csv": errors.MISSING_COLUMN,
        "huge.txt": errors.TOO_LARGE,
        "notes.pdf": errors.UNSUPPORTED,
    }


def test_bad_files_are_reported_and_good_ones_kept(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    expected = write_bad_folder(folder)
    documents, skipped = split(list(read_inputs([folder], IngestOptions(max_bytes=4000))))
    codes = {Path(item.location).name: item.code for item in skipped}
    truncated = {name: code for name, code in codes.items() if name.startswith("truncated")}
    assert {name: code for name, code in codes.items() if name not in truncated} == expected
    assert list(truncated.values()) == [errors.TRUNCATED_WARC]
    texts = {Path(document.location).name: document.text for document in documents}
    assert texts["good.txt"] == HARBOUR_STORY
    assert texts["latin1.txt"] == LATIN1_STORY
    assert texts["cp1252.txt"] == CP1252_STORY
    assert texts["mixed.jsonl:1"] == RIVER_STORY
    assert texts["mixed.jsonl:3"] == COUNCIL_STORY
    assert "truncated.warc.gz:1" in texts
    assert all(reason.reason for reason in skipped)


def test_folders_are_walked_in_sorted_order_and_formats_dispatched(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "feed.rss").write_text(rss_feed(), encoding="utf-8")
    (tmp_path / "a.atom").write_text(atom_feed(), encoding="utf-8")
    (tmp_path / "c.html").write_text(html_page("Car ban", COUNCIL_STORY), encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("Secret notes about the council.")
    documents, skipped = split(list(read_inputs([tmp_path], IngestOptions())))
    assert skipped == []
    assert [Path(d.location).name for d in documents] == [
        "a.atom:1",
        "feed.rss:1",
        "feed.rss:2",
        "c.html",
    ]
    assert [d.input_format for d in documents] == ["atom", "rss", "rss", "html"]
    again = [item.location for item in read_inputs([tmp_path], IngestOptions())]
    assert again == [d.location for d in documents]


def test_unknown_extension_is_sniffed_and_missing_paths_reported(tmp_path: Path) -> None:
    page = tmp_path / "download"
    page.write_text(html_page("Car ban", COUNCIL_STORY), encoding="utf-8")
    xml = tmp_path / "config.xml"
    xml.write_text("<?xml version='1.0'?><config><a>1</a></config>")
    items = list(read_inputs([page, xml, tmp_path / "missing.txt"], IngestOptions()))
    documents, skipped = split(items)
    assert [d.input_format for d in documents] == ["html"]
    assert [s.code for s in skipped] == [errors.UNSUPPORTED, errors.NOT_FOUND]


def codes(items: list[RawDocument | SkippedInput]) -> dict[str, str]:
    return {Path(item.location).name: item.code for item in items if isinstance(item, SkippedInput)}


def write_linked_folder(tmp_path: Path) -> Path:
    """A folder with a good file and every kind of path that is not one (issue 14, item 13)."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(RIVER_STORY, encoding="utf-8")
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.txt").write_text(HARBOUR_STORY, encoding="utf-8")
    (folder / "sub" / "council.txt").write_text(COUNCIL_STORY, encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")
    (folder / "out.txt").symlink_to(outside / "secret.txt")
    (folder / "outdir").symlink_to(outside)
    (folder / "zero.txt").symlink_to("/dev/zero")
    (folder / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    (folder / "sub" / "parent").symlink_to(folder)
    (folder / "inside.txt").symlink_to(folder / "sub" / "council.txt")
    return folder


def test_links_and_special_files_each_get_a_report_line(tmp_path: Path) -> None:
    folder = write_linked_folder(tmp_path)
    documents, skipped = split(list(read_inputs([folder], IngestOptions())))
    assert sorted(Path(str(document.path)).name for document in documents) == [
        "council.txt",
        "good.txt",
        "inside.txt",
    ]
    assert codes([*documents, *skipped]) == {
        "pipe.txt": errors.SPECIAL_FILE,
        "out.txt": errors.LINK_NOT_FOLLOWED,
        "outdir": errors.LINK_NOT_FOLLOWED,
        "zero.txt": errors.LINK_NOT_FOLLOWED,
        "dangling.txt": errors.BROKEN_LINK,
        "loop.txt": errors.BROKEN_LINK,
        "parent": errors.BROKEN_LINK,
    }
    assert all("\n" not in item.reason for item in skipped)


def test_follow_links_reads_outside_but_never_a_device(tmp_path: Path) -> None:
    folder = write_linked_folder(tmp_path)
    items = list(read_inputs([folder], IngestOptions(follow_links=True)))
    documents, _ = split(items)
    assert sorted(Path(str(document.path)).name for document in documents) == [
        "council.txt",
        "good.txt",
        "inside.txt",
        "out.txt",
        "secret.txt",
    ]
    assert codes(items)["zero.txt"] == errors.SPECIAL_FILE
    assert codes(items)["pipe.txt"] == errors.SPECIAL_FILE


def test_a_fifo_or_device_named_directly_is_reported_not_opened(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.jsonl")
    items = list(read_inputs([tmp_path / "pipe.jsonl", "/dev/zero"], IngestOptions()))
    assert [item.code for item in items if isinstance(item, SkippedInput)] == [
        errors.SPECIAL_FILE,
        errors.SPECIAL_FILE,
    ]


def test_an_unreadable_folder_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "in"
    (folder / "locked").mkdir(parents=True)
    (folder / "good.txt").write_text(HARBOUR_STORY, encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path: str | os.PathLike[str]) -> Iterator[os.DirEntry[str]]:
        if Path(path).name == "locked":  # chmod 000 does not stop root, who runs the CI
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    documents, skipped = split(list(read_inputs([folder], IngestOptions())))
    assert len(documents) == 1
    assert [(Path(item.location).name, item.code) for item in skipped] == [
        ("locked", errors.UNREADABLE)
    ]


def test_a_file_of_garbage_lines_is_abandoned_with_one_line(tmp_path: Path) -> None:
    path = tmp_path / "garbage.jsonl"
    path.write_text("not json\n" * 5000, encoding="utf-8")
    items = list(read_inputs([path], IngestOptions()))
    assert len(items) == MAX_BAD_RECORDS + 1
    assert isinstance(items[-1], SkippedInput) and items[-1].code == errors.TOO_MANY_BAD_RECORDS
