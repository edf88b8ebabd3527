"""Small real corpora for the engine tests: the seeds plus a few TempEval-3 silver articles."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from dateline.api import open_corpus
from dateline.evaluate.timeml import iter_timeml
from tests.conftest import DATASETS, SEEDS

SILVER = DATASETS / "tempeval3" / "Training" / "TE3-Silver-data-0"


def write_silver_jsonl(path: Path, limit: int) -> int:
    """The first ``limit`` silver articles as JSON Lines (title, text, DCT); how many written."""
    written = 0
    with path.open("w", encoding="utf-8") as out:
        if SILVER.is_dir():
            for doc in iter_timeml(SILVER, limit):
                record = {"title": doc.name, "text": doc.text, "published": doc.dct.isoformat()}
                out.write(json.dumps(record) + "\n")
                written += 1
    return written


def ingested_corpus(folder: Path, silver: int = 4) -> Path:
    """A SQLite corpus holding the seeds and ``silver`` silver articles, not yet annotated."""
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / "silver.jsonl"
    write_silver_jsonl(source, silver)
    db = folder / "template.db"
    with open_corpus(db) as corpus:
        corpus.ingest([SEEDS, source])
    return db


def copy_corpus(template: Path, target: Path) -> Path:
    """A private copy of a closed SQLite corpus (WAL checkpointed on close)."""
    shutil.copyfile(template, target)
    return target
