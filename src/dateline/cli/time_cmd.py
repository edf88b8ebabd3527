"""Commands for time expressions: tag a text file, and score the tagger on TempEval-3."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from dateline.cli.app import app, console, err_console, evaluate_app
from dateline.cli.text import printable
from dateline.evaluate.tempeval import SPLITS, evaluate
from dateline.records import Article


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


@app.command("times")
def times_command(
    path: Annotated[Path, typer.Argument(help="A UTF-8 text file (one article).")],
    date: Annotated[
        str | None,
        typer.Option("--date", help="The article's date (YYYY-MM-DD); inferred when left out."),
    ] = None,
) -> None:
    """List the time expressions of one article with their TIMEX3 values."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        err_console.print(
            f"[red]error:[/red] cannot read {printable(str(path))}: {printable(str(exc))}"
        )
        raise typer.Exit(2) from exc
    from dateline.annotate.docdate import date_document
    from dateline.annotate.times import tag_times

    reference = _parse_date(date)
    basis = "user"
    if reference is None:
        dated = date_document(Article(id=path.stem, text=text))
        console.print(
            f"document date: {dated.published or '?'} ({dated.basis or 'unknown'}, "
            f"range {dated.range}, confidence {dated.confidence:.2f})"
        )
        reference = dt.date.fromisoformat(dated.published[:10]) if dated.published else None
        basis = "inferred"
    table = Table(title=f"time expressions (reference {reference or 'none'})")
    for column in ("start", "text", "type", "value", "basis"):
        table.add_column(column, overflow="fold")
    for expression in tag_times(
        text, reference, path.stem, reference_basis="inferred" if basis == "inferred" else "user"
    ):
        table.add_row(
            str(expression.start),
            printable(expression.text),
            expression.type,
            expression.value,
            expression.basis,
        )
    console.print(table)


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
    nlp = None
    if spacy_tense:
        from dateline.annotate.nlp import load_pipeline

        nlp = load_pipeline(parse=True)
    try:
        scores = evaluate(split, limit, nlp=nlp)
    except FileNotFoundError as exc:
        err_console.print(f"[red]error:[/red] {printable(str(exc))}")
        raise typer.Exit(2) from exc
    table = Table(title=f"TempEval-3 Task A, {split} ({int(scores['documents'])} documents)")
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
