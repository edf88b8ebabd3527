"""The Python API: open a corpus, feed it articles, ask it what happened.

>>> import dateline
>>> corpus = dateline.open("news.db")
>>> report = corpus.ingest(["examples/seeds"])
>>> [a.title for a in corpus.articles()]

The CLI and the web layer are thin wrappers over :class:`Corpus`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from itertools import chain
from pathlib import Path
from typing import Any

from dateline.annotate import DEFAULT_MODEL as DEFAULT_MODEL
from dateline.records import Annotations, Article, IngestReport
from dateline.store.interface import ArticleFilter, SearchHit, Store

Progress = Callable[[int, str], None]


@dataclass(frozen=True, slots=True)
class RunSummary:
    """What one full run (ingest, annotate, link) did."""

    ingest: IngestReport
    annotated: int
    entities: int
    stories: int


#: the store's link watermark when it was last linked (``Store.link_watermark``)
_LINKED_KEY = "link.watermark"


def open_store(location: str | Path) -> Store:
    """The store for a location: a SQLite file path, or a ``postgresql://`` URL."""
    text = str(location)
    if text.startswith(("postgresql://", "postgres://")):
        from dateline.store.postgres import PostgresStore

        return PostgresStore(text)
    from dateline.store.sqlite import SQLiteStore

    return SQLiteStore(location)


class Corpus:
    """A corpus of articles in one store, with the stages that fill it and the queries over it."""

    def __init__(self, store: Store, *, model: str = DEFAULT_MODEL) -> None:
        self.store = store
        self.model = model

    @property
    def location(self) -> str:
        return self.store.location

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
        options: Any = None,
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
        batch_size: int = 64,
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
        options: Any = None,
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
        for chunk in chunks:
            self._commit_annotations(chunk)
            done += len(chunk)
            undated.update(article.id for article, _ in chunk if article.published is None)
            if progress and chunk:
                progress(len(chunk), chunk[-1][0].title)
        self._date_from_corpus(undated, options)
        return done

    def _date_from_corpus(self, article_ids: set[str], options: Any) -> None:
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

    def link(self, *, full: bool = False) -> tuple[int, int]:
        """Resolve entities across articles, group articles into stories and threads, and
        group the events several articles report into one; the numbers of entities and
        stories. Stories link only the articles new since the last run, against the stored
        stories, unless ``full`` asks to cluster every article afresh; when nothing was added,
        annotated or corrected since the last link, nothing is linked again."""
        from dateline.link.aliases import relink
        from dateline.link.events import link_events
        from dateline.link.stories import link_stories

        mark = self.store.link_watermark()
        if full or self.store.get_meta(_LINKED_KEY) != mark:
            relink(self.store)
            link_stories(self.store, full=full)
            link_events(self.store)
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
        self, query: str, limit: int = 20, offset: int = 0, filters: ArticleFilter | None = None
    ) -> list[SearchHit]:
        return self.store.search(query, limit, offset, filters)

    def annotations(self, article_id: str) -> Annotations:
        return self.store.get_annotations(article_id)


def _with_dates(options: Any, date: str | None, date_range: tuple[str, str] | str | None) -> Any:
    """``options`` with the user's date and window (ValueError when either is not a date)."""
    if date is None and date_range is None:
        return options
    from dateline.ingest.dates import parse_date_range
    from dateline.ingest.options import IngestOptions

    window = parse_date_range(date_range) if date_range is not None else None
    return replace(options or IngestOptions(), date=date, date_range=window)


def open_corpus(location: str | Path, *, model: str = DEFAULT_MODEL) -> Corpus:
    """Open (creating if needed) the corpus stored at ``location``."""
    return Corpus(open_store(location), model=model)
