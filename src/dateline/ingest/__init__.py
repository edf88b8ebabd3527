"""dateline.ingest: read news from files, clean it, identify it and store it.

Readers (``read_inputs``) turn files into RawDocument records, ``build_article`` turns one into
an Article, and ``ingest_paths`` drives both, deduplicates and commits in batches.
"""

from dateline.ingest.build import build_article
from dateline.ingest.clean import CleanedText, clean_text
from dateline.ingest.errors import IngestError
from dateline.ingest.language import detect_language
from dateline.ingest.options import FieldNames, IngestOptions
from dateline.ingest.raw import RawDocument
from dateline.ingest.read import read_inputs
from dateline.ingest.run import ingest_paths

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
