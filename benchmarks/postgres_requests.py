"""Where a PostgreSQL request's time goes: the statements each API page runs, their planning
and execution time on the server, and the CPU of the server process and of the database.

    .venv/bin/python benchmarks/postgres_requests.py DIR ARTICLES [COUNT] [ENDPOINT...]

Starts the benchmark server on the store ``bench_serve.py --postgres DIR --articles
ARTICLES`` built (``postgres_local.py``) with ``pg_stat_statements`` loaded, asks each
endpoint (dossier, timeline, story, search) for ``COUNT`` random entities, stories or
searches, in process and one at a time (Starlette's test client), twice: the second pass,
with the server's cache warm, is measured. Prints per endpoint the statements a request
runs, their planning and execution milliseconds (``pg_stat_statements``), the CPU of this
process (the API's Python and the database client) and of the database server's processes,
then the statements that took most. Prints only: the figures go to docs/scale.md by hand.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

from postgres_local import (  # the starter the tests use, found through postgres_local
    BENCHMARK_SETTINGS,
    database_url,
    postgres_server,
    server_pid,
    tree_cpu_seconds,
)

ENDPOINTS = ("dossier", "timeline", "story", "search")
PROFILED = {
    **BENCHMARK_SETTINGS,
    "shared_preload_libraries": "pg_stat_statements",
    "pg_stat_statements.track_planning": "on",
}
TOP = (
    "SELECT calls, total_plan_time, total_exec_time, rows, shared_blks_hit + shared_blks_read, "
    "left(regexp_replace(query, '\\s+', ' ', 'g'), 110) FROM pg_stat_statements "
    "WHERE query NOT LIKE '%pg_stat_statements%' "
    "ORDER BY total_plan_time + total_exec_time DESC LIMIT 8"
)
TOTAL = (
    "SELECT sum(calls), sum(total_plan_time), sum(total_exec_time) FROM pg_stat_statements "
    "WHERE query NOT LIKE '%pg_stat_statements%'"
)


def main() -> None:
    import psycopg
    from starlette.testclient import TestClient

    from dateline.api import open_corpus, open_store
    from dateline.serve.app import create_app

    folder, articles = Path(sys.argv[1]), int(sys.argv[2])
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 80
    asked = sys.argv[4:] or ENDPOINTS
    with postgres_server(folder, PROFILED) as admin_url:
        pid = server_pid(folder)
        url = database_url(admin_url, f"bench{articles}")
        stats = psycopg.connect(url, autocommit=True)
        stats.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
        store = open_store(url)
        entities = [e.id for e in store.iter_entities(articles=False)]
        stories = [s.id for s in store.iter_stories()][:5000]
        words = [w for a in store.iter_articles(limit=50) for w in a.text.split()[:40]]
        store.close()
        rng = random.Random(3)
        client = TestClient(create_app(open_corpus(url), trusted_hosts=["testserver"]))
        urls = {
            "dossier": [f"/api/entities/{e}/dossier" for e in rng.sample(entities, count)],
            "timeline": [f"/api/entities/{e}/timeline" for e in rng.sample(entities, count)],
            "story": [f"/api/stories/{s}" for s in rng.sample(stories, count)],
            "search": [
                f"/api/search?q={' '.join(rng.sample(words, rng.choice((1, 2))))}"
                for _ in range(count)
            ],
        }
        for name in asked:
            for path in urls[name]:  # the first pass warms the server's cache
                client.get(path)
            stats.execute("SELECT pg_stat_statements_reset()")
            database, own = tree_cpu_seconds(pid), time.process_time()
            for path in urls[name]:
                response = client.get(path)
                if response.status_code != 200:
                    raise SystemExit(f"{path}: {response.status_code}")
            database = (tree_cpu_seconds(pid) - database) * 1000 / count
            own = (time.process_time() - own) * 1000 / count
            total = stats.execute(TOTAL).fetchone()
            assert total is not None
            calls, plan, run = (float(value or 0) for value in total)
            print(
                f"== {name}: {calls / count:.1f} statements a request, planning "
                f"{plan / count:.2f} ms, execution {run / count:.2f} ms; CPU ms a request: "
                f"API process {own:.1f}, database {database:.1f}"
            )
            for calls, plan, run, rows, blocks, query in stats.execute(TOP).fetchall():
                print(
                    f"  {calls / count:4.1f}x  plan {plan / count:5.2f}  run {run / count:5.2f}"
                    f"  rows {rows / calls:6.1f}  buffers {blocks / calls:6.0f}  {query}"
                )


if __name__ == "__main__":
    main()
