"""The ingest driver: read, build, deduplicate and commit articles in batches.

Inputs are streamed; at most one batch of articles is held in memory, with the near-duplicate
index of that batch: earlier originals are looked up in the store's LSH band table, so memory
does not grow with the corpus. Each batch is one ``store.add_articles`` transaction, so a crash
loses at most the batch in flight; a large or compressed file is read only once the articles
before it are committed, so even a file that kills the process loses nothing read before it.
Because ids are derived from content, running again skips what was already committed: an
interrupted run resumes.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from dateline.ingest import errors
from dateline.ingest.build import build_article
from dateline.ingest.dating import date_raw_document
from dateline.ingest.dedup import (
    LSH_META_KEY,
    META_KEY,
    SIGNATURE_ITEM_BYTES,
    DuplicateIndex,
    StoredDuplicateIndex,
    band_hashes,
    compute_signature,
    lsh_tag,
    settings_tag,
    signature_from_bytes,
    signature_to_bytes,
)
from dateline.ingest.errors import IngestError
from dateline.ingest.options import IngestOptions
from dateline.ingest.raw import RawDocument
from dateline.ingest.read import iter_input_files, read_file
from dateline.records import Article, IngestReport, SkippedInput
from dateline.store.interface import ArticleFilter, Store

Progress = Callable[[int, str], None]
#: the store's originals were re-signed with this run's MinHash settings
RESIGNED_SIGNATURES = errors.RESIGNED_SIGNATURES
#: META_KEY's value while a re-signing is under way: it equals no settings tag, so a run
#: that finds it (after a crash) re-signs everything again
RESIGNING_PREFIX = "resigning;"


_BACKFILL_BATCH = 1000

Index = DuplicateIndex | StoredDuplicateIndex


def load_duplicate_index(store: Store, options: IngestOptions, report: IngestReport) -> Index:
    """The index of the store's originals, kept in the store's LSH band table.

    When stored signatures use other MinHash settings, the store's originals are re-signed
    with this run's settings first (a warning says so), so near-duplicates of earlier runs
    are still found.
    """
    if not options.dedup:
        return DuplicateIndex(options)
    tag = settings_tag(options)
    stored_tag = store.get_meta(META_KEY)
    if stored_tag is None:
        store.set_meta(META_KEY, tag)
    elif stored_tag != tag:
        interrupted = stored_tag.startswith(RESIGNING_PREFIX)
        before = "an interrupted re-signing" if interrupted else stored_tag
        count = resign_originals(store, options)
        reason = (
            f"stored signatures were re-computed with this run's MinHash settings ({count} "
            f"articles; before: {before})"
        )
        report.warnings.append(errors.skipped(store.location, RESIGNED_SIGNATURES, reason))
    if store.get_meta(LSH_META_KEY) != lsh_tag(options):
        rebuild_lsh_bands(store, options)
    return StoredDuplicateIndex(store, options)


def resign_originals(store: Store, options: IngestOptions) -> int:
    """Re-compute every stored signature with ``options``' MinHash settings, a page at a time.

    The settings tag is written last, after the signatures and the band table: until then
    META_KEY holds a marker that matches no settings, so a crash mid-way leaves a store that
    the next run re-signs again from the start (re-signing is idempotent). Only articles that
    have a stored signature (originals) are re-signed. Returns how many were.
    """
    store.set_meta(META_KEY, RESIGNING_PREFIX + settings_tag(options))
    resigned = 0
    page: list[Article] = []
    for article in store.iter_articles(ArticleFilter(include_duplicates=False)):
        page.append(article)
        if len(page) >= options.batch_size:
            resigned += _resign_page(store, page, options)
            page = []
    resigned += _resign_page(store, page, options)
    rebuild_lsh_bands(store, options)
    store.set_meta(META_KEY, settings_tag(options))
    return resigned


def _resign_page(store: Store, articles: Sequence[Article], options: IngestOptions) -> int:
    """Re-sign those of ``articles`` that have a stored signature (as ``_deduplicate`` signs)."""
    stored = store.get_signatures([article.id for article in articles]) if articles else {}
    items: list[tuple[str, bytes | None]] = []
    for article in articles:
        if article.id in stored:
            signature = compute_signature(article.text, options)
            items.append((article.id, None if signature is None else signature_to_bytes(signature)))
    store.replace_signatures(items)
    return len(items)


def rebuild_lsh_bands(store: Store, options: IngestOptions) -> int:
    """Re-derive the band table from the stored signatures, a page at a time.

    Needed once for a store written before the band table existed, and whenever the band
    layout changes (it follows the threshold). Returns how many originals were indexed.
    """
    store.clear_lsh_bands()
    expected = options.num_perm * SIGNATURE_ITEM_BYTES
    pending: list[tuple[str, list[bytes]]] = []
    indexed = 0
    for article_id, data in store.iter_signatures():
        if len(data) != expected:
            continue
        pending.append((article_id, band_hashes(signature_from_bytes(data), options)))
        if len(pending) >= _BACKFILL_BATCH:
            store.put_lsh_bands(pending)
            indexed += len(pending)
            pending = []
    store.put_lsh_bands(pending)
    store.set_meta(LSH_META_KEY, lsh_tag(options))
    return indexed + len(pending)


@dataclasses.dataclass(slots=True)
class _Batch:
    articles: list[Article] = dataclasses.field(default_factory=list)
    signatures: list[bytes | None] = dataclasses.field(default_factory=list)
    ids: set[str] = dataclasses.field(default_factory=set)

    def commit(self, store: Store, index: Index, report: IngestReport) -> list[Article]:
        """Store the batch in one transaction; the articles it added."""
        if not self.articles:
            return []
        if isinstance(index, StoredDuplicateIndex):
            index.flush()  # bands first: see StoredDuplicateIndex
        flags = store.add_articles(self.articles, signatures=self.signatures)
        added = [article for article, new in zip(self.articles, flags, strict=True) if new]
        for article, new in zip(self.articles, flags, strict=True):
            (report.added if new else report.unchanged).append(article.id)
        self.articles, self.signatures, self.ids = [], [], set()
        return added


def _deduplicate(
    article: Article, index: Index, options: IngestOptions, report: IngestReport
) -> tuple[Article, bytes | None]:
    if not options.dedup:
        return article, None
    signature = compute_signature(article.text, options)
    if signature is None:
        return article, None
    original = index.find_original(signature)
    if original is not None:
        report.duplicates.append((article.id, original))
        return dataclasses.replace(article, duplicate_of=original), None
    index.add(article.id, signature)
    return article, signature_to_bytes(signature)


def ingest_paths(
    store: Store,
    paths: Sequence[str | Path],
    options: IngestOptions | None = None,
    progress: Progress | None = None,
) -> IngestReport:
    """Ingest every article under ``paths`` into ``store`` and say what happened.

    ``progress(1, location)`` is called after each input record (a document or a skipped
    input): the first argument is how many records were just handled (a progress bar advances
    by it), the second where the last one came from. Articles already in the store go to
    ``report.unchanged``; near-duplicates are stored with ``duplicate_of`` set and listed in
    ``report.duplicates`` as (article id, original id).
    """
    report = IngestReport()
    for _added in ingest_stream(store, paths, report, options, progress):
        pass
    return report


def ingest_stream(
    store: Store,
    paths: Sequence[str | Path],
    report: IngestReport,
    options: IngestOptions | None = None,
    progress: Progress | None = None,
    first_batch: int | None = None,
) -> Iterator[Article]:
    """Ingest as :func:`ingest_paths` does, filling ``report``, and yield each new article as
    soon as its batch is committed: a consumer (annotation) can work on one batch while the
    next is read. Reading goes no further than the consumer asks. ``first_batch`` commits the
    first batch at that size, so that a consumer waiting for work gets it sooner."""
    options = options or IngestOptions()
    index = load_duplicate_index(store, options, report)
    batch = _Batch()
    size = min(first_batch or options.batch_size, options.batch_size)
    for found in iter_input_files(paths, options):
        if isinstance(found, SkippedInput):
            report.skipped.append(found)
            if progress is not None:
                progress(1, found.location)
            continue
        if found.heavy:  # whatever happens to this file, what came before it is kept
            yield from batch.commit(store, index, report)
        for item in read_file(found, options):
            if isinstance(item, RawDocument):
                _ingest_document(item, store, index, batch, options, report)
            else:
                report.skipped.append(item)
            if len(batch.articles) >= size:
                yield from batch.commit(store, index, report)
                size = options.batch_size
            if progress is not None:
                progress(1, item.location)
    yield from batch.commit(store, index, report)


def _ingest_document(
    raw: RawDocument,
    store: Store,
    index: Index,
    batch: _Batch,
    options: IngestOptions,
    report: IngestReport,
) -> None:
    raw = date_raw_document(raw, options)
    report.warnings.extend(raw.warnings)
    try:
        article = build_article(raw, options)
    except IngestError as error:
        report.skipped.append(error.at(raw.location))
        return
    if article.id in batch.ids or store.has_article(article.id):
        report.unchanged.append(article.id)
        return
    article, signature = _deduplicate(article, index, options, report)
    batch.articles.append(article)
    batch.signatures.append(signature)
    batch.ids.add(article.id)
