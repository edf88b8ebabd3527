"""The corpus-wide pages on a large store: each listing page's time, one request at a time.

``bench_serve.py`` fires the four pages of its goals (search, dossier, timeline, story) under
load; the pages that list across the whole corpus (the home page, the story list, the entity
list, the graph, an entity's or a category's articles) are not among them, and each used to
read every story, entity or article to show one page. This runs each through the web app in
this process (FastAPI's test client: no network, no server) and reports the first request's
time and the best of the next ``--repeat``. The store is ``bench_serve.py``'s synthetic
corpus of ``--articles`` articles (2,000 entities): ``--db`` times a store as it is (any
store: ``bench_link.py``'s bases have realistic numbers of entities) or builds one there,
``--postgres DIR`` uses that server's benchmark database (built when missing, as
``bench_serve.py`` builds it), and without either a SQLite store is built in a temporary
folder.

Run: .venv/bin/python benchmarks/bench_listings.py [--articles 100000] [--db FILE | --postgres DIR]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from common import record_results
from dateline.api import Corpus, open_corpus
from dateline.store.interface import Store
from dateline.store.location import is_url

COMMAND = ".venv/bin/python benchmarks/bench_listings.py"


def listing_paths(corpus: Corpus) -> list[str]:
    """The pages timed: every corpus-wide listing, with the most named entity's articles and
    a category's."""
    top = next(iter(corpus.entities(articles=False)), None)
    first = next(iter(corpus.articles(limit=1)), None)
    paths = [
        "/",
        "/stories",
        "/stories?page=50",
        "/api/stories?limit=50",
        "/api/stories?limit=50&offset=5000",
        "/entities",
        "/api/entities?limit=50",
        "/graph",
        "/api/graph",
        "/api/events?limit=50",
        "/api/events?category=consult&limit=50",
        "/api/quotes?limit=50",
    ]
    if top is not None:
        paths.append(f"/api/articles?entity={quote(top.id, safe='')}&limit=20")
    # the first article's category, else one no article has (the store reads them all alike)
    category = first.categories[0] if first is not None and first.categories else "politics"
    paths.append(f"/api/articles?category={quote(category, safe='')}&limit=20")
    return paths


def time_pages(db: str, repeat: int) -> list[list[object]]:
    """Rows of (page, status, bytes, first s, best s)."""
    from fastapi.testclient import TestClient

    from dateline.serve.app import create_app

    rows: list[list[object]] = []
    with open_corpus(db, serving=True) as corpus:
        paths = listing_paths(corpus)
        with TestClient(create_app(corpus)) as client:
            for path in paths:
                times = []
                for _ in range(1 + repeat):
                    start = time.perf_counter()
                    response = client.get(path)
                    times.append(time.perf_counter() - start)
                rows.append(
                    [
                        path,
                        response.status_code,
                        f"{len(response.content):,}",
                        f"{times[0]:.3f}",
                        f"{min(times[1:] or times):.3f}",
                    ]
                )
    return rows


@contextmanager
def store_location(args: argparse.Namespace) -> Iterator[str]:
    """The store to time, built with ``args.articles`` articles where it does not hold them."""
    from bench_serve import _postgres_database, build_postgres_store, build_sqlite_store
    from dateline.api import open_store

    if args.postgres:
        from postgres_local import local_postgres

        with local_postgres(args.postgres) as (admin_url, _):
            url = _postgres_database(admin_url, args.articles)
            if not _holds(url, args.articles, open_store):
                build_postgres_store(url, args.articles, args.entities)
            yield url
        return
    with tempfile.TemporaryDirectory(prefix="dateline-bench-listings-") as folder:
        db = args.db or str(Path(folder) / "synthetic.db")
        if not Path(db).exists():
            build_sqlite_store(db, args.articles, args.entities)
        yield db  # a store given is timed as it is (a link benchmark's base, a user's corpus)


def _holds(db: str, articles: int, open_store: Callable[[str], Store]) -> bool:
    """Whether ``db`` holds bench_serve.py's corpus of ``articles`` articles."""
    if not is_url(db) and not Path(db).exists():
        return False
    store = open_store(db)
    try:
        return store.get_meta("synthetic_articles") == str(articles)
    finally:
        store.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--limit", type=int, default=None, help="alias of --articles")
    parser.add_argument("--entities", type=int, default=2000, help="when a store is built")
    parser.add_argument(
        "--db", default=None, help="time this SQLite store (built there when missing)"
    )
    parser.add_argument("--postgres", type=Path, default=None, help="bench_serve.py's folder")
    parser.add_argument("--repeat", type=int, default=3, help="requests after the first")
    args = parser.parse_args(argv)
    args.articles = args.limit or args.articles
    with store_location(args) as db:
        rows = time_pages(db, args.repeat)
    backend = "postgres" if is_url(db) else "sqlite"
    where = f" --postgres {args.postgres}" if args.postgres else " --db FILE" if args.db else ""
    record_results(
        "listings" + ("-postgres" if is_url(db) else ""),
        ["page", "status", "bytes", "first s", f"best of {args.repeat} s"],
        rows,
        f"{COMMAND} --articles {args.articles}{where}",
        f"{args.articles:,} articles of bench_serve.py's synthetic corpus ({backend}), each page "
        "through the web app in this process, one request at a time.",
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
