"""dateline: a cited, queryable account of what happened, from a pile of news articles.

Importing dateline before numpy asks OpenBLAS for one thread (``OPENBLAS_NUM_THREADS=1``)
unless the environment says otherwise. Parallelism comes from worker processes, one per core,
and an OpenBLAS started with several threads stays about a quarter slower on the model's
small matrix products even when later held to one thread.
"""

import os
import sys

if "numpy" not in sys.modules:
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

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
