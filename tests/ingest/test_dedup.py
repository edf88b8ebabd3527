"""MinHash signatures, LSH bands and the near-duplicate index (in memory and in the store)."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

from datasketch import MinHash, MinHashLSH

from dateline.ingest.dedup import (
    MAX_SIGNED_SHINGLES,
    SCHEME,
    DuplicateIndex,
    Signature,
    StoredDuplicateIndex,
    band_hashes,
    band_layout,
    compute_signature,
    shingles,
    signature_from_bytes,
    signature_to_bytes,
    similarity,
)
from dateline.ingest.options import IngestOptions
from dateline.records import Article
from dateline.store.sqlite import SQLiteStore
from tests.conftest import SEED_2014, SEED_2019

OPTIONS = IngestOptions()


def lightly_edited(text: str) -> str:
    return text.replace("Vladimir Putin", "President Vladimir Putin", 1).replace("Friday", "Fri.")


def test_shingles_are_lowercased_word_trigrams() -> None:
    assert shingles("The Council voted, today.", 3) == {
        b"the council voted",
        b"council voted today",
    }
    assert shingles("Two words", 3) == {b"two words"}
    assert shingles("  ", 3) == set()


def test_signature_bytes_round_trip_compactly() -> None:
    signature = compute_signature(SEED_2014.read_text(encoding="utf-8"), OPTIONS)
    assert signature is not None
    data = signature_to_bytes(signature)
    assert len(data) == OPTIONS.num_perm * 4
    assert (signature_from_bytes(data) == signature).all()


def test_a_lightly_edited_copy_is_found_and_a_different_article_is_not() -> None:
    original = SEED_2014.read_text(encoding="utf-8")
    first = compute_signature(original, OPTIONS)
    copy = compute_signature(lightly_edited(original), OPTIONS)
    other = compute_signature(SEED_2019.read_text(encoding="utf-8"), OPTIONS)
    assert first is not None and copy is not None and other is not None
    assert similarity(first, copy) >= OPTIONS.dedup_threshold
    index = DuplicateIndex(OPTIONS)
    index.add("original", first)
    assert index.find_original(copy) == "original"
    assert index.find_original(other) is None


def test_index_loads_stored_signatures_and_ignores_wrong_sizes() -> None:
    signature = compute_signature(SEED_2019.read_text(encoding="utf-8"), OPTIONS)
    assert signature is not None
    index = DuplicateIndex(OPTIONS)
    assert index.add_all([("a", signature_to_bytes(signature)), ("b", b"\x00" * 12)]) == 1
    assert "a" in index and "b" not in index
    assert index.find_original(signature) == "a"


def test_band_layout_is_datasketchs_and_equal_bands_give_equal_digests() -> None:
    assert band_layout(0.8, 128) == (9, 13)
    text = SEED_2019.read_text(encoding="utf-8")
    signature = compute_signature(text, OPTIONS)
    assert signature is not None
    bands = band_hashes(signature, OPTIONS)
    assert len(bands) == 9 and all(len(band) == 8 for band in bands)
    changed = signature.copy()
    changed[13] += 1  # the first value of band 1
    other = band_hashes(changed, OPTIONS)
    assert [a == b for a, b in zip(bands, other, strict=True)] == [True, False, *[True] * 7]


def silver_texts(datasets_dir: Path, count: int) -> list[str]:
    folder = datasets_dir / "tempeval3" / "Training" / "TE3-Silver-data-0"
    texts = []
    for path in sorted(folder.glob("*.tml"))[:count]:
        text_element = ElementTree.parse(path).getroot().find("TEXT")
        assert text_element is not None
        texts.append("".join(text_element.itertext()))
    return texts


def reference_decisions(signatures: list[Signature]) -> list[int | None]:
    """What datasketch's in-memory MinHashLSH decided before the index moved to the store."""
    lsh = MinHashLSH(threshold=OPTIONS.dedup_threshold, num_perm=OPTIONS.num_perm)
    originals: dict[str, int] = {}
    decisions: list[int | None] = []
    for number, signature in enumerate(signatures):
        minhash = MinHash(num_perm=OPTIONS.num_perm, hashvalues=signature, scheme=SCHEME)
        scored = [
            (similarity(signature, signatures[originals[key]]), -originals[key])
            for key in lsh.query(minhash)
        ]
        passing = [item for item in scored if item[0] >= OPTIONS.dedup_threshold]
        if passing:
            decisions.append(-max(passing)[1])
        else:
            decisions.append(None)
            lsh.insert(str(number), minhash)
            originals[str(number)] = number
    return decisions


def test_the_store_backed_index_decides_exactly_as_datasketch_did(
    datasets_dir: Path, tmp_path: Path
) -> None:
    """Silver newswire plus edited copies, in batches of 7: same originals, same duplicates."""
    texts = silver_texts(datasets_dir, 150)
    texts += [lightly_edited(text).replace(" the ", " a ", 3) for text in texts[::5]]
    texts += [text[: len(text) * 9 // 10] for text in texts[1::7]]  # 90% of an article
    signatures = [s for s in (compute_signature(text, OPTIONS) for text in texts) if s is not None]
    expected = reference_decisions(signatures)
    assert sum(decision is not None for decision in expected) > 30
    store = SQLiteStore(tmp_path / "c.db")
    index = StoredDuplicateIndex(store, OPTIONS)
    decisions: list[int | None] = []
    for number, signature in enumerate(signatures):
        original = index.find_original(signature)
        decisions.append(None if original is None else int(original))
        if original is None:
            index.add(str(number), signature)
            store.add_articles(
                [Article(id=str(number), text=texts[number])],
                signatures=[signature_to_bytes(signature)],
            )  # committed at once, bands a batch later: the pending index covers the gap
        if number % 7 == 6:
            index.flush()
    store.close()
    assert decisions == expected


def test_band_rows_without_a_stored_signature_are_not_candidates(tmp_path: Path) -> None:
    """A crash after the bands of a batch were written but before its articles were."""
    signature = compute_signature(SEED_2014.read_text(encoding="utf-8"), OPTIONS)
    assert signature is not None
    store = SQLiteStore(tmp_path / "c.db")
    store.put_lsh_bands([("never-committed", band_hashes(signature, OPTIONS))])
    assert StoredDuplicateIndex(store, OPTIONS).find_original(signature) is None
    store.close()


def test_a_very_long_text_is_signed_by_its_start() -> None:
    words = [f"w{number}" for number in range(MAX_SIGNED_SHINGLES + 50_000)]
    start = " ".join(words[: MAX_SIGNED_SHINGLES + 2])
    options = IngestOptions()
    assert len(shingles(" ".join(words), 3)) == MAX_SIGNED_SHINGLES
    whole = compute_signature(" ".join(words), options)
    assert whole is not None
    assert (whole == compute_signature(start, options)).all()
