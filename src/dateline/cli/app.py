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
from rich.console import Console
from rich.markup import escape

from dateline.api import Corpus, open_corpus
from dateline.store.interface import Store, StoreError

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

console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)

DbOption = Annotated[
    str,
    typer.Option(
        "--db",
        envvar="DATELINE_DB",
        help="Corpus database: a SQLite file path (or a postgresql:// URL where supported).",
    ),
]


@contextmanager
def open_cli_corpus(db: str | Path) -> Iterator[Corpus]:
    """Open the corpus for a command; any storage failure, at opening or later (a full disk,
    a read-only file), becomes one clear line and exit status 2."""
    try:
        corpus = open_corpus(db)
    except Exception as exc:  # any backend error becomes a one-line message and exit 2
        err_console.print(
            f"[red]error:[/red] cannot open database {escape(str(db))}: {escape(str(exc))}"
        )
        raise typer.Exit(2) from exc
    try:
        yield corpus
    except StoreError as exc:
        err_console.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from exc
    finally:
        corpus.close()


def entity_id_option(store: Store, name: str | None) -> str | None:
    """The id of the entity an ``--entity`` option names (an id, alias or misspelling);
    exit 1 with one line when none matches."""
    if name is None:
        return None
    from dateline.query.dossier import find_entity

    found = store.get_entity(name) or find_entity(store, name)
    if found is None:
        err_console.print(f"[red]error:[/red] no entity matches {escape(name)!r}")
        raise typer.Exit(1)
    return found.id


def require_story_option(store: Store, story_id: str | None) -> None:
    """Exit 1 with one line when a ``--story`` option names no stored story."""
    if story_id is not None and store.get_story(story_id) is None:
        err_console.print(f"[red]error:[/red] no story with id {escape(story_id)!r}")
        raise typer.Exit(1)
