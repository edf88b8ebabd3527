"""Shared fixtures: the seed articles and the benchmark datasets beside the checkout."""

from __future__ import annotations

from pathlib import Path

import pytest

from dateline.evaluate.datasets import dataset_root

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "examples" / "seeds"
DATASETS = dataset_root()
SEED_2014 = SEEDS / "putin-invites-kim-2014.txt"
SEED_2019 = SEEDS / "russia-north-korea-summit-2019.txt"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def datasets_dir() -> Path:
    if not DATASETS.is_dir():
        pytest.skip("../shared/datasets is not beside this checkout")
    return DATASETS


@pytest.fixture(scope="session")
def seed_corpus_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed articles run through the whole pipeline once (ingest, annotate, link).

    Read-only for tests: copy the file first to change it.
    """
    from dateline.api import open_corpus

    path = tmp_path_factory.mktemp("seed-corpus") / "seeds.db"
    with open_corpus(path) as corpus:
        corpus.ingest([SEEDS])
        corpus.annotate()
        corpus.link()
    return path


@pytest.fixture(scope="session")
def ecb_dev_annotated_db(datasets_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """ECB+ dev ingested and annotated once through the product, not linked.

    Read-only for tests: copy its articles and annotations into a store of their own.
    """
    pytest.importorskip("dateline.annotate.docdate")
    from dateline.api import open_corpus
    from dateline.evaluate.ecbplus import article_records, select_documents, write_jsonl

    documents = select_documents("dev", datasets_dir / "ecbplus")
    folder = tmp_path_factory.mktemp("ecb-dev")
    source = folder / "dev.jsonl"
    write_jsonl(article_records(documents), source)
    path = folder / "annotated.db"
    with open_corpus(path) as corpus:
        corpus.ingest([source])
        corpus.annotate()
    return path
