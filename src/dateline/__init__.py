"""dateline: a cited, queryable account of what happened, from a pile of news articles."""

from dateline.api import Corpus, open_corpus
from dateline.records import (
    Annotations,
    Article,
    Entity,
    Event,
    IngestReport,
    Mention,
    Quote,
    SkippedInput,
    Story,
    TimeExpr,
)

__version__ = "0.1.0"

# ``dateline.open(path)`` reads like ``sqlite3.connect(path)``
open = open_corpus

__all__ = [
    "Annotations",
    "Article",
    "Corpus",
    "Entity",
    "Event",
    "IngestReport",
    "Mention",
    "Quote",
    "SkippedInput",
    "Story",
    "TimeExpr",
    "__version__",
    "open",
    "open_corpus",
]
