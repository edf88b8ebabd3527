"""Queries over stories: the list, one story in detail (``StoryDetail`` for the CLI's text,
``StoryView`` for a page, by the same rules), and the articles related to one article.

Everything here reads what :func:`dateline.link.stories.link_stories` stored: the stories, the
thread links with their reasons and the independent reports (``Store.thread_links``,
``Store.story_reports``).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from dateline.query.articles import ArticleCache, ArticleRef
from dateline.query.events import event_date, event_items, event_label
from dateline.query.points import (
    SPEECH_CATEGORIES,
    TimelinePoint,
    distinct_sorted,
    parse_when,
)
from dateline.records import Entity, Event, Story
from dateline.store.interface import ArticleFilter, MentionRow, Store, StoryFilter
from dateline.store.paging import id_pages
from dateline.store.story_sizes import last_day_key

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
    similarity: float | None = None  # how alike their entities are (None: linked before it)


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


def story_reports(
    store: Store, story_ids: list[str] | None = None
) -> dict[str, tuple[StoryReport, ...]]:
    """Story id -> its independent reports, as the last linking run found them (of
    ``story_ids`` only, when given)."""
    stored = store.story_reports(story_ids)
    return {
        story_id: tuple(
            StoryReport(r["original"], tuple(r["article_ids"]), tuple(r["outlets"]))
            for r in reports
        )
        for story_id, reports in stored.items()
    }


def list_stories(
    store: Store,
    since: str | None = None,
    until: str | None = None,
    min_size: int = 1,
    limit: int | None = None,
    new_since: str | None = None,
    offset: int = 0,
) -> list[StorySummary]:
    """Stories overlapping ``since``..``until`` with at least ``min_size`` articles, biggest
    first (then newest), ``limit`` from ``offset``; with ``new_since`` (an ISO UTC time), only
    those that gained an article stored since then. The store reads the page by its stored
    sizes; only that page's reports are read."""
    filters = StoryFilter(since, until, min_size)
    if new_since is None:
        stories = store.list_stories(filters, limit, offset)
    else:
        stories = _touched_stories(store, filters, new_since)
        stories = stories[offset:] if limit is None else stories[offset : offset + limit]
    reports = story_reports(store, [story.id for story in stories])
    summaries = []
    for story in stories:
        found = reports.get(story.id, ())
        outlets = sorted({outlet for report in found for outlet in report.outlets})
        summaries.append(StorySummary(story, len(found) or len(story.article_ids), tuple(outlets)))
    return summaries


def count_stories(
    store: Store,
    since: str | None = None,
    until: str | None = None,
    min_size: int = 1,
    new_since: str | None = None,
) -> int:
    """How many stories :func:`list_stories` lists with no limit."""
    filters = StoryFilter(since, until, min_size)
    if new_since is None:
        return store.count_stories(filters)
    return len(_touched_stories(store, filters, new_since))


def _touched_stories(store: Store, filters: StoryFilter, new_since: str) -> list[Story]:
    """The stories passing ``filters`` that hold an article stored at or after
    ``new_since``, in the list's order: read by the new articles, not every story."""
    touched = store.get_stories(sorted(stories_touched(store, new_since)))
    kept = [story for story in touched if story_passes(story, filters)]
    return _in_list_order(kept)


def story_passes(story: Story, filters: StoryFilter) -> bool:
    """:func:`dateline.store.story_sizes.story_filter_sql`, for stories already read."""
    if len(story.article_ids) < filters.min_size:
        return False
    since, until = filters.since, filters.until
    if since is None and until is None:
        return True
    if story.first is None or story.last is None:
        return False
    # a coarse bound or story date (2019, 2019-04) covers the whole year or month
    return (since is None or story.last >= since[: len(story.last)]) and (
        until is None or story.first[: len(until)] <= until
    )


def _in_list_order(stories: list[Story]) -> list[Story]:
    """``stories`` in :data:`dateline.store.story_sizes.STORY_ORDER`: by id, then (a stable
    sort) by size and last day, both descending."""
    ordered = sorted(stories, key=lambda story: story.id)
    ordered.sort(key=lambda story: (len(story.article_ids), last_day_key(story.last)), reverse=True)
    return ordered


def stories_touched(store: Store, new_since: str) -> set[str]:
    """Ids of the stories holding an article stored at or after ``new_since``."""
    new = [article.id for article in store.iter_articles(ArticleFilter(added_since=new_since))]
    return set(store.stories_of_articles(new).values())


def resolve_story_id(store: Store, id_or_prefix: str) -> str | None:
    """The one story id equal to or starting with ``id_or_prefix``."""
    story = find_story(store, id_or_prefix)
    return story.id if story is not None else None


def find_story(store: Store, id_or_prefix: str) -> Story | None:
    """The story whose id is ``id_or_prefix``, else the one whose id starts with it (None
    when none or several do): ids only are compared, not every story read."""
    story = store.get_story(id_or_prefix)
    if story is not None or not id_or_prefix:
        return story
    matches = store.story_ids_starting(id_or_prefix, limit=2)
    return store.get_story(matches[0]) if len(matches) == 1 else None


def _thread_reasons(store: Store, story: Story) -> tuple[ThreadReason, ...]:
    reasons = []
    for link in store.thread_links(story.id):
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
                similarity=link.get("similarity"),
            )
        )
    return tuple(reasons)


def _copies(store: Store, story_id: str) -> dict[str, str]:
    """A story's copies: article id -> the original it repeats."""
    return {
        article_id: report.original
        for report in story_reports(store, [story_id]).get(story_id, ())
        for article_id in report.article_ids
        if article_id != report.original
    }


def _shown_on_timeline(event: Event) -> bool:
    return bool(event.when_basis != "article" and event.when and _CALENDAR_VALUE.match(event.when))


def story_detail(store: Store, id_or_prefix: str, timeline_limit: int = 40) -> StoryDetail | None:
    """Everything about one story, or None when no story has that id (or id prefix)."""
    story = find_story(store, id_or_prefix)
    if story is None:
        return None
    reports = story_reports(store, [story.id]).get(story.id, ())
    copy_of = _copies(store, story.id)
    names: dict[str, str] = {}  # the story's entities' names, read as its articles name them
    articles: list[StoryArticle] = []
    entities: Counter[str] = Counter()
    timeline: list[TimelineEntry] = []
    # a page of articles at a time, each read (articles, mentions, names, events) at once
    for page in id_pages(list(story.article_ids)):
        by_id = {article.id: article for article in store.get_articles(page, text=False)}
        mentions: dict[str, list[MentionRow]] = defaultdict(list)
        for row in store.mention_rows_in(page):
            mentions[row[0]].append(row)
        unknown = sorted({row[5] for rows in mentions.values() for row in rows if row[5]})
        found = store.get_entities([e for e in unknown if e not in names], articles=False)
        names.update({entity_id: entity.name for entity_id, entity in found.items()})
        events: dict[str, list[Event]] = defaultdict(list)
        for event in store.events_in([a for a in page if a not in copy_of]):
            if _shown_on_timeline(event):
                events[event.article_id].append(event)
        for article_id in page:
            article = by_id.get(article_id)
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
            # each name once an article: an entity's name, else as the article wrote it
            entities.update(
                {names.get(row[5] or "", "") or row[7] or row[3] for row in mentions[article_id]}
            )
            if article.published:
                timeline.append(
                    TimelineEntry(article.published[:10], article.title, article.id, "published")
                )
            for event in events[article_id]:
                text = event.sentence or event.trigger
                timeline.append(TimelineEntry(event.when or "", text, article.id, "event"))
    timeline = sorted(
        set(timeline),
        # the text last: entries of one day and article come in one order, whatever the run
        key=lambda entry: (entry.date, entry.kind != "published", entry.article_id, entry.text),
    )
    thread = thread_stories(store, story)
    return StoryDetail(
        story=story,
        articles=tuple(articles),
        entities=tuple(sorted(entities.items(), key=lambda item: (-item[1], item[0]))),
        reports=reports,
        timeline=tuple(timeline[:timeline_limit]),
        thread=thread,
        reasons=_thread_reasons(store, story),
    )


def thread_stories(store: Store, story: Story) -> tuple[Story, ...]:
    """Every story of ``story``'s thread, ``story`` included, undated first, then by first
    date and id (just ``story`` when it is in no thread): read by the thread's index."""
    if not story.thread_id:
        return (story,)
    found = store.get_stories(sorted(store.stories_in_threads([story.thread_id])))
    return tuple(sorted(found, key=lambda s: (s.first is not None, s.first or "", s.id)))


def related_articles(store: Store, article_id: str, limit: int = 10) -> list[RelatedArticle]:
    """Articles of the same story, then of the same thread, then the most similar by text."""
    story_id = store.story_of_article(article_id)
    story = store.get_story(story_id) if story_id else None
    chosen: dict[str, tuple[str, float]] = {}
    if story is not None:
        for other in story.article_ids:
            if other != article_id:
                chosen[other] = (f"same story: {story.title}", 1.0)
        for thread_story in thread_stories(store, story):
            if thread_story.id != story.id:
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


@dataclass(frozen=True, slots=True)
class StoryView:
    """One story as its page shows it: articles, the entities named most, and a timeline of
    its articles and of the events it reports (by the rules of :func:`story_detail`)."""

    story: Story
    articles: tuple[ArticleRef, ...]
    entities: tuple[tuple[Entity, int], ...]  # entity, number of the story's articles naming it
    timeline: tuple[TimelinePoint, ...]


#: entities a story page lists, events its timeline draws and articles it reads at most (the
#: first: a page's cost stays bounded however large the story grows)
STORY_ENTITIES = 20
STORY_EVENTS = 500
STORY_ARTICLES = 200


def story_view(store: Store, id_or_prefix: str) -> StoryView | None:
    """One story for its page, or None when no story has that id (or id prefix): its first
    :data:`STORY_ARTICLES` articles and their events, and the entities linking counted over
    all its articles."""
    story = find_story(store, id_or_prefix)
    if story is None:
        return None
    cache = ArticleCache(store)
    copy_of = _copies(store, story.id)
    first = story.article_ids[:STORY_ARTICLES]
    stored = cache.load(first)
    shown = [a for a in first if a in stored]
    refs = sorted((cache.ref(a) for a in shown), key=lambda r: (r.published or "", r.id))
    counts = store.story_entities(story.id, STORY_ENTITIES)
    # names, not article ids: a popular entity's list of them is long to read
    found = store.get_entities([entity_id for entity_id, _ in counts], articles=False)
    entities = [(found[entity_id], count) for entity_id, count in counts if entity_id in found]
    events = [
        event
        for event in store.events_in([a for a in shown if a not in copy_of])
        if _shown_on_timeline(event)
    ]
    points = []
    for item in event_items(store, events, limit=STORY_EVENTS, cache=cache):
        when = event_date(item.event, item.article)
        if when is not None and item.event.category not in SPEECH_CATEGORIES:
            points.append(
                TimelinePoint(
                    when,
                    event_label(item),
                    "event",
                    item.article,
                    detail=item.event.sentence,
                    category=item.event.category,
                    modality=item.event.modality,
                )
            )
    for ref in refs:
        when = parse_when(ref.published)
        if when is not None:
            points.append(TimelinePoint(when, ref.title or ref.id, "article", ref))
    return StoryView(story, tuple(refs), tuple(entities), tuple(distinct_sorted(points)))
