"""Ingest throughput per stage on the TempEval-3 silver newswire (2,452 AFP and Xinhua articles).

The silver files are TimeML: the benchmark reads each file's TEXT element (markup stripped) as
the article text, TITLE as its title and the DCT as its metadata date, then times each stage
over all documents: read, clean (cleaning, id and hash), language, dedup (MinHash signature
plus LSH lookup) and store (SQLite commits in batches). The end-to-end row runs
``ingest_paths`` over the same texts written as one JSON Lines file.

Run: .venv/bin/python benchmarks/bench_ingest.py [--limit N]
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections.abc import Sequence
from pathlib import Path
from xml.etree import ElementTree

from common import SILVER_DIRS, peak_rss_mb, record_results, stopwatch
from dateline.ingest.build import build_article
from dateline.ingest.clean import clean_text
from dateline.ingest.dedup import DuplicateIndex, compute_signature, signature_to_bytes
from dateline.ingest.identity import article_id_from_hash, content_hash
from dateline.ingest.language import detect_language
from dateline.ingest.options import IngestOptions
from dateline.ingest.raw import RawDocument
from dateline.ingest.run import ingest_paths
from dateline.records import Article
from dateline.store.sqlite import SQLiteStore
from pages import existing_section, put_section

COMMAND = ".venv/bin/python benchmarks/bench_ingest.py"


def silver_files(limit: int | None) -> list[Path]:
    files = sorted(path for folder in SILVER_DIRS for path in folder.glob("*.tml"))
    return files[:limit] if limit else files


def read_timeml(path: Path) -> RawDocument:
    """Title, creation date and plain text of one TimeML file."""
    root = ElementTree.parse(path).getroot()
    text_element = root.find("TEXT")
    title_element = root.find("TITLE")
    timex = root.find("DCT/TIMEX3")
    text = "".join(text_element.itertext()) if text_element is not None else ""
    title = "".join(title_element.itertext()).strip() if title_element is not None else ""
    published = timex.get("value") if timex is not None else None
    return RawDocument(
        location=str(path),
        input_format="timeml",
        text=text,
        title=title,
        path=str(path),
        published=published,
    )


def rate(amount: float, seconds: float) -> str:
    return f"{amount / seconds:,.0f}" if seconds > 0 else "-"


def stage_row(name: str, seconds: float, docs: int, words: int, megabytes: float) -> list[object]:
    mb_rate = f"{megabytes / seconds:.2f}" if seconds > 0 else "-"
    return [name, f"{seconds:.2f}", rate(docs, seconds), rate(words, seconds), mb_rate]


def run(limit: int | None) -> None:
    files = silver_files(limit)
    if not files:
        raise SystemExit("TempEval-3 silver data not found beside the checkout (../shared)")
    options = IngestOptions()
    with stopwatch() as read_time:
        raws = [read_timeml(path) for path in files]
    megabytes = sum(len(raw.text.encode("utf-8")) for raw in raws) / 1e6
    words = sum(len(raw.text.split()) for raw in raws)
    docs = len(raws)

    with stopwatch() as clean_time:
        cleaned = [clean_text(raw.text, raw.title) for raw in raws]
        ids = [article_id_from_hash(content_hash(item.text)) for item in cleaned]
    detect_language("Loading the language model is not part of the measured stage.")
    with stopwatch() as language_time:
        languages = [detect_language(item.text, options.min_language_chars) for item in cleaned]
    index = DuplicateIndex(options)
    signatures: list[bytes | None] = []
    duplicates = 0
    with stopwatch() as dedup_time:
        for article_id, item in zip(ids, cleaned, strict=True):
            signature = compute_signature(item.text, options)
            if signature is None:
                signatures.append(None)
            elif index.find_original(signature) is not None:
                duplicates += 1
                signatures.append(None)
            else:
                index.add(article_id, signature)
                signatures.append(signature_to_bytes(signature))
    articles: list[Article] = [build_article(raw, options) for raw in raws]
    with tempfile.TemporaryDirectory() as scratch:
        store = SQLiteStore(Path(scratch) / "bench.db")
        with stopwatch() as store_time:
            for start in range(0, docs, options.batch_size):
                end = start + options.batch_size
                store.add_articles(articles[start:end], signatures=signatures[start:end])
        store.close()

        dump = Path(scratch) / "silver.jsonl"
        with dump.open("w", encoding="utf-8") as handle:
            for raw in raws:
                record = {"title": raw.title, "text": raw.text, "published": raw.published}
                handle.write(json.dumps(record) + "\n")
        end_to_end_store = SQLiteStore(Path(scratch) / "end-to-end.db")
        with stopwatch() as total_time:
            report = ingest_paths(end_to_end_store, [dump], options)
        end_to_end_store.close()

    english = sum(1 for language, _ in languages if language == "en")
    rows: list[Sequence[object]] = [
        stage_row("read (TimeML parse)", read_time[0], docs, words, megabytes),
        stage_row("clean (+ id, hash)", clean_time[0], docs, words, megabytes),
        stage_row("language", language_time[0], docs, words, megabytes),
        stage_row("dedup (MinHash + LSH)", dedup_time[0], docs, words, megabytes),
        stage_row("store (SQLite, batches of 500)", store_time[0], docs, words, megabytes),
        stage_row("end to end (ingest_paths, JSONL)", total_time[0], docs, words, megabytes),
    ]
    notes = (
        f"{docs:,} documents, {words:,} words, {megabytes:.1f} MB of text; "
        f"{english:,} identified as English; {duplicates:,} near-duplicates at Jaccard >= "
        f"{options.dedup_threshold} (end to end: {len(report.added):,} added, "
        f"{len(report.duplicates):,} near-duplicates, {len(report.unchanged):,} exact repeats, "
        f"{len(report.skipped):,} skipped). Peak RSS {peak_rss_mb():.0f} MiB. "
        "Single process; rates are per stage over all documents."
    )
    command = COMMAND + (f" --limit {limit}" if limit else "")
    pages = existing_section()  # benchmarks/pages.py's section, measured on its own
    record_results(
        "ingest", ["stage", "seconds", "docs/s", "words/s", "MB/s"], rows, command, notes
    )
    put_section(pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--limit", type=int, default=None, help="only the first N documents")
    run(parser.parse_args().limit)


if __name__ == "__main__":
    main()
