"""Quotes by speaker across the corpus, each with its article."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from dateline.query.articles import ArticleCache, ArticleRef
from dateline.query.dates import published_shown
from dateline.records import Quote
from dateline.store.interface import Store

_PAGE = 500


@dataclass(frozen=True, slots=True)
class QuoteLine:
    """A stored quote with the speaker's name and the article it comes from."""

    quote: Quote
    speaker: str | None  # the linked entity's name, else the words naming the speaker
    article_id: str
    title: str
    published: str | None
    # the article's date as a reader should take it ("~2014-12-19 (75%)", "undated")
    published_shown: str = ""


def quotes_by(
    store: Store,
    entity_id: str | None = None,
    article_ids: Sequence[str] | None = None,
    cache: ArticleCache | None = None,
    quotes: Sequence[Quote] | None = None,
) -> list[QuoteLine]:
    """Quotes of ``entity_id`` (all quotes with a speaker when None), oldest article first;
    only those in ``article_ids`` when given (and then ``entity_id`` must be given).
    ``cache``: the view's articles, read once; ``quotes``: those quotes, when read already."""
    if quotes is not None:
        quotes = list(quotes)
    elif article_ids is not None and entity_id is not None:
        quotes = store.quotes_in(article_ids, speaker_id=entity_id)
    else:
        quotes = list(store.iter_quotes(speaker_id=entity_id))
    if entity_id is None:
        quotes = [q for q in quotes if q.speaker_id is not None or q.speaker_text is not None]
    names = {
        entity.id: entity.name
        for entity in store.get_entities(
            sorted({q.speaker_id for q in quotes if q.speaker_id is not None}), articles=False
        ).values()
    }
    quoted = list(dict.fromkeys(q.article_id for q in quotes))
    articles: dict[str, tuple[str, str | None, str]] = {}
    if cache is not None:
        for article_id in cache.load(quoted):
            ref = cache.ref(article_id)
            articles[article_id] = (ref.title, ref.published, published_shown(ref))
    for start in range(0, len(quoted) if cache is None else 0, _PAGE):
        # a page at a time: only titles are kept
        for article in store.get_articles(quoted[start : start + _PAGE]):
            articles[article.id] = (article.title, article.published, published_shown(article))
    lines: list[QuoteLine] = []
    for quote in quotes:
        speaker = quote.speaker_text
        if quote.speaker_id is not None:
            speaker = names.get(quote.speaker_id, quote.speaker_id)
        title, published, shown = articles.get(quote.article_id, ("", None, ""))
        lines.append(QuoteLine(quote, speaker, quote.article_id, title, published, shown))
    lines.sort(key=lambda line: (line.published or "9999", line.article_id, line.quote.start))
    return lines


@dataclass(frozen=True, slots=True)
class QuoteItem:
    quote: Quote
    article: ArticleRef


def quotes_of(
    store: Store,
    entity_id: str,
    limit: int = 200,
    cache: ArticleCache | None = None,
    article_ids: Sequence[str] | None = None,
    quotes: Sequence[Quote] | None = None,
) -> list[QuoteItem]:
    """Quotes attributed to the entity (in ``article_ids`` when given), oldest article first;
    ``quotes``: those quotes, when the caller has read them already."""
    cache = cache or ArticleCache(store)
    lines = quotes_by(store, entity_id, article_ids, cache, quotes)[:limit]
    cache.load([line.article_id for line in lines])
    return [QuoteItem(line.quote, cache.ref(line.article_id)) for line in lines]


def iter_quote_items(
    store: Store, article_id: str | None = None, speaker_id: str | None = None
) -> Iterator[QuoteItem]:
    """Stored quotes (of one article, of one speaker) with their article, by article."""
    cache = ArticleCache(store)
    for quote in store.iter_quotes(article_id=article_id, speaker_id=speaker_id):
        yield QuoteItem(quote, cache.ref(quote.article_id))
