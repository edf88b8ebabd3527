"""JSON Lines and CSV dumps."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

from dateline.ingest import errors
from dateline.ingest.formats.tabular import read_csv_file, read_jsonl_file
from dateline.ingest.options import FieldNames, IngestOptions
from dateline.ingest.raw import RawDocument
from dateline.records import SkippedInput
from tests.ingest.samples import COUNCIL_STORY, HARBOUR_STORY, RIVER_STORY


def test_jsonl_with_renamed_fields(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    records = [
        {
            "uid": "a1",
            "link": "https://valdora.example/harbour",
            "headline": "Harbour opens",
            "body": HARBOUR_STORY,
            "date": "2025-03-03",
            "outlet": "Valdora Herald",
            "byline": "Lena Brandt",
            "lang": "en",
        },
        {"uid": "a2", "headline": "Floods", "body": RIVER_STORY, "date": "2025-02-30"},
    ]
    path.write_text("\n".join(json.dumps(record) for record in records) + "\n")
    fields = FieldNames(
        id="uid",
        url="link",
        title="headline",
        text="body",
        published="date",
        source="outlet",
        author="byline",
        language="lang",
    )
    first, second = list(read_jsonl_file(path, IngestOptions(fields=fields)))
    assert isinstance(first, RawDocument) and isinstance(second, RawDocument)
    assert first.location == f"{path}:1"
    assert (first.title, first.url, first.published) == (
        "Harbour opens",
        "https://valdora.example/harbour",
        "2025-03-03",
    )
    assert (first.source, first.author, first.language, first.record_id) == (
        "Valdora Herald",
        "Lena Brandt",
        "en",
        "a1",
    )
    assert first.text == HARBOUR_STORY
    assert second.published is None
    assert [warning.code for warning in second.warnings] == [errors.IMPOSSIBLE_DATE]


def test_jsonl_bad_lines_are_skipped_and_the_rest_kept(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    lines = [
        json.dumps({"text": HARBOUR_STORY}),
        '{"text": "unterminated',
        "[1, 2, 3]",
        json.dumps({"text": "   "}),
        "",
        json.dumps({"text": RIVER_STORY}),
    ]
    path.write_text("\n".join(lines) + "\n")
    items = list(read_jsonl_file(path, IngestOptions()))
    kept = [item for item in items if isinstance(item, RawDocument)]
    skipped = [item for item in items if isinstance(item, SkippedInput)]
    assert [item.text for item in kept] == [HARBOUR_STORY, RIVER_STORY]
    assert [(item.location, item.code) for item in skipped] == [
        (f"{path}:2", errors.BAD_JSON),
        (f"{path}:3", errors.NOT_AN_OBJECT),
        (f"{path}:4", errors.EMPTY_TEXT),
    ]


def test_csv_with_defaults_and_a_row_without_text(tmp_path: Path) -> None:
    path = tmp_path / "dump.csv"
    path.write_text(
        "id,title,text,published,source\n"
        f'1,Car ban,"{COUNCIL_STORY}",2025-03-05,Marrow Daily\n'
        "2,Nothing,,2025-03-06,Marrow Daily\n",
        encoding="utf-8",
    )
    first, second = list(read_csv_file(path, IngestOptions()))
    assert isinstance(first, RawDocument)
    assert first.text == COUNCIL_STORY
    assert (first.title, first.published, first.source) == ("Car ban", "2025-03-05", "Marrow Daily")
    assert first.location == f"{path}:2"
    assert isinstance(second, SkippedInput)
    assert second.code == errors.EMPTY_TEXT


def test_semicolon_csv_in_cp1252(tmp_path: Path) -> None:
    path = tmp_path / "dump.csv"
    text = "“Constructive talks,” said the minister’s aide."
    path.write_bytes(f"title;text\nTalks;{text}\n".encode("cp1252"))
    [document] = list(read_csv_file(path, IngestOptions()))
    assert isinstance(document, RawDocument)
    assert document.text == text


def test_csv_without_text_column_is_skipped_with_a_clear_reason(tmp_path: Path) -> None:
    path = tmp_path / "dump.csv"
    path.write_text("id,title,body\n1,Car ban,The council voted.\n")
    [skipped] = list(read_csv_file(path, IngestOptions()))
    assert isinstance(skipped, SkippedInput)
    assert skipped.code == errors.MISSING_COLUMN
    assert "'text'" in skipped.reason and "'body'" in skipped.reason


def test_a_nul_byte_skips_only_its_jsonl_line(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    lines = [
        json.dumps({"text": HARBOUR_STORY}),
        '{"text": "bad\x00 line"}',
        json.dumps({"text": RIVER_STORY}),
    ]
    path.write_bytes("\n".join(lines).encode("utf-8") + b"\n")
    items = list(read_jsonl_file(path, IngestOptions()))
    assert [type(item).__name__ for item in items] == ["RawDocument", "SkippedInput", "RawDocument"]
    assert isinstance(items[1], SkippedInput) and items[1].code == errors.BINARY
    assert items[1].location.endswith("dump.jsonl:2")


def test_a_jsonl_file_of_nul_bytes_is_still_binary(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    path.write_bytes(b'{"text": "x"}\n' + bytes(4096))
    [item] = list(read_jsonl_file(path, IngestOptions()))
    assert isinstance(item, SkippedInput) and item.code == errors.BINARY


def test_a_huge_jsonl_line_is_refused_without_reading_it_whole(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    with path.open("wb") as handle:
        handle.write(b'{"text": "' + b"word " * 4_000_000 + b'"}\n')
        handle.write(json.dumps({"text": COUNCIL_STORY}).encode() + b"\n")
    tracemalloc.start()
    try:
        items = list(read_jsonl_file(path, IngestOptions(max_bytes=100_000)))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert isinstance(items[0], SkippedInput) and items[0].code == errors.TOO_LARGE
    assert "20,000,013 bytes" in items[0].reason
    assert isinstance(items[1], RawDocument) and items[1].text == COUNCIL_STORY
    assert peak < 4 * 1024 * 1024  # the 20 MB line was never held


def test_a_csv_line_over_max_bytes_ends_the_file_with_a_clear_code(tmp_path: Path) -> None:
    path = tmp_path / "dump.csv"
    path.write_text(f"title,text\nGood,{HARBOUR_STORY!r}\nBad,{'x' * 300_000}\n")
    items = list(read_csv_file(path, IngestOptions(max_bytes=100_000)))
    assert isinstance(items[0], RawDocument)
    assert isinstance(items[1], SkippedInput) and items[1].code == errors.TOO_LARGE
