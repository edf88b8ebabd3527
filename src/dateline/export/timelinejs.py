"""TimelineJS-style JSON: a timeline of an entity, a story or the corpus for TimelineJS 3
(``{"title": ..., "events": [{"start_date": {...}, "text": {...}, "group": ...}]}``).

TimelineJS renders ``headline`` and ``text`` as HTML, so every piece of article text is
HTML-escaped here; a source link is only written for an ``http(s)`` URL.
"""

from __future__ import annotations

import html
import json
from typing import Any, TextIO

from dateline.present.safe_html import strip_controls
from dateline.query.points import DatePoint, TimelinePoint, corpus_timeline, timeline_of
from dateline.query.stories import story_view
from dateline.store.interface import Store


def _escape(text: str) -> str:
    return html.escape(strip_controls(text), quote=True)


def _date(point: DatePoint, display: str | None = None) -> dict[str, Any]:
    date: dict[str, Any] = {"year": point.year}
    if point.month is not None:
        date["month"] = point.month
    if point.day is not None:
        date["day"] = point.day
    date["display_date"] = display or point.iso
    return date


def _source_html(point: TimelinePoint, urls: dict[str, str | None]) -> str:
    title = _escape(point.article.title or point.article.id)
    url = urls.get(point.article.id)
    if url and url.lower().startswith(("http://", "https://")):
        title = f'<a href="{_escape(url)}">{title}</a>'
    published = _escape(point.article.published or "undated")
    source = f", {_escape(point.article.source)}" if point.article.source else ""
    return f"<p class='source'>Source: {title} ({published}{source})</p>"


def timeline_event(
    point: TimelinePoint, urls: dict[str, str | None], number: int
) -> dict[str, Any]:
    """One TimelineJS event for a timeline point, citing its article."""
    body = f"<p>{_escape(point.detail)}</p>" if point.detail else ""
    if point.modality != "happened":
        body += f"<p><em>{_escape(point.modality)}</em></p>"
    # a point dated only by a guess goes in a group (a TimelineJS row) of its own
    group = "approximate date" if point.lane != "dated" else point.category or point.kind
    return {
        "unique_id": f"{point.kind}-{point.article.id}-{number}",
        "start_date": _date(point.when, point.shown_date),
        "text": {"headline": _escape(point.label), "text": body + _source_html(point, urls)},
        "group": _escape(group),
    }


def timelinejs_document(
    store: Store,
    entity_id: str | None = None,
    story_id: str | None = None,
    limit: int = 1000,
) -> dict[str, Any]:
    """The TimelineJS document of an entity, a story, or (neither given) the corpus' articles.

    Raises ``KeyError`` for an unknown entity or story.
    """
    if entity_id is not None:
        entity = store.get_entity(entity_id)
        if entity is None:
            raise KeyError(f"no entity with id {entity_id!r}")
        points = timeline_of(store, entity_id)
        headline, summary = entity.name, "; ".join(entity.roles[:2])
    elif story_id is not None:
        view = story_view(store, story_id)
        if view is None:
            raise KeyError(f"no story with id {story_id!r}")
        points = list(view.timeline)
        headline = view.story.title
        summary = f"{len(view.articles)} article(s), {view.story.first} – {view.story.last}"
    else:
        points = corpus_timeline(store, limit=limit)
        headline, summary = "Corpus", f"{store.count_articles()} article(s)"
    points = points[:limit]
    urls: dict[str, str | None] = {}
    for point in points:
        if point.article.id not in urls:
            article = store.get_article(point.article.id)
            urls[point.article.id] = article.url if article else None
    return {
        "title": {"text": {"headline": _escape(headline), "text": f"<p>{_escape(summary)}</p>"}},
        "events": [timeline_event(p, urls, n) for n, p in enumerate(points)],
    }


def write_timelinejs(
    store: Store, out: TextIO, entity_id: str | None = None, story_id: str | None = None
) -> int:
    """Write the TimelineJS JSON to ``out``; returns the number of events."""
    document = timelinejs_document(store, entity_id, story_id)
    json.dump(document, out, ensure_ascii=False, indent=1)
    out.write("\n")
    return len(document["events"])
