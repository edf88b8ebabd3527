from __future__ import annotations

from pathlib import Path

import pytest

from dateline.evaluate.timeml import iter_timeml
from tests.conftest import SEEDS


@pytest.fixture(scope="session")
def news_texts(datasets_dir: Path) -> list[str]:
    """200 TempEval-3 silver articles and the seeds: the real news the model's stand-ins are
    compared with spaCy on."""
    silver = datasets_dir / "tempeval3" / "Training" / "TE3-Silver-data-0"
    texts = [document.text for document in iter_timeml(silver, 200)]
    return texts + [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
