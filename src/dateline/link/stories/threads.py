"""Threads: stories about the same ongoing matter, linked across time, with the reason why.

Two stories are linked (earlier -> later) when their entities are alike
(:func:`entity_similarity`: a cosine over the names each story's articles use, a name
weighing more the fewer stories use it and the more of the story's articles name it) and
either

- the later story *refers back* to the earlier one: one of its sentences names a month or a
  day before the later story began (``in May 2015``; a year, a season or a week is too
  coarse) that falls inside the earlier story's span or matches a month or day the earlier
  story itself mentions, that sentence shares content words with the earlier story
  (``invitation``, ``anniversary``), and the similarity reaches
  ``min_similarity_referring``; or
- the similarity reaches ``min_similarity`` and they share ``min_shared_unreferenced``
  names: the stories are plainly about the same matter. (A cosine over one or two names is
  no evidence of that: two one-article stories of Italy's statistics office, years apart,
  have a cosine of 1.)

Counting shared names instead (six of them made a link before) chained a whole newswire into
one thread: every story of a year names the same countries and agencies, and a story of many
articles names hundreds of entities. Threads are components, so one wrong link joins two
threads; the weights keep common names and broad stories from carrying links.

Candidate pairs come from an inverted index over entity keys, so the work grows with the
number of stories that share an entity, not with the square of all stories. Threads are the
connected components of the links; a thread's id derives from its earliest story's id. A
thread keeps the links that joined it (a spanning forest, in story order): a pair already in
one thread is not examined again, so what is stored grows with the number of stories, not
with the number of related pairs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from dateline.link.components import DisjointSet
from dateline.link.stories.features import content_words
from dateline.records import TimeExpr

_DATE_VALUE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)]*\s+|\n+")
_MONTHS_AND_DAYS = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "year",
        "years",
        "month",
        "months",
        "day",
        "days",
        "week",
        "weeks",
        "today",
        "yesterday",
        "ago",
        "last",
    ]
)


@dataclass(frozen=True, slots=True)
class DatedSentence:
    """A sentence of one article that names a date (a TIMEX value such as ``2015-05``)."""

    article_id: str
    value: str
    sentence: str


@dataclass(frozen=True, slots=True)
class StoryProfile:
    """What thread linking needs to know about one story."""

    story_id: str
    title: str
    first: dt.date | None
    last: dt.date | None
    entities: Mapping[str, int]  # entity display name -> number of the story's articles naming it
    words: frozenset[str]
    dated_sentences: tuple[DatedSentence, ...] = ()
    articles: int = 0  # how many articles the story has (0: unknown, its most named entity's)


@dataclass(frozen=True, slots=True)
class BackReference:
    """A sentence of the later story that points back at the earlier story's happening."""

    article_id: str
    sentence: str
    value: str
    matched: str  # what in the earlier story it matched: its span or a date it mentions
    shared_words: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ThreadLink:
    """Why two stories belong to one thread."""

    earlier: str
    later: str
    shared_entities: tuple[tuple[str, int, int], ...]  # name, articles in earlier, in later
    back_references: tuple[BackReference, ...] = ()
    similarity: float = 0.0  # entity_similarity of the two stories

    def to_json(self) -> dict[str, object]:
        return {
            "earlier": self.earlier,
            "later": self.later,
            "similarity": round(self.similarity, 3),
            "shared_entities": [list(item) for item in self.shared_entities],
            "back_references": [
                {
                    "article_id": ref.article_id,
                    "sentence": ref.sentence,
                    "value": ref.value,
                    "matched": ref.matched,
                    "shared_words": list(ref.shared_words),
                }
                for ref in self.back_references
            ],
        }


@dataclass(frozen=True, slots=True)
class ThreadParams:
    """Thresholds of thread linking."""

    min_shared_entities: int = 2
    min_similarity: float = 0.5  # alike enough to link without a back reference
    min_shared_unreferenced: int = 3  # ... when they also share this many names
    min_similarity_referring: float = 0.3  # alike enough for a back reference to link
    min_shared_words: int = 2
    max_posting: int = 200  # entities named by more stories than this do not pair stories
    max_partners: int = 50  # a story is compared with the stories it shares most entities with


@dataclass(slots=True)
class ThreadResult:
    """Thread id per story (stories alone in their thread have none) and the links' reasons."""

    thread_of: dict[str, str] = field(default_factory=dict)
    links: list[ThreadLink] = field(default_factory=list)


def thread_id_for(earliest_story_id: str) -> str:
    return "t-" + hashlib.sha1(earliest_story_id.encode("utf-8")).hexdigest()[:16]


def _sentence_around(text: str, start: int, end: int) -> str:
    begin = 0
    for match in _SENTENCE_END.finditer(text, 0, start):
        begin = match.end()
    stop_match = _SENTENCE_END.search(text, end)
    stop = stop_match.start() if stop_match else len(text)
    return " ".join(text[begin:stop].split())


def dated_sentences(article_id: str, text: str, times: Iterable[TimeExpr]) -> list[DatedSentence]:
    """The sentences of an article that name a calendar date, one per date mention.

    A date resolved against a guessed article date (basis ``inferred``: "last May" in an
    article whose own date is a guess) is itself a guess and names no date here.
    """
    found: list[DatedSentence] = []
    for time in times:
        if time.type != "DATE" or time.basis == "inferred" or not _DATE_VALUE.match(time.value):
            continue
        if not 0 <= time.start <= time.end <= len(text):
            continue
        found.append(
            DatedSentence(article_id, time.value, _sentence_around(text, time.start, time.end))
        )
    return found


@lru_cache(maxsize=65_536)
def _value_span(value: str) -> tuple[dt.date, dt.date] | None:
    """The days a TIMEX value naming a month or a day covers (``2015-05`` -> May 2015), or
    None. A year, a season or a week ("2005", "last summer") covers every story of its time,
    and is how news compares figures, not how it points back at one happening."""
    match = _DATE_VALUE.match(value)
    if match is None or not match.group(2):
        return None
    year, month = int(match.group(1)), int(match.group(2))
    try:
        if match.group(3):
            day = dt.date(year, month, int(match.group(3)))
            return day, day
        start = dt.date(year, month, 1)
        following = dt.date(year + (month == 12), month % 12 + 1, 1)
        return start, following - dt.timedelta(days=1)
    except ValueError:
        return None


def _overlaps(a: tuple[dt.date, dt.date], b: tuple[dt.date, dt.date]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _story_order(profile: StoryProfile) -> tuple[int, str, str]:
    if profile.first is None:
        return (1, "", profile.story_id)
    return (0, profile.first.isoformat(), profile.story_id)


def find_back_references(
    earlier: StoryProfile, later: StoryProfile, min_shared_words: int = 2
) -> list[BackReference]:
    """Sentences of ``later`` naming a past date that matches ``earlier``'s happening."""
    earlier_span = (earlier.first, earlier.last) if earlier.first and earlier.last else None
    mentioned = [
        (sentence.value, span)
        for sentence in earlier.dated_sentences
        if (span := _value_span(sentence.value)) is not None
    ]
    references: list[BackReference] = []
    seen: set[tuple[str, str]] = set()
    for sentence in later.dated_sentences:
        span = _value_span(sentence.value)
        if span is None or (later.first is not None and span[0] >= later.first):
            continue  # not a date before the later story began
        matched = ""
        if earlier_span and _overlaps(span, earlier_span):
            matched = f"the earlier story's dates ({earlier_span[0]}..{earlier_span[1]})"
        else:
            for value, earlier_mention in mentioned:
                if _overlaps(span, earlier_mention):
                    matched = f"a date the earlier story mentions ({value})"
                    break
        if not matched:
            continue
        shared = tuple(sorted(_sentence_words(sentence.sentence) & earlier.words))
        key = (sentence.article_id, sentence.sentence)
        if len(shared) >= min_shared_words and key not in seen:
            seen.add(key)
            references.append(
                BackReference(
                    sentence.article_id, sentence.sentence, sentence.value, matched, shared
                )
            )
    return references


@lru_cache(maxsize=65_536)
def _sentence_words(sentence: str) -> frozenset[str]:
    """The content words of a dated sentence, less the words of dates themselves (cached: a
    later story's sentences are compared with every candidate earlier story)."""
    return frozenset(content_words(sentence)) - _MONTHS_AND_DAYS


def _shared_entities(a: StoryProfile, b: StoryProfile) -> tuple[tuple[str, int, int], ...]:
    shared = [
        (name, a.entities[name], b.entities[name]) for name in a.entities if name in b.entities
    ]
    shared.sort(key=lambda item: (-(item[1] + item[2]), item[0]))
    return tuple(shared)


def name_weight(stories: int, max_posting: int) -> float:
    """What sharing a name that ``stories`` stories use says: ``log(1 + max_posting /
    stories)``, and nothing for a name more than ``max_posting`` stories use (such a name
    pairs no stories either). Bounded by the posting limit rather than the number of
    stories, so that a batch, which counts only the names it meets, weighs them as a full
    link does."""
    if stories > max_posting:
        return 0.0
    return math.log1p(max_posting / max(stories, 1))


EntityVector = tuple[dict[str, float], float]


def entity_vector(profile: StoryProfile, weight: Callable[[str], float]) -> EntityVector:
    """A story's names, each weighed by ``weight`` (how rare it is) and by the share of the
    story's articles naming it, and the vector's norm: a story of many articles names many
    entities once or twice, and those say little of what it is about."""
    articles = profile.articles or max(profile.entities.values(), default=1)
    vector = {name: weight(name) * count / articles for name, count in profile.entities.items()}
    return vector, math.sqrt(sum(value * value for value in vector.values()))


def entity_similarity(a: EntityVector, b: EntityVector) -> float:
    """The cosine of two stories' :func:`entity_vector`."""
    (smaller, small_norm), (larger, large_norm) = sorted((a, b), key=lambda item: len(item[0]))
    if not small_norm or not large_norm:
        return 0.0
    dot = sum(value * larger.get(name, 0.0) for name, value in smaller.items())
    return dot / (small_norm * large_norm)


def _candidate_pairs(
    profiles: Sequence[StoryProfile], params: ThreadParams
) -> list[tuple[int, int]]:
    """Pairs of stories sharing at least ``min_shared_entities`` entities, each story keeping
    its ``max_partners`` partners with the most shared entities (so the work per story is
    bounded however many stories share its entities; on a tie, the partner first in
    ``profiles`` order). Counted with numpy: every pair of a posting at once."""
    postings: dict[str, list[int]] = {}
    for index, profile in enumerate(profiles):
        for name in profile.entities:
            postings.setdefault(name, []).append(index)
    by_size: dict[int, list[list[int]]] = {}
    for members in postings.values():
        # an entity in nearly every story says nothing about any two of them
        if 1 < len(members) <= params.max_posting:
            by_size.setdefault(len(members), []).append(members)
    width = max(len(profiles), 1)  # a pair (a, b) is coded as a * width + b
    codes = [np.zeros(0, dtype=np.int64)]
    for size, groups in by_size.items():
        firsts, seconds = np.triu_indices(size, 1)
        stacked = np.asarray(groups, dtype=np.int64)  # postings list stories in index order
        codes.append((stacked[:, firsts] * width + stacked[:, seconds]).ravel())
    pairs, counts = np.unique(np.concatenate(codes), return_counts=True)
    enough = counts >= params.min_shared_entities
    pairs, counts = pairs[enough], counts[enough]
    a, b = pairs // width, pairs % width
    # each story's partners, most shared entities first, then by index
    story = np.concatenate([a, b])
    partner = np.concatenate([b, a])
    shared = np.concatenate([counts, counts])
    order = np.lexsort((partner, -shared, story))
    story, partner = story[order], partner[order]
    starts = np.searchsorted(story, story, side="left")
    ranked = np.arange(len(story)) - starts
    kept = ranked < params.max_partners
    low = np.minimum(story[kept], partner[kept])
    high = np.maximum(story[kept], partner[kept])
    unique = np.unique(low * width + high)
    return [(int(code // width), int(code % width)) for code in unique.tolist()]


def link_threads(
    profiles: Sequence[StoryProfile],
    params: ThreadParams | None = None,
    *,
    focus: Collection[str] | None = None,
    linked: Iterable[tuple[str, str]] = (),
    complete: Callable[[StoryProfile], StoryProfile] | None = None,
    story_counts: Mapping[str, int] | None = None,
) -> ThreadResult:
    """Link stories into threads; see the module docstring for the rule.

    A batch links again only around the stories it changed: ``focus`` keeps the pairs with
    one of them (the other pairs keep their stored decision); ``linked`` holds the stored
    links kept (pairs of story ids, of ``profiles`` or not), so that stories they already
    join are not linked again; ``complete`` fills in the words and dated sentences of a
    profile read without them, for the pairs that need them; ``story_counts`` gives how
    many stories of the corpus use each name of ``profiles`` (counted up to
    ``max_posting + 1``; by default counted over ``profiles``, the whole corpus of a full
    link).
    """
    params = params or ThreadParams()
    counts = (
        story_counts
        if story_counts is not None
        else Counter(name for profile in profiles for name in profile.entities)
    )

    def weight(name: str) -> float:
        return name_weight(counts.get(name, 1), params.max_posting)

    vectors: dict[str, EntityVector] = {}

    def vector(profile: StoryProfile) -> EntityVector:
        found = vectors.get(profile.story_id)
        if found is None:
            found = vectors[profile.story_id] = entity_vector(profile, weight)
        return found

    ordered = sorted(profiles, key=_story_order)
    index = {profile.story_id: i for i, profile in enumerate(ordered)}
    linked = list(linked)
    for story_id in (story_id for pair in linked for story_id in pair):
        index.setdefault(story_id, len(index))  # a story joined through one not compared
    sets = DisjointSet(len(index))
    for earlier_id, later_id in linked:
        sets.union(index[earlier_id], index[later_id])
    result = ThreadResult()
    for a, b in _candidate_pairs(ordered, params):
        if sets.find(a) == sets.find(b):
            continue  # already in one thread: a thread keeps the links that joined it
        earlier, later = ordered[a], ordered[b]
        if focus is not None and earlier.story_id not in focus and later.story_id not in focus:
            continue
        shared = _shared_entities(earlier, later)
        if len(shared) < params.min_shared_entities:
            continue
        similarity = entity_similarity(vector(earlier), vector(later))
        if similarity < params.min_similarity_referring:
            continue
        if complete is not None:
            earlier, later = complete(earlier), complete(later)
        references = find_back_references(earlier, later, params.min_shared_words)
        if not references and (
            similarity < params.min_similarity or len(shared) < params.min_shared_unreferenced
        ):
            continue
        result.links.append(
            ThreadLink(earlier.story_id, later.story_id, shared, tuple(references), similarity)
        )
        sets.union(a, b)  # the earlier story's component root stays the root
    for members in sets.groups().values():
        members = [member for member in members if member < len(ordered)]
        if len(members) < 2:
            continue
        thread = thread_id_for(ordered[min(members)].story_id)
        for member in members:
            result.thread_of[ordered[member].story_id] = thread
    return result
