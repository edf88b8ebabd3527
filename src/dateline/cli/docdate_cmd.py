"""``dateline evaluate docdate``: hide known article dates and infer them back."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from dateline.cli.app import console, err_console, evaluate_app
from dateline.cli.text import new_table
from dateline.evaluate.datasets import dataset_root
from dateline.evaluate.docdate import CORPORA, DatasetError, evaluate


@evaluate_app.command("docdate")
def docdate_command(
    corpora: Annotated[
        str, typer.Option("--corpora", help=f"Comma-separated, from: {', '.join(CORPORA)}.")
    ] = ",".join(CORPORA),
    limit: Annotated[
        int | None,
        typer.Option("--limit", min=1, help="At most N documents of each corpus, spread evenly."),
    ] = None,
    datasets: Annotated[
        Path | None,
        typer.Option("--datasets", help="The folder holding the datasets (default: --data)."),
    ] = None,
    workers: Annotated[int, typer.Option(min=1, help="Annotation worker processes.")] = 1,
    reveal: Annotated[
        float,
        typer.Option(
            min=0.0,
            max=0.9,
            help="Keep this share of each group's dates (a folder, an ECB+ subtopic) and score "
            "the rest: measures the corpus prior.",
        ),
    ] = 0.0,
    window_years: Annotated[
        int,
        typer.Option(
            min=0,
            help="Give each document a date range of this many calendar years around its date "
            "(as a user who knows roughly when a collection is from).",
        ),
    ] = 0,
) -> None:
    """Document dating: coverage, accuracy of what is dated, calibration (through the product)."""
    names = [name.strip() for name in corpora.split(",") if name.strip()]
    unknown = sorted(set(names) - set(CORPORA))
    if unknown or not names:
        err_console.print(
            f"[red]error:[/red] unknown corpus {escape(', '.join(unknown))}; "
            f"choose from {', '.join(CORPORA)}"
        )
        raise typer.Exit(2)
    try:
        scores = evaluate(names, limit, datasets or dataset_root(), workers, reveal, window_years)
    except (DatasetError, FileNotFoundError) as exc:
        err_console.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from exc
    table = new_table(title="document dating (dates hidden, inferred back through the product)")
    columns = ("corpus", "docs", "dated", "±7 d", "±31 d", "±1 y", "off > 1 y (of all)", "ECE")
    for column in columns:
        table.add_column(column)
    for name, found in scores.items():
        summary = found.summary()
        table.add_row(
            name,
            str(found.documents),
            f"{100 * summary['coverage']:.1f}%",
            f"{100 * summary['within_7_days']:.1f}%",
            f"{100 * summary['within_31_days']:.1f}%",
            f"{100 * summary['within_1_year']:.1f}%",
            f"{100 * summary['off_over_1_year_of_all']:.2f}%",
            f"{summary['ece']:.3f}",
        )
    console.print(table)
    overall = scores["all"]
    reliability = new_table(title="reliability: confidence shown against how often the range held")
    for column in ("confidence", "guesses", "mean confidence", "range held"):
        reliability.add_column(column)
    for label, count, confidence, held in overall.reliability():
        reliability.add_row(label, str(count), f"{confidence:.2f}", f"{held:.2f}")
    console.print(reliability)
    bases = ", ".join(f"{basis} {count}" for basis, count in sorted(overall.bases.items()))
    console.print(f"bases: {bases}")
    for basis, (count, held) in sorted(overall.held_by_basis.items()):
        console.print(f"  {basis}: range held for {held} of {count}")
    if overall.undated_with_range:
        console.print(
            f"undated with a range: {overall.undated_with_range}, the range held for "
            f"{overall.undated_range_holds}"
        )
