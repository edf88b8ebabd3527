"""The seed corpus, built once per test session and shared by the serve and export tests.

Building runs the real pipeline (ingest, annotate, link) on examples/seeds. Where a stage's
module is not installed yet the build stops before it and says so in ``problems``, so tests
that need that stage skip with the reason instead of failing on a half-built corpus.
"""

from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from dateline.api import Corpus, open_corpus
from tests.conftest import SEEDS


@dataclass(frozen=True)
class SeedBuild:
    path: Path
    annotated: bool
    linked: bool
    problems: tuple[str, ...]

    def require_annotated(self) -> None:
        if not self.annotated:
            pytest.skip("seed corpus not annotated: " + "; ".join(self.problems))

    def require_linked(self) -> None:
        if not self.linked:
            pytest.skip("seed corpus not linked: " + "; ".join(self.problems))

    def copy_to(self, folder: Path) -> Corpus:
        """A private copy of the built corpus, for tests that change it."""
        target = folder / "seeds-copy.db"
        shutil.copyfile(self.path, target)
        return open_corpus(target)


@functools.cache
def build_seed_corpus() -> SeedBuild:
    folder = Path(tempfile.mkdtemp(prefix="dateline-seeds-"))
    atexit.register(shutil.rmtree, folder, True)
    path = folder / "seeds.db"
    problems: list[str] = []
    annotated = linked = False
    with open_corpus(path) as corpus:  # closing folds the write-ahead log into the file
        report = corpus.ingest([SEEDS])
        assert len(report.added) == 2, report
        try:
            corpus.annotate()
            annotated = True
        except ImportError as exc:
            problems.append(f"annotation unavailable ({exc})")
        if annotated:
            try:
                corpus.link()
                linked = True
            except ImportError as exc:
                problems.append(f"linking unavailable ({exc})")
    return SeedBuild(path, annotated, linked, tuple(problems))
