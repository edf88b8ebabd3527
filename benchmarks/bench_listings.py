"""The corpus-wide pages on a large store: each listing page's time, one request at a time.

``bench_serve.py`` fires the four pages of its goals (search, dossier, timeline, story) under
load; the pages that list across the whole corpus (the home page, the story list, the entity
list, the graph, an entity's or a category's articles) are not among them, and each used to
read every story, entity or article to show one page. This runs each through the web app in
this process (FastAPI's test client: no network, no server), on a store ``bench_serve.py``
built (``--db``, a file or a ``postgresql://`` URL, or ``--postgres DIR --articles N`` for
its PostgreSQL database of N articles), and reports the first request's time and the best
of the next ``--repeat``.

Run: .venv/bin/python benchmarks/bench_listings.py --db /path/to/synthetic.db
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from common import record_results
from dateline.api import Corpus, open_corpus
from dateline.store.location import is_url, redact_url

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
    """The store to time: ``--db``, else the PostgreSQL server's benchmark database."""
    if args.db:
        yield args.db
        return
    from postgres_local import database_url, local_postgres

    with local_postgres(args.postgres) as (admin_url, _):
        yield database_url(admin_url, f"bench{args.articles}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default=None, help="a store bench_serve.py built")
    parser.add_argument("--postgres", type=Path, default=None, help="bench_serve.py's folder")
    parser.add_argument("--articles", type=int, default=100_000, help="with --postgres")
    parser.add_argument("--repeat", type=int, default=3, help="requests after the first")
    args = parser.parse_args(argv)
    if not args.db and not args.postgres:
        parser.error("give --db or --postgres")
    with store_location(args) as db:
        corpus = open_corpus(db)
        articles = corpus.count_articles()
        corpus.close()
        rows = time_pages(db, args.repeat)
    backend = "postgres" if is_url(db) else "sqlite"
    where = f"--postgres {args.postgres} --articles {args.articles}" if args.postgres else "--db"
    record_results(
        f"listings-{backend}",
        ["page", "status", "bytes", "first s", f"best of {args.repeat} s"],
        rows,
        f"{COMMAND} {where}",
        f"{articles:,} articles ({backend}: {redact_url(db) if is_url(db) else Path(db).name}), "
        "each page through the web app in this process, one request at a time.",
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
