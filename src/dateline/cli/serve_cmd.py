"""Commands for people: ``dateline serve`` (REST API and web UI) and ``dateline report``."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer

from dateline.cli.app import (
    DEFAULT_DB,
    DbOption,
    app,
    console,
    entity_id_option,
    err_console,
    open_cli_corpus,
    require_story_option,
)
from dateline.cli.text import printable
from dateline.serve.bind import LOOPBACK_NAMES, TOKEN_ENV, TokenRequired, check_bind
from dateline.store.location import shown_location


@app.command()
def serve(
    db: DbOption = DEFAULT_DB,
    host: Annotated[
        str, typer.Option(help="Address to listen on; beyond loopback a token is required.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
    token: Annotated[
        str | None,
        typer.Option(envvar=TOKEN_ENV, help="Token every request must carry (Bearer or cookie)."),
    ] = None,
    max_upload_mb: Annotated[
        float, typer.Option(min=0.001, help="Largest accepted upload, per file, in MB.")
    ] = 20.0,
    max_request_mb: Annotated[
        float, typer.Option(min=0.001, help="Largest upload request (all its files), in MB.")
    ] = 100.0,
    max_connections: Annotated[
        int, typer.Option(min=1, help="Connections and requests at once; more get 503.")
    ] = 64,
    workers: Annotated[
        int | None,
        typer.Option(
            min=1,
            max=64,
            help="Server processes (each uses a core; POSIX only). Default: one per core.",
        ),
    ] = None,
    threads: Annotated[
        int | None,
        typer.Option(
            min=1,
            max=64,
            help="Threads each process runs pages and searches on. Default: two (Python runs "
            "one at a time; a second keeps a slow page from holding the rest).",
        ),
    ] = None,
) -> None:
    """Serve the corpus: REST API under /api (schema: /api/openapi.json) and the web UI."""
    try:
        from fastapi import FastAPI

        from dateline.api import Corpus, open_corpus
        from dateline.serve.app import create_app
        from dateline.serve.server import ServerLimits, default_workers, run_server, run_workers
    except ImportError as exc:
        err_console.print(
            "[red]error:[/red] "
            + printable(f"the web server needs the web extra ({exc}): pip install 'dateline[web]'")
        )
        raise typer.Exit(2) from exc

    try:
        check_bind(host, token)
    except TokenRequired as exc:
        err_console.print(f"[red]error:[/red] {printable(str(exc))}")
        raise typer.Exit(2) from exc
    # without a token, answer only requests addressed to loopback (defeats DNS rebinding), on
    # IPv6 as on IPv4
    trusted = None if token else sorted({*LOOPBACK_NAMES, host.strip("[]").lower()})

    def application(corpus: Corpus) -> FastAPI:
        return create_app(
            corpus,
            token=token,
            max_upload_bytes=int(max_upload_mb * 1024 * 1024),
            max_request_bytes=int(max(max_request_mb, max_upload_mb) * 1024 * 1024),
            trusted_hosts=trusted,
        )

    if workers is None:
        # an in-memory store lives in one process only
        workers = 1 if shown_location(db) == ":memory:" else default_workers()
    shown = f"[{host.strip('[]')}]" if ":" in host else host
    limits = ServerLimits(max_connections=max_connections)
    if threads is not None:
        limits = replace(limits, threads=threads)
    with open_cli_corpus(db, serving=True) as corpus:
        console.print(f"dateline serving {printable(shown_location(db))} at http://{shown}:{port}/")
        if token:
            console.print(f"open http://{shown}:{port}/?token=… once; the browser keeps a cookie")
        if workers == 1:
            run_server(application(corpus), host=host.strip("[]"), port=port, limits=limits)
            return
    # several processes: each opens the corpus after the fork (closed here first)
    console.print(f"{workers} worker processes")
    run_workers(
        lambda: application(open_corpus(db, serving=True)),
        host=host.strip("[]"),
        port=port,
        workers=workers,
        limits=limits,
    )


@app.command()
def report(
    db: DbOption = DEFAULT_DB,
    output: Annotated[Path, typer.Option("--output", "-o", help="HTML file to write.")] = Path(
        "dateline-report.html"
    ),
    entity: Annotated[
        str | None, typer.Option(help="Report on this entity (a name, alias or id).")
    ] = None,
    story: Annotated[str | None, typer.Option(help="Report on this story (its id).")] = None,
) -> None:
    """Write a self-contained HTML report (one file, opens offline) on the corpus, an entity
    or a story."""
    if entity and story:
        err_console.print("[red]error:[/red] give --entity or --story, not both")
        raise typer.Exit(2)
    with open_cli_corpus(db) as corpus:
        entity_id = entity_id_option(corpus, entity)
        require_story_option(corpus, story)
        corpus.write_report(output, entity_id=entity_id, story_id=story)
    size_kb = output.stat().st_size / 1024
    console.print(f"wrote {printable(str(output))} ({size_kb:.0f} KB)")
