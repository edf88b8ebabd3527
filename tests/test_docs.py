"""The docs cannot drift: every file path and every ``dateline`` command that README.md and
docs/*.md name exists (in the spirit of datasette's test_docs.py).

A path in backticks (``cli/time_cmd.py``, ``src/dateline/store/sql.py``) must exist relative to
the repository root, ``src/dateline`` or ``tests``; a bare file name (``sql.py``, listed under
its package) must be the name of a file in the repository. A command in backticks or in a code
block (``dateline evaluate tempeval``) must be registered in the Typer app.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer.main
from click import Group

from dateline.cli import app

REPO = Path(__file__).resolve().parents[1]
DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
PATH_ROOTS = (REPO, REPO / "src" / "dateline", REPO / "tests")
SOURCE_FOLDERS = ("src", "tests", "benchmarks", "scripts", "examples", "docs")

#: names in backticks that look like paths but are not files of this repository: the
#: datasets' own files, example inputs, URL paths, record fields and TIMEX ranges
NOT_OUR_FILES = {
    "ECBplus_coreference_sentences.csv",
    "evaluation_all.py",
    "out/screenshots/",  # written by the browser tests, not kept in the repository
    "file.txt",
    "summit-2019.txt",
    "20190425-a.html",
    "2019-04-25-a.md",
    "2019/04/25/a.txt",
    "2014-11-17/2014-11-24",
    "speaker_start/speaker_end",
    "/api/openapi.json",
}

CODE_SPAN = re.compile(r"`([^`\n]+)`")
FENCE = re.compile(r"^```[^\n]*\n(.*?)^```", re.DOTALL | re.MULTILINE)
PATH_LIKE = re.compile(
    r"[\w.\-/]+\.(?:py|md|toml|json|jsonl|txt|ya?ml|sh|cfg|html|csv|css|js)"
    r"|[\w.\-]+(?:/[\w.\-]+)+/?"
)
COMMAND = re.compile(r"(?:^|[\s/(])dateline((?:\s+[a-z][a-z-]*)+)")


def _doc_id(path: Path) -> str:
    return path.relative_to(REPO).as_posix()


def _code_spans(text: str) -> list[str]:
    return [span.strip() for span in CODE_SPAN.findall(text)]


def _named_paths() -> list[tuple[str, str]]:
    found = []
    for doc in DOCS:
        for span in _code_spans(doc.read_text(encoding="utf-8")):
            if PATH_LIKE.fullmatch(span) and span not in NOT_OUR_FILES:
                if span.startswith("../") or (span.startswith("dateline.") and "/" not in span):
                    continue  # outside the repository (the datasets), or a module name
                found.append((_doc_id(doc), span))
    return found


def _file_names() -> set[str]:
    return {
        path.name
        for folder in SOURCE_FOLDERS
        for path in (REPO / folder).rglob("*")
        if ".venv" not in path.parts
    }


@pytest.mark.parametrize(("doc", "path"), _named_paths(), ids=lambda v: str(v))
def test_every_path_the_docs_name_exists(doc: str, path: str) -> None:
    if "/" in path.rstrip("/"):
        assert any((root / path).exists() for root in PATH_ROOTS), f"{doc} names {path}"
    else:
        assert path in _file_names(), f"{doc} names a file {path} that no folder holds"


def _command_texts(text: str) -> list[str]:
    spans = _code_spans(text)
    blocks = [line for block in FENCE.findall(text) for line in block.splitlines()]
    return [t for t in [*spans, *blocks] if "dateline" in t]


def _named_commands() -> list[tuple[str, tuple[str, ...]]]:
    found: dict[tuple[str, tuple[str, ...]], None] = {}
    for doc in DOCS:
        for text in _command_texts(doc.read_text(encoding="utf-8")):
            for words in COMMAND.findall(text):
                found[(_doc_id(doc), tuple(words.split()))] = None
    return list(found)


def test_the_docs_name_commands() -> None:
    assert len(_named_commands()) > 20


@pytest.mark.parametrize(("doc", "words"), _named_commands(), ids=lambda v: str(v))
def test_every_command_the_docs_name_is_registered(doc: str, words: tuple[str, ...]) -> None:
    command = typer.main.get_command(app)
    for word in words:
        if not isinstance(command, Group):
            return  # the rest are the command's arguments
        sub = command.commands.get(word)
        assert sub is not None, f"{doc} names `dateline {' '.join(words)}`: no {word!r}"
        command = sub
