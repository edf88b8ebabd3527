"""Rich progress bars for long work, as the ``progress`` callbacks the API takes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from dateline.api import Progress as ProgressCallback
from dateline.cli.text import printable

if TYPE_CHECKING:
    from rich.console import Console


@contextmanager
def progress_bar(
    console: Console, description: str, total: int | None = None
) -> Iterator[ProgressCallback]:
    """A progress display; the yielded callback advances it by n and shows what it is on."""
    # imported here: a query command that shows no progress starts without it
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    columns = [
        SpinnerColumn(),
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn() if total else TextColumn("{task.completed} done"),
        TimeElapsedColumn(),
        TextColumn("[dim]{task.fields[current]}"),
    ]
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task(description, total=total, current="")

        def advance(n: int, current: str) -> None:
            progress.update(task, advance=n, current=printable(current[:50]))

        yield advance
