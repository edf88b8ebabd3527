"""Quotes by speaker across the corpus, each with its article."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from dateline.query.articles import ArticleCache, ArticleRef
from dateline.query.dates import published_shown
from dateline.records import Quote
from dateline.store.interface import Store


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


def quotes_by(store: Store, entity_id: str | None = None) -> list[QuoteLine]:
    """Quotes of ``entity_id`` (all quotes with a speaker when None), oldest article first."""
    names: dict[str, str] = {}
    articles: dict[str, tuple[str, str | None, str]] = {}
    lines: list[QuoteLine] = []
    for quote in store.iter_quotes(speaker_id=entity_id):
        if entity_id is None and quote.speaker_id is None and quote.speaker_text is None:
            continue
        speaker = quote.speaker_text
        if quote.speaker_id is not None:
            if quote.speaker_id not in names:
                entity = store.get_entity(quote.speaker_id)
                names[quote.speaker_id] = entity.name if entity is not None else quote.speaker_id
            speaker = names[quote.speaker_id]
        if quote.article_id not in articles:
            article = store.get_article(quote.article_id)
            articles[quote.article_id] = (
                (article.title, article.published, published_shown(article))
                if article is not None
                else ("", None, "")
            )
        title, published, shown = articles[quote.article_id]
        lines.append(QuoteLine(quote, speaker, quote.article_id, title, published, shown))
    lines.sort(key=lambda line: (line.published or "9999", line.article_id, line.quote.start))
    return lines


@dataclass(frozen=True, slots=True)
class QuoteItem:
    quote: Quote
    article: ArticleRef


def quotes_of(
    store: Store, entity_id: str, limit: int = 200, cache: ArticleCache | None = None
) -> list[QuoteItem]:
    """Quotes attributed to the entity, oldest article first."""
    cache = cache or ArticleCache(store)
    lines = quotes_by(store, entity_id)[:limit]
    return [QuoteItem(line.quote, cache.ref(line.article_id)) for line in lines]


def iter_quote_items(
    store: Store, article_id: str | None = None, speaker_id: str | None = None
) -> Iterator[QuoteItem]:
    """Stored quotes (of one article, of one speaker) with their article, by article."""
    cache = ArticleCache(store)
    for quote in store.iter_quotes(article_id=article_id, speaker_id=speaker_id):
        yield QuoteItem(quote, cache.ref(quote.article_id))
