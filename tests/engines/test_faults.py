"""Faults: a killed ingest (alone, or streaming into annotation) loses no committed work, and
the re-run adds nothing twice; a stopped annotate (SIGINT or SIGTERM, either engine) exits
promptly, keeps whole chunks only, and its re-run annotates the rest exactly once."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from dateline.api import open_corpus
from dateline.records import Annotations
from dateline.store.sqlite import SQLiteStore
from tests.conftest import SEED_2019

ARTICLES = 2000


def write_corpus(path: Path, articles: int = ARTICLES) -> None:
    """Distinct articles made from the seed's sentences, one JSON record a line."""
    sentences = [s for s in SEED_2019.read_text(encoding="utf-8").split(". ") if len(s) > 40]
    with path.open("w", encoding="utf-8") as out:
        for n in range(articles):
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


# A stopped annotate: 64 articles in chunks of 8, so a stop after the first commit lands with
# chunks still queued and running.
STOP_ARTICLES = 64
STOP_CHUNK = 8
ANNOTATION_TABLES = ("mentions", "times", "quotes", "events")


@pytest.fixture(scope="module")
def stop_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("stop")
    write_corpus(folder / "articles.jsonl", STOP_ARTICLES)
    db = folder / "template.db"
    with open_corpus(db) as corpus:
        corpus.ingest([folder / "articles.jsonl"])
    return db


@pytest.fixture(scope="module")
def stop_reference(
    stop_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Annotations]:
    """Every article's annotations from one uninterrupted in-process run."""
    db = tmp_path_factory.mktemp("reference") / "c.db"
    db.write_bytes(stop_template.read_bytes())
    with open_corpus(db) as corpus:
        assert corpus.annotate(batch_size=STOP_CHUNK, workers=1) == STOP_ARTICLES
    return annotations_of(db)


def annotations_of(db: Path) -> dict[str, Annotations]:
    with open_corpus(db) as corpus:
        return {a.id: corpus.annotations(a.id) for a in corpus.articles()}


def rows_of_unannotated_articles(db: Path) -> int:
    """Annotation rows of articles not marked annotated: what a half-written chunk leaves."""
    with sqlite3.connect(db, timeout=10) as conn:
        return sum(
            int(
                conn.execute(
                    f"SELECT count(*) FROM {table} "
                    "WHERE article_id NOT IN (SELECT article_id FROM annotated)"
                ).fetchone()[0]
            )
            for table in ANNOTATION_TABLES
        )


@pytest.fixture
def stopped_processes() -> Iterator[list[subprocess.Popen[bytes]]]:
    """Processes a test starts; killed with their group if the test fails before they end."""
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for process in started:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.mark.parametrize(
    ("engine", "workers", "stop", "sigint_ignored"),
    [
        # kill -INT to a run a script started in the background, which the shell starts with
        # SIGINT ignored: the case that used to drain the whole queue
        pytest.param("dask", 2, signal.SIGINT, True, id="dask-sigint-inherited-ignored"),
        pytest.param("dask", 1, signal.SIGTERM, False, id="dask-sigterm"),
        pytest.param("local", 2, signal.SIGTERM, False, id="local-sigterm"),
    ],
)
def test_stopped_annotate_keeps_whole_chunks_and_rerun_completes(
    stop_template: Path,
    stop_reference: dict[str, Annotations],
    stopped_processes: list[subprocess.Popen[bytes]],
    tmp_path: Path,
    engine: str,
    workers: int,
    stop: signal.Signals,
    sigint_ignored: bool,
) -> None:
    if engine == "dask":
        pytest.importorskip("distributed")
    db = tmp_path / "c.db"
    db.write_bytes(stop_template.read_bytes())
    command = [sys.executable, "-m", "dateline", "annotate", "--db", str(db), "--no-link"]
    command += ["--engine", engine, "--workers", str(workers), "--batch-size", str(STOP_CHUNK)]
    if sigint_ignored:
        command = ["sh", "-c", 'trap "" INT; exec "$0" "$@"', *command]
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )
    stopped_processes.append(process)
    deadline = time.monotonic() + 300
    while annotated_count(db) == 0 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert process.poll() is None, "the run ended before any chunk was committed"
    process.send_signal(stop)  # to the command alone, as `kill` sends it
    # a bound so that a run that ignores the stop fails here instead of hanging the suite
    _, stderr = process.communicate(timeout=90)

    assert process.returncode == 128 + stop, stderr
    message = stderr.decode("utf-8", "replace")
    assert f"stopped by {stop.name}" in message and "`dateline annotate` resumes" in message
    before = annotated_count(db)
    assert 0 < before < STOP_ARTICLES, "the stop should land with chunks still to do"
    assert before % STOP_CHUNK == 0  # whole chunks only
    assert rows_of_unannotated_articles(db) == 0
    kept = annotations_of(db)
    with open_corpus(db) as corpus:
        done = set(kept) - set(corpus.store.unannotated_article_ids())
        assert {i: kept[i] for i in done} == {i: stop_reference[i] for i in done}
        assert corpus.annotate(batch_size=STOP_CHUNK, workers=1) == STOP_ARTICLES - before
        assert corpus.store.unannotated_article_ids() == []
    # equal annotations also mean that no article's mentions, times or quotes were stored twice
    assert annotations_of(db) == stop_reference
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT count(*), count(DISTINCT article_id) FROM annotated")
        assert rows.fetchone() == (STOP_ARTICLES, STOP_ARTICLES)


# A link stopped part-way: the process is killed (or sent SIGINT) at a fixed point, after the
# story pass has written most of its rows but before it marks itself complete, or after the
# stories with the events not linked yet.
LINK_SCRIPT = """
import os, signal, sys
import dateline.link.event_linking as event_linking
import dateline.link.stories.conductor as conductor
from dateline.cli import app

db, stage, how = sys.argv[1:4]

def interrupt(*args, **kwargs):
    if how == "SIGKILL":
        os.kill(os.getpid(), signal.SIGKILL)
    signal.raise_signal(signal.SIGINT)

if stage == "stories":
    conductor.write_logs = interrupt
else:
    event_linking.link_events = interrupt
app(["link", "--db", db])
"""


@pytest.fixture(scope="module")
def link_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds and a few TempEval-3 silver articles, annotated, never linked."""
    from tests.engines.corpora import ingested_corpus

    db = ingested_corpus(tmp_path_factory.mktemp("link"), silver=6)
    with open_corpus(db) as corpus:
        corpus.annotate(workers=1)
    return db


def linked_state(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """What a link writes: entities, stories and threads, story members, event clusters."""
    queries = {
        "entities": "SELECT id, name, label, article_ids, mention_count FROM entities",
        "stories": "SELECT id, title, first_date, last_date, thread_id FROM stories",
        "members": "SELECT article_id, story_id, position FROM story_articles",
        "events": "SELECT id, trigger_text, article_ids, participant_ids FROM event_clusters",
        "event members": "SELECT event_id, cluster_id FROM event_cluster_members",
    }
    with sqlite3.connect(db) as conn:
        return {name: sorted(conn.execute(sql).fetchall()) for name, sql in queries.items()}


@pytest.fixture(scope="module")
def link_reference(
    link_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, list[tuple[object, ...]]]:
    db = tmp_path_factory.mktemp("linked") / "c.db"
    db.write_bytes(link_template.read_bytes())
    with open_corpus(db) as corpus:
        corpus.link()
    state = linked_state(db)
    assert state["stories"] and state["entities"] and state["events"]
    return state


@pytest.mark.parametrize(
    ("stage", "how"),
    [("stories", "SIGKILL"), ("events", "SIGKILL"), ("stories", "SIGINT")],
)
def test_interrupted_link_reruns_to_the_uninterrupted_result(
    link_template: Path,
    link_reference: dict[str, list[tuple[object, ...]]],
    tmp_path: Path,
    stage: str,
    how: str,
) -> None:
    db = tmp_path / "c.db"
    db.write_bytes(link_template.read_bytes())
    stopped = subprocess.run(
        [sys.executable, "-c", LINK_SCRIPT, str(db), stage, how],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if how == "SIGKILL":
        assert stopped.returncode == -signal.SIGKILL, stopped.stderr
    else:
        assert stopped.returncode == 130, stopped.stderr
        assert "stopped by SIGINT" in stopped.stderr and "`dateline link` resumes" in stopped.stderr
    # what the stopped run committed is there: entities (linked first) at least
    assert linked_state(db)["entities"] == link_reference["entities"]
    assert linked_state(db) != link_reference, "the stop should land before the link is done"

    rerun = subprocess.run(
        [sys.executable, "-m", "dateline", "link", "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert rerun.returncode == 0, rerun.stderr
    assert linked_state(db) == link_reference
