"""Settings of one ingest run."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class FieldNames:
    """Which field of a JSON Lines or CSV record holds what; only ``text`` is required."""

    id: str = "id"
    url: str = "url"
    title: str = "title"
    text: str = "text"
    published: str = "published"
    source: str = "source"
    author: str = "author"
    language: str = "language"
    date_range: str = "date_range"


@dataclass(frozen=True, slots=True)
class IngestOptions:
    """How inputs are read, cleaned, deduplicated and committed.

    ``max_bytes`` limits a single-document file (text, Markdown, HTML, feed) and one record of
    a streamed container (a JSON line, a CSV row's text, a WARC record's payload).
    ``max_expansion`` bounds a compressed file: it may expand to at most
    ``max(max_bytes, max_expansion * its size)`` bytes. ``follow_links`` follows symbolic
    links that lead out of a given folder (links inside it are always followed).
    """

    max_bytes: int = 50 * 1024 * 1024
    max_expansion: int = 100
    batch_size: int = 500
    fields: FieldNames = field(default_factory=FieldNames)
    min_language_chars: int = 20
    dedup: bool = True
    dedup_threshold: float = 0.8
    num_perm: int = 128
    shingle_words: int = 3
    include_hidden: bool = False
    follow_links: bool = False
    #: the user's date for every article (YYYY-MM-DD), basis ``user``
    date: str | None = None
    #: the user's window (first, last day) that every date of this run must fall in
    date_range: tuple[str, str] | None = None

    def __post_init__(self) -> None:
        if self.max_bytes <= 0:
            raise ValueError("max_bytes must be positive")
        if self.max_expansion < 1:
            raise ValueError("max_expansion must be at least 1")
        if self.batch_size <= 0:
            raise ValueError("batch_size must be positive")
        if not 0.0 < self.dedup_threshold <= 1.0:
            raise ValueError("dedup_threshold must be in (0, 1]")
        if self.num_perm < 16:
            raise ValueError("num_perm must be at least 16")
        if self.shingle_words < 1:
            raise ValueError("shingle_words must be at least 1")
        from dateline.ingest.dates import parse_date_range, parse_day

        if self.date is not None:
            object.__setattr__(self, "date", parse_day(self.date).isoformat())
        if self.date_range is not None:
            object.__setattr__(self, "date_range", parse_date_range(self.date_range))
            if self.date is not None and not self.date_range[0] <= self.date <= self.date_range[1]:
                raise ValueError(f"date {self.date} is outside the date range {self.date_range}")
