"""Fixtures for the web layer: the seed corpus served by the app, and a hostile corpus."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from dateline.api import Corpus, open_corpus
from dateline.serve.app import create_app
from tests.serve.hostile import build_hostile_corpus
from tests.serve.seed import SeedBuild, build_seed_corpus


@pytest.fixture(scope="session")
def seed_build() -> SeedBuild:
    return build_seed_corpus()


@pytest.fixture(scope="session")
def seed_corpus(seed_build: SeedBuild) -> Iterator[Corpus]:
    corpus = open_corpus(seed_build.path)
    yield corpus
    corpus.close()


@pytest.fixture(scope="session")
def seed_client(seed_corpus: Corpus) -> TestClient:
    return TestClient(create_app(seed_corpus))


@pytest.fixture()
def hostile_corpus(tmp_path: Path) -> Iterator[Corpus]:
    corpus = build_hostile_corpus(tmp_path / "hostile.db")
    yield corpus
    corpus.close()


@pytest.fixture()
def hostile_client(hostile_corpus: Corpus) -> TestClient:
    return TestClient(create_app(hostile_corpus))
