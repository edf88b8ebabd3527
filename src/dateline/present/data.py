"""A query record as plain JSON data, for every renderer that prints JSON (``--json``).

One record per answer, turned into data the same way everywhere: a dataclass becomes an object
of its fields, a tuple or list an array, a date its ISO form. Nothing is dropped or renamed, so
the JSON says exactly what the query layer answered.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Mapping
from typing import Any


def to_data(value: object) -> Any:
    """``value`` as JSON-ready data (dicts, lists, strings, numbers, booleans, None)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            field.name: to_data(getattr(value, field.name)) for field in dataclasses.fields(value)
        }
    if isinstance(value, Mapping):
        return {str(key): to_data(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [to_data(item) for item in value]
        return sorted(items, key=repr) if isinstance(value, set | frozenset) else items
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def to_json(value: object) -> str:
    """``value`` as indented JSON; every character beyond ASCII escaped, so that no control
    or direction character from an article reaches a terminal."""
    return json.dumps(to_data(value), ensure_ascii=True, indent=2)
