"""The Python API: open a corpus, feed it articles, ask it what happened.

>>> import dateline
>>> corpus = dateline.open("news.db")
>>> report = corpus.ingest(["examples/seeds"])
>>> [a.title for a in corpus.articles()]

The CLI and the web layer are thin wrappers over :class:`Corpus`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass, replace
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from dateline.annotate import DEFAULT_MODEL as DEFAULT_MODEL
from dateline.annotate.event_scheme import CATEGORIES
from dateline.collector import fewer_collections
from dateline.ingest.options import FieldNames as FieldNames
from dateline.ingest.options import IngestOptions as IngestOptions
from dateline.link.run import LINK_BATCH, link_corpus
from dateline.records import (
    Annotations,
    Article,
    Entity,
    IngestReport,
    PublishedBasis,
    Story,
    TimeExpr,
)
from dateline.store.interface import ArticleFilter, Correction, SearchHit, Store

if TYPE_CHECKING:
    import datetime as dt

    from dateline.annotate.docdate import DocumentDate
    from dateline.annotate.pipeline import AnnotateOptions
    from dateline.link.corrections import CorrectionError as CorrectionError
    from dateline.link.events import EventCluster
    from dateline.query.dossier import Dossier
    from dateline.query.events import EventItem
    from dateline.query.graph import Graph
    from dateline.query.overview import CorpusOverview
    from dateline.query.points import TIMELINE_ARTICLES as TIMELINE_ARTICLES
    from dateline.query.points import ArticlePage, TimelinePage, TimelinePoint
    from dateline.query.quotes import QuoteItem, QuoteLine
    from dateline.query.stories import RelatedArticle, StoryDetail, StorySummary, StoryView
    from dateline.query.timeline import TimelineLine
    from dateline.store.budget import QueryBudget

Progress = Callable[[int, str], None]
#: the event categories the annotate stage assigns
EVENT_CATEGORIES = CATEGORIES


@dataclass(frozen=True, slots=True)
class RunSummary:
    """What one full run (ingest, annotate, link) did."""

    ingest: IngestReport
    annotated: int
    entities: int
    stories: int


#: the store's link watermark when it was last linked (``Store.link_watermark``)
_LINKED_KEY = "link.watermark"
#: articles an annotation chunk holds: each is committed whole
ANNOTATE_BATCH = 64


def __getattr__(name: str) -> object:
    """Names this module re-exports on first use: importing them would cost every command
    line query its start-up (the corrections pull in fuzzy matching, the timeline the whole
    query layer)."""
    if name == "CorrectionError":
        from dateline.link.corrections import CorrectionError

        return CorrectionError
    if name == "TIMELINE_ARTICLES":
        from dateline.query.points import TIMELINE_ARTICLES

        return TIMELINE_ARTICLES
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def open_store(location: str | Path, *, serving: bool = False) -> Store:
    """The store for a location: a SQLite file path, or a ``postgresql://`` URL. A store
    opened for ``serving`` (many threads answering requests) has its SQLite file mapped by
    the reading connections (:data:`dateline.store.sqlite.READ_MMAP_BYTES`); any other
    process (ingest, annotate, link) reads through SQLite's own cache, so its memory does not
    grow with the file."""
    text = str(location)
    if text.startswith(("postgresql://", "postgres://")):
        from dateline.store.postgres import PostgresStore

        return PostgresStore(text)
    from dateline.store.sqlite import READ_MMAP_BYTES, SQLiteStore

    return SQLiteStore(location, read_mmap_bytes=READ_MMAP_BYTES if serving else 0)


class Corpus:
    """A corpus of articles in one store, with the stages that fill it and the queries over it."""

    def __init__(self, store: Store, *, model: str = DEFAULT_MODEL) -> None:
        self.store = store
        self.model = model

    @property
    def location(self) -> str:
        return self.store.location

    @property
    def file_location(self) -> str | None:
        """The absolute path of the SQLite file holding the corpus, which another process
        can open too; None for an in-memory or a server database."""
        from dateline.store.sqlite import SQLiteStore

        if isinstance(self.store, SQLiteStore) and self.store.location != ":memory:":
            return str(Path(self.store.location).resolve())
        return None

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- stages ---------------------------------------------------------------------
    def ingest(
        self,
        paths: Sequence[str | Path],
        options: IngestOptions | None = None,
        progress: Progress | None = None,
        *,
        date: str | None = None,
        date_range: tuple[str, str] | str | None = None,
    ) -> IngestReport:
        """Read, clean, deduplicate and store articles; bad inputs are skipped and reported.

        ``date`` (YYYY-MM-DD) dates every article (basis ``user``); ``date_range`` (a pair of
        days or ``"FIRST..LAST"``) is a window every date found or inferred must fall in.
        """
        from dateline.ingest.run import ingest_paths

        return ingest_paths(self.store, paths, _with_dates(options, date, date_range), progress)

    def annotate(
        self,
        progress: Progress | None = None,
        batch_size: int = ANNOTATE_BATCH,
        *,
        engine: str = "local",
        workers: int = 1,
        scheduler: str | None = None,
    ) -> int:
        """Annotate every article not annotated yet, committing chunk by chunk.

        ``engine`` is ``local`` (``workers`` processes on this machine) or ``dask`` (the
        cluster at ``scheduler``, or a local one). A crash loses at most the chunks in flight;
        a re-run picks up what is left.
        """
        return self._annotate(
            self._articles(self.store.unannotated_article_ids()),
            progress,
            batch_size,
            engine,
            workers,
            scheduler,
        )

    def ingest_and_annotate(
        self,
        paths: Sequence[str | Path],
        options: IngestOptions | None = None,
        progress: Progress | None = None,
        *,
        engine: str = "local",
        workers: int = 1,
        scheduler: str | None = None,
        date: str | None = None,
        date_range: tuple[str, str] | str | None = None,
    ) -> tuple[IngestReport, int]:
        """Ingest and annotate as one stream: each ingest batch goes to annotation as soon as
        it is committed, so the workers annotate while the next batch is read. Articles an
        earlier run left unannotated go first. ``progress`` advances by the articles annotated.
        """
        from dateline.ingest.run import ingest_stream

        options = _with_dates(options, date, date_range)
        report = IngestReport()
        earlier = self._articles(self.store.unannotated_article_ids())
        batch_size = 64
        # the workers wait for the first committed batch: a small one gets them started sooner
        stream = ingest_stream(self.store, paths, report, options, first_batch=batch_size)
        annotated = self._annotate(
            chain(earlier, stream), progress, batch_size, engine, workers, scheduler
        )
        return report, annotated

    def _annotate(
        self,
        articles: Iterable[Article],
        progress: Progress | None,
        batch_size: int,
        engine: str,
        workers: int,
        scheduler: str | None,
    ) -> int:
        from dateline.annotate.pipeline import AnnotateOptions

        options = AnnotateOptions(model=self.model, batch_size=batch_size)
        if engine == "local":
            from dateline.engines.local import annotate_in_processes

            chunks = annotate_in_processes(articles, options, workers, chunk_size=batch_size)
        elif engine == "dask":
            from dateline.engines.dask import annotate_with_dask

            chunks = annotate_with_dask(articles, options, scheduler, workers, batch_size)
        else:
            raise ValueError(f"unknown engine {engine!r} (use 'local' or 'dask')")
        done = 0
        undated: set[str] = set()
        # closed on any exit, so a stop in a commit or a progress callback cancels the chunks
        # still out and closes the pool or cluster now, not when the generator is collected
        with closing(chunks), fewer_collections():
            for chunk in chunks:
                self._commit_annotations(chunk)
                done += len(chunk)
                undated.update(article.id for article, _ in chunk if article.published is None)
                if progress and chunk:
                    progress(len(chunk), chunk[-1][0].title)
        self._date_from_corpus(undated, options)
        return done

    def _date_from_corpus(self, article_ids: set[str], options: AnnotateOptions) -> None:
        """Date undated articles by the articles ingested with them, and re-resolve their
        relative dates against it (see :mod:`dateline.annotate.corpus_prior`)."""
        from dateline.annotate.corpus_prior import date_from_corpus
        from dateline.annotate.pipeline import annotate_articles

        dated = date_from_corpus(self.store, article_ids)
        if dated:
            self._commit_annotations(list(annotate_articles(dated, options)))

    def _articles(self, article_ids: Iterable[str]) -> Iterator[Article]:
        for article_id in article_ids:
            article = self.store.get_article(article_id)
            if article is not None:
                yield article

    def _commit_annotations(self, results: Sequence[tuple[Article, Annotations]]) -> None:
        for article, _ in results:
            stored = self.store.get_article(article.id)
            if stored is not None and stored != article:
                self.store.update_article(article)
        self.store.put_annotations([annotations for _, annotations in results])

    def link(self, *, full: bool = False, batch_size: int = LINK_BATCH) -> tuple[int, int]:
        """Resolve entities across articles, group articles into stories and threads, and
        group the events several articles report into one; the numbers of entities and
        stories. Stories link only the articles new since the last run, against the stored
        stories, unless ``full`` asks to cluster every article afresh; when nothing was added,
        annotated or corrected since the last link, nothing is linked again. More than
        ``batch_size`` new articles are linked in batches of that many, oldest first, each
        committed before the next (:mod:`dateline.link.run`)."""
        from dateline.link.stories.conductor import setup_digest

        # a version that links otherwise (other thresholds, a new rule) links again
        mark = f"{self.store.link_watermark()} {setup_digest()}"
        # an entity state written by a version that keys names otherwise is rebuilt now,
        # not when new articles next arrive
        stale = not self.store.entity_link_state_ready()
        if full or stale or self.store.get_meta(_LINKED_KEY) != mark:
            link_corpus(self.store, full=full, batch_size=batch_size)
            self.store.set_meta(_LINKED_KEY, mark)
        return self.store.count_entities(), self.store.count_stories()

    def run(self, paths: Sequence[str | Path], progress: Progress | None = None) -> RunSummary:
        """The main job: ingest, annotate what is new, then link the corpus."""
        report, annotated = self.ingest_and_annotate(paths, progress=progress)
        entities, stories = self.link()
        return RunSummary(report, annotated, entities, stories)

    def set_published(self, article_id: str, published: str) -> Article:
        """Set an article's date as the user knows it; its time values are re-resolved."""
        import datetime as dt

        article = self.require_article(article_id)
        try:
            day = dt.date.fromisoformat(published[:10])
        except ValueError as exc:
            raise ValueError(f"not a date: {published!r} (expected YYYY-MM-DD)") from exc
        updated = replace(
            article,
            published=day.isoformat(),
            published_basis="user",
            published_range=None,
            published_confidence=1.0,
        )
        from dateline.link.stories import unlink_articles

        unlink_articles(self.store, [article.id])  # the next link places it again
        self.store.update_article(updated)
        from dateline.annotate.redate import redated_annotations, reparsed_annotations

        # most corrections follow from the stored annotations; the others parse the article,
        # and neither changes its mentions (they do not read the date)
        stored = self.store.get_annotations(article.id)
        redated = redated_annotations(article, updated, stored)
        if redated is None:
            redated = reparsed_annotations(updated, stored, self.model)
        if redated is not None:
            self.store.put_annotations([redated])
            return updated
        from dateline.annotate.pipeline import AnnotateOptions, annotate_articles

        results = list(annotate_articles([updated], AnnotateOptions(model=self.model)))
        self._commit_annotations(results)
        return updated

    # -- queries ----------------------------------------------------------------------
    def articles(
        self, filters: ArticleFilter | None = None, limit: int | None = None, offset: int = 0
    ) -> Iterator[Article]:
        return self.store.iter_articles(filters, limit, offset)

    def article(self, id_or_prefix: str) -> Article | None:
        article_id = self.store.resolve_article_id(id_or_prefix)
        return self.store.get_article(article_id) if article_id else None

    def require_article(self, id_or_prefix: str) -> Article:
        article = self.article(id_or_prefix)
        if article is None:
            raise KeyError(f"no article with id {id_or_prefix!r} (or the prefix is ambiguous)")
        return article

    def search(
        self,
        query: str,
        limit: int = 20,
        offset: int = 0,
        filters: ArticleFilter | None = None,
        budget: QueryBudget | None = None,
    ) -> list[SearchHit]:
        """Full-text search, best match first; ``budget`` stops a query that runs too long."""
        return self.store.search(query, limit, offset, filters, budget)

    @property
    def search_candidates(self) -> int:
        """Most matches a search ranks (the latest found); pages stop there."""
        return self.store.search_candidates

    def annotations(self, article_id: str) -> Annotations:
        return self.store.get_annotations(article_id)

    def pending_annotation(self) -> int:
        """How many articles are not annotated yet."""
        return len(self.store.unannotated_article_ids())

    def story_of(self, article_id: str) -> str | None:
        """The id of the story an article belongs to."""
        return self.store.story_of_article(article_id)

    def count_articles(self, filters: ArticleFilter | None = None) -> int:
        return self.store.count_articles(filters)

    def articles_passing(self, article_ids: Sequence[str], filters: ArticleFilter) -> set[str]:
        """Those of ``article_ids`` that ``filters`` admit."""
        return self.store.articles_passing(article_ids, filters)

    # -- questions: each answer is a record of dateline.query, rendered as is by the CLI,
    # -- the REST API, the web pages and the exports --------------------------------
    def overview(self) -> CorpusOverview:
        """How many articles, entities and stories the corpus holds."""
        from dateline.query.overview import corpus_overview

        return corpus_overview(self.store)

    def entities(
        self,
        label: str | None = None,
        name_part: str | None = None,
        articles: bool = True,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Entity]:
        """Entities, most mentioned first, ``limit`` from ``offset``; ``name_part`` keeps those
        with a name or alias containing it (accents and case ignored: every entity is read);
        ``articles=False`` reads them without their article ids (long to read for a popular
        entity; their count is in its summary). Without ``name_part``, a page is read by the
        store's order index alone."""
        wanted = self._name_folded(name_part)
        if not wanted:
            return self.store.list_entities(label, limit, offset, articles=articles)
        matches = self._named(label, wanted, articles)
        return matches[offset:] if limit is None else matches[offset : offset + limit]

    def entity_page(
        self, label: str | None, name_part: str | None, limit: int, offset: int = 0
    ) -> tuple[int, list[Entity]]:
        """(how many entities :meth:`entities` lists, one page of them without their article
        ids): a part of a name is matched once for both."""
        wanted = self._name_folded(name_part)
        if not wanted:
            page = self.store.list_entities(label, limit, offset, articles=False)
            return self.store.count_entities(label), page
        matches = self._named(label, wanted, articles=False)
        return len(matches), matches[offset : offset + limit]

    def count_entities(self, label: str | None = None, name_part: str | None = None) -> int:
        """How many entities :meth:`entities` lists with no limit."""
        return self.entity_page(label, name_part, limit=0)[0]

    @staticmethod
    def _name_folded(name_part: str | None) -> str:
        from dateline.link.names import fold

        return fold(name_part).strip() if name_part else ""

    def _named(self, label: str | None, wanted: str, articles: bool) -> list[Entity]:
        """The entities with a name or alias containing ``wanted`` (folded): those the store
        picks out as possible, each checked (every entity where ``wanted`` holds a character
        the aliases' JSON escapes, which the store's match would not see)."""
        from dateline.link.names import fold

        escaped = any(ch in '"\\' or ord(ch) < 0x20 for ch in wanted)
        possible = (
            self.store.iter_entities(label, articles=False)
            if escaped
            else self.store.entities_maybe_named(wanted, label)
        )
        found = [
            entity
            for entity in possible
            if any(wanted in fold(name) for name in (entity.name, *(a for a, _ in entity.aliases)))
        ]
        if not articles:
            return found
        whole = self.store.get_entities([entity.id for entity in found])
        return [whole[entity.id] for entity in found if entity.id in whole]

    def entity(self, entity_id: str, articles: bool = True) -> Entity | None:
        """The entity; ``articles=False`` reads it without its article ids."""
        return self.store.get_entity(entity_id, articles=articles)

    def entity_names(self, entity_ids: Sequence[str]) -> dict[str, str]:
        """Entity id -> name, for those of ``entity_ids`` that are stored (one read)."""
        return self.store.entity_names(list(dict.fromkeys(entity_ids)))

    def entity_article_count(self, entity: Entity) -> int:
        """How many articles name ``entity`` (from its summary when it was read without its
        article ids)."""
        summary = self.store.entity_summary(entity.id)
        return summary.article_count if summary is not None else len(entity.article_ids)

    def withheld_language_counts(self) -> dict[str, int]:
        """Language -> how many articles the entity stage skipped for want of a pipeline for
        their language (see :func:`entities_withheld`)."""
        from dateline.annotate.pipeline import withheld_language_counts

        return withheld_language_counts(self.store)

    def article_counts(self, entities: Sequence[Entity]) -> dict[str, int]:
        """How many articles name each of ``entities`` (read without their article ids): from
        their summaries, or by their article ids for one that has none."""
        counts = self.store.entity_article_counts([entity.id for entity in entities])
        missing = [entity.id for entity in entities if entity.id not in counts]
        for entity in self.store.get_entities(missing).values():
            counts[entity.id] = len(entity.article_ids)
        return counts

    def find_entity(self, name: str, articles: bool = True) -> Entity | None:
        """The entity ``name`` designates: an id, any alias, a surname or a close misspelling;
        ``articles=False`` reads it without its article ids (the most named has them all)."""
        from dateline.query.dossier import find_entity

        return find_entity(self.store, name, articles) if name.strip() else None

    def dossier(
        self,
        entity_id: str,
        co_occurring_limit: int | None = 15,
        articles: int | None = None,
        entity_articles: bool = True,
    ) -> Dossier | None:
        """Everything about one entity (see :func:`dateline.query.dossier.build_dossier`);
        the company kept: the ``co_occurring_limit`` most frequent (None: all kept); its
        latest ``articles`` articles (None: :data:`~dateline.query.dossier.DOSSIER_ARTICLES`);
        ``entity_articles=False``: its entity without the ids of all its articles."""
        from dateline.query.dossier import DOSSIER_ARTICLES, build_dossier

        try:
            return build_dossier(
                self.store,
                entity_id,
                co_occurring_limit,
                articles or DOSSIER_ARTICLES,
                entity_articles=entity_articles,
            )
        except KeyError:
            return None

    def timeline(
        self,
        entity_id: str,
        categories: Sequence[str] = (),
        article_ids: Sequence[str] | None = None,
    ) -> list[TimelineLine]:
        """The events an entity took part in, one line per real event, lane by lane: in every
        article, or in ``article_ids`` (a page from :meth:`entity_article_page`)."""
        from dateline.query.timeline import build_timeline

        return build_timeline(
            self.store,
            entity_id,
            categories=tuple(categories),
            article_ids=None if article_ids is None else list(article_ids),
        )

    def entity_article_page(
        self, entity_id: str, articles: int | None = None, before: str | None = None
    ) -> ArticlePage:
        """One page of the entity's articles, latest first (``articles`` of them, None:
        :data:`~dateline.query.points.TIMELINE_ARTICLES`; after article ``before``), and
        the cursor of the next. KeyError for a ``before`` that is not one of its articles."""
        from dateline.query.points import TIMELINE_ARTICLES, entity_article_page

        return entity_article_page(self.store, entity_id, articles or TIMELINE_ARTICLES, before)

    def timeline_points(self, entity_id: str, articles: int | None = None) -> list[TimelinePoint]:
        """The entity's timeline as dated points to draw: the events and quotes of its latest
        ``articles`` articles (None: :data:`~dateline.query.points.TIMELINE_ARTICLES`)."""
        return self.timeline_page(entity_id, articles).points

    def timeline_page(
        self, entity_id: str, articles: int | None = None, before: str | None = None
    ) -> TimelinePage:
        """One page of the entity's timeline: the points of ``articles`` of its articles
        (None: :data:`~dateline.query.points.TIMELINE_ARTICLES`), the latest or those after
        article ``before``, and the cursor of the next page. KeyError for a ``before`` that
        is not one of its articles."""
        from dateline.query.points import TIMELINE_ARTICLES, timeline_page

        return timeline_page(self.store, entity_id, articles or TIMELINE_ARTICLES, before)

    def corpus_timeline(self, limit: int = 300) -> list[TimelinePoint]:
        """The corpus's articles by publication date (the first ``limit``)."""
        from dateline.query.points import corpus_timeline

        return corpus_timeline(self.store, limit)

    def quotes(
        self, speaker_id: str | None = None, article_ids: Sequence[str] | None = None
    ) -> list[QuoteLine]:
        """Quotes of one speaker (of every known speaker when None), oldest article first;
        of one speaker in ``article_ids`` only, when given (a page from
        :meth:`entity_article_page`)."""
        from dateline.query.quotes import quotes_by

        ids = None if article_ids is None or speaker_id is None else list(article_ids)
        return quotes_by(self.store, speaker_id, ids)

    def quotes_in(
        self, article_id: str | None = None, speaker_id: str | None = None
    ) -> Iterator[QuoteItem]:
        """Stored quotes, of one article and/or one speaker, each with its article."""
        from dateline.query.quotes import iter_quote_items

        return iter_quote_items(self.store, article_id, speaker_id)

    def events(
        self,
        article_id: str | None = None,
        entity_id: str | None = None,
        category: str | None = None,
    ) -> Iterator[EventItem]:
        """Stored events, of one article, one participant and/or one category (any case),
        with article and entities, read as they are consumed."""
        from dateline.query.events import iter_event_items

        events = self.store.iter_events(
            article_id=article_id, entity_id=entity_id, category=category
        )
        return iter_event_items(self.store, events)

    def event_clusters(self) -> list[EventCluster]:
        """The happenings the last link found: each one event reported by one or more articles,
        with the ids of its events."""
        from dateline.link.events import load_event_clusters

        return load_event_clusters(self.store)

    def stories(
        self,
        since: str | None = None,
        until: str | None = None,
        min_size: int = 1,
        limit: int | None = None,
        new_since: str | None = None,
        offset: int = 0,
    ) -> list[StorySummary]:
        """Stories overlapping ``since``..``until``, biggest first, ``limit`` from ``offset``;
        with ``new_since`` (an ISO UTC time), only those that gained an article stored since
        then."""
        from dateline.query.stories import list_stories

        return list_stories(self.store, since, until, min_size, limit, new_since, offset)

    def count_stories(
        self,
        since: str | None = None,
        until: str | None = None,
        min_size: int = 1,
        new_since: str | None = None,
    ) -> int:
        """How many stories :meth:`stories` lists with no limit."""
        from dateline.query.stories import count_stories

        return count_stories(self.store, since, until, min_size, new_since)

    def count_threads(self) -> int:
        """How many threads (stories linked over time) the corpus has."""
        return self.store.count_threads()

    def story_record(self, story_id: str) -> Story | None:
        """The stored story with this exact id."""
        return self.store.get_story(story_id)

    def story(self, id_or_prefix: str, timeline_limit: int = 40) -> StoryDetail | None:
        """One story: articles, copies, entities, mini-timeline, thread and its reasons."""
        from dateline.query.stories import story_detail

        return story_detail(self.store, id_or_prefix, timeline_limit)

    def story_view(self, id_or_prefix: str) -> StoryView | None:
        """One story as its page draws it: article references, entities, dated points."""
        from dateline.query.stories import story_view

        return story_view(self.store, id_or_prefix)

    def related(self, article_id: str, limit: int = 10) -> list[RelatedArticle]:
        """Articles of the same story, then of its thread, then the most similar by text."""
        from dateline.query.stories import related_articles

        return related_articles(self.store, article_id, limit)

    def graph(self, limit: int = 40) -> Graph:
        """Who appears with whom: the most mentioned entities, joined when named close."""
        from dateline.query.graph import cooccurrence_graph

        return cooccurrence_graph(self.store, limit)

    # -- entity corrections: stored, and re-applied on every re-link --------------------
    def merge_entities(self, names: Sequence[str]) -> int:
        """Merge the entities named (names, aliases or ids) into the first; the number of
        entities after the re-link. :class:`CorrectionError` when a name matches nothing."""
        from dateline.link.entity_edits import merge_entities

        merge_entities(self.store, list(names))
        return self.store.count_entities()

    def split_entity(
        self, name: str, aliases: Sequence[str] = (), articles: Sequence[str] = ()
    ) -> int:
        """Move an entity's mentions written as ``aliases`` or in ``articles`` to a new one."""
        from dateline.link.entity_edits import split_entity

        split_entity(self.store, name, aliases=list(aliases), articles=list(articles))
        return self.store.count_entities()

    def rename_entity(self, name: str, new_name: str) -> int:
        """Give an entity a new canonical name (its id stays)."""
        from dateline.link.entity_edits import rename_entity

        rename_entity(self.store, name, new_name)
        return self.store.count_entities()

    def corrections(self) -> list[Correction]:
        """The corrections made so far, in order."""
        return self.store.list_corrections()

    # -- exports: each writes what the queries answer, in a file format -------------------
    def write_jsonl(self, out: TextIO) -> int:
        """Every record as JSON Lines (the documented contract); the number of records."""
        from dateline.export.jsonl import write_jsonl

        return write_jsonl(self.store, out)

    def write_csv(self, folder: Path) -> dict[str, int]:
        """One CSV file per kind of record in ``folder``; rows written per file."""
        from dateline.export.csv import write_csv

        return write_csv(self.store, folder)

    def write_graphml(self, out: TextIO) -> tuple[int, int]:
        """Entities and their relations as GraphML; (nodes, edges)."""
        from dateline.export.graphml import write_graphml

        return write_graphml(self.store, out)

    def write_timelinejs(
        self, out: TextIO, entity_id: str | None = None, story_id: str | None = None
    ) -> int:
        """A TimelineJS document of the corpus, an entity or a story; the number of events."""
        from dateline.export.timelinejs import write_timelinejs

        return write_timelinejs(self.store, out, entity_id, story_id)

    def write_report(
        self, path: Path, entity_id: str | None = None, story_id: str | None = None
    ) -> None:
        """A self-contained HTML report on the corpus, an entity or a story."""
        from dateline.export.report import write_report

        write_report(self.store, path, entity_id=entity_id, story_id=story_id)


def _with_dates(
    options: IngestOptions | None, date: str | None, date_range: tuple[str, str] | str | None
) -> IngestOptions | None:
    """``options`` with the user's date and window (ValueError when either is not a date)."""
    if date is None and date_range is None:
        return options
    from dateline.ingest.dates import parse_date_range

    window = parse_date_range(date_range) if date_range is not None else None
    return replace(options or IngestOptions(), date=date, date_range=window)


def parse_date_window(value: str | tuple[str, str]) -> tuple[str, str]:
    """An ingest window, ``FIRST..LAST`` or one day, month or year, as its (first, last)
    days; ValueError when it is not a window of dates."""
    from dateline.ingest.dates import parse_date_range

    return parse_date_range(value)


def date_text(text: str, name: str) -> DocumentDate:
    """When a text outside any corpus was published, inferred as the annotate stage does."""
    from dateline.annotate.docdate import date_document

    return date_document(Article(id=name, text=text))


def times_in_text(
    text: str, reference: dt.date | None, name: str, reference_basis: PublishedBasis
) -> list[TimeExpr]:
    """The time expressions of a text outside any corpus, resolved against ``reference``."""
    from dateline.annotate.time.tagger import tag_times

    return tag_times(text, reference, name, reference_basis=reference_basis)


def entities_withheld(article: Article) -> bool:
    """Whether the entity stage skipped this article (a language it has no pipeline for)."""
    from dateline.annotate.pipeline import entities_withheld as withheld

    return withheld(article)


def in_other_language(article: Article) -> bool:
    """Whether the article is in a language other than the pipeline's."""
    from dateline.annotate.pipeline import in_other_language as other

    return other(article)


def open_corpus(
    location: str | Path, *, model: str = DEFAULT_MODEL, serving: bool = False
) -> Corpus:
    """Open (creating if needed) the corpus stored at ``location``; ``serving`` where it
    answers requests from many threads (see :func:`open_store`)."""
    return Corpus(open_store(location, serving=serving), model=model)
