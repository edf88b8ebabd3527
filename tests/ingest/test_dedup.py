"""MinHash signatures and the near-duplicate index."""

from __future__ import annotations

from dateline.ingest.dedup import (
    DuplicateIndex,
    compute_signature,
    shingles,
    signature_from_bytes,
    signature_to_bytes,
    similarity,
)
from dateline.ingest.options import IngestOptions
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
