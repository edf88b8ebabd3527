"""The ingest driver against the SQLite store: batches, re-runs, resumption, duplicates."""

from __future__ import annotations

import gzip
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

import pytest

from dateline.ingest import errors
from dateline.ingest.dedup import (
    LSH_META_KEY,
    META_KEY,
    band_hashes,
    compute_signature,
    lsh_tag,
    settings_tag,
)
from dateline.ingest.options import IngestOptions
from dateline.ingest.raw import RawDocument
from dateline.ingest.read import READERS
from dateline.ingest.run import (
    RESIGNED_SIGNATURES,
    RESIGNING_PREFIX,
    ingest_paths,
    ingest_stream,
    rebuild_lsh_bands,
)
from dateline.records import IngestReport
from dateline.store.sqlite import SQLiteStore
from tests.conftest import SEED_2014, SEED_2019
from tests.ingest.samples import COUNCIL_STORY, HARBOUR_STORY, RIVER_STORY


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SQLiteStore]:
    opened = SQLiteStore(tmp_path / "corpus.db")
    yield opened
    opened.close()


def write_five(folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    shutil.copy(SEED_2014, folder / "1-seed-2014.txt")
    shutil.copy(SEED_2019, folder / "2-seed-2019.txt")
    for number, story in enumerate((HARBOUR_STORY, RIVER_STORY, COUNCIL_STORY), start=3):
        (folder / f"{number}-story.txt").write_text(story, encoding="utf-8")
    return folder


def reposted_2014() -> str:
    """The 2014 seed as a lightly edited re-post: new title line, a few words changed."""
    text = SEED_2014.read_text(encoding="utf-8")
    text = text.replace("Putin Invites Kim Jong-un to Moscow", "Kim invited to Moscow", 1)
    return text.replace("far from trivial", "not trivial").replace("Friday", "Friday last week")


def silver_dump(datasets_dir: Path, names: list[str], dump: Path) -> Path:
    """The TEXT of these TempEval-3 silver documents as JSON Lines, in the order given."""
    folder = datasets_dir / "tempeval3" / "Training"
    with dump.open("w", encoding="utf-8") as handle:
        for name in names:
            path = next(folder.glob(f"TE3-Silver-data-*/{name}"))
            root = ElementTree.parse(path).getroot()
            text = "".join(root.find("TEXT").itertext())  # type: ignore[union-attr]
            handle.write(json.dumps({"text": text}) + "\n")
    return dump


def test_seeds_are_added_once_and_unchanged_on_a_rerun(store: SQLiteStore, seeds_dir: Path) -> None:
    first = ingest_paths(store, [seeds_dir])
    assert len(first.added) == 2 and first.ok
    article = store.get_article(first.added[1])
    assert article is not None and article.source == "Panama Now"
    assert article.path == str(SEED_2019.resolve())
    second = ingest_paths(store, [seeds_dir])
    assert second.added == [] and sorted(second.unchanged) == sorted(first.added)
    assert store.count_articles() == 2


def test_an_exact_copy_in_another_file_adds_nothing(store: SQLiteStore, tmp_path: Path) -> None:
    shutil.copy(SEED_2014, tmp_path / "a.txt")
    shutil.copy(SEED_2014, tmp_path / "b.txt")
    report = ingest_paths(store, [tmp_path / "a.txt", tmp_path / "b.txt"])
    assert len(report.added) == 1 and report.unchanged == report.added
    assert store.count_articles() == 1


def test_near_duplicates_link_to_the_original_within_and_across_runs(
    store: SQLiteStore, tmp_path: Path
) -> None:
    first = ingest_paths(store, [SEED_2014])
    [original] = first.added
    (tmp_path / "repost.txt").write_text(reposted_2014(), encoding="utf-8")
    later = ingest_paths(store, [tmp_path / "repost.txt"])
    [copy] = later.added
    assert copy != original
    assert later.duplicates == [(copy, original)]
    stored = store.get_article(copy)
    assert stored is not None and stored.duplicate_of == original
    assert [article_id for article_id, _ in store.iter_signatures()] == [original]

    fresh_store = SQLiteStore(tmp_path / "fresh.db")
    both = ingest_paths(fresh_store, [SEED_2014, tmp_path / "repost.txt"])
    assert both.duplicates == [(copy, original)]
    fresh_store.close()


def test_an_interrupted_run_resumes_without_doubles(store: SQLiteStore, tmp_path: Path) -> None:
    folder = write_five(tmp_path / "inbox")
    options = IngestOptions(batch_size=2)

    handled: list[str] = []

    def crash_at_third(step: int, location: str) -> None:
        handled.append(location)
        if len(handled) == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ingest_paths(store, [folder], options, progress=crash_at_third)
    assert store.count_articles() == 2
    resumed = ingest_paths(store, [folder], options)
    assert len(resumed.unchanged) == 2 and len(resumed.added) == 3
    assert store.count_articles() == 5


def test_progress_and_batches(store: SQLiteStore, tmp_path: Path) -> None:
    folder = write_five(tmp_path / "inbox")
    seen: list[tuple[int, str]] = []
    report = ingest_paths(
        store, [folder], IngestOptions(batch_size=2), progress=lambda n, loc: seen.append((n, loc))
    )
    assert [step for step, _ in seen] == [1, 1, 1, 1, 1]
    assert seen[0][1].endswith("1-seed-2014.txt")
    assert len(report.added) == 5


def test_bad_inputs_are_reported_and_dates_warned(store: SQLiteStore, tmp_path: Path) -> None:
    dump = tmp_path / "dump.jsonl"
    lines = [
        json.dumps({"text": HARBOUR_STORY, "published": "2025-02-30"}),
        "{oops",
        json.dumps({"text": RIVER_STORY, "published": "2025-03-04"}),
        json.dumps({"text": "No Comments"}),
    ]
    dump.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = ingest_paths(store, [dump])
    assert len(report.added) == 2
    assert [(Path(s.location).name, s.code) for s in report.skipped] == [
        ("dump.jsonl:2", errors.BAD_JSON),
        ("dump.jsonl:4", errors.ONLY_BOILERPLATE),
    ]
    assert [(Path(w.location).name, w.code) for w in report.warnings] == [
        ("dump.jsonl:1", errors.IMPOSSIBLE_DATE)
    ]
    dated = [store.get_article(article_id) for article_id in report.added]
    assert [(a.published, a.published_basis) for a in dated if a] == [
        (None, None),
        ("2025-03-04", "metadata"),
    ]


def test_another_num_perm_re_signs_the_store_and_still_finds_earlier_reposts(
    store: SQLiteStore, tmp_path: Path
) -> None:
    first = ingest_paths(store, [SEED_2014, SEED_2019])
    original = first.added[0]
    (tmp_path / "repost.txt").write_text(reposted_2014(), encoding="utf-8")
    fewer = IngestOptions(num_perm=64)
    report = ingest_paths(store, [tmp_path / "repost.txt"], fewer)
    [copy] = report.added
    assert report.duplicates == [(copy, original)]
    [warning] = report.warnings
    assert warning.code == RESIGNED_SIGNATURES and "(2 articles" in warning.reason
    assert {len(data) for _, data in store.iter_signatures()} == {64 * 4}
    assert store.get_meta(META_KEY) == settings_tag(fewer)
    assert store.get_meta(LSH_META_KEY) == lsh_tag(fewer)

    again = ingest_paths(store, [SEED_2014, SEED_2019, tmp_path / "repost.txt"], fewer)
    assert again.added == [] and again.warnings == [] and len(again.unchanged) == 3
    assert store.count_articles() == 3


def test_re_signed_signatures_equal_a_fresh_ingest_with_those_settings(
    store: SQLiteStore, datasets_dir: Path, tmp_path: Path
) -> None:
    """Stored text is what was signed: re-signing gives the bytes a fresh ingest writes."""
    names = sorted(
        path.name
        for path in (datasets_dir / "tempeval3" / "Training").glob("*/XIN_ENG_2005112*.tml")
    )[:12]
    dump = silver_dump(datasets_dir, names, tmp_path / "silver.jsonl")
    ingest_paths(store, [dump])
    other = IngestOptions(num_perm=96, shingle_words=2)
    report = ingest_paths(store, [dump], other)
    assert [warning.code for warning in report.warnings] == [RESIGNED_SIGNATURES]
    fresh = SQLiteStore(tmp_path / "fresh.db")
    ingest_paths(fresh, [dump], other)
    resigned = list(store.iter_signatures())
    assert len(resigned) >= 10 and resigned == list(fresh.iter_signatures())
    fresh.close()


def test_a_crash_mid_re_signing_is_finished_by_the_next_run(
    store: SQLiteStore, datasets_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The settings tag is written last, so the next run (any settings) re-signs everything."""
    names = ["XIN_ENG_20051126.0191.tml", "AFP_ENG_19970401.0006.tml", "XIN_ENG_20051126.0192.tml"]
    silver_dump(datasets_dir, names[:2], tmp_path / "earlier.jsonl")
    silver_dump(datasets_dir, names[2:], tmp_path / "later.jsonl")
    [original, _] = ingest_paths(store, [tmp_path / "earlier.jsonl"]).added
    fewer = IngestOptions(num_perm=64, batch_size=1)
    replace = store.replace_signatures
    calls: list[int] = []

    def crash_after_first_page(items: list[tuple[str, bytes | None]]) -> None:
        calls.append(len(items))
        if len(calls) == 2:
            raise KeyboardInterrupt
        replace(items)

    monkeypatch.setattr(store, "replace_signatures", crash_after_first_page)
    with pytest.raises(KeyboardInterrupt):
        ingest_paths(store, [tmp_path / "later.jsonl"], fewer)
    monkeypatch.undo()
    assert store.get_meta(META_KEY) == RESIGNING_PREFIX + settings_tag(fewer)
    assert sorted(len(data) for _, data in store.iter_signatures()) == [64 * 4, 128 * 4]

    report = ingest_paths(store, [tmp_path / "later.jsonl"], fewer)
    [warning] = report.warnings
    assert warning.code == RESIGNED_SIGNATURES and "interrupted" in warning.reason
    assert [found for _, found in report.duplicates] == [original]
    assert {len(data) for _, data in store.iter_signatures()} == {64 * 4}
    assert store.get_meta(META_KEY) == settings_tag(fewer)


def test_newswire_reposts_in_tempeval_silver_are_linked(
    store: SQLiteStore, datasets_dir: Path, tmp_path: Path
) -> None:
    """Xinhua sent the same story twice (0191 and 0192); the second links to the first."""
    names = ["XIN_ENG_20051126.0191.tml", "XIN_ENG_20051126.0192.tml", "AFP_ENG_19970401.0006.tml"]
    dump = silver_dump(datasets_dir, names, tmp_path / "silver.jsonl")
    report = ingest_paths(store, [dump])
    first, second, third = report.added
    assert report.duplicates == [(second, first)]
    stored = store.get_article(third)
    assert stored is not None and stored.duplicate_of is None


def test_originals_are_indexed_in_the_store_not_in_memory(
    store: SQLiteStore, tmp_path: Path
) -> None:
    """Across batches of one, the re-post is found through the store's band table alone."""
    (tmp_path / "repost.txt").write_text(reposted_2014(), encoding="utf-8")
    folder = write_five(tmp_path / "inbox")
    report = ingest_paths(store, [folder, tmp_path / "repost.txt"], IngestOptions(batch_size=1))
    assert len(report.added) == 6 and len(report.duplicates) == 1
    original = report.duplicates[0][1]
    signature = compute_signature(SEED_2014.read_text(encoding="utf-8"), IngestOptions())
    assert signature is not None
    assert store.lsh_candidates(band_hashes(signature, IngestOptions())) == [original]
    assert store.get_meta(LSH_META_KEY) == lsh_tag(IngestOptions())


def test_a_store_without_bands_is_indexed_from_its_signatures(
    store: SQLiteStore, tmp_path: Path
) -> None:
    """A store written before the band table existed (upgraded to schema 2) still dedups."""
    [original] = ingest_paths(store, [SEED_2014]).added
    store.clear_lsh_bands()
    store.set_meta(LSH_META_KEY, "")  # as after the migration: no band layout recorded
    (tmp_path / "repost.txt").write_text(reposted_2014(), encoding="utf-8")
    report = ingest_paths(store, [tmp_path / "repost.txt"])
    assert [found for _, found in report.duplicates] == [original]
    assert store.get_meta(LSH_META_KEY) == lsh_tag(IngestOptions())


def test_another_threshold_rebuilds_the_bands(store: SQLiteStore, tmp_path: Path) -> None:
    [original] = ingest_paths(store, [SEED_2014]).added
    (tmp_path / "repost.txt").write_text(reposted_2014(), encoding="utf-8")
    loose = IngestOptions(dedup_threshold=0.5)
    report = ingest_paths(store, [tmp_path / "repost.txt"], loose)
    assert [found for _, found in report.duplicates] == [original]
    assert store.get_meta(LSH_META_KEY) == lsh_tag(loose) != lsh_tag(IngestOptions())
    assert rebuild_lsh_bands(store, IngestOptions()) == 1


def test_ingest_stream_yields_each_batch_once_it_is_committed(seeds_dir: Path) -> None:
    store = SQLiteStore(":memory:")
    report = IngestReport()
    stored_when_yielded = [
        store.count_articles()
        for _article in ingest_stream(store, [seeds_dir], report, IngestOptions(batch_size=1))
    ]
    assert stored_when_yielded == [1, 2]
    assert len(report.added) == 2


def test_ingest_stream_commits_a_smaller_first_batch(tmp_path: Path) -> None:
    store = SQLiteStore(":memory:")
    options = IngestOptions(batch_size=3)
    stream = ingest_stream(
        store, [write_five(tmp_path / "in")], IngestReport(), options, first_batch=1
    )
    stored_when_yielded = [store.count_articles() for _article in stream]
    assert stored_when_yielded == [1, 4, 4, 4, 5]


def test_the_good_article_beside_a_bomb_is_stored(store: SQLiteStore, tmp_path: Path) -> None:
    # issue 14's repro: a folder with a zero-byte gzip named .warc.gz beside a good article
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-good.txt").write_text(HARBOUR_STORY, encoding="utf-8")
    (folder / "z.warc.gz").write_bytes(gzip.compress(bytes(20 * 1024 * 1024), 9))
    report = ingest_paths(store, [folder])
    assert len(report.added) == 1
    assert [(Path(item.location).name, item.code) for item in report.skipped] == [
        ("z.warc.gz:1", errors.TRUNCATED_WARC)
    ]


def test_what_was_read_before_a_heavy_file_is_committed_first(
    store: SQLiteStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-good.txt").write_text(HARBOUR_STORY, encoding="utf-8")
    (folder / "b-crawl.warc.gz").write_bytes(gzip.compress(b"WARC/1.1\r\n"))
    stored_before: list[int] = []

    def killed(path: Path, options: IngestOptions) -> Iterator[RawDocument]:
        stored_before.append(store.count_articles())
        raise KeyboardInterrupt  # as if the process were killed while reading this file
        yield  # a generator, as readers are

    monkeypatch.setitem(READERS, ".warc.gz", killed)
    with pytest.raises(KeyboardInterrupt):
        ingest_paths(store, [folder])
    assert stored_before == [1]
    assert store.count_articles() == 1
