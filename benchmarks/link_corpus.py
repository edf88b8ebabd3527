"""A linked synthetic store of any size, written directly (no full link), for bench_link.

Linking 100,000 or 1,000,000 articles in full only to measure what one more batch costs would
take hours, so the base corpus is written as a linked store would hold it:

- articles, vectors and annotation rows through the store interface: the story flow of
  ``bench_stories.synthetic_corpus`` (planted stories of 1-12 articles, about 100 a day), each
  article naming its story's people, one of 40 countries and one recurring public figure
  drawn with a Zipf-like popularity (figure k in proportion to 1/k), plus its day stated and
  "yesterday" (the times and tenses annotation stores for them),
  one quote by its first person and one event (its first two names as actor and target);
- entities: the name keys' clusters as the entity linker forms them on one local entity per
  key (the synthetic names are unambiguous, so that is what a full pass finds), every
  mention linked, the summaries refreshed by the store;
- the state incremental linking starts from, written with the product's own functions: the
  entity blocks, keys and tokens (``dateline.link.entity_state``), the planted stories with
  their document frequencies, blocking keys, days, names, embedding sums and reports
  (``dateline.link.stories.stored``), and the events of each chunk of stories clustered by
  the full event pass (``dateline.link.events.cluster_events``; a cluster never spans two
  chunks, which only leaves the base with a few more, smaller clusters).

The batch added on top is stored but not linked: what ``Corpus.link()`` then does is the
real incremental path. Its first link also re-links what the base's entities hold otherwise
than the product's passes would (the clusters above are formed a chunk of keys at a time,
each key's local entity with one mention, so names the passes join across chunks, or name
by how often they are written, get other ids). :func:`add_batch` stores a later batch, for
timing a link after that first one (``bench_link.py``, ``link (second batch)``).
"""

from __future__ import annotations

import os

# What ``import dateline`` does when it comes first, as in the ``dateline`` command: this
# script imports numpy before dateline, and OpenBLAS would start a thread per core.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import datetime as dt
import json
import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from bench_stories import START, synthetic_corpus
from dateline.annotate.pipeline import article_times_and_tenses
from dateline.link.aliases import clusters_of, linking_of, local_entities
from dateline.link.embed import DEFAULT_BACKEND, vector_to_bytes
from dateline.link.entity_state import local_tokens, mention_digest, mention_key
from dateline.link.events import (
    CORRECTIONS_SEEN_KEY,
    EventMention,
    arrival_key,
    cluster_events,
    cluster_row,
    corpus_blocks,
)
from dateline.link.stories import VECTOR_KIND
from dateline.link.stories.conductor import STATE_KEY, _setup
from dateline.link.stories.corpus import StoryParams
from dateline.link.stories.features import ClusterParams, StoryInput, story_day
from dateline.link.stories.incremental import STORY_VECTOR_KIND, story_sums
from dateline.link.stories.merges import MergeParams
from dateline.link.stories.reassign import ReassignParams
from dateline.link.stories.splits import SplitParams
from dateline.link.stories.stored import (
    DF_KINDS,
    Inputs,
    document_frequencies,
    groups_of,
    index_of,
    reports_of,
    stories_of,
)
from dateline.link.stories.thread_profiles import encoded_profiles
from dateline.link.stories.threads import ThreadParams
from dateline.records import Annotations, Article, ClauseTense, Event, Mention, Quote, TimeExpr
from dateline.store.interface import EntityLinkState, Store
from dateline.store.sqlite import SQLiteStore

#: recurring public figures, named with a Zipf-like popularity
FIGURES = 2000
CHUNK = 5000
KEYS_CLUSTERED = 3000
# each article reports one event, its first two names as actor and target, with a trigger
# its story's articles share (so events cluster across articles, as real ones do)
TRIGGERS = (("visited", "consult"), ("met", "consult"), ("attacked", "attack"), ("signed", "agree"))


class _Figures:
    """Figure names of articles ``start`` to ``count - 1``, drawn in one go for all ``count``
    (fast and reproducible: article ``i`` always gets the same figure). Only the range asked
    for becomes strings: a batch after a million articles would otherwise build a million
    names at once (some 60 MiB) in the process whose link is measured."""

    def __init__(self, count: int, seed: int = 11, start: int = 0) -> None:
        weights = 1 / np.arange(1, FIGURES + 1)
        picks = np.random.default_rng(seed).choice(FIGURES, size=count, p=weights / weights.sum())
        self.names = [f"Figure {int(k)}" for k in picks[start:]]


#: the sentence that states each dated article's day, and a time resolved against it
DATED = "On {day} they said they had met yesterday"


def _written(day: dt.date) -> str:
    return f"{day.day} {day.strftime('%B')} {day.year}"


Tagged = tuple[tuple[TimeExpr, ...], tuple[ClauseTense, ...]]


def article_rows(
    item: StoryInput, figure: str, tagged: Tagged | None = None
) -> tuple[Article, Annotations]:
    """One synthetic article and its annotation rows (``tagged``: its times and tenses, as an
    earlier call gave them, so they are not tagged again)."""
    text = item.text
    names = [*item.entity_keys, figure]
    mentions = []
    for name in names:
        text += ". "
        start = len(text)
        text += name
        mentions.append(Mention(item.article_id, start, len(text), name, "PERSON", None))
    day = item.published.isoformat() if item.published else None
    if item.published:
        text += ". " + DATED.format(day=_written(item.published))
    text += ". "
    quote_start = len(text)
    text += '"We will keep talking," '
    quote_end = len(text) - 1
    speaker_start = len(text)
    text += names[0]
    speaker_end = len(text)
    text += " said."
    quote = Quote(
        item.article_id,
        quote_start,
        quote_end,
        text[quote_start:quote_end],
        "direct",
        "said",
        speaker_start,
        speaker_end,
        names[0],
    )
    mentions.append(Mention(item.article_id, speaker_start, speaker_end, names[0], "PERSON", None))
    article = Article(
        id=item.article_id,
        title=item.title,
        text=text,
        published=day,
        published_basis="metadata",
        language="en",
        content_hash=item.article_id,
    )
    trigger, category = TRIGGERS[zlib.crc32(item.entity_keys[0].encode()) % len(TRIGGERS)]
    event = Event(
        id=f"{item.article_id}-e",
        article_id=item.article_id,
        trigger_start=0,
        trigger_end=len(trigger),
        trigger=trigger,
        category=category,
        when=day,
        sentence=f"{trigger} {names[0]} {names[1]}",
        actor_spans=((mentions[0].start, mentions[0].end),),
        target_spans=((mentions[1].start, mentions[1].end),),
    )
    # what annotate stores: the tagger's times; none of them needs a clause's tense, so no
    # tenses (a corrected date re-resolves them without a parse, as for an annotated article)
    if tagged is None:
        times, tenses = article_times_and_tenses(article, None)
        tagged = (tuple(times), tuple(tenses))
    return article, Annotations(
        item.article_id, tuple(mentions), tagged[0], (quote,), (event,), tagged[1]
    )


def story_params() -> StoryParams:
    return StoryParams(ClusterParams(), SplitParams(), MergeParams(), ReassignParams())


def build_linked(path: Path, size: int, batch: int) -> list[str]:
    """A linked store of ``size`` articles at ``path`` plus ``batch`` newer articles stored
    and annotated but not linked; returns the batch's ids."""
    items, vectors, gold = synthetic_corpus(size + batch)
    figures = _Figures(size + batch).names

    # the rows are made again by each pass over the base (entities twice, stories twice), but
    # tagging the times is most of their cost (about 0.8 ms an article): tagged once, kept
    tagged: dict[str, Tagged] = {}

    def rows(indices: Sequence[int]) -> list[tuple[Article, Annotations]]:
        pairs = [
            article_rows(items[i], figures[i], tagged.get(items[i].article_id)) for i in indices
        ]
        for article, found in pairs:
            tagged[article.id] = (found.times, found.tenses)
        return pairs

    store = SQLiteStore(path)
    # a store whose articles were all written already (an interrupted build) is resumed
    written = store.count_articles() if store.get_meta(STATE_KEY) is None else 0
    for start in range(written - written % CHUNK, len(items), CHUNK):
        chunk = range(start, min(len(items), start + CHUNK))
        pairs = rows(chunk)
        store.add_articles([article for article, _ in pairs])
        store.put_annotations([annotations for _, annotations in pairs])
        store.put_vectors(
            VECTOR_KIND, [(items[i].article_id, vector_to_bytes(vectors[i])) for i in chunk]
        )
    entities = _write_entities(store, size, rows)
    _write_stories(store, size, rows, vectors, gold, entities)
    tagged.clear()
    _write_events(store, items[:size], gold)
    # as a link leaves it: the event link has looked at every article written so far (the
    # batch is marked again when its articles join stories)
    store.event_link_changes()
    store.save_event_clusters([], [])
    from dateline.api import _LINKED_KEY

    store.set_meta(CORRECTIONS_SEEN_KEY, "0")
    # the batch is stored: the watermark of the base alone is what a link of it would leave
    store.set_meta(_LINKED_KEY, "base")
    store.close()
    return [item.article_id for item in items[size:]]


def add_batch(store: Store, start: int, batch: int) -> list[str]:
    """Store and annotate ``batch`` more articles after the ``start`` the store holds (ids
    ``start`` to ``start + batch - 1``), not linked: the next batch of a corpus that went on.

    :func:`synthetic_corpus` draws a whole flow for the count it is given (and costs about
    1.5 CPU ms an article), so these come from a flow of their own, ``batch`` articles long,
    moved after the store's: its stories numbered after every one the store's last
    1,000 articles name (so its people, and its stories' own words, are new), its days after
    the last article's day, its figures the next draws of the base's popularity."""
    # a story spans up to four days, 400 articles: the last 1,000 name every recent one
    last = store.mentions_in([f"a{i:07d}" for i in range(max(0, start - 1000), start)])
    numbers = [int(found.group(1)) for m in last if (found := _PERSON.match(m.text))]
    offset = max(numbers) + 1 if numbers else start // 6
    published = store.get_article(f"a{start - 1:07d}")
    last_day = (
        dt.date.fromisoformat(published.published) if published and published.published else START
    )
    items, vectors, _gold = synthetic_corpus(batch, seed=start)
    figures = _Figures(start + batch, start=start).names
    moved = [_moved(item, start + i, offset, last_day - START) for i, item in enumerate(items)]
    pairs = [article_rows(item, figure) for item, figure in zip(moved, figures, strict=True)]
    store.add_articles([article for article, _ in pairs])
    store.put_annotations([annotations for _, annotations in pairs])
    store.put_vectors(
        VECTOR_KIND,
        [
            (item.article_id, vector_to_bytes(vector))
            for item, vector in zip(moved, vectors, strict=True)
        ],
    )
    return [item.article_id for item in moved]


#: a synthetic story's person ("Person 1569-1": story 1569) and one of its own words
_PERSON = re.compile(r"Person (\d+)-")
_STORY_WORD = re.compile(r"\bs(\d+)x")


def _moved(item: StoryInput, index: int, offset: int, days: dt.timedelta) -> StoryInput:
    """``item`` as article ``index`` of a flow whose stories start at ``offset``, ``days``
    later."""

    def story(found: re.Match[str]) -> str:
        whole, (begin, end) = found.group(0), found.span(1)
        cut = found.start(0)
        return whole[: begin - cut] + str(int(found.group(1)) + offset) + whole[end - cut :]

    return replace(
        item,
        article_id=f"a{index:07d}",
        title=_STORY_WORD.sub(story, item.title),
        text=_STORY_WORD.sub(story, item.text),
        published=item.published + days if item.published else None,
        entity_keys=tuple(_PERSON.sub(story, key) for key in item.entity_keys),
    )


def build_backlog(path: Path, size: int) -> None:
    """A backlog of ``size`` articles at ``path``: stored and annotated (with their vectors,
    so nothing is embedded) but never linked, as ``dateline annotate --no-link`` leaves a
    large archive; ``dateline link`` then links it in batches, oldest first. The articles
    are those :func:`build_linked` writes; a store already holding them is left as it is."""
    items, vectors, _gold = synthetic_corpus(size)
    figures = _Figures(size).names
    store = SQLiteStore(path)
    try:
        written = store.count_articles()
        for start in range(written - written % CHUNK, size, CHUNK):
            chunk = range(start, min(size, start + CHUNK))
            pairs = [article_rows(items[i], figures[i]) for i in chunk]
            store.add_articles([article for article, _ in pairs])
            store.put_annotations([annotations for _, annotations in pairs])
            store.put_vectors(
                VECTOR_KIND, [(items[i].article_id, vector_to_bytes(vectors[i])) for i in chunk]
            )
    finally:
        store.close()


def is_built(path: Path) -> bool:
    """Whether :func:`build_linked` finished the store at ``path`` (it marks the base linked
    last; an interrupted build is resumed by calling it again)."""
    from dateline.api import _LINKED_KEY

    store = SQLiteStore(path)
    try:
        return store.get_meta(_LINKED_KEY) == "base"
    finally:
        store.close()


Rows = Callable[[Sequence[int]], list[tuple[Article, Annotations]]]


def _write_entities(store: SQLiteStore, size: int, rows: Rows) -> dict[str, tuple[str, str]]:
    """Write the base's entities, links and entity-link state; name key -> entity id and
    name."""
    firsts: dict[str, Mention] = {}
    articles: dict[str, set[str]] = defaultdict(set)
    counts: Counter[str] = Counter()
    marks: list[tuple[str, str, str]] = []
    annotated = store.changed_entity_articles(every=True)
    for start in range(0, size, CHUNK):
        for article, found in rows(range(start, min(size, start + CHUNK))):
            for mention in found.mentions:
                key = mention_key(mention)
                firsts.setdefault(key, mention)
                articles[key].add(mention.article_id)
                counts[key] += 1
            digest = mention_digest(found.mentions)
            marks.append((article.id, annotated[article.id][0], digest))
    # one local entity per key, each in an article of its own: the clusters the passes form,
    # a few thousand keys at a time (the synthetic names never join across stories, and the
    # passes compare every pair in a pool of one-word or same-first-word names)
    locals_ = local_entities(replace(m, article_id=f"k{i}") for i, m in enumerate(firsts.values()))
    clusters = [
        cluster
        for start in range(0, len(locals_), KEYS_CLUSTERED)
        for cluster in clusters_of(locals_[start : start + KEYS_CLUSTERED])
    ]
    linking = linking_of(clusters)
    key_of_local = {f"k{i}": key for i, key in enumerate(firsts)}
    entity_of_key = {key_of_local[a]: entity_id for a, _s, _e, entity_id in linking.links}
    cluster_of_key = {
        key_of_local[m.article_id]: cluster.entity_id
        for cluster in clusters
        for m in cluster.mentions
    }
    keys_of_entity: dict[str, list[str]] = defaultdict(list)
    for key, entity_id in entity_of_key.items():
        keys_of_entity[entity_id].append(key)
    entities = []
    for entity in linking.entities:
        keys = keys_of_entity[entity.id]
        entities.append(
            replace(
                entity,
                article_ids=tuple(sorted(set().union(*(articles[k] for k in keys)))),
                aliases=tuple((firsts[k].text, counts[k]) for k in keys),
            )
        )
    links = [
        (m.article_id, m.start, m.end, entity_of_key[mention_key(m)])
        for start in range(0, size, CHUNK)
        for _, found in rows(range(start, min(size, start + CHUNK)))
        for m in found.mentions
    ]
    store.replace_entities(entities, links)
    tokens = [(t, lo.key) for lo in locals_ for t in local_tokens(lo)]
    store.replace_entity_link_state(
        EntityLinkState(
            articles=marks,
            blocks=sorted((key, a) for key, found in articles.items() for a in found),
            keys=cluster_of_key,
            tokens=tokens,
        )
    )
    return {
        key: (entity.id, entity.name) for entity in entities for key in keys_of_entity[entity.id]
    }


def _story_chunks(size: int, gold: dict[str, int]) -> list[list[int]]:
    """The base's article indices, whole planted stories together, about CHUNK a chunk."""
    by_story: dict[int, list[int]] = defaultdict(list)
    for index in range(size):
        by_story[gold[f"a{index:07d}"]].append(index)
    chunks: list[list[int]] = [[]]
    for members in by_story.values():
        if len(chunks[-1]) >= CHUNK:
            chunks.append([])
        chunks[-1] += members
    return chunks


def _inputs(
    pairs: Sequence[tuple[Article, Annotations]], entities: dict[str, tuple[str, str]]
) -> Inputs:
    """The articles as :func:`dateline.link.stories.stored.read_inputs` reads them back."""
    inputs = Inputs()
    for article, rows_of in pairs:
        keys = tuple(mention_key(m) for m in rows_of.mentions)
        day = story_day(article)
        if day is not None and article.published:
            inputs.given[article.id] = article.published[:10]
        inputs.names[article.id] = {entities[key][1] for key in keys}
        inputs.entity_ids[article.id] = dict(entities[key] for key in keys)
        # as the store reads them back: one a span, in span order
        spans = {(t.start, t.end): t for t in reversed(rows_of.times)}
        inputs.times[article.id] = [spans[span] for span in sorted(spans)]
        inputs.items.append(
            StoryInput(
                article_id=article.id,
                text=article.text,
                title=article.title,
                published=day,
                entity_keys=keys,
                source=article.source,
                duplicate_of=article.duplicate_of,
                dates=tuple(
                    t.value for t in rows_of.times if t.type == "DATE" and t.basis == "stated"
                ),
            )
        )
    return inputs


def _write_stories(
    store: SQLiteStore,
    size: int,
    rows: Rows,
    vectors: np.ndarray,
    gold: dict[str, int],
    entities: dict[str, tuple[str, str]],
) -> None:
    params = story_params()
    chunks = _story_chunks(size, gold)
    df: dict[str, Counter[str]] = {kind: Counter() for kind in DF_KINDS}
    for chunk in chunks:
        found = document_frequencies(_inputs(rows(chunk), entities).items)
        for kind in DF_KINDS:
            df[kind].update(found[kind])
    for kind in DF_KINDS:
        store.add_story_link_df(kind, df[kind])
    for chunk in chunks:
        inputs = _inputs(rows(chunk), entities)
        assignments = {item.article_id: f"s{gold[item.article_id]:07d}" for item in inputs.items}
        groups = groups_of(inputs.items, assignments)
        store.update_stories(stories_of(groups, inputs.given, {}))
        store.put_thread_profiles(encoded_profiles(groups, inputs)[1])
        index = index_of(groups, inputs.names, df, size, params.cluster)
        store.replace_story_link_index(index.keys, index.days, index.names)
        store.put_vectors(STORY_VECTOR_KIND, story_sums(groups, inputs.items, vectors[chunk]))
        store.put_story_reports(reports_of(groups))
    setup = _setup(DEFAULT_BACKEND, params, ThreadParams())
    state = {"setup": setup, "documents": size, "complete": True}
    store.set_meta(STATE_KEY, json.dumps(state, sort_keys=True))


def _write_events(store: SQLiteStore, base: Sequence[StoryInput], gold: dict[str, int]) -> None:
    published = {item.article_id: item.published.isoformat() for item in base if item.published}
    rank = 0
    for chunk in _story_chunks(len(base), gold):
        events = store.events_in([base[i].article_id for i in chunk])
        events.sort(key=lambda e: (published.get(e.article_id, ""), e.article_id, e.trigger_start))
        mentions = []
        for event in events:
            mentions.append(
                EventMention(
                    event=event,
                    rank=rank,
                    story_id=f"s{gold[event.article_id]:07d}",
                    thread_id=None,
                    firm_day=published.get(event.article_id),
                )
            )
            rank += 1
        clustering = cluster_events(mentions)
        arrivals = {e.id: arrival_key(e, published.get(e.article_id)) for e in events}
        store.save_event_clusters(
            [cluster_row(cluster, arrivals) for cluster in clustering.clusters],
            [link.to_json() for link in clustering.links],
            blocks={e.id: corpus_blocks(e) for e in events},
        )
