"""Linking cost of a 500-article batch added to corpora of growing size, and of corrections.

    .venv/bin/python benchmarks/bench_link.py                 # corpora of 2,000 and 10,000
    .venv/bin/python benchmarks/bench_link.py --sizes 2000,10000,20000

For each size N, a synthetic store is built directly (the story flow of
``bench_stories.synthetic_corpus``: planted stories of 1-12 articles, about 100 articles a
day; each article's entity keys become mentions, its vector is stored so nothing is
embedded) and linked once in full. Then 500 newer articles are added and each step below
runs in a fresh process on a copy of that store, timed, with its peak RSS:

- ``link (incremental)``: ``Corpus.link()``, which links the batch against the stored stories;
- ``link (second batch)``: the same batch linked untimed, then 500 more articles
  (``link_corpus.add_batch``) and ``Corpus.link()`` timed: the steady state, without what a
  first link of a directly written base also does (``--base direct``);
- ``link (second batch; undated)``: the same, with every :data:`UNDATED_EVERY`-th article of
  the second batch stored without a date, as feeds and folders deliver some;
- ``link (second batch; own process)``: the same second batch, the first linked and the
  second added by another process, then ``Corpus.link()`` timed in a process of its own, as
  ``dateline link`` runs after a feed's new articles: its peak RSS is that link's alone,
  not what the first batch and the writing of the second left in the heap of the process;
- ``link --full``: ``Corpus.link(full=True)``, a full pass over the corpus (what every run
  cost before incremental linking);
- ``set-date + link``: ``Corpus.set_published`` on one article, then ``Corpus.link()``;
- ``entity merge``: ``dateline.link.entity_edits.merge_entities`` on two entities;
- ``entities (incremental)`` / ``entities --full``: entity linking alone
  (``dateline.link.entity_state.link_entities_in``), so its peak RSS is the entity part's;
- ``entities, before (full relink)``: what entity linking was before it was incremental
  (every mention clustered, every entity replaced), on every link, ``set-date`` and
  correction.

The stories stage (``link_stories``), the entity stage (``link_entities_in``) and the events
stage (``link_events``, wall and CPU seconds) are also timed on their own inside each link
step. ``--steps`` runs only some steps.

``--postgres DIR`` runs the steps on PostgreSQL: a server on loopback whose data stays in
``DIR`` (``benchmarks/postgres_local.py``, as ``bench_serve.py --postgres``). The base is the
same SQLite base, copied once per size into a database of the store's own schema
(``benchmarks/postgres_copy.py``) that is kept as a template; each step runs on a fresh copy
of it (``CREATE DATABASE ... TEMPLATE``), as the SQLite steps run on a copy of the file, and
also reports the CPU seconds the server's processes spent in the timed part (much of the
work is theirs). Its results go to ``docs/benchmarks/link-postgres.md``.
"""

from __future__ import annotations

import os

# What ``import dateline`` does when it comes first, as in the ``dateline`` command: this
# script imports numpy before dateline, and OpenBLAS would start a thread per core.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import contextlib
import json
import shutil
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from bench_stories import synthetic_corpus
from common import REPO, record_results
from dateline.link.embed import vector_to_bytes
from dateline.link.stories import VECTOR_KIND
from dateline.link.stories.features import StoryInput
from dateline.records import Annotations, Article, Event, Mention
from dateline.store.interface import Store
from dateline.store.sqlite import SQLiteStore
from link_corpus import add_batch, build_linked, is_built
from postgres_local import local_postgres, tree_cpu_seconds

if TYPE_CHECKING:
    from dateline.api import Corpus

BATCH = 500
UNDATED_EVERY = 50  # of a second batch, for "link (second batch; undated)": 10 of 500
STEPS = (
    "link (incremental)",
    "link (second batch)",
    "link (second batch; undated)",
    "link (second batch; own process)",
    "link --full",
    "set-date + link",
    "entity merge",
    "entities (incremental)",
    "entities --full",
    "entities, before (full relink)",
)
#: the untimed part of "link (second batch; own process)", run in a process before it
PREPARE_SECOND_BATCH = "prepare the second batch"
#: a step -> the step run in a process of its own on the same copy before it
PREPARED_BY = {"link (second batch; own process)": PREPARE_SECOND_BATCH}
# each article reports one event, its first two names as actor and target, with a trigger
# its story's articles share (so events cluster across articles, as real ones do)
TRIGGERS = (("visited", "consult"), ("met", "consult"), ("attacked", "attack"), ("signed", "agree"))


def _article(item: StoryInput) -> tuple[Article, Annotations]:
    text = item.text
    mentions = []
    for name in item.entity_keys:
        text += ". "
        start = len(text)
        text += name
        mentions.append(Mention(item.article_id, start, len(text), name, "PERSON", None))
    article = Article(
        id=item.article_id,
        title=item.title,
        text=text + ".",
        published=item.published.isoformat() if item.published else None,
        published_basis="metadata",
        language="en",
        content_hash=item.article_id,
    )
    events: tuple[Event, ...] = ()
    if len(mentions) >= 2:
        trigger, category = TRIGGERS[zlib.crc32(item.entity_keys[0].encode()) % len(TRIGGERS)]
        events = (
            Event(
                id=f"{item.article_id}-e",
                article_id=item.article_id,
                trigger_start=0,
                trigger_end=len(trigger),
                trigger=trigger,
                category=category,
                when=article.published,
                sentence=f"{trigger} {item.entity_keys[0]} {item.entity_keys[1]}",
                actor_spans=((mentions[0].start, mentions[0].end),),
                target_spans=((mentions[1].start, mentions[1].end),),
            ),
        )
    return article, Annotations(item.article_id, tuple(mentions), (), (), events)


def build(path: Path, size: int) -> list[str]:
    """A linked store of ``size`` articles at ``path``, plus a batch of newer articles added
    but not linked; returns the batch's ids."""
    from dateline.api import Corpus

    items, vectors, _gold = synthetic_corpus(size + BATCH)
    store = SQLiteStore(path)
    for start in range(0, len(items), 1000):
        chunk = range(start, min(len(items), start + 1000))
        if start == size:
            Corpus(store).link(full=True)
        pairs = [_article(items[i]) for i in chunk]
        store.add_articles([article for article, _ in pairs])
        store.put_annotations([annotations for _, annotations in pairs])
        store.put_vectors(
            VECTOR_KIND, [(items[i].article_id, vector_to_bytes(vectors[i])) for i in chunk]
        )
    store.close()
    return [item.article_id for item in items[size:]]


def _clock(server_pid: int | None) -> tuple[float, float, float]:
    """Wall and CPU seconds now, and the CPU seconds of the database server ``server_pid``
    (0 without one), read first so that reading /proc is not in this process's time."""
    server = tree_cpu_seconds(server_pid) if server_pid else 0.0
    return time.perf_counter(), time.process_time(), server


def _undate(store: Store, article_ids: Sequence[str]) -> None:
    """Store these articles as if their source gave no date."""
    for article in store.get_articles(article_ids, text=True):
        store.update_article(replace(article, published=None, published_basis=None))


def step(db: str, name: str, batch: list[str], server_pid: int | None = None) -> dict[str, float]:
    """Run one step on ``db`` (a SQLite file or a PostgreSQL URL) in this process; its
    seconds, those of the stories and the entity stage, peak RSS, and the CPU seconds of the
    database server ``server_pid`` (a PostgreSQL server's) in the timed part."""
    import resource

    import dateline.link.entity_state as entity_state
    import dateline.link.event_linking as event_links
    import dateline.link.stories as stories
    from dateline.api import Corpus, open_store
    from dateline.link.aliases import link_entities
    from dateline.link.entity_edits import merge_entities

    stage = [0.0]
    entity_stage = [0.0, 0.0]  # wall, CPU
    original = stories.link_stories
    original_entities = entity_state.link_entities_in

    def timed(*args: object, **kwargs: object) -> object:
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)  # type: ignore[arg-type]
        finally:
            stage[0] += time.perf_counter() - start

    def timed_entities(*args: object, **kwargs: object) -> object:
        start, start_cpu = time.perf_counter(), time.process_time()
        try:
            return original_entities(*args, **kwargs)  # type: ignore[arg-type]
        finally:
            entity_stage[0] += time.perf_counter() - start
            entity_stage[1] += time.process_time() - start_cpu

    stories.link_stories = timed  # type: ignore[assignment]
    entity_state.link_entities_in = timed_entities  # type: ignore[assignment]
    events_stage = [0.0, 0.0]
    original_events = event_links.link_events

    def timed_events(*args: object, **kwargs: object) -> object:
        start, start_cpu = time.perf_counter(), time.process_time()
        try:
            return original_events(*args, **kwargs)  # type: ignore[arg-type]
        finally:
            events_stage[0] += time.perf_counter() - start
            events_stage[1] += time.process_time() - start_cpu

    event_links.link_events = timed_events  # type: ignore[assignment]
    corpus = Corpus(open_store(db))
    start, start_cpu, server_start = _clock(server_pid)
    if name in ("link (incremental)", "link (second batch; own process)"):
        corpus.link()
    elif name == PREPARE_SECOND_BATCH:
        _link_then_add_a_batch(corpus, batch)
    elif name == "link --full":
        corpus.link(full=True)
    elif name.startswith("link (second batch"):
        # the steady state: the first batch linked untimed, then 500 more articles
        added = _link_then_add_a_batch(corpus, batch)
        if name.endswith("undated)"):
            _undate(corpus.store, added[::UNDATED_EVERY])
        start, start_cpu, server_start = _clock(server_pid)
        stage[0] = entity_stage[0] = entity_stage[1] = 0.0
        events_stage[:] = [0.0, 0.0]
        corpus.link()
    elif name == "set-date + link":
        corpus.link()  # the batch first, untimed below
        start, start_cpu, server_start = _clock(server_pid)
        stage[0] = entity_stage[0] = entity_stage[1] = 0.0
        events_stage[:] = [0.0, 0.0]
        corpus.set_published(batch[0], "2015-01-02")
        corpus.link()
    elif name == "entity merge":
        corpus.link()  # the batch first, untimed
        names = [e.name for e in corpus.store.iter_entities()][:2]
        start, start_cpu, server_start = _clock(server_pid)
        merge_entities(corpus.store, names)
        entity_stage[:] = [time.perf_counter() - start, time.process_time() - start_cpu]
    elif name == "entities, before (full relink)":
        # what every link, set-date and correction ran before entity linking was incremental
        linking = link_entities(corpus.store.iter_mentions(), corpus.store.list_corrections())
        corpus.store.replace_entities(linking.entities, linking.links)
        entity_stage[:] = [time.perf_counter() - start, time.process_time() - start_cpu]
    elif name.startswith("entities"):
        timed_entities(corpus.store, full=name.endswith("--full"))
    seconds = time.perf_counter() - start
    cpu = time.process_time() - start_cpu
    server_cpu = tree_cpu_seconds(server_pid) - server_start if server_pid else 0.0
    corpus.close()
    peak = _peak_rss_mib(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return {
        "seconds": seconds,
        "cpu_s": cpu,
        "stories_s": stage[0],
        "entities_s": entity_stage[0],
        "entities_cpu_s": entity_stage[1],
        "events_s": events_stage[0],
        "events_cpu_s": events_stage[1],
        "peak_mib": peak,
        "server_cpu_s": server_cpu,
    }


def _link_then_add_a_batch(corpus: Corpus, batch: list[str]) -> list[str]:
    """Link the pending first batch, then store :data:`BATCH` more articles after it (the
    second batch's ids)."""
    corpus.link()
    return add_batch(corpus.store, int(batch[0][1:]) + BATCH, BATCH)


def _peak_rss_mib(fallback: float) -> float:
    """This process's peak RSS since it started (``VmHWM``). ``ru_maxrss`` would not do: on
    Linux it keeps the parent's peak across fork and exec, so every step read the size of
    the process that built the corpus."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return fallback


#: A PostgreSQL run's server: (admin URL, the server's process id)
Server = tuple[str, int]


def hold_in_page_cache(copy: Path, base: Path) -> None:
    """Leave ``copy`` whole in the kernel's page cache and ``base`` out of it, as a user's one
    store is once it has been used. What a copy left cached depended on what else the machine
    had read (at 1,000,000 articles the base and its copy are 11 GB each on a 23 GB machine):
    once a third of the copy was out, and the step read the articles it samples from disk."""
    if hasattr(os, "posix_fadvise"):  # not on macOS: the base then stays as it was
        fd = os.open(base, os.O_RDONLY)
        try:
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)
    with copy.open("rb", buffering=0) as stream:
        while stream.read(16 << 20):
            pass


def run_size(
    size: int,
    workdir: Path,
    steps: list[str],
    base_kind: str,
    server: Server | None = None,
    as_copied: bool = False,
) -> tuple[list[list[object]], dict[str, float]]:
    """Each step on a copy of the base of ``size`` articles (a file, or with ``server`` a
    database made from the PostgreSQL template of that base); the rows, and the seconds the
    template's load took (empty when an earlier run's was kept). Each copy is held whole in
    the page cache, the base out of it, unless ``as_copied`` (what the copy left cached, as
    before the twenty-fifth round)."""
    base = workdir / f"corpus-{base_kind}-{size}.db"
    start = time.perf_counter()
    built = base.exists() and (base_kind != "direct" or is_built(base))
    if built:  # --workdir of an earlier run: the same synthetic corpus, built
        batch = [f"a{index:07d}" for index in range(size, size + BATCH)]
    elif base_kind == "direct":
        batch = build_linked(base, size, BATCH)
    else:
        batch = build(base, size)
    print(f"built {size:,} + {BATCH} in {time.perf_counter() - start:.0f} s", flush=True)
    load: dict[str, float] = {}
    if server is not None:
        template, load = _postgres_base(server[0], base, f"link_{base_kind}_{size}")
        print(f"PostgreSQL base {template}: {_load_note(load)}", flush=True)
    rows: list[list[object]] = []
    for name in steps:
        if server is None:
            copy = str(workdir / "step.db")
            shutil.copy(base, copy)
            # written back now, not by the kernel during the timed step (11 GB at 1,000,000:
            # its writeback slowed whichever step came first after the copy)
            os.sync()
            if not as_copied:
                hold_in_page_cache(Path(copy), base)
        else:
            copy = _postgres_copy(server[0], template, "link_step")
        for part in [PREPARED_BY[name], name] if name in PREPARED_BY else [name]:
            command = [sys.executable, __file__, "--step", part, "--db", copy]
            command += ["--batch", ",".join(batch[:1])]
            if server is not None:
                command += ["--server-pid", str(server[1])]
            out = subprocess.run(command, check=True, capture_output=True, text=True, cwd=REPO)
        result = json.loads(out.stdout.strip().splitlines()[-1])
        linking = name.startswith(("link", "set"))
        rows.append(
            [
                f"{size:,}",
                name,
                f"{result['seconds']:.1f}",
                f"{result['cpu_s']:.1f}",
                *([f"{result['server_cpu_s']:.1f}"] if server is not None else []),
                f"{result['stories_s']:.1f}" if linking else "",
                f"{result['entities_s']:.1f}",
                f"{result['entities_cpu_s']:.1f}",
                f"{result['events_s']:.1f} / {result['events_cpu_s']:.1f}" if linking else "",
                f"{result['peak_mib']:,.0f}",
            ]
        )
        print(rows[-1], flush=True)
    return rows, load


def _postgres_base(admin_url: str, base: Path, name: str) -> tuple[str, dict[str, float]]:
    """The PostgreSQL database ``name`` holding the SQLite store ``base`` (copied by
    ``postgres_copy.copy_sqlite_store``), the template of each step's database: kept from an
    earlier run while the file is the one it was copied from (its size and time, noted on
    the database), loaded afresh otherwise; and the load's seconds (empty when kept)."""
    import psycopg
    from psycopg import sql

    from postgres_copy import copy_sqlite_store
    from postgres_local import database_url

    stat = base.stat()
    origin = f"{base.resolve()} {stat.st_size} {stat.st_mtime_ns}"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        found = admin.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            (name,),
        ).fetchone()
        if found is not None and found[0] == origin:
            return name, {}
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        # loaded under another name, renamed once whole: a load stopped halfway is not kept
        admin.execute(f'DROP DATABASE IF EXISTS "{name}_loading"')
    start = time.perf_counter()
    load = copy_sqlite_store(base, database_url(admin_url, f"{name}_loading"))
    load["load_s"] = time.perf_counter() - start
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'ALTER DATABASE "{name}_loading" RENAME TO "{name}"')
        note = sql.SQL("COMMENT ON DATABASE {} IS {}")
        admin.execute(note.format(sql.Identifier(name), sql.Literal(origin)))
        size = admin.execute("SELECT pg_database_size(%s)", (name,)).fetchone()
        load["size_mib"] = float(size[0]) / 2**20 if size else 0.0
    return name, load


def _load_note(load: dict[str, float]) -> str:
    if not load:
        return "kept from an earlier run"
    return (
        f"loaded in {load['load_s']:.0f} s ({load['rows']:,.0f} rows copied in "
        f"{load['copy_s']:.0f} s, indexes {load['indexes_s']:.0f} s, VACUUM ANALYZE "
        f"{load['vacuum_s']:.0f} s), {load['size_mib']:,.0f} MiB"
    )


def _postgres_copy(admin_url: str, template: str, name: str) -> str:
    """The URL of database ``name``, made afresh as a copy of ``template``."""
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        for attempt in range(5):
            try:
                admin.execute(
                    f'CREATE DATABASE "{name}" TEMPLATE "{template}" STRATEGY = FILE_COPY'
                )
                break
            except psycopg.errors.ObjectInUse:  # a background worker still in the template
                if attempt == 4:
                    raise
                time.sleep(2)
    return admin_url.rsplit("/", 1)[0] + f"/{name}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="2000,10000", help="corpus sizes, comma-separated")
    parser.add_argument(
        "--workdir", help="keep the built stores here and reuse them (corpus-N.db) next time"
    )
    parser.add_argument("--steps", default=",".join(STEPS), help="steps, comma-separated")
    parser.add_argument(
        "--base",
        choices=("direct", "linked"),
        default="direct",
        help="direct: the base corpus is written as a linked store would hold it "
        "(benchmarks/link_corpus.py; reaches 1,000,000); linked: it is linked in full first",
    )
    parser.add_argument(
        "--as-copied",
        action="store_true",
        help="time each step with the page cache as the base's copy left it (earlier rounds' "
        "measurement) instead of holding the copy whole in it",
    )
    parser.add_argument(
        "--postgres",
        type=Path,
        default=None,
        help="run the steps on a PostgreSQL server on loopback whose data stays in this "
        "folder (each base is copied into it once and kept)",
    )
    parser.add_argument("--step", choices=[*STEPS, PREPARE_SECOND_BATCH], help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--batch", default="", help=argparse.SUPPRESS)
    parser.add_argument("--server-pid", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        print(json.dumps(step(args.db, args.step, args.batch.split(","), args.server_pid)))
        return
    sizes = [int(size) for size in args.sizes.split(",")]
    rows: list[list[object]] = []
    loads: dict[int, dict[str, float]] = {}
    with contextlib.ExitStack() as stack:
        temp = stack.enter_context(tempfile.TemporaryDirectory(prefix="dateline-bench-link-"))
        workdir = Path(args.workdir) if args.workdir else Path(temp)
        workdir.mkdir(parents=True, exist_ok=True)
        server = stack.enter_context(local_postgres(args.postgres)) if args.postgres else None
        for size in sizes:
            found, loads[size] = run_size(
                size, workdir, args.steps.split(","), args.base, server, args.as_copied
            )
            rows += found
    command = "python benchmarks/bench_link.py" + (
        f" --sizes {args.sizes}" if args.sizes != "2000,10000" else ""
    )
    if args.as_copied:
        command += " --as-copied"
    if args.postgres:
        command += f" --postgres {args.postgres}"
    notes = (
        "Synthetic story flow (bench_stories.synthetic_corpus), vectors stored, one "
        "process per step on a copy of the same store. Wall-clock seconds on a shared "
        "machine: noisy. 'link (incremental)' is Corpus.link() after 500 newer articles "
        "were added; 'link --full' re-links everything (the cost of every run before "
        "incremental linking); 'set-date + link' times set_published on one article and "
        "the link after it; 'entity merge' times merge_entities (it re-links the entities "
        "the correction names and what they are compared with), after linking the batch; "
        "'entities (incremental)' "
        "and 'entities --full' run entity linking alone (link_entities_in), so their peak "
        "RSS is the entity part's; 'entities, before' is the full re-link every link, "
        "set-date and correction ran before. The stage columns are link_stories and "
        "link_entities_in alone; the events column is link_events alone. Each article reports "
        "one event (its first two names as actor and target)."
    )
    columns = ["corpus", "step (500 new articles)", "wall s", "CPU s"]
    if args.postgres:
        columns.append("server CPU s")
        notes += (
            " On PostgreSQL (a server on loopback, benchmarks/postgres_local.py): each base "
            "is the SQLite base copied into a database of the store's own schema "
            "(benchmarks/postgres_copy.py), kept as the template of every step's database; "
            "CPU s is the benchmark process's, server CPU s the server processes' in the same "
            "timed part. Base loads: "
            + "; ".join(f"{size:,}: {_load_note(load)}" for size, load in loads.items())
            + "."
        )
    columns += [
        "stories stage wall s",
        "entity stage wall s",
        "entity stage CPU s",
        "events stage wall / CPU s",
        "peak RSS MiB",
    ]
    record_results("link-postgres" if args.postgres else "link", columns, rows, command, notes)


if __name__ == "__main__":
    main()
