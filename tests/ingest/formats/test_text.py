"""Plain text and Markdown files."""

from __future__ import annotations

from pathlib import Path

from dateline.ingest.formats.text import markdown_to_text, read_text_file
from dateline.ingest.options import IngestOptions
from dateline.ingest.raw import RawDocument
from tests.conftest import SEED_2019


def test_a_seed_is_read_whole_with_its_path() -> None:
    [document] = list(read_text_file(SEED_2019, IngestOptions()))
    assert isinstance(document, RawDocument)
    assert document.input_format == "text"
    assert document.path == str(SEED_2019)
    assert document.text == SEED_2019.read_text(encoding="utf-8")


def test_markdown_headings_lose_their_marks(tmp_path: Path) -> None:
    path = tmp_path / "story.md"
    path.write_text("---\nlayout: post\n---\n# Car ban for the old town\n\nThe council voted.\n")
    [document] = list(read_text_file(path, IngestOptions(), markdown=True))
    assert isinstance(document, RawDocument)
    assert document.input_format == "markdown"
    assert document.text.startswith("Car ban for the old town\n\nThe council voted.")
    assert markdown_to_text("## Economic cooperation ##") == "Economic cooperation"
