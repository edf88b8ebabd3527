from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dateline.api import open_corpus
from dateline.cli import app
from dateline.cli.articles_cmd import EXIT_SKIPPED
from dateline.records import Article
from tests.conftest import SEEDS

runner = CliRunner()


@pytest.fixture
def seeded_db(tmp_path: Path) -> str:
    db = str(tmp_path / "seeds.db")
    result = runner.invoke(app, ["ingest", str(SEEDS), "--db", db, "--no-annotate"])
    assert result.exit_code == 0, result.output
    return db


def test_ingest_reports_what_it_stored_and_where(tmp_path: Path) -> None:
    db = tmp_path / "seeds.db"
    result = runner.invoke(app, ["ingest", str(SEEDS), "--db", str(db), "--no-annotate"])
    assert result.exit_code == 0, result.output
    assert "2 new" in result.output
    assert "Panama Now" in result.output
    assert str(db.resolve()) in result.output.replace("\n", "")
    again = runner.invoke(app, ["ingest", str(SEEDS), "--db", str(db), "--no-annotate"])
    assert "0 new, 2 already stored" in again.output


def test_ingest_of_bad_files_keeps_good_ones_and_exits_3(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(
        "A title\n\nThe council voted on Tuesday to close the old bridge for repairs.",
        encoding="utf-8",
    )
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 64)
    result = runner.invoke(
        app, ["ingest", str(folder), "--db", str(tmp_path / "c.db"), "--no-annotate"]
    )
    assert result.exit_code == EXIT_SKIPPED
    assert "1 new" in result.output
    assert "empty.txt" in result.output and "binary.txt" in result.output


def test_articles_show_search(seeded_db: str) -> None:
    listing = runner.invoke(app, ["articles", "--db", seeded_db])
    assert listing.exit_code == 0
    assert "Panama Now" in listing.output
    found = runner.invoke(app, ["search", "ivashentsov", "--db", seeded_db])
    assert found.exit_code == 0
    assert "Upcoming Russia and North Korea summit" in found.output
    assert runner.invoke(app, ["search", "pyeongchang", "--db", seeded_db]).output.strip() == (
        "no matches"
    )
    article_id = json.loads(
        runner.invoke(app, ["export", "--db", seeded_db]).output.splitlines()[0]
    )["id"]
    shown = runner.invoke(app, ["show", article_id[:8], "--db", seeded_db])
    assert shown.exit_code == 0
    assert "Kremlin spokesman Dmitry Peskov" in shown.output.replace("\n", " ")
    missing = runner.invoke(app, ["show", "nothing-like-this", "--db", seeded_db])
    assert missing.exit_code == 1


def test_export_follows_the_contract(seeded_db: str, tmp_path: Path) -> None:
    out = tmp_path / "corpus.jsonl"
    result = runner.invoke(app, ["export", "--format", "jsonl", "-o", str(out), "--db", seeded_db])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    articles = [r for r in records if r["kind"] == "article"]
    assert len(articles) == 2
    required = {
        "id",
        "title",
        "source",
        "url",
        "path",
        "published",
        "published_basis",
        "published_range",
        "language",
        "duplicate_of",
        "story_id",
    }
    assert all(required <= set(a) for a in articles)
    assert {a["path"] for a in articles} == {str(p) for p in sorted(SEEDS.glob("*.txt"))}
    bad = runner.invoke(app, ["export", "--format", "xml", "--db", seeded_db])
    assert bad.exit_code == 2


def test_unopenable_database_is_one_clear_line(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database" * 100)
    result = runner.invoke(app, ["articles", "--db", str(junk)])
    assert result.exit_code == 2
    assert "cannot open database" in result.output


def test_the_command_line_loads_without_optional_extras(seeded_db: str) -> None:
    """The core install has no web server, PostgreSQL driver or Dask: every command that
    does not need them must still work, and those that do must say which extra to install."""
    blocked = ["fastapi", "starlette", "uvicorn", "psycopg", "dask", "distributed"]
    code = (
        "import sys\n"
        f"for name in {blocked!r}: sys.modules[name] = None\n"
        "from typer.testing import CliRunner\n"
        "from dateline.cli import app\n"
        "result = CliRunner().invoke(app, ['serve', '--db', sys.argv[1]])\n"
        "print(result.exit_code, ' '.join(result.output.split()))\n"
    )
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", code, seeded_db], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("2 ")
    assert "pip install 'dateline[web]'" in done.stdout


def test_annotate_without_linking_then_link(seeded_db: str) -> None:
    annotated = runner.invoke(app, ["annotate", "--no-link", "--db", seeded_db])
    assert annotated.exit_code == 0, annotated.output
    assert "annotated 2 article(s); not linked" in annotated.output
    with open_corpus(seeded_db) as corpus:
        assert not list(corpus.store.iter_stories())
    linked = runner.invoke(app, ["link", "--db", seeded_db])
    assert linked.exit_code == 0, linked.output
    with open_corpus(seeded_db) as corpus:
        stories = len(list(corpus.store.iter_stories()))
    # two: the 2019 seed's file name gives its year, the 2014 seed's weekday-bearing date pins
    # its day (docs/stories.md)
    assert stories == 2
    assert linked.output.strip().endswith(f"{stories} stories")
    # nothing new: the same counts; --full re-links everything into the same stories
    for args in (["link"], ["link", "--full"]):
        again = runner.invoke(app, [*args, "--db", seeded_db])
        assert again.exit_code == 0, again.output
        assert again.output.strip() == linked.output.strip()


def test_the_command_line_starts_without_loading_spacy() -> None:
    """`dateline --help` and the query commands must not pay for importing spaCy."""
    import subprocess
    import sys

    code = "import sys\nimport dateline.cli\nprint(sorted({'spacy', 'thinc'} & set(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_ingest_follows_links_out_of_the_folder_only_when_asked(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text(
        "A title\n\nThe council voted on Tuesday to close the old bridge for repairs.",
        encoding="utf-8",
    )
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "link.txt").symlink_to(outside)
    db = str(tmp_path / "c.db")
    result = runner.invoke(app, ["ingest", str(folder), "--db", db, "--no-annotate"])
    assert result.exit_code == EXIT_SKIPPED
    assert "0 new" in result.output and "E109" in result.output
    result = runner.invoke(
        app, ["ingest", str(folder), "--db", db, "--no-annotate", "--follow-links"]
    )
    assert result.exit_code == 0, result.output
    assert "1 new" in result.output


def test_ingest_prints_date_warnings_and_keeps_the_article(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    body = "<p>The council met on Monday to discuss the budget plan for the city.</p>" * 5
    page.write_text(
        '<html><head><title>Budget</title><meta property="article:published_time" '
        f'content="2019-02-30"></head><body><article>{body}</article></body></html>',
        encoding="utf-8",
    )
    db = str(tmp_path / "c.db")
    result = runner.invoke(app, ["ingest", str(page), "--db", db, "--no-annotate"])
    assert result.exit_code == 0, result.output
    assert "[W201]" in result.output and "2019-02-30" in result.output
    with open_corpus(db) as corpus:
        [article] = list(corpus.articles())
    assert article.published is None


def test_ingest_with_a_date_range_dates_a_folder_inside_it(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Rates\n\nThe central bank left rates unchanged at 1800 GMT on Monday.", encoding="utf-8"
    )
    (folder / "b.txt").write_text(
        "Vote\n\nThe minister resigned on Friday, March 5, the party said.", encoding="utf-8"
    )
    db = str(tmp_path / "c.db")
    result = runner.invoke(
        app, ["ingest", str(folder), "--db", db, "--date-range", "2004-01-01..2005-12-31"]
    )
    assert result.exit_code == 0, result.output
    with open_corpus(db) as corpus:
        dated = {article.title: article for article in corpus.articles()}
    assert dated["Rates"].published is None
    assert dated["Rates"].published_basis == "undated"
    assert dated["Rates"].published_range == ("2004-01-01", "2005-12-31")
    assert dated["Vote"].published == "2004-03-05"
    assert dated["Vote"].published_basis == "inferred"
    listing = runner.invoke(app, ["articles", "--db", db])
    assert "undated" in listing.output and "~2004-03-05" in listing.output
    shown = runner.invoke(app, ["show", dated["Rates"].id, "--db", db])
    assert "undated" in shown.output and "2004-01-01" in shown.output
    bad = runner.invoke(app, ["ingest", str(folder), "--db", db, "--date-range", "2005..2004"])
    assert bad.exit_code == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["articles", "--since", "garbage"], "--since must be a date"),
        (["search", "Panama", "--since", "nonsense"], "--since must be a date"),
        (["stories", "--since", "yesterday"], "--since must be a date"),
        (["stories", "--until", "2019-02-30"], "--until must be a date"),
        (["articles", "--since", "2019", "--until", "2014"], "is after --until"),
    ],
)
def test_every_date_filter_is_checked_by_one_parser(
    seeded_db: str, args: list[str], message: str
) -> None:
    result = runner.invoke(app, [*args, "--db", seeded_db])
    assert result.exit_code == 2, result.output
    assert message in result.output


def test_a_year_or_month_filter_keeps_what_it_covers(seeded_db: str) -> None:
    every = runner.invoke(app, ["articles", "--db", seeded_db])
    by_year = runner.invoke(
        app, ["articles", "--since", "2000", "--until", "2100", "--db", seeded_db]
    )
    assert by_year.exit_code == 0, by_year.output
    assert "articles (2)" in every.output and "articles (2)" in by_year.output


def test_articles_are_listed_by_category_in_any_case(tmp_path: Path) -> None:
    db = str(tmp_path / "filed.db")
    with open_corpus(db) as corpus:
        corpus.store.add_articles(
            [
                Article(id="e1", title="Rates", text="Rates rose.", categories=("Économie",)),
                Article(id="s1", title="Final", text="The final.", categories=("Sport",)),
                Article(id="e2", title="Jobs", text="Jobs fell.", categories=("ÉCONOMIE",)),
            ]
        )
    listing = runner.invoke(app, ["articles", "--db", db, "--category", "économie"])
    assert listing.exit_code == 0, listing.output
    assert "articles (2)" in listing.output
    assert "Rates" in listing.output and "Jobs" in listing.output and "Final" not in listing.output
