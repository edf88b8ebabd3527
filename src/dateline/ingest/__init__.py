"""dateline.ingest: read news from files, clean it, identify it and store it.

Readers (``read_inputs``) turn files into RawDocument records, ``build_article`` turns one into
an Article, and ``ingest_paths`` drives both, deduplicates and commits in batches.

The names below are imported on first use, so a module that needs one small part of the
package (a query reading ``dateline.ingest.dating``) does not load the HTML extractor, the
language model and the near-duplicate index with it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dateline.ingest.build import build_article
    from dateline.ingest.clean import CleanedText, clean_text
    from dateline.ingest.errors import IngestError
    from dateline.ingest.language import detect_language
    from dateline.ingest.options import FieldNames, IngestOptions
    from dateline.ingest.raw import RawDocument
    from dateline.ingest.read import read_inputs
    from dateline.ingest.run import ingest_paths

_HOMES = {
    "CleanedText": "clean",
    "FieldNames": "options",
    "IngestError": "errors",
    "IngestOptions": "options",
    "RawDocument": "raw",
    "build_article": "build",
    "clean_text": "clean",
    "detect_language": "language",
    "ingest_paths": "run",
    "read_inputs": "read",
}

__all__ = [
    "CleanedText",
    "FieldNames",
    "IngestError",
    "IngestOptions",
    "RawDocument",
    "build_article",
    "clean_text",
    "detect_language",
    "ingest_paths",
    "read_inputs",
]


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'dateline.ingest' has no attribute {name!r}")
    return getattr(importlib.import_module(f"dateline.ingest.{home}"), name)
