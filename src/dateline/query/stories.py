"""Queries over stories: the list, one story in detail, and the articles related to one article.

Everything here reads what :func:`dateline.link.stories.link_stories` stored: the stories, the
thread links with their reasons and the independent reports (in the store's meta table).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from dateline.records import Story
from dateline.store.interface import Store

_CALENDAR_VALUE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass(frozen=True, slots=True)
class StoryReport:
    """One independent report of a story: the original and the outlets that ran copies."""

    original: str
    article_ids: tuple[str, ...]
    outlets: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class StorySummary:
    """One line of the story list."""

    story: Story
    independent_reports: int
    outlets: tuple[str, ...]

    @property
    def size(self) -> int:
        return len(self.story.article_ids)


@dataclass(frozen=True, slots=True)
class StoryArticle:
    """An article of a story; ``copy_of`` names the original when it is a copy."""

    id: str
    title: str
    source: str | None
    published: str | None
    copy_of: str | None = None


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """A dated line of a story's mini-timeline: an article's publication or an event."""

    date: str
    text: str
    article_id: str
    kind: str  # "published" | "event"


@dataclass(frozen=True, slots=True)
class ThreadReason:
    """Why this story is linked to another story of its thread."""

    other: Story
    later: bool  # the other story is the later one
    shared_entities: tuple[tuple[str, int, int], ...]
    back_references: tuple[dict[str, Any], ...]


@dataclass(frozen=True, slots=True)
class StoryDetail:
    """One story: its articles, entities, reports, mini-timeline and thread."""

    story: Story
    articles: tuple[StoryArticle, ...]
    entities: tuple[tuple[str, int], ...]  # name, number of the story's articles naming it
    reports: tuple[StoryReport, ...]
    timeline: tuple[TimelineEntry, ...]
    thread: tuple[Story, ...]  # every story of its thread, this one included, by date
    reasons: tuple[ThreadReason, ...]


@dataclass(frozen=True, slots=True)
class RelatedArticle:
    """An article related to the one asked about, and why."""

    article_id: str
    title: str
    published: str | None
    source: str | None
    reason: str
    score: float


def _meta_json(store: Store, key: str, default: Any) -> Any:
    raw = store.get_meta(key)
    if not raw:
        return default
    try:
        return json.loads(raw)
    except json.JSONDecodeError:
        return default


def story_reports(store: Store) -> dict[str, tuple[StoryReport, ...]]:
    """Story id -> its independent reports, as the last linking run found them."""
    from dateline.link.stories import REPORTS_KEY  # the link stage and numpy load late

    stored = _meta_json(store, REPORTS_KEY, {})
    return {
        story_id: tuple(
            StoryReport(r["original"], tuple(r["article_ids"]), tuple(r["outlets"]))
            for r in reports
        )
        for story_id, reports in stored.items()
    }


def _overlaps(story: Story, since: str | None, until: str | None) -> bool:
    if since is None and until is None:
        return True
    if story.first is None or story.last is None:
        return False
    # a coarse bound or story date (2019, 2019-04) covers the whole year or month
    return (since is None or story.last >= since[: len(story.last)]) and (
        until is None or story.first[: len(until)] <= until
    )


def list_stories(
    store: Store,
    since: str | None = None,
    until: str | None = None,
    min_size: int = 1,
    limit: int | None = None,
) -> list[StorySummary]:
    """Stories overlapping ``since``..``until`` with at least ``min_size`` articles, biggest
    first (then newest)."""
    reports = story_reports(store)
    summaries = []
    for story in store.iter_stories():
        if len(story.article_ids) < min_size or not _overlaps(story, since, until):
            continue
        found = reports.get(story.id, ())
        outlets = sorted({outlet for report in found for outlet in report.outlets})
        summaries.append(StorySummary(story, len(found) or len(story.article_ids), tuple(outlets)))
    summaries.sort(key=lambda s: (-s.size, -_day_number(s.story.last), s.story.id))
    return summaries[:limit] if limit is not None else summaries


def _day_number(day: str | None) -> int:
    """A story's last date as a sortable number; a coarse one (``2019``) counts as its end."""
    digits = (day or "")[:10].replace("-", "")
    return int(digits + "1231"[len(digits) - 4 :]) if digits.isdigit() else 0


def resolve_story_id(store: Store, id_or_prefix: str) -> str | None:
    """The one story id equal to or starting with ``id_or_prefix``."""
    if store.get_story(id_or_prefix) is not None:
        return id_or_prefix
    matches = [story.id for story in store.iter_stories() if story.id.startswith(id_or_prefix)]
    return matches[0] if len(matches) == 1 else None


def _thread_reasons(store: Store, story: Story) -> tuple[ThreadReason, ...]:
    reasons = []
    from dateline.link.stories import THREADS_KEY

    for link in _meta_json(store, THREADS_KEY, []):
        if story.id not in (link["earlier"], link["later"]):
            continue
        later = link["earlier"] == story.id
        other = store.get_story(link["later"] if later else link["earlier"])
        if other is None:
            continue
        reasons.append(
            ThreadReason(
                other=other,
                later=later,
                shared_entities=tuple(tuple(item) for item in link["shared_entities"]),
                back_references=tuple(link["back_references"]),
            )
        )
    return tuple(reasons)


def story_detail(store: Store, id_or_prefix: str, timeline_limit: int = 40) -> StoryDetail | None:
    """Everything about one story, or None when no story has that id (or id prefix)."""
    story_id = resolve_story_id(store, id_or_prefix)
    story = store.get_story(story_id) if story_id else None
    if story is None:
        return None
    reports = story_reports(store).get(story.id, ())
    copy_of = {
        article_id: report.original
        for report in reports
        for article_id in report.article_ids
        if article_id != report.original
    }
    names = {entity.id: entity.name for entity in store.iter_entities()}
    articles: list[StoryArticle] = []
    entities: Counter[str] = Counter()
    timeline: list[TimelineEntry] = []
    for article_id in story.article_ids:
        article = store.get_article(article_id)
        if article is None:
            continue
        articles.append(
            StoryArticle(
                article.id,
                article.title,
                article.source,
                article.published,
                copy_of.get(article.id),
            )
        )
        entities.update(
            {
                names.get(m.entity_id or "", "") or m.canonical or m.text
                for m in store.iter_mentions(article.id)
            }
        )
        if article.published:
            timeline.append(
                TimelineEntry(article.published[:10], article.title, article.id, "published")
            )
        if article.id in copy_of:
            continue  # a copy's events repeat its original's
        for event in store.iter_events(article.id):
            # events only dated by their article's date would repeat the publication line
            if event.when_basis != "article" and event.when and _CALENDAR_VALUE.match(event.when):
                text = event.sentence or event.trigger
                timeline.append(TimelineEntry(event.when, text, article.id, "event"))
    timeline = sorted(
        set(timeline), key=lambda entry: (entry.date, entry.kind != "published", entry.article_id)
    )
    thread = (
        tuple(s for s in store.iter_stories() if s.thread_id == story.thread_id)
        if story.thread_id
        else (story,)
    )
    return StoryDetail(
        story=story,
        articles=tuple(articles),
        entities=tuple(sorted(entities.items(), key=lambda item: (-item[1], item[0]))),
        reports=reports,
        timeline=tuple(timeline[:timeline_limit]),
        thread=thread,
        reasons=_thread_reasons(store, story),
    )


def related_articles(store: Store, article_id: str, limit: int = 10) -> list[RelatedArticle]:
    """Articles of the same story, then of the same thread, then the most similar by text."""
    story_id = store.story_of_article(article_id)
    story = store.get_story(story_id) if story_id else None
    chosen: dict[str, tuple[str, float]] = {}
    if story is not None:
        for other in story.article_ids:
            if other != article_id:
                chosen[other] = (f"same story: {story.title}", 1.0)
        if story.thread_id:
            for thread_story in store.iter_stories():
                if thread_story.thread_id == story.thread_id and thread_story.id != story.id:
                    for other in thread_story.article_ids:
                        chosen.setdefault(other, (f"same thread: {thread_story.title}", 0.9))
    if len(chosen) < limit:
        for other, similarity in _nearest_by_vector(store, article_id, limit * 2):
            chosen.setdefault(other, (f"similar text (cosine {similarity:.2f})", similarity))
    related = []
    for other, (reason, score) in chosen.items():
        article = store.get_article(other)
        if article is not None:
            related.append(
                RelatedArticle(
                    other, article.title, article.published, article.source, reason, score
                )
            )
    related.sort(key=lambda r: (-r.score, r.article_id))
    return related[:limit]


def _nearest_by_vector(store: Store, article_id: str, count: int) -> list[tuple[str, float]]:
    import numpy as np

    from dateline.link.embed import vector_from_bytes
    from dateline.link.stories import VECTOR_KIND

    ids: list[str] = []
    rows = []
    target = None
    for item_id, data in store.iter_vectors(VECTOR_KIND):
        vector = vector_from_bytes(data)
        if item_id == article_id:
            target = vector
        else:
            ids.append(item_id)
            rows.append(vector)
    if target is None or not rows:
        return []
    similarity = np.stack(rows) @ target
    order = np.argsort(-similarity, kind="stable")[:count]
    return [(ids[int(i)], float(similarity[int(i)])) for i in order if similarity[int(i)] > 0]
