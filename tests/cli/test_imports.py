"""Query commands load only what they need: no parser, web framework or numeric stack."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from dateline.records import Article
from dateline.store.sqlite import SQLiteStore

#: what a query never needs: the parse, the web server, the numeric and extraction stacks
HEAVY = (
    "spacy",
    "thinc",
    "fastapi",
    "starlette",
    "uvicorn",
    "numpy",
    "scipy",
    "pandas",
    "trafilatura",
    "wordllama",
    "datasketch",
)

RUN = """
import json, sys
from dateline.cli import app
try:
    app(sys.argv[1:])
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)))
"""


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("imports") / "corpus.db"
    store = SQLiteStore(path)
    store.add_articles([Article(id="a1", text="Ada Lund met Bo Park in Oslo.", title="Oslo")])
    store.close()
    return path


#: what a search that prints no table never needs: tables, progress bars, fuzzy name matching,
#: the corrections and the timeline machinery, the evaluation code
SEARCH_NEVER = (
    "rich.table",
    "rich.progress",
    "rapidfuzz",
    "dateline.link.corrections",
    "dateline.query.points",
    "dateline.query.timeline",
)


def _loaded(db: Path, command: list[str]) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", RUN, *command, "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


@pytest.mark.parametrize(
    "command",
    [["search", "Oslo"], ["dossier", "Ada Lund"], ["articles"], ["entities"]],
)
def test_a_query_command_imports_nothing_heavy(db: Path, command: list[str]) -> None:
    loaded = _loaded(db, command)
    assert not {module for module in HEAVY if module in loaded}


def test_a_search_imports_only_what_it_prints_with(db: Path) -> None:
    loaded = _loaded(db, ["search", "Oslo"])
    assert not {module for module in SEARCH_NEVER if module in loaded}
    assert "rich.console" in loaded  # it still prints through the safe console
