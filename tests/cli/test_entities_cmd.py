from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import dateline.cli.entities_cmd  # noqa: F401  (registers the commands)
from dateline.annotate.entities import extract_mentions
from dateline.annotate.nlp import load_pipeline, parse_texts
from dateline.api import open_corpus
from dateline.cli.app import app
from dateline.link.entity_edits import relink
from dateline.records import Annotations, Article
from dateline.store.sqlite import SQLiteStore
from tests.conftest import SEED_2014, SEED_2019

runner = CliRunner()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "corpus.db"
    store = SQLiteStore(path)
    articles = [
        Article(id=p.stem, text=p.read_text(encoding="utf-8"), title=p.stem)
        for p in (SEED_2014, SEED_2019)
    ]
    store.add_articles(articles)
    docs = parse_texts([a.text for a in articles], load_pipeline())
    store.put_annotations(
        [
            Annotations(a.id, tuple(extract_mentions(a, d)))
            for a, d in zip(articles, docs, strict=True)
        ]
    )
    relink(store)
    store.close()
    return path


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def test_entities_lists_the_cast(db: Path) -> None:
    code, out = invoke("entities", "--db", str(db), "--label", "person", "--limit", "5")
    assert code == 0, out
    assert "Kim Jong-un" in out
    assert "Moscow" not in out


def test_dossier_accepts_a_misspelling(db: Path) -> None:
    code, out = invoke("dossier", "Ivashentzov", "--db", str(db))
    assert code == 0, out
    assert "Gleb Ivashéntsov" in out
    assert "Ivástentsov" in out
    assert "vice president of the Council" in out


def test_corrections_from_the_command_line(db: Path) -> None:
    code, out = invoke("entity", "rename", "Dmitry Peskov", "Dmitry Peskov", "--db", str(db))
    assert code == 0, out
    # the gazetteer already made these one place: merging them is refused, clearly
    code, out = invoke("entity", "merge", "North Korea", "DPRK", "--db", str(db))
    assert code == 1 and "already one entity" in out
    code, out = invoke("entity", "merge", "Kim Il-sung", "Kim Jong-Il", "--db", str(db))
    assert code == 0, out
    code, out = invoke("entity", "split", "Kim Jong-un", "--alias", "Kim", "--db", str(db))
    assert code == 0, out
    store = SQLiteStore(db)
    try:
        assert [c.kind for c in store.list_corrections()] == ["rename", "merge", "split"]
        names = {e.name for e in store.iter_entities()}
        assert "Dmitry Peskov" in names and "Dmitri Peskov" not in names
        assert "Democratic People’s Republic of Korea" not in names
        assert "Kim Il-sung" in names and "Kim Jong-Il" not in names
        assert {"Kim", "Kim Jong-un"} <= names
    finally:
        store.close()


def test_bad_input_is_one_clear_line(db: Path) -> None:
    code, out = invoke("dossier", "Nobody Atall", "--db", str(db))
    assert code == 1 and "no entity matches" in out
    code, out = invoke("entities", "--label", "planet", "--db", str(db))
    assert code == 1 and "unknown label" in out
    code, out = invoke("entity", "split", "Kim Jong-un", "--db", str(db))
    assert code == 1 and "--alias" in out
    code, out = invoke("evaluate", "meantime", "--data", str(db.parent))
    assert code == 1 and "not a MEANTIME folder" in out


def test_the_entity_list_says_which_languages_it_skipped(tmp_path: Path) -> None:
    db = str(tmp_path / "languages.db")
    with open_corpus(db) as corpus:
        corpus.store.add_articles(
            [
                Article(
                    id="d1", text="Der Kanzler sprach.", language="de", language_confidence=0.99
                ),
                Article(
                    id="d2", text="Die Ministerin kam.", language="de", language_confidence=0.9
                ),
                Article(id="e1", text="The chancellor spoke.", language="en"),
            ]
        )
    listing = runner.invoke(app, ["entities", "--db", db])
    assert listing.exit_code == 0, listing.output
    assert "2 articles in other languages (de ×2)" in " ".join(listing.output.split())
