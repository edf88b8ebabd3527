"""CSV export: one file per record kind (articles.csv, entities.csv, ...), same fields as the
JSON Lines contract.

Lists and objects are written as JSON in their cell. Because article text is untrusted and
spreadsheets run cells starting with ``= + - @`` as formulas, such cells get a leading ``'``
unless ``guard_formulas=False``.
"""

from __future__ import annotations

import csv
import functools
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

from dateline.export.contract import (
    KINDS,
    article_record,
    entity_record,
    event_record,
    iter_export_records,
    mention_record,
    quote_record,
    story_record,
    timex_record,
)
from dateline.records import Article, Entity, Event, Mention, Quote, Story, TimeExpr
from dateline.store.interface import Store

FILE_NAMES = {
    "article": "articles.csv",
    "entity": "entities.csv",
    "mention": "mentions.csv",
    "timex": "timexes.csv",
    "quote": "quotes.csv",
    "event": "events.csv",
    "story": "stories.csv",
}
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@functools.cache
def columns_of(kind: str) -> tuple[str, ...]:
    """The CSV header of a kind: the export contract's field names, ``kind`` left out."""
    samples: dict[str, dict[str, Any]] = {
        "article": article_record(Article(id="", text=""), None),
        "entity": entity_record(Entity("", "", "")),
        "mention": mention_record(Mention("", 0, 0, "", "")),
        "timex": timex_record(TimeExpr("", 0, 0, "", "DATE", "")),
        "quote": quote_record(Quote("", 0, 0, "", "direct")),
        "event": event_record(Event("", "", 0, 0, "", "")),
        "story": story_record(Story("", "", ())),
    }
    return tuple(key for key in samples[kind] if key != "kind")


def cell(value: Any, guard_formulas: bool = True) -> str:
    """One CSV cell: JSON for lists and objects, empty for None, guarded text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict | tuple):
        return json.dumps(value, ensure_ascii=False)
    text = str(value)
    if guard_formulas and isinstance(value, str) and text.startswith(_FORMULA_STARTS):
        return "'" + text
    return text


def write_csv_rows(
    records: Iterable[dict[str, Any]], kind: str, out: TextIO, guard_formulas: bool = True
) -> int:
    """Write the records of one kind to ``out`` with a header; returns the rows written."""
    columns = columns_of(kind)
    writer = csv.writer(out)
    writer.writerow(columns)
    count = 0
    for record in records:
        if record["kind"] == kind:
            writer.writerow([cell(record.get(c), guard_formulas) for c in columns])
            count += 1
    return count


def write_csv(store: Store, folder: Path, guard_formulas: bool = True) -> dict[str, int]:
    """Write one CSV file per kind into ``folder`` (created); returns rows written per file."""
    folder.mkdir(parents=True, exist_ok=True)
    handles = {
        kind: (folder / FILE_NAMES[kind]).open("w", encoding="utf-8", newline="") for kind in KINDS
    }
    try:
        writers = {kind: csv.writer(handle) for kind, handle in handles.items()}
        for kind, writer in writers.items():
            writer.writerow(columns_of(kind))
        counts = dict.fromkeys(KINDS, 0)
        for record in iter_export_records(store):
            kind = record["kind"]
            writers[kind].writerow([cell(record.get(c), guard_formulas) for c in columns_of(kind)])
            counts[kind] += 1
    finally:
        for handle in handles.values():
            handle.close()
    return {FILE_NAMES[kind]: count for kind, count in counts.items()}
