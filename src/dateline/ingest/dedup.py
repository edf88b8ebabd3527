"""Near-duplicate detection: MinHash signatures over word shingles, indexed with LSH bands.

A new article whose estimated Jaccard similarity (over lowercased word 3-shingles) with an
earlier article reaches the threshold (0.8 by default) is a near-duplicate of it. Signatures
use datasketch's "affine32" permutation scheme: ``num_perm`` unsigned 32-bit values,
serialised as little-endian bytes (512 bytes at 128 permutations). They are stored with the
articles so the index survives across runs. Only originals go into the index: a
near-duplicate points at the article it copies.

The LSH index is the one of datasketch's ``MinHashLSH`` (the same bands and rows for a
threshold and ``num_perm``), but its band tables live in the store (``lsh_bands``), so a run's
memory does not grow with the corpus: each band of ``rows`` values is kept as an 8-byte
BLAKE2b digest, two articles are candidates when any band digest is equal, and candidates are
verified with the stored signatures. Only the batch in flight is indexed in memory.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import re
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt
from datasketch import MinHash, MinHashLSH

from dateline.ingest.options import IngestOptions

SEED = 1
SCHEME = "affine32"
SIGNATURE_ITEM_BYTES = 4
META_KEY = "ingest.minhash"
#: the band layout the store's ``lsh_bands`` were written with
LSH_META_KEY = "ingest.lsh"
BAND_DIGEST_BYTES = 8
#: stored candidates verified per lookup: those sharing the most bands with the new article
CANDIDATE_LIMIT = 50
_WORD = re.compile(r"\w+")
#: shingle positions signed at most (about 600 KB of English text)
MAX_SIGNED_SHINGLES = 100_000
#: shingles hashed at once: datasketch holds num_perm 64-bit values for each
_UPDATE_CHUNK = 10_000

Signature = npt.NDArray[np.uint32]


@functools.cache
def _permutations(num_perm: int) -> Any:
    """The permutation parameters, built once (datasketch rebuilds them for every MinHash)."""
    return MinHash(num_perm=num_perm, seed=SEED, scheme=SCHEME).permutations


def _minhash(num_perm: int) -> Any:
    return MinHash(
        num_perm=num_perm, seed=SEED, permutations=_permutations(num_perm), scheme=SCHEME
    )


def settings_tag(options: IngestOptions) -> str:
    """The MinHash settings; signatures are only comparable when these are equal."""
    return (
        f"scheme={SCHEME};num_perm={options.num_perm};seed={SEED};"
        f"shingle_words={options.shingle_words}"
    )


@functools.cache
def band_layout(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows per band): datasketch's optimum for the threshold, as ``MinHashLSH`` uses."""
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return int(lsh.b), int(lsh.r)


def lsh_tag(options: IngestOptions) -> str:
    """The band layout; stored band digests are only usable when this is equal."""
    bands, rows = band_layout(options.dedup_threshold, options.num_perm)
    return f"{settings_tag(options)};bands={bands};rows={rows};digest=blake2b-{BAND_DIGEST_BYTES}"


def shingles(text: str, size: int) -> set[bytes]:
    """Lowercased word n-grams of ``text`` (the whole text when it is shorter than ``size``),
    from its first ``MAX_SIGNED_SHINGLES`` positions: the signature of a longer text is the
    one of its start, so that memory and time stay bounded (no news article comes near)."""
    found = _WORD.finditer(text.casefold())
    words = [match.group() for match in itertools.islice(found, MAX_SIGNED_SHINGLES + size - 1)]
    if len(words) <= size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


def compute_signature(text: str, options: IngestOptions) -> Signature | None:
    """The MinHash signature of ``text``, or None when it has no words."""
    grams = shingles(text, options.shingle_words)
    if not grams:
        return None
    minhash = _minhash(options.num_perm)
    ordered = list(grams)
    for start in range(0, len(ordered), _UPDATE_CHUNK):  # the minimum of the minimums
        minhash.update_batch(ordered[start : start + _UPDATE_CHUNK])
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


def band_hashes(signature: Signature, options: IngestOptions) -> list[bytes]:
    """One digest per LSH band of ``signature``: equal bands give equal digests."""
    bands, rows = band_layout(options.dedup_threshold, options.num_perm)
    data = signature_to_bytes(signature)
    width = rows * SIGNATURE_ITEM_BYTES
    return [
        hashlib.blake2b(data[band * width : (band + 1) * width], digest_size=8).digest()
        for band in range(bands)
    ]


def _most_similar(
    signature: Signature, candidates: Iterable[tuple[str, Signature]], threshold: float
) -> str | None:
    """The candidate most similar to ``signature`` at or over the threshold; ties: the first."""
    best: tuple[float, str] | None = None
    for candidate, stored in candidates:
        score = similarity(signature, stored)
        if score >= threshold and (best is None or score > best[0]):
            best = (score, candidate)
    return best[1] if best else None


class DuplicateIndex:
    """Originals held in memory (the batch in flight), queryable for near-duplicates."""

    def __init__(self, options: IngestOptions) -> None:
        self.options = options
        self.threshold = options.dedup_threshold
        self.num_perm = options.num_perm
        self._buckets: dict[tuple[int, bytes], list[str]] = {}
        self._signatures: dict[str, Signature] = {}
        self._bands: dict[str, list[bytes]] = {}
        self._order: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self._signatures)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._signatures

    def add(self, article_id: str, signature: Signature) -> None:
        if article_id in self._signatures or len(signature) != self.num_perm:
            return
        bands = band_hashes(signature, self.options)
        for band_no, digest in enumerate(bands):
            self._buckets.setdefault((band_no, digest), []).append(article_id)
        self._signatures[article_id] = signature
        self._bands[article_id] = bands
        self._order[article_id] = len(self._order)

    def signature_of(self, article_id: str) -> Signature:
        return self._signatures[article_id]

    def add_all(self, items: Iterable[tuple[str, bytes]]) -> int:
        """Load stored signatures; returns how many had the right size and were added."""
        before = len(self)
        for article_id, data in items:
            if len(data) == self.num_perm * SIGNATURE_ITEM_BYTES:
                self.add(article_id, signature_from_bytes(data))
        return len(self) - before

    def candidates(self, bands: Sequence[bytes]) -> list[str]:
        """Indexed ids sharing at least one band with ``bands``, in the order they were added."""
        found: set[str] = set()
        for band_no, digest in enumerate(bands):
            found.update(self._buckets.get((band_no, digest), ()))
        return sorted(found, key=self._order.__getitem__)

    def find_original(self, signature: Signature) -> str | None:
        """The indexed article most similar to ``signature`` at or over the threshold.

        Ties go to the article indexed first.
        """
        if len(signature) != self.num_perm:
            return None
        ids = self.candidates(band_hashes(signature, self.options))
        return _most_similar(signature, ((i, self._signatures[i]) for i in ids), self.threshold)

    def band_items(self) -> list[tuple[str, list[bytes]]]:
        """(id, band digests) of every indexed article, in the order they were added."""
        return list(self._bands.items())

    def clear(self) -> None:
        self._buckets.clear()
        self._signatures.clear()
        self._bands.clear()
        self._order.clear()


class BandStore(Protocol):
    """What :class:`StoredDuplicateIndex` needs of a store."""

    def lsh_candidates(self, bands: Sequence[bytes], limit: int = CANDIDATE_LIMIT) -> list[str]: ...

    def get_signatures(self, article_ids: Sequence[str]) -> dict[str, bytes]: ...

    def put_lsh_bands(self, items: Sequence[tuple[str, Sequence[bytes]]]) -> None: ...


class StoredDuplicateIndex:
    """The store's originals (through ``lsh_bands``) plus the batch in flight, in memory.

    :meth:`flush` writes the batch's bands to the store; call it before the batch's articles
    are committed, so a crash in between leaves only band rows of uncommitted articles (which
    candidates skip: they have no stored signature), never a committed original left unindexed.
    """

    def __init__(self, store: BandStore, options: IngestOptions) -> None:
        self.store = store
        self.options = options
        self.pending = DuplicateIndex(options)

    def add(self, article_id: str, signature: Signature) -> None:
        self.pending.add(article_id, signature)

    def find_original(self, signature: Signature) -> str | None:
        """The most similar original at or over the threshold: stored first, then pending."""
        if len(signature) != self.options.num_perm:
            return None
        bands = band_hashes(signature, self.options)
        stored_ids = self.store.lsh_candidates(bands, CANDIDATE_LIMIT)
        stored = self.store.get_signatures(stored_ids) if stored_ids else {}
        expected = self.options.num_perm * SIGNATURE_ITEM_BYTES
        candidates = [
            (article_id, signature_from_bytes(stored[article_id]))
            for article_id in stored_ids
            if len(stored.get(article_id, b"")) == expected
        ]
        candidates.extend(
            (article_id, self.pending.signature_of(article_id))
            for article_id in self.pending.candidates(bands)
        )
        return _most_similar(signature, candidates, self.options.dedup_threshold)

    def flush(self) -> None:
        """Write the pending originals' bands to the store and forget them."""
        items = self.pending.band_items()
        if items:
            self.store.put_lsh_bands(items)
        self.pending.clear()
