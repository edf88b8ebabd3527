"""API latency under concurrent load: search, dossier, timeline and story on a synthetic store.

    .venv/bin/python benchmarks/bench_serve.py [--articles 100000] [--requests 300]
        [--concurrency 8] [--db PATH] [--keep]

1. Builds a synthetic corpus (articles in batches, plus entities, mentions, quotes, events
   and stories of 1 to 40 articles, so dossiers, timelines and story pages have data). Text is
   made of generated words; nothing is downloaded. A ``--db`` that already holds the asked
   number of articles is reused. A SQLite store is loaded in bulk, a batch per transaction
   with its indexes, full-text index and summaries built after (``benchmarks/sqlite_bulk.py``:
   1,000,000 articles in 20 minutes on two shared cores; :func:`build_store` writes the same
   rows through the store interface, which took hours).
   ``--postgres DIR`` builds it in a PostgreSQL server started on loopback with its data
   in ``DIR`` (kept, so the next run reuses the store; ``benchmarks/postgres_local.py``),
   loading the same rows with COPY and building indexes and summaries after
   (``benchmarks/postgres_bulk.py``: 1,000,000 articles in minutes, not hours).
2. Starts ``uvicorn`` serving it on 127.0.0.1 in a subprocess (loopback only).
3. From this process, fires ``--requests`` requests per endpoint, ``--concurrency`` at a
   time over as many keep-alive connections (a bare asyncio HTTP/1.1 client: the load
   generator shares the server's cores, and httpx spent a few ms of CPU a request), and
   records p50/p95 latency and the server's and the client's CPU time a request in
   docs/benchmarks/serve.md.

The run is bounded: fixed request counts, a timeout per request, and the server is stopped
at the end whatever happens.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from urllib.parse import quote

import httpx

from common import REPO, peak_rss_mb, record_results, stopwatch
from dateline.api import open_store
from dateline.records import (
    Annotations,
    Article,
    Entity,
    Event,
    Mention,
    Quote,
    Story,
)
from dateline.store.location import is_url, redact_url
from postgres_bulk import BulkLoader
from postgres_local import database_url, local_postgres, tree_cpu_seconds
from sqlite_bulk import SQLiteBulkLoader

#: A request still unanswered after this long counts as an error.
REQUEST_TIMEOUT_S = 120

SYLLABLES = (
    "ka",
    "lo",
    "mi",
    "ren",
    "tos",
    "va",
    "zu",
    "bri",
    "den",
    "fal",
    "gor",
    "hin",
    "jul",
    "ker",
    "lam",
    "nor",
    "pel",
    "quin",
    "ros",
    "sel",
    "tav",
    "ur",
    "vik",
    "wen",
)
LABELS = ("PERSON", "PERSON", "ORG", "PLACE")
CATEGORIES = ("consult", "agree", "visit", "sanction", "aid", "disapprove")
BATCH = 2000


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 3)))


def _entities(rng: random.Random, count: int) -> list[tuple[str, str, str]]:
    """(id, name, label) of synthetic entities, names unique."""
    seen: set[str] = set()
    out: list[tuple[str, str, str]] = []
    while len(out) < count:
        label = LABELS[len(out) % len(LABELS)]
        name = " ".join(_word(rng).capitalize() for _ in range(2 if label == "PERSON" else 1))
        if name not in seen:
            seen.add(name)
            out.append((f"Esyn{len(out):06d}", name, label))
    return out


def _date(rng: random.Random) -> str:
    return f"{rng.randint(2010, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


#: each article's section, in turn (as feeds file them; no draw, so the rest is as before)
SECTIONS = ("Politics", "Business", "World", "Sport", "Science", "Culture", "Health", "Technology")


def _article(
    rng: random.Random,
    index: int,
    vocabulary: Sequence[str],
    cast: Sequence[tuple[str, str, str]],
    cum_weights: Sequence[float],
) -> tuple[Article, Annotations, list[tuple[str, int, int, str]]]:
    """One synthetic article, its annotations and its entity links."""
    article_id = f"syn{index:08d}"
    published = _date(rng)
    people = [c for c in rng.choices(cast, cum_weights=cum_weights, k=5)]
    parts: list[str] = []
    mentions: list[Mention] = []
    links: list[tuple[str, int, int, str]] = []
    position = 0

    def add(text: str) -> None:
        nonlocal position
        parts.append(text)
        position += len(text)

    def mention(entity: tuple[str, str, str]) -> tuple[int, int]:
        start = position
        add(entity[1])
        mentions.append(Mention(article_id, start, position, entity[1], entity[2], entity[0]))
        links.append((article_id, start, position, entity[0]))
        return start, position

    actor, target = people[0], people[1]
    actor_span = mention(actor)
    add(" ")
    trigger_start = position
    add("met")
    trigger_end = position
    add(" ")
    target_span = mention(target)
    add(f" on {published}. ")
    sentence_end = position
    for entity in people[2:]:
        add(" ".join(rng.choices(vocabulary, k=rng.randint(8, 20))) + " ")
        mention(entity)
        add(" " + " ".join(rng.choices(vocabulary, k=rng.randint(8, 20))) + ". ")
    speaker = next((p for p in people if p[2] == "PERSON"), actor)
    add("“")
    quote_start = position
    add(" ".join(rng.choices(vocabulary, k=12)))
    quote_end = position
    add("”, said ")
    speaker_span = mention(speaker)
    add(". " + " ".join(rng.choices(vocabulary, k=rng.randint(60, 160))) + ".")
    text = "".join(parts)
    event = Event(
        id=f"ev{article_id}",
        article_id=article_id,
        trigger_start=trigger_start,
        trigger_end=trigger_end,
        trigger="met",
        category=rng.choice(CATEGORIES),
        when=published,
        when_basis="stated",
        sentence_start=0,
        sentence_end=sentence_end,
        sentence=text[:sentence_end],
        actor_spans=(actor_span,),
        target_spans=(target_span,),
    )
    quote = Quote(
        article_id,
        quote_start,
        quote_end,
        text[quote_start:quote_end],
        "direct",
        cue="said",
        speaker_start=speaker_span[0],
        speaker_end=speaker_span[1],
        speaker_text=speaker[1],
    )
    title = " ".join(rng.choices(vocabulary, k=6)).capitalize()
    article = Article(
        id=article_id,
        text=text,
        title=title,
        source=f"Outlet {index % 40}",
        published=published,
        published_basis="metadata",
        language="en",
        content_hash=article_id,
        categories=(SECTIONS[index % len(SECTIONS)],),
    )
    return article, Annotations(article_id, tuple(mentions), (), (quote,), (event,)), links


Batch = list[tuple[Article, Annotations, list[tuple[str, int, int, str]]]]


class SyntheticCorpus:
    """The synthetic corpus both builders load: articles made a batch at a time, each
    entity's articles counted as they are made, and the entities and stories at the end."""

    def __init__(self, articles: int, entity_count: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.articles = articles
        self.vocabulary = [_word(self.rng) for _ in range(5000)]
        self.cast = _entities(self.rng, entity_count)
        weights = [1 / (rank + 1) ** 0.5 for rank in range(entity_count)]  # a mild Zipf
        # summed once: the same draws as ``weights=``, which sums them again on every call
        self.cum_weights = list(itertools.accumulate(weights))
        self.appearances: dict[str, dict[str, int]] = {c[0]: {} for c in self.cast}

    def batches(self) -> Iterator[Batch]:
        for start in range(0, self.articles, BATCH):
            batch = [
                _article(self.rng, i, self.vocabulary, self.cast, self.cum_weights)
                for i in range(start, min(self.articles, start + BATCH))
            ]
            yield batch
            for article, _, article_links in batch:
                for _, _, _, entity_id in article_links:
                    seen = self.appearances[entity_id]
                    seen[article.id] = seen.get(article.id, 0) + 1
            print(f"  {min(self.articles, start + BATCH)} articles", end="\r", flush=True)
        print()

    def entities(self) -> list[Entity]:
        return [
            Entity(
                id=entity_id,
                name=name,
                label=label,
                aliases=((name, sum(self.appearances[entity_id].values())),),
                article_ids=tuple(self.appearances[entity_id]),
            )
            for entity_id, name, label in self.cast
            if self.appearances[entity_id]
        ]

    def stories(self) -> list[Story]:
        return _stories(self.rng, self.articles)


def build_store(path: str, articles: int, entity_count: int, seed: int = 7) -> dict[str, float]:
    """Fill the store at ``path`` (a SQLite file or a PostgreSQL URL) with a synthetic corpus;
    returns build timings in seconds."""
    corpus = SyntheticCorpus(articles, entity_count, seed)
    store = open_store(path)
    links: list[tuple[str, int, int, str]] = []
    with stopwatch() as inserting:
        for batch in corpus.batches():
            store.add_articles([a for a, _, _ in batch])
            store.put_annotations([ann for _, ann, _ in batch])
            for _, _, article_links in batch:
                links.extend(article_links)
    entities = corpus.entities()
    stories = corpus.stories()
    with stopwatch() as linking:
        store.replace_entities(entities, links)
        store.replace_stories(stories)
    store.set_meta("synthetic_articles", str(articles))
    store.set_meta("synthetic_build_s", f"{inserting[0]:.0f} + {linking[0]:.0f}")
    store.close()
    return {"insert_s": inserting[0], "link_s": linking[0]}


def build_postgres_store(
    url: str, articles: int, entity_count: int, seed: int = 7
) -> dict[str, float]:
    """The same synthetic corpus as :func:`build_store`, loaded into the empty PostgreSQL
    store at ``url`` with COPY (``postgres_bulk.py``); returns build timings in seconds."""
    return _bulk_build(BulkLoader(url), url, SyntheticCorpus(articles, entity_count, seed))


def build_sqlite_store(
    path: str, articles: int, entity_count: int, seed: int = 7
) -> dict[str, float]:
    """The same synthetic corpus as :func:`build_store`, loaded into the new SQLite store at
    ``path`` in batches with indexes built after (``sqlite_bulk.py``); returns build
    timings in seconds."""
    return _bulk_build(SQLiteBulkLoader(path), path, SyntheticCorpus(articles, entity_count, seed))


def _bulk_build(
    loader: BulkLoader | SQLiteBulkLoader, location: str, corpus: SyntheticCorpus
) -> dict[str, float]:
    """Load ``corpus`` with ``loader`` (the store at ``location``) and note its build."""
    try:
        with stopwatch() as inserting:
            for batch in corpus.batches():
                loader.add([(article, ann) for article, ann, _ in batch])
        entities = corpus.entities()
        stories = corpus.stories()
        with stopwatch() as finishing:
            loader.finish(entities, stories)
    finally:
        loader.close()
    store = open_store(location)
    store.set_meta("synthetic_articles", str(corpus.articles))
    store.set_meta("synthetic_build_s", f"{inserting[0]:.0f} + {finishing[0]:.0f}")
    store.close()
    return {"insert_s": inserting[0], "link_s": finishing[0]}


def _postgres_database(admin_url: str, articles: int) -> str:
    """The URL of the benchmark database of ``articles`` articles: kept when it holds them
    all, made afresh otherwise (a bulk load starts from an empty store)."""
    import psycopg

    url = database_url(admin_url, f"bench{articles}")
    store = open_store(url)
    ready = store.get_meta("synthetic_articles") == str(articles)
    store.close()
    if not ready:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE "bench{articles}"')
        url = database_url(admin_url, f"bench{articles}")
    return url


def _stories(rng: random.Random, articles: int) -> list[Story]:
    """Consecutive articles grouped into stories of 1 to 40 (most of them small)."""
    stories: list[Story] = []
    start = 0
    while start < articles:
        size = min(articles - start, int(rng.paretovariate(1.2)) if rng.random() < 0.9 else 40)
        size = max(1, min(size, 40))
        ids = tuple(f"syn{i:08d}" for i in range(start, start + size))
        stories.append(Story(f"S{len(stories):07d}", f"Story {len(stories)}", ids))
        start += size
    return stories


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _serve(db: str, port: int, workers: int, threads: int | None) -> None:
    """Subprocess entry: serve ``db`` on loopback until terminated, as ``dateline serve``
    does (``workers`` processes, ``threads`` threads each; None: the default)."""
    from dateline.api import open_corpus
    from dateline.serve.app import create_app
    from dateline.serve.server import ServerLimits, run_server

    limits = ServerLimits() if threads is None else ServerLimits(threads=threads)

    def app() -> object:
        return create_app(open_corpus(db, serving=True), trusted_hosts=["127.0.0.1"])

    if workers == 1:
        run_server(app(), "127.0.0.1", port, limits)
    else:
        from dateline.serve.server import run_workers

        run_workers(app, "127.0.0.1", port, workers, limits)


async def _response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    """The status and body of one HTTP/1.1 response (``Content-Length`` or chunked)."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    if "content-length" in headers:
        return status, await reader.readexactly(int(headers["content-length"]))
    if headers.get("transfer-encoding", "").lower() == "chunked":
        body = bytearray()
        while size := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16):
            body += await reader.readexactly(size + 2)
            del body[-2:]
        await reader.readuntil(b"\r\n")
        return status, bytes(body)
    raise ValueError("a response without Content-Length or chunked encoding")


async def _fire(
    host: str, port: int, urls: Sequence[str], concurrency: int
) -> tuple[list[float], int]:
    """Latencies (ms) of GETs to ``urls`` over ``concurrency`` keep-alive connections, each
    sending its next request when its answer is in; and the error count.

    A bare HTTP/1.1 client on asyncio streams: it spends a tenth of a millisecond of CPU a
    request where httpx spends a few, and the load generator shares the server's cores.
    """
    pending = iter(urls)
    latencies: list[float] = []
    errors = 0

    async def connection() -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection(host, port)
        try:
            for url in pending:
                target = quote(url, safe="/?=&%*:")
                request = f"GET {target} HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n"
                start = time.perf_counter()
                try:
                    writer.write(request.encode("ascii"))
                    status, _ = await asyncio.wait_for(_response(reader), REQUEST_TIMEOUT_S)
                    errors += status != 200
                except (OSError, ValueError, asyncio.IncompleteReadError, TimeoutError):
                    errors += 1
                    writer.close()
                    reader, writer = await asyncio.open_connection(host, port)
                latencies.append((time.perf_counter() - start) * 1000)
        finally:
            writer.close()

    await asyncio.gather(*(connection() for _ in range(concurrency)))
    return latencies, errors


def _percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _wait_for(base: str, server: subprocess.Popen[bytes], seconds: float = 300) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("the server exited during start-up")
        try:
            if httpx.get(base + "/api/stats", timeout=60).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.3)
    raise RuntimeError(f"the server did not answer within {seconds:.0f} s")


def run_load(
    db: str,
    requests: int,
    concurrency: int,
    database_pid: int | None = None,
    workers: int = 1,
    seed: int = 11,
    threads: int | None = None,
) -> list[list[object]]:
    """Per endpoint: latencies, throughput, and the CPU time per request of the server process
    and (``database_pid``: a PostgreSQL server's) of the database server."""
    rng = random.Random(seed)
    store = open_store(db)
    entity_ids = [e.id for e in store.iter_entities()]
    story_ids = [s.id for s in store.iter_stories()]
    words = [w for a in store.iter_articles(limit=50) for w in a.text.split()[:40]]
    store.close()
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, __file__, "--serve", db, "--port", str(port)]
    command += ["--workers", str(workers)]
    command += [] if threads is None else ["--threads", str(threads)]
    server = subprocess.Popen(command, cwd=REPO)
    rows: list[list[object]] = []
    try:
        _wait_for(base, server)
        endpoints = {
            "search": [
                f"/api/search?q={' '.join(rng.sample(words, rng.choice((1, 2))))}"
                for _ in range(requests)
            ],
            "dossier": [f"/api/entities/{rng.choice(entity_ids)}/dossier" for _ in range(requests)],
            "timeline": [
                f"/api/entities/{rng.choice(entity_ids)}/timeline" for _ in range(requests)
            ],
            "story": [f"/api/stories/{rng.choice(story_ids)}" for _ in range(requests)],
        }

        async def all_endpoints() -> None:
            # open the connections' first requests and warm the caches
            await _fire("127.0.0.1", port, ["/api/stats"] * concurrency, concurrency)
            for name, urls in endpoints.items():
                started = time.perf_counter()
                cpu_before = tree_cpu_seconds(server.pid)
                client_before = time.process_time()
                database_before = tree_cpu_seconds(database_pid) if database_pid else 0.0
                latencies, errors = await _fire("127.0.0.1", port, urls, concurrency)
                elapsed = time.perf_counter() - started
                cpu = (tree_cpu_seconds(server.pid) - cpu_before) * 1000 / len(urls)
                client = (time.process_time() - client_before) * 1000 / len(urls)
                database = "in process"
                if database_pid:
                    spent = tree_cpu_seconds(database_pid) - database_before
                    database = f"{spent * 1000 / len(urls):.1f}"
                rows.append(
                    [
                        name,
                        len(latencies),
                        concurrency,
                        f"{statistics.median(latencies):.1f}",
                        f"{_percentile(latencies, 0.95):.1f}",
                        f"{max(latencies):.1f}",
                        f"{len(latencies) / elapsed:.1f}",
                        f"{cpu:.1f}",
                        database,
                        f"{client:.2f}",
                        errors,
                        f"{os.getloadavg()[0]:.1f}",
                    ]
                )

        asyncio.run(all_endpoints())
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--entities", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=300, help="per endpoint")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument(
        "--workers",
        type=int,
        default=None,
        help="server processes (default: as `dateline serve`, one per core)",
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=None,
        help="threads each server process runs pages on (default: as `dateline serve`)",
    )
    parser.add_argument(
        "--db", default=None, help="reuse or keep this store (a file or a postgresql:// URL)"
    )
    parser.add_argument(
        "--postgres",
        type=Path,
        default=None,
        help="use a PostgreSQL server on loopback whose data stays in this folder",
    )
    parser.add_argument("--limit", type=int, default=None, help="alias of --articles")
    parser.add_argument("--serve", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        _serve(args.serve, args.port, args.workers, args.threads)
        return
    asked_workers = args.workers
    if args.workers is None:
        from dateline.serve.server import default_workers

        args.workers = default_workers()
    args.asked_workers = asked_workers
    articles = args.limit or args.articles
    if args.postgres:
        with local_postgres(args.postgres) as (admin_url, pid):
            benchmark(args, articles, _postgres_database(admin_url, articles), pid)
        return
    folder = None if args.db else tempfile.TemporaryDirectory(prefix="dateline-bench-serve-")
    db = args.db or str(Path(folder.name if folder else ".") / "synthetic.db")
    try:
        benchmark(args, articles, db, None)
    finally:
        if folder is not None:
            folder.cleanup()


def benchmark(args: argparse.Namespace, articles: int, db: str, database_pid: int | None) -> None:
    """Builds the store at ``db`` unless it holds ``articles`` already, loads it, records."""
    timings: dict[str, float] = {}
    existing = open_store(db)
    ready = existing.get_meta("synthetic_articles") == str(articles)
    built = existing.get_meta("synthetic_build_s")
    existing.close()
    if not ready:
        print(f"building a synthetic store of {articles} articles in {redact_url(db)}")
        build = build_postgres_store if is_url(db) else build_sqlite_store
        timings = build(db, articles, args.entities)
    rows = run_load(
        db, args.requests, args.concurrency, database_pid, args.workers, threads=args.threads
    )
    build = (
        f"Store built in {timings['insert_s']:.0f} s (articles, FTS index, annotations) "
        f"+ {timings['link_s']:.0f} s (entity links)."
        if timings
        else f"Store reused from an earlier run (built in {built or '?'} s)."
    )
    backend = "PostgreSQL (a server on loopback)" if is_url(db) else "SQLite"
    where = f" --postgres {args.postgres}" if args.postgres else ""
    where += f" --db {args.db}" if args.db else ""
    record_results(
        "serve",
        [
            "endpoint",
            "requests",
            "concurrency",
            "p50 ms",
            "p95 ms",
            "max ms",
            "req/s",
            "server CPU ms/req",
            "database CPU ms/req",
            "client CPU ms/req",
            "errors",
            "load (1 min)",
        ],
        rows,
        command=(
            f".venv/bin/python benchmarks/bench_serve.py --articles {articles} "
            f"--requests {args.requests} --concurrency {args.concurrency}"
            f"{'' if args.asked_workers is None else f' --workers {args.workers}'}"
            f"{'' if args.threads is None else f' --threads {args.threads}'}{where}"
        ),
        notes=(
            f"{backend} synthetic store: {articles} articles, {args.entities} entities (mild "
            "Zipf popularity), 5 mentions, 1 quote and 1 event per article, stories of 1 to 40 "
            f"articles. `dateline serve`'s server, {args.workers} process(es)"
            f"{' (the default: one per core)' if args.asked_workers is None else ''}"
            f"{'' if args.threads is None else f' of {args.threads} threads'}, "
            "on 127.0.0.1 in a subprocess; the load comes from a second process (a bare "
            "asyncio HTTP/1.1 client, one keep-alive connection per request in flight; client "
            "CPU ms/req is its CPU time). Server CPU ms/req is the server process's CPU time "
            "over the requests (all its workers; database CPU: the PostgreSQL server's "
            "processes'): "
            "it moves far less than latency with other load on the machine, whose load "
            "average (1 minute, as each endpoint's requests end) is the last column. Dossier and "
            "timeline target entities drawn uniformly, so p95 shows "
            f"the popular ones. {build} Loader peak RSS {peak_rss_mb():.0f} MiB."
        ),
    )


if __name__ == "__main__":
    main()
