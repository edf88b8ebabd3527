"""An entity's timeline: the events it took part in across all articles, in time order.

The same event reported more than once (by several articles, or twice in one) becomes one
line with all its sources: two events are the same when they have the same category, share
their participants (two in common, or the very same set) and have compatible dates (equal,
one containing the other such as 2015-05 and 2015-05-09, or within a week where one of them
only has its article's date). A negated or refused event never merges with one that happened.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from dateline.records import Event, TimeBasis
from dateline.store.interface import Store

ARTICLE_DATE_SLACK_DAYS = 7
CONTRARY_MODALITIES = frozenset({"negated", "refused"})


@dataclass(frozen=True, slots=True)
class TimelineSource:
    """Where a timeline line comes from: an article and the sentence in it."""

    article_id: str
    title: str
    sentence_start: int
    sentence_end: int
    sentence: str


@dataclass(slots=True)
class TimelineLine:
    """One event of the timeline with the date, how it was obtained, and every source."""

    date: str | None
    date_basis: TimeBasis
    category: str
    modality: str
    summary: str
    sentence: str
    sources: list[TimelineSource] = field(default_factory=list)
    event_ids: list[str] = field(default_factory=list)
    participants: frozenset[str] = frozenset()


def _as_date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if len(value) >= 10 else None
    except ValueError:
        return None


def dates_compatible(
    first: str | None, first_basis: str, second: str | None, second_basis: str
) -> bool:
    """Whether two time values can be the date of one event."""
    if first is None or second is None:
        return first is second
    if first.startswith(second) or second.startswith(first):
        return True
    if "article" in (first_basis, second_basis):
        a, b = _as_date(first), _as_date(second)
        return a is not None and b is not None and abs((a - b).days) <= ARTICLE_DATE_SLACK_DAYS
    return False


def _participants(event: Event) -> frozenset[str]:
    return frozenset(event.actor_ids) | frozenset(event.target_ids)


def _same_event(line: TimelineLine, event: Event) -> bool:
    if line.category != event.category:
        return False
    if (line.modality in CONTRARY_MODALITIES) != (event.modality in CONTRARY_MODALITIES):
        return False
    others = _participants(event)
    if not (len(line.participants & others) >= 2 or line.participants == others):
        return False
    return dates_compatible(line.date, line.date_basis, event.when, event.when_basis)


def _stronger_date(line: TimelineLine, event: Event) -> tuple[str | None, TimeBasis]:
    """Prefer a date read from the text over an article date, and the more precise one."""
    if event.when is None:
        return line.date, line.date_basis
    if line.date is None:
        return event.when, event.when_basis
    line_from_text = line.date_basis != "article"
    event_from_text = event.when_basis != "article"
    if event_from_text and not line_from_text:
        return event.when, event.when_basis
    if event_from_text == line_from_text and len(event.when) > len(line.date):
        return event.when, event.when_basis
    return line.date, line.date_basis


def summarize(event: Event, names: dict[str, str]) -> str:
    """A short line: "Vladimir Putin invited Kim Jong-un (in Moscow)"."""
    actors = " and ".join(names.get(i, i) for i in event.actor_ids)
    targets = ", ".join(names.get(i, i) for i in event.target_ids if i not in event.actor_ids)
    parts = [actors, event.trigger, targets]
    if event.place_id:
        parts.append(f"(in {names.get(event.place_id, event.place_id)})")
    return " ".join(p for p in parts if p)


def merge_events(
    events: Iterable[Event], names: dict[str, str], titles: dict[str, str]
) -> list[TimelineLine]:
    """Group events into timeline lines (see the module docstring), in time order."""
    lines: list[TimelineLine] = []
    ordered = sorted(events, key=lambda e: (e.when or "9999", e.article_id, e.trigger_start))
    for event in ordered:
        source = TimelineSource(
            article_id=event.article_id,
            title=titles.get(event.article_id, ""),
            sentence_start=event.sentence_start,
            sentence_end=event.sentence_end,
            sentence=event.sentence,
        )
        line = next((line for line in lines if _same_event(line, event)), None)
        if line is None:
            lines.append(
                TimelineLine(
                    date=event.when,
                    date_basis=event.when_basis,
                    category=event.category,
                    modality=event.modality,
                    summary=summarize(event, names),
                    sentence=event.sentence,
                    sources=[source],
                    event_ids=[event.id],
                    participants=_participants(event),
                )
            )
            continue
        line.date, line.date_basis = _stronger_date(line, event)
        line.participants |= _participants(event)
        line.event_ids.append(event.id)
        if all(
            (s.article_id, s.sentence_start) != (source.article_id, source.sentence_start)
            for s in line.sources
        ):
            line.sources.append(source)
    lines.sort(
        key=lambda line: (
            line.date or "9999",
            line.sources[0].article_id,
            line.sources[0].sentence_start,
        )
    )
    return lines


def build_timeline(
    store: Store, entity_id: str, categories: Sequence[str] = ()
) -> list[TimelineLine]:
    """The events involving ``entity_id`` across all stored articles, merged and in time order."""
    events = [
        e
        for e in store.iter_events(entity_id=entity_id)
        if not categories or e.category in categories
    ]
    names: dict[str, str] = {}
    for event in events:
        for entity_id_ in (*event.actor_ids, *event.target_ids, *filter(None, [event.place_id])):
            if entity_id_ not in names:
                entity = store.get_entity(entity_id_)
                names[entity_id_] = entity.name if entity is not None else entity_id_
    titles: dict[str, str] = {}
    for article_id in {e.article_id for e in events}:
        article = store.get_article(article_id)
        titles[article_id] = article.title if article is not None else ""
    return merge_events(events, names, titles)
