"""CSV export: one file per kind, contract field names, guarded formulas, hostile text intact."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from dateline.api import open_corpus
from dateline.export.csv import FILE_NAMES, cell, columns_of, write_csv
from tests.serve.hostile import SCRIPT, TEXT, build_hostile_corpus
from tests.serve.seed import build_seed_corpus


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_seed_corpus_exports_every_kind(tmp_path: Path) -> None:
    seed = build_seed_corpus()
    with open_corpus(seed.path) as corpus:
        counts = write_csv(corpus.store, tmp_path)
    assert set(counts) == set(FILE_NAMES.values())
    articles = _rows(tmp_path / "articles.csv")
    assert len(articles) == counts["articles.csv"] == 2
    assert {"id", "title", "published", "story_id", "text"} <= set(articles[0])
    assert any("Ivash" in a["text"] for a in articles)
    if seed.linked:
        entities = _rows(tmp_path / "entities.csv")
        assert len(entities) == counts["entities.csv"] > 10
        kim = next(e for e in entities if e["name"] == "Kim Jong-un")
        assert "Kim Jong-un" in {alias["name"] for alias in json.loads(kim["aliases"])}
        quotes = _rows(tmp_path / "quotes.csv")
        assert quotes and all(q["article_id"] for q in quotes)


def test_cells_guard_formulas_and_encode_lists() -> None:
    assert cell('=HYPERLINK("http://evil")') == '\'=HYPERLINK("http://evil")'
    assert cell("@SUM(A1)") == "'@SUM(A1)" and cell("+1") == "'+1"
    assert cell("=1", guard_formulas=False) == "=1"
    assert cell(["a", "b"]) == '["a", "b"]'
    assert cell(None) == "" and cell(3) == "3" and cell(True) == "true"
    assert columns_of("mention")[:2] == ("article_id", "entity_id")


def test_hostile_text_round_trips(tmp_path: Path) -> None:
    corpus = build_hostile_corpus(tmp_path / "hostile.db")
    write_csv(corpus.store, tmp_path / "out")
    corpus.close()
    article = _rows(tmp_path / "out" / "articles.csv")[0]
    assert article["text"] == TEXT
    assert SCRIPT in article["title"]
