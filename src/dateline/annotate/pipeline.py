"""Per-document annotation: one spaCy pass, then each extractor over the parsed document.

``annotate_articles`` is pure over records: articles in, (possibly re-dated article,
annotations) out. It runs the same in-process, in a process pool or on a Dask worker.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from dateline.annotate import DEFAULT_MODEL
from dateline.records import Annotations, Article

if TYPE_CHECKING:
    from spacy.tokens import Doc

log = logging.getLogger("dateline.annotate")


@dataclass(frozen=True, slots=True)
class AnnotateOptions:
    """Which spaCy pipeline to use and how big a batch it parses at once."""

    model: str = DEFAULT_MODEL
    batch_size: int = 64


def reference_date(article: Article) -> dt.date | None:
    """The date relative expressions are resolved against: the article's own date."""
    if not article.published:
        return None
    try:
        return dt.date.fromisoformat(article.published[:10])
    except ValueError:
        return None


def date_article(article: Article) -> Article:
    """Date an article without evidence of its date from its text, or mark it undated."""
    from dateline.annotate.docdate import KEPT_BASES, date_document

    # a year or a month (not a corpus date) may be refined to a day the text pins
    precise = bool(article.published) and (
        len(article.published or "") >= 10 or article.published_basis == "corpus"
    )
    if precise and article.published_basis in KEPT_BASES:
        return article
    dated = date_document(article)
    if dated.published == article.published and dated.basis == article.published_basis:
        return article
    return replace(
        article,
        published=dated.published,
        published_basis=dated.basis,
        published_range=dated.range,
        published_confidence=dated.confidence if dated.published else None,
    )


def annotate_articles(
    articles: Iterable[Article], options: AnnotateOptions | None = None
) -> Iterator[tuple[Article, Annotations]]:
    """Date, parse and annotate each article; yields the (re-dated) article and its findings."""
    from dateline.annotate.entities import extract_mentions
    from dateline.annotate.events import extract_events
    from dateline.annotate.nlp import load_pipeline, parse_texts
    from dateline.annotate.quotes import extract_quotes
    from dateline.annotate.times import tag_times

    options = options or AnnotateOptions()
    nlp = load_pipeline(options.model, parse=True)
    batch: list[Article] = []

    def annotate_one(article: Article, doc: Doc | None) -> tuple[Article, Annotations]:
        article = date_article(article)
        times = tag_times(
            article.text,
            reference_date(article),
            article.id,
            doc=doc,
            reference_basis="metadata" if article.firmly_dated else "inferred",
        )
        if doc is None:
            return article, Annotations(article_id=article.id, times=tuple(times))
        mentions = extract_mentions(article, doc)
        quotes = extract_quotes(article, doc, mentions)
        events = extract_events(article, doc, mentions, times, quotes)
        return article, Annotations(
            article_id=article.id,
            mentions=tuple(mentions),
            times=tuple(times),
            quotes=tuple(quotes),
            events=tuple(events),
        )

    def flush(items: Sequence[Article]) -> Iterator[tuple[Article, Annotations]]:
        fits = [len(a.text) <= nlp.max_length for a in items]
        parseable = (a.text for a, fit in zip(items, fits, strict=True) if fit)
        docs = parse_texts(parseable, nlp, batch_size=options.batch_size)
        for article, fit in zip(items, fits, strict=True):
            if not fit:
                log.warning(
                    "article %s has %d characters, more than the model's limit of %d: "
                    "only its dates are annotated",
                    article.id,
                    len(article.text),
                    nlp.max_length,
                )
            yield annotate_one(article, next(docs) if fit else None)

    for article in articles:
        batch.append(article)
        if len(batch) >= options.batch_size:
            yield from flush(batch)
            batch = []
    if batch:
        yield from flush(batch)
