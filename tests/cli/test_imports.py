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


@pytest.mark.parametrize(
    "command",
    [["search", "Oslo"], ["dossier", "Ada Lund"], ["articles"], ["entities"]],
)
def test_a_query_command_imports_nothing_heavy(db: Path, command: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-c", RUN, *command, "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    loaded = set(json.loads(done.stdout.strip().splitlines()[-1]))
    assert not {module for module in HEAVY if module in loaded}
