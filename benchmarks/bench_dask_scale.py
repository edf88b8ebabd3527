"""A Dask LocalCluster over PostgreSQL at scale, run as a user would run it.

Builds N distinct articles of real prose and real size (400 to 600 words of TempEval-3 silver
sentences drawn at random, so no two are near-duplicates; publication dates spread over four
years), writes them as JSON Lines in a work folder outside the repository, starts a private
PostgreSQL server on loopback (the tests' ``postgres_server``), and runs the product's own
commands one after the other:

    dateline ingest ARTICLES.jsonl --db URL --no-annotate
    dateline annotate --db URL --engine dask --workers 2 --no-link
    dateline link --db URL

For each stage it records wall time, CPU time (the command and every process it started,
workers included), the peak RSS of the client process and of the largest worker (sampled
every 2 s), the PostgreSQL server's CPU time, and the exit status; while annotating it logs
the number of annotated articles every minute (``progress.log``), so a run stopped early still
says how far it got. At the end it counts the rows of every table in the store.

``--stop-ingest-at`` and ``--stop-annotate-at HH:MM`` (UTC) interrupt that stage then (as
Ctrl-C would: committed batches and chunks stay) and go on with the next; ``--stop-at HH:MM``
ends the run then. ``--url`` runs ``--stages`` on a database made before (a resumed run).

Run: nice -n 19 .venv/bin/python benchmarks/bench_dask_scale.py --articles 100000
     --workdir /work/dask-run/100k
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import resource
import signal
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import psutil

from bench_pipeline import silver_sentences
from common import REPO

sys.path.insert(0, str(REPO))
from tests.store.postgres_server import postgres_server

FIRST_DAY = dt.date(2019, 1, 1)
DAYS = 4 * 365
SAMPLE_SECONDS = 2.0
PROGRESS_SECONDS = 60.0


def write_articles(path: Path, sentences: list[str], articles: int, seed: int = 19) -> int:
    """N articles of 400 to 600 words of random silver sentences, in paragraphs; words."""
    rng = random.Random(seed)
    words_total = 0
    with path.open("w", encoding="utf-8") as out:
        for n in range(articles):
            target = rng.randint(400, 600)
            chosen: list[str] = []
            words = 0
            while words < target:
                sentence = rng.choice(sentences)
                chosen.append(sentence)
                words += len(sentence.split())
            paragraphs = [" ".join(chosen[i : i + 4]) for i in range(0, len(chosen), 4)]
            title = " ".join(chosen[0].split()[:8]).rstrip(",;:")
            published = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
            record = {
                "id": f"bench-{n}",
                "title": title,
                "text": "\n\n".join(paragraphs),
                "published": published.isoformat(),
                "source": f"outlet-{n % 40}",
            }
            out.write(json.dumps(record) + "\n")
            words_total += words
    return words_total


@dataclass
class StageResult:
    stage: str
    command: list[str]
    exit_status: int | None = None
    interrupted: bool = False
    wall_s: float = 0.0
    cpu_s: float = 0.0
    client_peak_mib: float = 0.0
    worker_peak_mib: float = 0.0
    workers_seen: int = 0
    postgres_cpu_s: float = 0.0
    articles_done: int | None = None
    stderr_tail: str = ""
    progress: list[tuple[float, int]] = field(default_factory=list)


def tree_cpu(process: psutil.Process) -> dict[int, float]:
    """CPU seconds of a process and each of its live descendants, by pid."""
    seen: dict[int, float] = {}
    for member in [process, *process.children(recursive=True)]:
        try:
            times = member.cpu_times()
            seen[member.pid] = times.user + times.system
        except psutil.Error:
            pass
    return seen


class Sampler(threading.Thread):
    """Samples a stage's process tree (peak RSS of the client and of each worker) and the
    PostgreSQL server's backends (CPU seconds) until stopped."""

    def __init__(self, root: psutil.Process, postmaster: psutil.Process) -> None:
        super().__init__(daemon=True)
        self.root, self.postmaster = root, postmaster
        self.client_peak = 0
        self.worker_peaks: dict[int, int] = {}
        self.pg_start = tree_cpu(postmaster)
        self.pg_last = dict(self.pg_start)
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            self.sample()
            self.done.wait(SAMPLE_SECONDS)

    def sample(self) -> None:
        try:
            self.client_peak = max(self.client_peak, self.root.memory_info().rss)
            children = self.root.children(recursive=True)
        except psutil.Error:
            return
        for child in children:
            try:
                rss = child.memory_info().rss
            except psutil.Error:
                continue
            self.worker_peaks[child.pid] = max(self.worker_peaks.get(child.pid, 0), rss)
        self.pg_last.update(tree_cpu(self.postmaster))

    def postgres_cpu(self) -> float:
        return sum(cpu - self.pg_start.get(pid, 0.0) for pid, cpu in self.pg_last.items())


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def count(url: str, table: str) -> int:
    import psycopg

    with psycopg.connect(url) as conn:
        row = conn.execute(f"SELECT count(*) FROM {table}").fetchone()
    return int(row[0]) if row else 0


def run_stage(
    stage: str,
    command: list[str],
    workdir: Path,
    postmaster: psutil.Process,
    url: str,
    stop_at: dt.datetime | None,
    progress_table: str | None,
) -> StageResult:
    """Run one command to the end (or to ``stop_at``, then SIGINT as Ctrl-C would)."""
    result = StageResult(stage, command)
    log = workdir / "progress.log"
    out = (workdir / f"{stage}.out").open("w")
    err_path = workdir / f"{stage}.err"
    start, start_cpu = time.perf_counter(), children_cpu()
    with err_path.open("w") as err:
        process = subprocess.Popen(command, stdout=out, stderr=err)
        sampler = Sampler(psutil.Process(process.pid), postmaster)
        sampler.start()
        next_progress = start + PROGRESS_SECONDS
        while process.poll() is None:
            time.sleep(1.0)
            now = time.perf_counter()
            if stop_at and dt.datetime.now(dt.UTC) >= stop_at and not result.interrupted:
                process.send_signal(signal.SIGINT)
                result.interrupted = True
                with log.open("a") as note:
                    note.write(f"{stage}: interrupted at {stop_at:%H:%M} UTC\n")
            if progress_table and now >= next_progress:
                next_progress = now + PROGRESS_SECONDS
                try:
                    done = count(url, progress_table)
                except Exception as exc:  # a progress count must never end the run
                    done = -1
                    print(f"progress count failed: {exc}", file=sys.stderr)
                elapsed = now - start
                result.progress.append((round(elapsed, 1), done))
                rss = sampler.client_peak / 2**20
                workers = max(sampler.worker_peaks.values(), default=0) / 2**20
                with log.open("a") as note:
                    note.write(
                        f"{dt.datetime.now(dt.UTC):%H:%M:%S} {stage}: {done} in "
                        f"{elapsed:.0f} s ({done / elapsed:.2f}/s); client {rss:.0f} MiB, "
                        f"largest worker {workers:.0f} MiB\n"
                    )
        sampler.done.set()
        sampler.join()
    out.close()
    result.exit_status = process.returncode
    result.wall_s = time.perf_counter() - start
    result.cpu_s = children_cpu() - start_cpu
    result.client_peak_mib = sampler.client_peak / 2**20
    result.worker_peak_mib = max(sampler.worker_peaks.values(), default=0) / 2**20
    result.workers_seen = len(sampler.worker_peaks)
    result.postgres_cpu_s = sampler.postgres_cpu()
    result.stderr_tail = err_path.read_text(errors="replace")[-3000:]
    with log.open("a") as note:
        note.write(
            f"{dt.datetime.now(dt.UTC):%H:%M:%S} {stage} done: exit {result.exit_status}, "
            f"{result.wall_s:.0f} s wall, {result.cpu_s:.0f} s CPU\n"
        )
    return result


def table_counts(url: str) -> dict[str, int]:
    import psycopg

    with psycopg.connect(url) as conn:
        names = [
            row[0]
            for row in conn.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = 'public' ORDER BY table_name"
            )
        ]
        counts = {}
        for name in names:
            row = conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()
            counts[name] = int(row[0]) if row else 0
        size = conn.execute("SELECT pg_database_size(current_database())").fetchone()
        counts["(database bytes)"] = int(size[0]) if size else 0
    return counts


def at_utc(clock: str | None) -> dt.datetime | None:
    """Today's (or tomorrow's, if already past) HH:MM in UTC."""
    if not clock:
        return None
    hour, minute = (int(part) for part in clock.split(":"))
    now = dt.datetime.now(dt.UTC)
    moment = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    return moment if moment > now else moment + dt.timedelta(days=1)


def server_process(url: str) -> psutil.Process:
    """The PostgreSQL server (postmaster) behind ``url``, to sample its CPU time."""
    import psycopg

    # The backend exits with its connection, so its parent is read while it is open.
    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute("SELECT pg_backend_pid()").fetchone()
        postmaster = psutil.Process(int(row[0])).parent() if row else None
    if postmaster is None:
        raise RuntimeError("could not find the PostgreSQL server's process")
    return postmaster


def run_stages(args: argparse.Namespace, url: str, summary: dict[str, Any], save: Any) -> None:
    """The chosen stages, one after the other, each stopped (as Ctrl-C would) at its time."""
    postmaster = server_process(url)
    dateline = [sys.executable, "-m", "dateline"]
    source = args.workdir / "articles.jsonl"
    annotate_options = ["--engine", "dask", "--workers", str(args.workers), "--no-link"]
    commands = {
        "ingest": [*dateline, "ingest", str(source), "--db", url, "--no-annotate"],
        "annotate": [*dateline, "annotate", "--db", url, *annotate_options],
        "link": [*dateline, "link", "--db", url],
    }
    progress_tables = {"ingest": "articles", "annotate": "annotated", "link": None}
    stop_all = at_utc(args.stop_at)
    stops = {
        "ingest": at_utc(args.stop_ingest_at) or stop_all,
        "annotate": at_utc(args.stop_annotate_at) or stop_all,
        "link": stop_all,
    }
    for stage in args.stages.split(","):
        if stop_all and dt.datetime.now(dt.UTC) >= stop_all:
            break
        table = progress_tables[stage]
        result = run_stage(
            stage, commands[stage], args.workdir, postmaster, url, stops[stage], table
        )
        if table:
            result.articles_done = count(url, table)
        summary["stages"].append(asdict(result))
        save()
        if result.exit_status not in (0, 3) and not result.interrupted:
            break
    summary["rows"] = table_counts(url)
    save()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--workdir", type=Path, required=True, help="outside the repository")
    parser.add_argument("--stages", default="ingest,annotate,link")
    parser.add_argument(
        "--url", default=None, help="a database already made (and the articles file in workdir)"
    )
    parser.add_argument("--stop-ingest-at", default=None, help="HH:MM UTC")
    parser.add_argument("--stop-annotate-at", default=None, help="HH:MM UTC")
    parser.add_argument("--stop-at", default=None, help="HH:MM UTC")
    args = parser.parse_args(argv)
    args.workdir = args.workdir.resolve()
    if args.workdir.is_relative_to(REPO):
        parser.error("--workdir must be outside the repository (the articles are dataset text)")
    args.workdir.mkdir(parents=True, exist_ok=True)
    summary: dict[str, Any] = {"articles": args.articles, "workers": args.workers, "stages": []}
    results_path = args.workdir / "results.json"

    def save() -> None:
        results_path.write_text(json.dumps(summary, indent=1), encoding="utf-8")

    source = args.workdir / "articles.jsonl"
    if "ingest" in args.stages and not source.exists():
        start = time.perf_counter()
        summary["words"] = write_articles(source, silver_sentences(), args.articles)
        summary["build_s"] = round(time.perf_counter() - start, 1)
        save()
    if args.url:
        run_stages(args, args.url, summary, save)
    else:
        with postgres_server() as admin_url:
            import psycopg

            with psycopg.connect(admin_url, autocommit=True) as admin:
                admin.execute("CREATE DATABASE news")
            run_stages(args, admin_url.rsplit("/", 1)[0] + "/news", summary, save)
    print(json.dumps(summary, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
