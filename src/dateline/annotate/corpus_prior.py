"""The corpus prior: an undated article takes its date from the articles ingested with it.

Articles read from one folder, or from one feed, dump or archive, were usually gathered
together: when enough of them have firm dates (metadata, user, url, path, text) and those dates
lie close together, an undated sibling was most likely written in the same stretch. It gets
basis ``corpus``, the siblings' span (a week wider each side, inside its own window) as its
range and their median as its date. Siblings spread over a long time say nothing: the article
stays undated.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import replace
from pathlib import PurePath

from dateline.records import Article
from dateline.store.interface import ArticleFilter, Store

#: fewest firmly dated siblings that make a prior
MIN_KNOWN = 3
#: widest span of the siblings' dates that still makes a prior
MAX_SPREAD = dt.timedelta(days=62)
#: how far outside the siblings' span the article may have been written
MARGIN = dt.timedelta(days=7)
#: how often the range held on ``dateline evaluate docdate --reveal 0.5``
CORPUS_CONFIDENCE = 0.99
#: formats whose file holds one article: their folder is the group
_SINGLE_DOCUMENT_FORMATS = frozenset({"text", "markdown", "html"})


def group_of(article: Article) -> str | None:
    """What the article was ingested with: its folder, or the feed, dump or archive it is in."""
    if not article.path:
        return None
    if article.input_format in _SINGLE_DOCUMENT_FORMATS:
        return str(PurePath(article.path).parent)
    return article.path


def _day(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def prior_date(article: Article, known: Iterable[dt.date]) -> Article | None:
    """``article`` dated by its siblings' dates ``known``, or None when they say too little."""
    days = sorted(known)
    if len(days) < MIN_KNOWN or days[-1] - days[0] > MAX_SPREAD:
        return None
    low, high = days[0] - MARGIN, days[-1] + MARGIN
    window = article.published_range if article.published_basis in (None, "undated") else None
    if window is not None:
        first, last = _day(window[0]), _day(window[1])
        low, high = max(low, first or low), min(high, last or high)
        if high < low:
            return None
    middle = min(max(days[(len(days) - 1) // 2], low), high)
    return replace(
        article,
        published=middle.isoformat(),
        published_basis="corpus",
        published_range=(low.isoformat(), high.isoformat()),
        published_confidence=CORPUS_CONFIDENCE,
    )


def date_from_corpus(store: Store, article_ids: Collection[str]) -> list[Article]:
    """Give those of ``article_ids`` that are undated a corpus date, stored; returns them."""
    if not article_ids:
        return []
    known: dict[str, list[dt.date]] = {}
    undated: list[Article] = []
    for article in store.iter_articles(ArticleFilter()):
        group = group_of(article)
        if group is None:
            continue
        if article.firmly_dated and (day := _day(article.published)) is not None:
            known.setdefault(group, []).append(day)
        elif article.id in article_ids and article.published is None:
            undated.append(article)
    dated = []
    for article in undated:
        group = group_of(article)
        if group is not None and (updated := prior_date(article, known.get(group, ()))):
            store.update_article(updated)
            dated.append(updated)
    return dated
