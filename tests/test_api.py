"""The Python API's date options: a date or a window for everything ingested."""

from __future__ import annotations

from pathlib import Path

import pytest

from dateline.api import open_corpus


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Rates\n\nRates rose at 1800 GMT on Monday.", encoding="utf-8")
    return folder


def test_ingest_with_a_date_dates_every_article_as_the_user_said(tmp_path: Path) -> None:
    with open_corpus(tmp_path / "c.db") as corpus:
        corpus.ingest([_folder(tmp_path)], date="2019-04-25")
        [article] = list(corpus.articles())
    assert (article.published, article.published_basis) == ("2019-04-25", "user")


def test_ingest_with_a_date_range_keeps_it_as_the_window(tmp_path: Path) -> None:
    with open_corpus(tmp_path / "c.db") as corpus:
        corpus.ingest([_folder(tmp_path)], date_range="2004-01-01..2005-12-31")
        [article] = list(corpus.articles())
        assert article.published is None
        assert article.published_range == ("2004-01-01", "2005-12-31")
        with pytest.raises(ValueError):
            corpus.ingest([tmp_path / "in"], date="2019-02-30")
