"""Faults: a killed ingest (alone, or streaming into annotation) loses no committed work, and
the re-run adds nothing twice."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from dateline.store.sqlite import SQLiteStore
from tests.conftest import SEED_2019

ARTICLES = 2000


def write_corpus(path: Path) -> None:
    """Distinct articles made from the seed's sentences, one JSON record a line."""
    sentences = [s for s in SEED_2019.read_text(encoding="utf-8").split(". ") if len(s) > 40]
    with path.open("w", encoding="utf-8") as out:
        for n in range(ARTICLES):
            body = ". ".join(sentences[(n + k) % len(sentences)] for k in range(4))
            record = {"title": f"Report {n}", "text": f"Dispatch number {n}. {body}."}
            out.write(json.dumps(record) + "\n")


def stored_count(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(db, timeout=10) as conn:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.OperationalError:  # the schema is not there yet
        return 0


def test_killed_ingest_resumes_without_loss_or_duplicates(tmp_path: Path) -> None:
    corpus = tmp_path / "big.jsonl"
    write_corpus(corpus)
    db = tmp_path / "c.db"
    command = [sys.executable, "-m", "dateline", "ingest", str(corpus), "--db", str(db)]
    command += ["--no-annotate"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while stored_count(db) == 0 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    before = stored_count(db)
    assert 0 < before < ARTICLES, "the kill should land mid-ingest"

    rerun = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    store = SQLiteStore(db)
    ids = [a.id for a in store.iter_articles()]
    assert len(ids) == len(set(ids)) == ARTICLES
    titles = {a.title for a in store.iter_articles()}
    assert titles == {f"Report {n}" for n in range(ARTICLES)}
    assert f"{before} already stored" in rerun.stdout.replace("\n", " ")


def annotated_count(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=10) as conn:
            return int(conn.execute("SELECT count(*) FROM annotated").fetchone()[0])
    except sqlite3.OperationalError:
        return 0


def test_killed_ingest_and_annotate_stream_resumes_without_loss_or_duplicates(
    tmp_path: Path,
) -> None:
    corpus = tmp_path / "big.jsonl"
    write_corpus(corpus)
    db = tmp_path / "c.db"
    command = [sys.executable, "-m", "dateline", "ingest", str(corpus), "--db", str(db)]
    command += ["--workers", "2"]
    # its own process group, so that the kill takes the workers too
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    deadline = time.monotonic() + 300
    while annotated_count(db) == 0 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    stored, annotated = stored_count(db), annotated_count(db)
    assert 0 < annotated < stored, "the kill should land with annotation under way"

    rerun = subprocess.run([*command, "--no-annotate"], capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    store = SQLiteStore(db)
    ids = [a.id for a in store.iter_articles()]
    assert len(ids) == len(set(ids)) == ARTICLES
    assert annotated_count(db) == annotated  # --no-annotate leaves annotation alone
    pending = store.unannotated_article_ids()
    assert len(pending) == ARTICLES - annotated
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT count(*), count(DISTINCT article_id) FROM annotated")
        assert rows.fetchone() == (annotated, annotated)
