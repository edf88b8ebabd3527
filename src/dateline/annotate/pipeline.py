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
from dateline.records import Annotations, Article, ClauseTense, PublishedBasis, TimeExpr
from dateline.store.interface import Store

if TYPE_CHECKING:
    from spacy.tokens import Doc

log = logging.getLogger("dateline.annotate")


@dataclass(frozen=True, slots=True)
class AnnotateOptions:
    """Which spaCy pipeline to use and how many articles are read before they are parsed
    (in batches of :data:`dateline.annotate.nlp.PARSE_BATCH`)."""

    model: str = DEFAULT_MODEL
    batch_size: int = 64


# Below this confidence a language other than English is too unsure to withhold the English
# pipeline (short or mixed texts); a language given by the source's metadata has no confidence.
OTHER_LANGUAGE_MIN_CONFIDENCE = 0.8


def in_other_language(article: Article) -> bool:
    """Whether the article is identified as written in a language other than English: the
    English stages skip it (English models read other languages as junk names); its entities
    come from that language's pipeline where one is installed (:func:`entities_withheld`)."""
    language = (article.language or "").lower()
    if not language or language == "en":
        return False
    confidence = article.language_confidence
    return confidence is None or confidence >= OTHER_LANGUAGE_MIN_CONFIDENCE


def entities_withheld(article: Article) -> bool:
    """Whether the article is in another language with no installed pipeline for it: its
    entities are then not extracted, and the CLI and web pages say so."""
    if not in_other_language(article):
        return False
    from dateline.annotate.nlp import model_for_language  # loads spaCy: only when needed

    return model_for_language(article.language) is None


def withheld_language_counts(store: Store) -> dict[str, int]:
    """Language -> how many articles :func:`entities_withheld` holds for, counted by the
    store's language index (not by reading every article), each language's pipeline looked
    up once."""
    counts = store.other_language_counts("en", OTHER_LANGUAGE_MIN_CONFIDENCE)
    if not counts:
        return {}
    from dateline.annotate.nlp import model_for_language  # loads spaCy: only when needed

    return {code: n for code, n in counts.items() if model_for_language(code) is None}


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


def article_times(
    article: Article, doc: Doc | None = None, *, split_ranges: bool = False
) -> list[TimeExpr]:
    """The time expressions of a (dated) article, resolved against its own date.

    What the annotate stage stores; ``split_ranges`` gives ranges as their two dates (TimeML
    style, for scoring) instead of one ``start/end`` value.
    """
    return article_times_and_tenses(article, doc, split_ranges=split_ranges)[0]


def annotate_articles(
    articles: Iterable[Article], options: AnnotateOptions | None = None
) -> Iterator[tuple[Article, Annotations]]:
    """Date, parse and annotate each article; yields the (re-dated) article and its findings."""
    from dateline.annotate.nlp import load_pipeline, model_for_language, parse_texts

    options = options or AnnotateOptions()
    nlp = load_pipeline(options.model, parse=True)
    batch: list[Article] = []

    def annotate_one(article: Article, doc: Doc | None) -> tuple[Article, Annotations]:
        article = date_article(article)
        return article, annotations_of(article, doc)

    def flush(items: Sequence[Article]) -> Iterator[tuple[Article, Annotations]]:
        fits = [len(a.text) <= nlp.max_length and not in_other_language(a) for a in items]
        parseable = (a.text for a, fit in zip(items, fits, strict=True) if fit)
        docs = parse_texts(parseable, nlp)
        for article, fit in zip(items, fits, strict=True):
            if in_other_language(article):
                yield annotate_safely(article, parse_other_language(article))
                continue
            if not fit:
                log.warning(
                    "article %s has %d characters, more than the model's limit of %d: "
                    "only its dates are annotated",
                    article.id,
                    len(article.text),
                    nlp.max_length,
                )
            yield annotate_safely(article, next(docs) if fit else None)

    def annotate_safely(article: Article, doc: Doc | None) -> tuple[Article, Annotations]:
        """One article's findings; an extractor bug on one article is logged and leaves it
        with no findings instead of failing every other article of its chunk."""
        try:
            return annotate_one(article, doc)
        except Exception:  # a bug on one article must not end the run
            log.exception("annotating article %s failed: it is stored without findings", article.id)
            return article, Annotations(article_id=article.id)

    def parse_other_language(article: Article) -> Doc | None:
        model = model_for_language(article.language)
        if model is None:
            log.info(
                "article %s is in %s and no pipeline for it is installed: entities, quotes "
                "and events are not extracted",
                article.id,
                article.language,
            )
            return None
        other = load_pipeline(model)
        return other(article.text) if len(article.text) <= other.max_length else None

    for article in articles:
        batch.append(article)
        if len(batch) >= options.batch_size:
            yield from flush(batch)
            batch = []
    if batch:
        yield from flush(batch)


def annotations_of(article: Article, doc: Doc | None) -> Annotations:
    """What the extractors find in a dated ``article`` parsed as ``doc`` (None: not parsed,
    its times only)."""
    from dateline.annotate.entities import extract_mentions
    from dateline.annotate.events import extract_events
    from dateline.annotate.quotes import quotes_and_speakers

    times, tenses = article_times_and_tenses(article, doc)
    if doc is None:
        return Annotations(article_id=article.id, times=tuple(times))
    mentions = extract_mentions(article, doc)
    if in_other_language(article):  # that language's pipeline: entities only
        return Annotations(article.id, tuple(mentions), tuple(times))
    quotes, speakers = quotes_and_speakers(article, doc, mentions)
    events = extract_events(article, doc, mentions, times, quotes)
    if speakers:  # named speakers the recogniser missed: their quotes need an entity
        mentions = sorted([*mentions, *speakers], key=lambda m: (m.start, m.end))
    return Annotations(
        article_id=article.id,
        mentions=tuple(mentions),
        times=tuple(times),
        quotes=tuple(quotes),
        events=tuple(events),
        tenses=tuple(tenses),
    )


def article_times_and_tenses(
    article: Article, doc: Doc | None, *, split_ranges: bool = False
) -> tuple[list[TimeExpr], list[ClauseTense]]:
    """:func:`article_times`, and the tenses read from ``doc`` for them (stored with the
    annotations, so that a corrected date re-resolves the times without a parse)."""
    from dateline.annotate.time.tagger import tag_times_and_tenses

    return tag_times_and_tenses(
        article.text,
        reference_date(article),
        article.id,
        doc,
        reference_basis=_reference_basis(article),
        split_ranges=split_ranges,
    )


def article_times_unparsed(
    article: Article, tenses: Sequence[ClauseTense]
) -> tuple[list[TimeExpr], list[ClauseTense]] | None:
    """What :func:`article_times_and_tenses` gives with the article's parse, found without
    one from the ``tenses`` that parse read; None where another clause's tense is wanted."""
    from dateline.annotate.time.tagger import tag_times_unparsed

    return tag_times_unparsed(
        article.text,
        reference_date(article),
        article.id,
        reference_basis=_reference_basis(article),
        tenses=tenses,
    )


def _reference_basis(article: Article) -> PublishedBasis:
    """What the article's date is to the times resolved against it."""
    return "metadata" if article.firmly_dated else "inferred"
