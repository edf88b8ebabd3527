"""JSON Lines export: one record of the export contract per line."""

from __future__ import annotations

import json
from typing import TextIO

from dateline.export.contract import iter_export_records
from dateline.store.interface import Store


def write_jsonl(store: Store, out: TextIO) -> int:
    """Write every record of the corpus to ``out``; returns the number of lines written."""
    count = 0
    for record in iter_export_records(store):
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count
