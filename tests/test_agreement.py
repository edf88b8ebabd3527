"""The same question through the CLI (``--json``) and the REST API gets the same answer.

Both ask :class:`dateline.api.Corpus`, which answers with one record of the query layer; these
tests hold the two renderers to it on the seed corpus and on two small ECB+ topics (read from
the shared datasets at test time, skipped where they are missing).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from dateline.api import Corpus, open_corpus
from dateline.cli import app
from dateline.serve.app import create_app
from tests.serve.seed import build_seed_corpus

runner = CliRunner()
#: ECB+ training topics and how many of each one's documents the small corpus takes
ECB_TOPICS = "1,3"
ECB_DOCUMENTS_PER_TOPIC = 5


@dataclass(frozen=True)
class Asked:
    """One built corpus, asked through both fronts."""

    db: Path
    corpus: Corpus
    client: TestClient

    def cli(self, *args: str) -> Any:
        result = runner.invoke(app, [*args, "--db", str(self.db), "--json"])
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    def rest(self, path: str, **params: str) -> Any:
        response = self.client.get("/api" + path, params=params)
        assert response.status_code == 200, response.text
        return response.json()


def _ecbplus_corpus(folder: Path) -> Path:
    from dateline.evaluate import ecbplus

    if not (ecbplus.DEFAULT_ROOT / "doc_index.tsv").is_file():
        pytest.skip(f"ECB+ not found at {ecbplus.DEFAULT_ROOT}")
    chosen: dict[str, list[ecbplus.EcbDocument]] = {}
    for document in ecbplus.select_documents(ECB_TOPICS):
        found = chosen.setdefault(document.topic, [])
        if len(found) < ECB_DOCUMENTS_PER_TOPIC:
            found.append(document)
    records = ecbplus.article_records([d for docs in chosen.values() for d in docs], "dates")
    source = folder / "ecbplus.jsonl"
    ecbplus.write_jsonl(records, source)
    path = folder / "ecbplus.db"
    with open_corpus(path) as corpus:
        corpus.run([source])
    return path


@pytest.fixture(scope="module", params=["seeds", "ecbplus"])
def asked(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Asked]:
    if request.param == "seeds":
        build = build_seed_corpus()
        build.require_linked()
        db = build.path
    else:
        db = _ecbplus_corpus(tmp_path_factory.mktemp("agreement"))
    corpus = open_corpus(db)
    yield Asked(db, corpus, TestClient(create_app(corpus)))
    corpus.close()


def _iso(when: dict[str, int | None]) -> str:
    parts = [f"{when['year']:04d}"]
    if when["month"] is not None:
        parts.append(f"{when['month']:02d}")
        if when["day"] is not None:
            parts.append(f"{when['day']:02d}")
    return "-".join(parts)


def _top_entities(asked: Asked, count: int = 3) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = asked.rest("/entities", limit="50")["items"]
    assert found, "the corpus has no entities"
    return found[:count]


def test_dossier(asked: Asked) -> None:
    for entity in _top_entities(asked):
        cli = asked.cli("dossier", entity["id"])
        rest = asked.rest(f"/entities/{entity['id']}/dossier")
        assert cli["entity"]["id"] == rest["entity"]["id"] == entity["id"]
        assert [a["id"] for a in cli["articles"]] == [a["id"] for a in rest["articles"]]
        assert cli["article_count"] == rest["article_count"] >= len(rest["articles"])
        assert [(e["id"], n) for e, n in cli["co_occurring"]] == [
            (r["entity"]["id"], r["shared_articles"]) for r in rest["related"]
        ]
        assert [q["quote"]["text"] for q in cli["quotes"]] == [q["text"] for q in rest["quotes"]]
        assert [e["event"]["id"] for e in cli["events"]] == [e["id"] for e in rest["events"]]
        assert [(_iso(p["when"]), p["kind"], p["label"]) for p in cli["timeline"]] == [
            (p["date"], p["kind"], p["label"]) for p in rest["timeline"]
        ]


def test_timeline(asked: Asked) -> None:
    compared = 0
    for entity in _top_entities(asked):
        lines = asked.cli("timeline", entity["id"])
        points = asked.rest(f"/entities/{entity['id']}/timeline")
        # the points drawn are the timeline's dated lines but statements (drawn as quotes
        # instead); an undated line has no place on a drawn timeline
        cli_events = {
            line["summary"]
            if line["modality"] == "happened"
            else f"{line['summary']} ({line['modality']})"
            for line in lines
            if line["category"] != "statement" and line["sources"] and line["lane"] != "undated"
        }
        rest_events = {point["label"] for point in points if point["kind"] == "event"}
        assert cli_events == rest_events
        # the REST timeline read a page of articles at a time holds the CLI's whole one
        paged: set[str] = set()
        before: dict[str, str] = {}
        while True:
            response = asked.client.get(
                f"/api/entities/{entity['id']}/timeline", params={"articles": "2", **before}
            )
            assert response.status_code == 200, response.text
            paged |= {point["label"] for point in response.json() if point["kind"] == "event"}
            if "link" not in response.headers:
                break
            before = {"before": response.headers["link"].split("before=", 1)[1].split(">")[0]}
            before["before"] = unquote(before["before"])
        # every event of the CLI's is on a page; a page can show one more line, where the
        # articles of one page alone do not join an event to the one it is in the whole
        assert cli_events <= paged
        compared += len(cli_events)
    assert compared, "no dated events to compare"


def test_story(asked: Asked) -> None:
    stories = asked.cli("stories")
    assert stories, "the corpus has no stories"
    for summary in stories[:3]:
        story_id = summary["story"]["id"]
        cli = asked.cli("story", story_id)
        rest = asked.rest(f"/stories/{story_id}")
        assert sorted(a["id"] for a in cli["articles"]) == sorted(a["id"] for a in rest["articles"])
        named = {name: count for name, count in cli["entities"]}
        for item in rest["entities"]:
            assert named.get(item["entity"]["name"]) == item["shared_articles"], item
        assert cli["articles"]
        if len(cli["timeline"]) < 40:  # the CLI's mini-timeline is not cut short
            cli_dates = {
                (entry["date"], entry["article_id"])
                for entry in cli["timeline"]
                if entry["kind"] == "event"
            }
            rest_dates = {
                (point["date"], point["article"]["id"])
                for point in rest["timeline"]
                if point["kind"] == "event"
            }
            assert cli_dates == rest_dates
        published = {
            (e["date"], e["article_id"]) for e in cli["timeline"] if e["kind"] == "published"
        }
        drawn = {
            (p["date"], p["article"]["id"]) for p in rest["timeline"] if p["kind"] == "article"
        }
        assert published <= drawn


def test_search(asked: Asked) -> None:
    for entity in _top_entities(asked, 2):
        words = entity["name"].split()[-1]
        cli = asked.cli("search", words)
        rest = asked.rest("/search", q=words)["items"]
        assert cli, f"no hits for {words!r}"
        assert [(h["article_id"], h["snippet"]) for h in cli] == [
            (h["article_id"], h["snippet"]) for h in rest
        ]
