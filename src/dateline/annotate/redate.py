"""An article's annotations after the user corrected its date, found without parsing it again.

A new date moves only what is resolved against it: relative time values and the time of the
events that take the article's date or such a value. Mentions and quotes do not read the date.
So where the stored annotations already settle everything the parse would decide, the new ones
follow from them and the text alone:

- the time expressions are tagged again without a parse, which gives the parsed values
  unless a clause's tense had to be read (:func:`tag_times_unparsed` says so);
- each event keeps the time expression it took (the choice reads the parse and which
  expressions have a dated value, not the values), so it takes that expression's new value,
  or the new date where it took the article's.

Where any of that is not settled, :func:`redated_annotations` answers None and the article is
parsed again (:func:`reparsed_annotations`): its times, tenses and events are found afresh,
while its mentions and quotes stay the stored ones, so a corrected date never moves the
article's entities (and the link after it has no entity to re-link).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

from dateline.annotate.event_tense import lies_ahead, report_day
from dateline.annotate.pipeline import (
    annotations_of,
    article_times_unparsed,
    date_article,
    in_other_language,
)
from dateline.records import Annotations, Article, Event, Mention, TimeExpr

#: the types of expression an event may take its time from (``events.DATE_TYPES``; that
#: module loads spaCy, which this one must not)
DATE_TYPES = frozenset({"DATE", "TIME"})


def redated_annotations(before: Article, after: Article, stored: Annotations) -> Annotations | None:
    """``stored`` (the annotations of ``before``) as annotating ``after``, the same article with
    a corrected date, would give them; None where that takes a parse."""
    if before.text != after.text or in_other_language(after) or date_article(after) != after:
        return None
    found = article_times_unparsed(after, stored.tenses)
    if found is None:
        return None
    times, tenses = found
    events = _redated_events(before, after, stored.events, stored.times, times)
    if events is None:
        return None
    return Annotations(
        article_id=after.id,
        mentions=stored.mentions,
        times=tuple(times),
        quotes=stored.quotes,
        events=tuple(events),
        tenses=tuple(tenses),
    )


def reparsed_annotations(after: Article, stored: Annotations, model: str) -> Annotations | None:
    """``stored`` with the times, tenses and events a parse of ``after`` gives; the mentions
    and quotes stay ``stored``'s. Where the extractors now find the same mentions, this is
    what annotating ``after`` again gives; where they find others (a store annotated by
    another model or version), the events are found among the stored mentions. None where
    annotating again is the only way (an article with no stored mentions, one in another
    language, one longer than the model reads)."""
    if not stored.mentions or in_other_language(after) or date_article(after) != after:
        return None
    from dateline.annotate.nlp import load_pipeline, parse_texts

    nlp = load_pipeline(model, parse=True)
    if len(after.text) > nlp.max_length:
        return None
    doc = next(parse_texts([after.text], nlp, batch_size=1))
    fresh = annotations_of(after, doc)
    events = fresh.events
    if _spans(sorted(fresh.mentions, key=lambda m: (m.start, m.end))) != _spans(stored.mentions):
        from dateline.annotate.events import extract_events

        found = extract_events(
            after, doc, list(stored.mentions), list(fresh.times), list(stored.quotes)
        )
        events = tuple(found)
    return replace(stored, times=fresh.times, events=events, tenses=fresh.tenses)


def _spans(mentions: Sequence[Mention]) -> list[tuple[int, int, str, str]]:
    return [(m.start, m.end, m.text, m.label) for m in mentions]


def _dates(time: TimeExpr) -> bool:
    """Whether an event may take its time from ``time`` (what the events stage reads)."""
    return time.type in DATE_TYPES and time.value[:1].isdigit()


def _dated_spans(times: Sequence[TimeExpr]) -> list[tuple[int, int]]:
    return sorted((t.start, t.end) for t in times if _dates(t))


def _redated_events(
    before: Article,
    after: Article,
    events: Sequence[Event],
    old_times: Sequence[TimeExpr],
    new_times: Sequence[TimeExpr],
) -> list[Event] | None:
    if not events:
        return []
    if _dated_spans(old_times) != _dated_spans(new_times):
        return None  # which expression an event takes may change: the parse decides
    new_at = {(t.start, t.end): t for t in new_times}
    old_by_value: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for t in old_times:
        if _dates(t):
            old_by_value[(t.value, t.basis)].append((t.start, t.end))
    old_day = before.published[:10] if before.published else None
    new_day = after.published[:10] if after.published else None
    old_report, new_report = report_day(before), report_day(after)
    ahead_before = [
        (t.start, t.end) for t in old_times if _dates(t) and lies_ahead(t.value, old_report)
    ]
    redated: list[Event] = []
    for event in events:
        if event.when_basis == "article":
            if any(
                event.sentence_start <= start and end <= event.sentence_end
                for start, end in ahead_before
            ):
                return None  # it may have been told as past against a time then ahead
            if old_day is None and event.when is None:
                return None  # the article's missing date, or a past perfect: the parse tells
            if event.when is not None and event.when != old_day:
                return None  # not what these annotations would hold: annotate again
            when = new_day if event.when is not None else None
            redated.append(replace(event, when=when))
            continue
        spans = old_by_value.get((event.when or "", event.when_basis), [])
        outcomes = {(new_at[span].value, new_at[span].basis) for span in spans}
        if len(outcomes) != 1:
            return None  # none, or expressions of one value that now differ: the parse tells
        value, basis = outcomes.pop()
        if _modality_may_turn(event, value, new_report, old_report):
            return None
        redated.append(replace(event, when=value, when_basis=basis))
    return redated


def _modality_may_turn(event: Event, value: str, new_day: str | None, old_day: str | None) -> bool:
    """Whether the new date may change what an event with a time is told as: one told as
    having happened whose time the new date puts ahead, or one planned whose time it no
    longer does (:mod:`dateline.annotate.event_tense`)."""
    if event.modality == "happened":
        return lies_ahead(value, new_day)
    return (
        event.modality == "planned"
        and lies_ahead(event.when, old_day)
        and not lies_ahead(value, new_day)
    )
