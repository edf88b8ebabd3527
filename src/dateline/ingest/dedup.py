"""Near-duplicate detection: MinHash signatures over word shingles, indexed with LSH.

A new article whose estimated Jaccard similarity (over lowercased word 3-shingles) with an
earlier article reaches the threshold (0.8 by default) is a near-duplicate of it. Signatures
use datasketch's "affine32" permutation scheme: ``num_perm`` unsigned 32-bit values,
serialised as little-endian bytes (512 bytes at 128 permutations). They are stored with the
articles so the index survives across runs. Only originals go into the index: a
near-duplicate points at the article it copies.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import Any

import numpy as np
import numpy.typing as npt
from datasketch import MinHash, MinHashLSH

from dateline.ingest.options import IngestOptions

SEED = 1
SCHEME = "affine32"
SIGNATURE_ITEM_BYTES = 4
META_KEY = "ingest.minhash"
_WORD = re.compile(r"\w+")

Signature = npt.NDArray[np.uint32]


@functools.cache
def _permutations(num_perm: int) -> Any:
    """The permutation parameters, built once (datasketch rebuilds them for every MinHash)."""
    return MinHash(num_perm=num_perm, seed=SEED, scheme=SCHEME).permutations


def _minhash(num_perm: int, hashvalues: Signature | None = None) -> Any:
    return MinHash(
        num_perm=num_perm,
        seed=SEED,
        hashvalues=hashvalues,
        permutations=_permutations(num_perm),
        scheme=SCHEME,
    )


def settings_tag(options: IngestOptions) -> str:
    """The MinHash settings; signatures are only comparable when these are equal."""
    return (
        f"scheme={SCHEME};num_perm={options.num_perm};seed={SEED};"
        f"shingle_words={options.shingle_words}"
    )


def shingles(text: str, size: int) -> set[bytes]:
    """Lowercased word n-grams of ``text`` (the whole text when it is shorter than ``size``)."""
    words = _WORD.findall(text.casefold())
    if len(words) <= size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


def compute_signature(text: str, options: IngestOptions) -> Signature | None:
    """The MinHash signature of ``text``, or None when it has no words."""
    grams = shingles(text, options.shingle_words)
    if not grams:
        return None
    minhash = _minhash(options.num_perm)
    minhash.update_batch(list(grams))
    values: Signature = minhash.hashvalues.astype(np.uint32)
    return values


def signature_to_bytes(signature: Signature) -> bytes:
    return signature.astype("<u4").tobytes()


def signature_from_bytes(data: bytes) -> Signature:
    values: Signature = np.frombuffer(data, dtype="<u4").astype(np.uint32)
    return values


def similarity(first: Signature, second: Signature) -> float:
    """Estimated Jaccard similarity of the two shingle sets."""
    return float(np.count_nonzero(first == second)) / len(first)


class DuplicateIndex:
    """The originals seen so far, queryable for near-duplicates of a new signature."""

    def __init__(self, options: IngestOptions) -> None:
        self.threshold = options.dedup_threshold
        self.num_perm = options.num_perm
        self._lsh = MinHashLSH(threshold=options.dedup_threshold, num_perm=options.num_perm)
        self._signatures: dict[str, Signature] = {}
        self._order: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self._signatures)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._signatures

    def add(self, article_id: str, signature: Signature) -> None:
        if article_id in self._signatures or len(signature) != self.num_perm:
            return
        minhash = _minhash(self.num_perm, signature)
        self._lsh.insert(article_id, minhash)
        self._signatures[article_id] = signature
        self._order[article_id] = len(self._order)

    def add_all(self, items: Iterable[tuple[str, bytes]]) -> int:
        """Load stored signatures; returns how many had the right size and were added."""
        before = len(self)
        for article_id, data in items:
            if len(data) == self.num_perm * SIGNATURE_ITEM_BYTES:
                self.add(article_id, signature_from_bytes(data))
        return len(self) - before

    def find_original(self, signature: Signature) -> str | None:
        """The indexed article most similar to ``signature`` at or over the threshold.

        Ties go to the article indexed first.
        """
        minhash = _minhash(self.num_perm, signature)
        scored = [
            (similarity(signature, self._signatures[candidate]), -self._order[candidate], candidate)
            for candidate in self._lsh.query(minhash)
        ]
        passing = [item for item in scored if item[0] >= self.threshold]
        return max(passing)[2] if passing else None
