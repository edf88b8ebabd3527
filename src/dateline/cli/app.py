"""The Typer application and what every command shares: the database option and the console.

Commands live in one module per area (``dateline.cli.articles``, ``dateline.cli.entities``...)
and register themselves on :data:`app`; each is a thin layer over the Python API.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from dateline.api import Corpus, open_corpus
from dateline.cli.text import SafeConsole, printable
from dateline.evaluate.datasets import use_dataset_root
from dateline.query.dates import DateFilterError, parse_date_range
from dateline.store.interface import StoreError
from dateline.store.location import is_url, redact_message, shown_location

DEFAULT_DB = "dateline.db"

app = typer.Typer(
    name="dateline",
    help="Turn a pile of news articles into a cited, queryable account of what happened.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)
evaluate_app = typer.Typer(
    help="Score dateline against the benchmark datasets.", no_args_is_help=True
)
app.add_typer(evaluate_app, name="evaluate")


@evaluate_app.callback()
def evaluate_options(
    data: Annotated[
        Path | None,
        typer.Option(
            "--data",
            envvar="DATELINE_DATA",
            help="The benchmark datasets folder (default: ../shared/datasets beside a checkout).",
        ),
    ] = None,
) -> None:
    """Score dateline against the benchmark datasets."""
    use_dataset_root(data)


def _print_version(value: bool) -> None:
    if value:
        from dateline import __version__

        console.print(f"dateline {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_print_version,
            is_eager=True,
            help="Print the version and exit.",
        ),
    ] = False,
) -> None:
    """Turn a pile of news articles into a cited, queryable account of what happened."""


console = SafeConsole(highlight=False)
err_console = SafeConsole(stderr=True, highlight=False)

DbOption = Annotated[
    str,
    typer.Option(
        "--db",
        envvar="DATELINE_DB",
        help="Corpus database: a SQLite file path (or a postgresql:// URL where supported).",
    ),
]

JsonOption = Annotated[
    bool,
    typer.Option("--json", help="Print the answer as JSON: the query layer's record, as is."),
]


def print_json(answer: object) -> None:
    """The answer as JSON on stdout (ASCII only: nothing from an article reaches the terminal
    unescaped)."""
    from dateline.present.data import to_json

    typer.echo(to_json(answer))


def date_range_options(since: str | None, until: str | None) -> tuple[str | None, str | None]:
    """``--since``/``--until`` checked by the one date-filter parser; exit 2 with one line
    when either is not a calendar date or the range ends before it starts."""
    try:
        return parse_date_range(since, until, ("--since", "--until"))
    except DateFilterError as exc:
        err_console.print(f"[red]error:[/red] {printable(str(exc))}", soft_wrap=True)
        raise typer.Exit(2) from None


def require_existing_corpus(db: str | Path) -> None:
    """Exit 2 with one line when ``db`` is a file path where there is no corpus: a command
    that only reads (or works on what is stored) never creates an empty store."""
    if not is_url(db) and str(db) != ":memory:" and not Path(db).is_file():
        err_console.print(
            f"[red]error:[/red] no corpus at {printable(shown_location(db))} "
            "(check --db, or run dateline ingest first)"
        )
        raise typer.Exit(2)


@contextmanager
def open_cli_corpus(
    db: str | Path, *, create: bool = False, serving: bool = False
) -> Iterator[Corpus]:
    """Open the corpus for a command; any storage failure, at opening or later (a full disk,
    a read-only file), becomes one clear line and exit status 2. Only with ``create`` (the
    ingest command) is a missing SQLite file created; ``serving``: for the web server."""
    if not create:
        require_existing_corpus(db)
    try:
        corpus = open_corpus(db, serving=serving)
    except Exception as exc:  # any backend error becomes a one-line message and exit 2
        message = redact_message(str(exc), str(db))
        err_console.print(
            f"[red]error:[/red] cannot open database {printable(shown_location(db))}: "
            f"{printable(message)}"
        )
        raise typer.Exit(2) from exc
    try:
        yield corpus
    except StoreError as exc:
        err_console.print(f"[red]error:[/red] {printable(redact_message(str(exc), str(db)))}")
        raise typer.Exit(2) from exc
    finally:
        corpus.close()


def entity_id_option(corpus: Corpus, name: str | None) -> str | None:
    """The id of the entity an ``--entity`` option names (an id, alias or misspelling);
    exit 1 with one line when none matches."""
    if name is None:
        return None
    found = corpus.entity(name, articles=False) or corpus.find_entity(name, articles=False)
    if found is None:
        err_console.print(f"[red]error:[/red] no entity matches {printable(repr(name))}")
        raise typer.Exit(1)
    return found.id


def require_story_option(corpus: Corpus, story_id: str | None) -> None:
    """Exit 1 with one line when a ``--story`` option names no stored story."""
    if story_id is not None and corpus.story_record(story_id) is None:
        err_console.print(f"[red]error:[/red] no story with id {printable(repr(story_id))}")
        raise typer.Exit(1)
