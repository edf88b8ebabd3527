"""Shared fixtures: the seed articles and the benchmark datasets beside the checkout."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "examples" / "seeds"
DATASETS = REPO.parent / "shared" / "datasets"
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
