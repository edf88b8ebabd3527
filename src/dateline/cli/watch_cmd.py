"""``dateline watch``: follow feeds and folders, ingesting, annotating and linking what is new."""

from __future__ import annotations

import datetime as dt
import signal
from types import FrameType
from typing import TYPE_CHECKING, Annotated

import typer

from dateline.cli.app import DEFAULT_DB, DbOption, app, console, err_console, open_cli_corpus
from dateline.cli.text import new_table, printable

if TYPE_CHECKING:  # the watch machinery loads only when the command runs
    from rich.table import Table

    from dateline.watch.state import SourceState
    from dateline.watch.watcher import CycleReport


def _when(moment: float | None) -> str:
    if moment is None:
        return "never"
    if moment <= 0:
        return "now"
    return dt.datetime.fromtimestamp(moment, dt.UTC).strftime("%Y-%m-%d %H:%M:%S")


def status_table(states: dict[str, SourceState]) -> Table:
    """Per source: last poll, last status, items new (last poll / in all), errors, next poll."""
    table = new_table(title=f"watched sources ({len(states)})")
    for column in ("source", "last poll (UTC)", "status", "new", "total", "errors", "next poll"):
        table.add_column(column, overflow="fold")
    for key, state in sorted(states.items()):
        errors = f"{state.failures}: {state.last_error}" if state.failures else "0"
        table.add_row(
            printable(key),
            _when(state.last_poll),
            state.last_status or "-",
            str(state.last_new),
            str(state.total_new),
            printable(errors),
            _when(state.next_poll),
        )
    return table


@app.command()
def watch(
    sources: Annotated[
        list[str] | None,
        typer.Argument(help="Feed URLs (http/https), OPML files listing feeds, and folders."),
    ] = None,
    db: DbOption = DEFAULT_DB,
    interval: Annotated[
        float, typer.Option(min=0, help="Seconds between polls of one source.")
    ] = 900.0,
    max_backoff: Annotated[
        float, typer.Option(min=0, help="Longest wait, in seconds, after repeated failures.")
    ] = 6 * 3600.0,
    timeout: Annotated[
        float, typer.Option(min=0.1, help="Seconds a request may take, body included.")
    ] = 20.0,
    max_mb: Annotated[
        float, typer.Option(min=0.001, help="Largest response accepted, in MB.")
    ] = 10.0,
    fetch_pages: Annotated[
        bool, typer.Option(help="Fetch each new item's linked page and use its main text.")
    ] = False,
    annotate: Annotated[
        bool, typer.Option(help="Annotate and link after each batch (off: ingest only).")
    ] = True,
    once: Annotated[bool, typer.Option(help="Poll the due sources once, then exit.")] = False,
    status: Annotated[
        bool, typer.Option("--status", help="Show each watched source's state and exit.")
    ] = False,
    quiet: Annotated[bool, typer.Option(help="No status table after each cycle.")] = False,
) -> None:
    """Follow RSS/Atom feeds and folders; ingest, annotate and link each new batch.

    Polls politely (ETag / If-Modified-Since, a per-source interval, exponential back-off on
    failure honouring Retry-After); stops cleanly on Ctrl-C or SIGTERM; a restart resumes
    without losing or repeating anything. Exit status: 0, or 2 for a bad source or database.
    """
    from dateline.watch.sources import SourceError, parse_sources
    from dateline.watch.watcher import Watcher, WatchOptions

    try:
        parsed = parse_sources(list(sources or []))
    except SourceError as exc:
        err_console.print(f"[red]error:[/red] {printable(str(exc))}")
        raise typer.Exit(2) from exc
    if not parsed and not status:
        err_console.print("[red]error:[/red] name at least one feed URL, OPML file or folder")
        raise typer.Exit(2)
    options = WatchOptions(
        interval=interval,
        max_backoff=max(max_backoff, interval),
        timeout=timeout,
        max_bytes=max(1, int(max_mb * 1024 * 1024)),
        fetch_pages=fetch_pages,
        annotate=annotate,
    )
    with open_cli_corpus(db, create=not status) as corpus:
        watcher = Watcher(
            corpus, parsed, options, notify=lambda line: console.print(printable(line))
        )
        if status:
            console.print(status_table(watcher.states()))
            return

        def stop(signum: int, _frame: FrameType | None) -> None:
            console.print(f"stopping after the current batch ({signal.Signals(signum).name})")
            watcher.stop.set()
            # a second signal stops at once
            signal.signal(signal.SIGINT, signal.default_int_handler)
            signal.signal(signal.SIGTERM, signal.SIG_DFL)

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)

        def after_cycle(report: CycleReport) -> None:
            console.print(
                f"cycle: {report.polled} polled ({report.not_due} not due yet), {report.new} new, "
                f"{report.failed} failed, "
                f"{len(report.skipped)} skipped, {report.annotated} annotated"
                + (", linked" if report.linked else "")
            )
            for item in report.skipped:
                console.print(
                    f"  skipped {printable(item.location)}: {item.code} {printable(item.reason)}"
                )
            if not quiet:
                keys = {source.key for source in parsed}
                states = {k: v for k, v in watcher.states().items() if k in keys}
                console.print(status_table(states))

        watcher.run(once=once, on_cycle=after_cycle)
