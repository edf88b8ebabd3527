"""Commands for time expressions: tag a text file, and score the tagger on TempEval-3."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from dateline.api import date_text, times_in_text
from dateline.cli.app import (
    DEFAULT_DB,
    DbOption,
    app,
    console,
    err_console,
    evaluate_app,
    open_cli_corpus,
)
from dateline.cli.text import new_table, printable
from dateline.evaluate.tempeval import SPLITS, evaluate
from dateline.query.render import describe_value
from dateline.records import TimeExpr

if TYPE_CHECKING:
    from rich.table import Table


def _parse_date(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        err_console.print(
            f"[red]error:[/red] --date {printable(text)} is not an ISO date (YYYY-MM-DD)"
        )
        raise typer.Exit(2) from exc


def _times_table(title: str, expressions: Iterable[TimeExpr]) -> Table:
    table = new_table(title=title)
    for column in ("start", "text", "type", "means", "TIMEX3", "basis"):
        table.add_column(column, overflow="fold")
    for expression in expressions:
        table.add_row(
            str(expression.start),
            printable(expression.text),
            expression.type,
            printable(describe_value(expression.value)),
            printable(expression.value),
            expression.basis,
        )
    return table


def _times_of_file(path: Path, date: str | None) -> Table:
    """Tag a text file that is not in the corpus, against ``--date`` or its inferred date."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        err_console.print(
            f"[red]error:[/red] cannot read {printable(str(path))}: {printable(str(exc))}"
        )
        raise typer.Exit(2) from exc
    reference = _parse_date(date)
    basis = "user"
    if reference is None:
        dated = date_text(text, path.stem)
        console.print(
            f"document date: {dated.published or '?'} ({dated.basis or 'unknown'}, "
            f"range {dated.range}, confidence {dated.confidence:.2f})"
        )
        reference = dt.date.fromisoformat(dated.published[:10]) if dated.published else None
        basis = "inferred"
    found = times_in_text(text, reference, path.stem, "inferred" if basis == "inferred" else "user")
    return _times_table(f"time expressions (reference {reference or 'none'})", found)


@app.command("times")
def times_command(
    article_id: Annotated[
        str | None, typer.Argument(help="Article id or a unique prefix of it.")
    ] = None,
    file: Annotated[
        Path | None,
        typer.Option("--file", help="Tag a UTF-8 text file (one article) instead of a stored one."),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option(
            "--date", help="With --file: the article's date (YYYY-MM-DD); inferred when left out."
        ),
    ] = None,
    db: DbOption = DEFAULT_DB,
) -> None:
    """List the time expressions of one article, in words and as TIMEX3 values.

    A stored article's are the ones ``dateline show`` lists, resolved against its stored date."""
    if (article_id is None) == (file is None):
        err_console.print("[red]error:[/red] give an article id or --file PATH (one of them)")
        raise typer.Exit(2)
    if file is not None:
        console.print(_times_of_file(file, date))
        return
    if date is not None:
        err_console.print(
            "[red]error:[/red] --date goes with --file; a stored article is read against "
            "its stored date (change it with dateline set-date)"
        )
        raise typer.Exit(2)
    with open_cli_corpus(db) as corpus:
        article = corpus.article(article_id or "")
        if article is None:
            err_console.print(f"[red]error:[/red] no article matches {printable(repr(article_id))}")
            raise typer.Exit(1)
        found = corpus.annotations(article.id).times
    title = f"time expressions of {article.id[:10]} (reference {article.published or 'none'})"
    console.print(_times_table(title, found))


@evaluate_app.command("tempeval")
def tempeval_command(
    split: Annotated[str, typer.Option("--split", help=f"One of: {', '.join(SPLITS)}.")] = "train",
    limit: Annotated[
        int | None, typer.Option("--limit", min=1, help="Score only the first N documents.")
    ] = None,
    spacy_tense: Annotated[
        bool,
        typer.Option(
            "--spacy/--no-spacy",
            help="Parse as the annotate stage does (the product path, default); "
            "--no-spacy reads tense with the tagger's heuristic (faster).",
        ),
    ] = True,
) -> None:
    """TempEval-3 Task A: strict/relaxed TIMEX3 span F1, type accuracy and value F1."""
    if split not in SPLITS:
        err_console.print(
            f"[red]error:[/red] unknown split {printable(split)}; choose one of {', '.join(SPLITS)}"
        )
        raise typer.Exit(2)
    try:
        scores = evaluate(split, limit, parse=spacy_tense)
    except FileNotFoundError as exc:
        err_console.print(f"[red]error:[/red] {printable(str(exc))}")
        raise typer.Exit(2) from exc
    table = new_table(title=f"TempEval-3 Task A, {split} ({int(scores['documents'])} documents)")
    for column in ("measure", "precision", "recall", "F1 / accuracy"):
        table.add_column(column)
    for name in ("strict", "relaxed"):
        table.add_row(
            f"{name} span",
            f"{100 * scores[f'{name}_precision']:.2f}",
            f"{100 * scores[f'{name}_recall']:.2f}",
            f"{100 * scores[f'{name}_f1']:.2f}",
        )
    table.add_row(
        "type (accuracy / F1)",
        "",
        "",
        f"{100 * scores['type_accuracy']:.2f} / {100 * scores['type_f1']:.2f}",
    )
    table.add_row(
        "value (accuracy / F1)",
        "",
        "",
        f"{100 * scores['value_accuracy']:.2f} / {100 * scores['value_f1']:.2f}",
    )
    console.print(table)
    console.print(f"gold timexes {int(scores['gold'])}, system timexes {int(scores['system'])}")
