"""``dateline evaluate semeval-timeline``: SemEval-2015 Task 4 Track A entity timelines."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from dateline.cli.app import console, err_console, evaluate_app
from dateline.cli.text import new_table, printable


@evaluate_app.command("semeval-timeline")
def semeval_timeline_command(
    corpus: Annotated[
        str,
        typer.Option(
            "--corpus",
            help="trial, airbus, gm, stock, test (airbus+gm+stock) or dev (trial+airbus+gm).",
        ),
    ] = "trial",
    output: Annotated[
        Path | None,
        typer.Option("--output", help="Write the system timelines to OUTPUT/<corpus>/."),
    ] = None,
    datasets: Annotated[
        Path | None,
        typer.Option("--datasets", help="The benchmark datasets folder (default: --data)."),
    ] = None,
) -> None:
    """Build one timeline per target entity from raw text and score it (temporal awareness)."""
    from dateline.evaluate.cat import CatFormatError
    from dateline.evaluate.datasets import dataset_root
    from dateline.evaluate.semeval_timeline import corpus_names, evaluate
    from dateline.evaluate.temporal_awareness import TimelineFormatError

    try:
        names = corpus_names(corpus)
        results = evaluate(corpus, datasets or dataset_root(), output)
    except (ValueError, FileNotFoundError, CatFormatError, TimelineFormatError) as exc:
        err_console.print(f"[red]error:[/red] {printable(str(exc))}")
        raise typer.Exit(2) from exc
    table = new_table(title="SemEval-2015 Task 4 Track A (micro-averaged temporal awareness)")
    for column in ("corpus", "precision", "recall", "F1"):
        table.add_column(column, justify="right" if column != "corpus" else "left")
    for name in (*names, "micro"):
        table.add_row(
            name,
            f"{results[f'{name}_precision']:.2f}",
            f"{results[f'{name}_recall']:.2f}",
            f"{results[f'{name}_f1']:.2f}",
        )
    console.print(table)
    if output is not None:
        console.print(f"timelines written under {printable(str(output))}")
