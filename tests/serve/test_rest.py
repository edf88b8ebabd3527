"""The REST API on the seed corpus: answers, filters, pagination, clear 4xx on bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from dateline.api import Corpus
from dateline.serve.app import create_app
from dateline.store.interface import HIT_END, HIT_START
from tests.conftest import SEED_2014, SEED_2019
from tests.serve.seed import SeedBuild


def _entity_id(client: TestClient, name: str) -> str:
    response = client.get("/api/entities/lookup", params={"name": name})
    assert response.status_code == 200, response.text
    entity_id: str = response.json()["id"]
    return entity_id


def test_articles_list_and_filters(seed_client: TestClient) -> None:
    page = seed_client.get("/api/articles").json()
    assert page["total"] == 2 and len(page["items"]) == 2
    by_date = seed_client.get("/api/articles", params={"since": "2019-01-01"}).json()
    assert [a["published"][:4] for a in by_date["items"]] == ["2019"]
    assert seed_client.get("/api/articles", params={"until": "2014-12"}).json()["total"] == 1
    source = seed_client.get("/api/articles", params={"source": "Panama Now"}).json()
    assert source["total"] == 1
    second = seed_client.get("/api/articles", params={"limit": 1, "offset": 1}).json()
    assert len(second["items"]) == 1 and second["items"][0]["id"] == page["items"][1]["id"]


def test_article_by_prefix_with_text(seed_client: TestClient) -> None:
    first = seed_client.get("/api/articles").json()["items"][0]
    article = seed_client.get(f"/api/articles/{first['id'][:6]}").json()
    assert article["id"] == first["id"]
    seed_titles = {SEED_2014.read_text().splitlines()[0], SEED_2019.read_text().splitlines()[0]}
    assert article["title"] in seed_titles
    assert "Kim Jong-un" in article["text"]


def test_search_marks_hits_and_filters(seed_client: TestClient) -> None:
    found = seed_client.get("/api/search", params={"q": "ivashentsov"}).json()
    assert found["items"], "accent-insensitive search found nothing"
    assert HIT_START in found["items"][0]["snippet"] and HIT_END in found["items"][0]["snippet"]
    none = seed_client.get("/api/search", params={"q": "ivashentsov", "until": "2015"}).json()
    assert none["items"] == []


def test_dossier_of_ivashentsov_has_his_quotes(
    seed_client: TestClient, seed_build: SeedBuild
) -> None:
    seed_build.require_linked()
    entity_id = _entity_id(seed_client, "Ivashentsov")
    dossier = seed_client.get(f"/api/entities/{entity_id}/dossier").json()
    assert "Ivash" in dossier["entity"]["name"]
    assert len(dossier["quotes"]) >= 3
    assert all(q["speaker_id"] == entity_id for q in dossier["quotes"])
    assert any("North Korea" in q["text"] for q in dossier["quotes"])
    assert dossier["related"], "no co-occurring entities"


def test_kim_jong_un_timeline_spans_both_seeds(
    seed_client: TestClient, seed_build: SeedBuild
) -> None:
    seed_build.require_linked()
    entity_id = _entity_id(seed_client, "Kim Jong-un")
    timeline = seed_client.get(f"/api/entities/{entity_id}/timeline").json()
    events = [p for p in timeline if p["kind"] == "event"]
    assert len(events) >= 2
    years = [p["date"][:4] for p in timeline]
    assert years == sorted(years)
    assert years[0] < "2016" and years[-1] == "2019"
    later = seed_client.get(f"/api/entities/{entity_id}/timeline", params={"since": "2019"}).json()
    assert later and all(p["date"] >= "2019" for p in later)
    assert seed_client.get(f"/api/articles?entity={entity_id}").json()["total"] == 2
    # the filter is the store's, with the others and a page of it; a name finds the same
    page = seed_client.get(f"/api/articles?entity={entity_id}&since=2019&limit=1").json()
    assert page["total"] == 1 and page["items"][0]["published"].startswith("2019")
    by_name = seed_client.get("/api/articles", params={"entity": "Kim Jong-un"}).json()
    assert by_name["total"] == 2
    hits = seed_client.get("/api/search", params={"q": "Moscow", "entity": entity_id}).json()
    assert hits["items"]


def test_the_timeline_pages_back_through_every_article(
    seed_client: TestClient, seed_build: SeedBuild
) -> None:
    seed_build.require_linked()
    top = seed_client.get("/api/entities", params={"limit": "1"}).json()["items"][0]
    whole = seed_client.get(f"/api/entities/{top['id']}/timeline")
    assert "link" not in whole.headers  # all its articles fit on the first page
    url: str | None = f"/api/entities/{top['id']}/timeline?articles=1"
    pages, seen = 0, []
    while url is not None:
        response = seed_client.get(url)
        assert response.status_code == 200, response.text
        pages += 1
        seen += response.json()
        link = response.headers.get("link")
        url = link.split(">", 1)[0].lstrip("<") if link else None
        assert url is None or "before=" in url
    assert pages == seed_client.get(f"/api/entities/{top['id']}/dossier").json()["article_count"]
    assert pages >= 2
    key = lambda p: (p["date"], p["kind"], p["label"], p["article"]["id"])  # noqa: E731
    assert {key(p) for p in seen} == {key(p) for p in whole.json()}
    refused = seed_client.get(f"/api/entities/{top['id']}/timeline", params={"before": "nope"})
    assert refused.status_code == 422 and "before" in refused.json()["detail"]


def test_quotes_events_stories_graph(seed_client: TestClient, seed_build: SeedBuild) -> None:
    seed_build.require_linked()
    entity_id = _entity_id(seed_client, "Ivashentsov")
    quotes = seed_client.get("/api/quotes", params={"speaker": entity_id, "limit": 2}).json()
    assert len(quotes["items"]) == 2 and quotes["items"][0]["article"]["title"]
    kim = _entity_id(seed_client, "Kim Jong-un")
    events = seed_client.get("/api/events", params={"entity": kim, "category": "consult"}).json()
    assert events["items"] and all(e["category"] == "consult" for e in events["items"])
    stories = seed_client.get("/api/stories").json()
    for story in stories["items"]:
        detail = seed_client.get(f"/api/stories/{story['id']}").json()
        assert detail["articles"]
    graph = seed_client.get("/api/graph", params={"limit": 10}).json()
    assert len(graph["nodes"]) == 10 and graph["edges"]
    stats = seed_client.get("/api/stats").json()
    assert stats["articles"] == 2 and stats["entities"] > 10


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/articles?since=2014-13-01", 422),
        ("/api/articles?since=yesterday", 422),
        ("/api/articles?since=2019&until=2014", 422),
        ("/api/articles?limit=0", 422),
        ("/api/articles?limit=100000", 422),
        ("/api/articles?offset=-1", 422),
        ("/api/articles?entity=Nobody%20Atall", 404),
        ("/api/articles/ffffffffffff", 404),
        ("/api/articles/%00%27%22", 404),
        ("/api/search", 422),
        ("/api/search?q=" + "x" * 600, 422),
        ("/api/entities/nope", 404),
        ("/api/entities/nope/dossier", 404),
        ("/api/entities/nope/timeline", 404),
        ("/api/entities/lookup?name=Zzyzx%20Qwerty", 404),
        ("/api/stories/nope", 404),
        ("/api/quotes?speaker=nope", 404),
        ("/api/graph?limit=1000", 422),
    ],
)
def test_bad_input_gets_a_clear_4xx(seed_client: TestClient, url: str, status: int) -> None:
    response = seed_client.get(url)
    assert response.status_code == status, response.text
    assert response.json()["detail"]


def test_search_offsets_stop_where_ranking_does(seed_client: TestClient) -> None:
    found = seed_client.get("/api/search", params={"q": "kim"}).json()
    ranked = found["ranked"]
    assert ranked >= 1000 and found["items"]
    last = seed_client.get("/api/search", params={"q": "kim", "offset": ranked - 1})
    assert last.status_code == 200 and last.json()["items"] == []
    past = seed_client.get("/api/search", params={"q": "kim", "offset": ranked})
    assert past.status_code == 422 and f"latest {ranked} matches" in past.json()["detail"]


def test_search_operators_are_plain_words(seed_client: TestClient) -> None:
    for query in ['"unbalanced', "NEAR(", "a OR", "*", "'; DROP TABLE articles; --", "\x00"]:
        response = seed_client.get("/api/search", params={"q": query})
        assert response.status_code == 200, (query, response.text)
    assert seed_client.get("/api/stats").json()["articles"] == 2


def test_upload_ingests_checks_type_and_size(seed_build: SeedBuild, tmp_path: Path) -> None:
    corpus = seed_build.copy_to(tmp_path)
    client = TestClient(create_app(corpus, max_upload_bytes=20_000))
    text = "Moscow talks\n\nThe envoy said on Monday that the talks in Moscow were useful.\n"
    response = client.post(
        "/api/ingest?annotate=false", files=[("files", ("new.txt", text.encode(), "text/plain"))]
    )
    assert response.status_code == 201, response.text
    assert len(response.json()["added"]) == 1
    assert client.get("/api/stats").json()["articles"] == 3
    again = client.post(
        "/api/ingest?annotate=false",
        files=[("files", ("../../x.txt", text.encode(), "text/plain"))],
    )
    assert again.status_code == 201 and again.json()["unchanged"]
    refused = {
        "binary.exe": (b"MZ\x00\x00", 415),
        "photo.txt": (b"\x89PNG\r\n\x1a\n\x00\x00", 415),
        "huge.txt": (b"word " * 10_000, 413),
        "empty.txt": (b"", 400),
    }
    for name, (body, status) in refused.items():
        response = client.post("/api/ingest", files=[("files", (name, body, "text/plain"))])
        assert response.status_code == status, (name, response.text)
    assert client.post("/api/ingest").status_code == 422
    assert client.get("/api/stats").json()["articles"] == 3
    corpus.close()


def test_corrections_rename_merge_split(seed_build: SeedBuild, tmp_path: Path) -> None:
    seed_build.require_linked()
    corpus = seed_build.copy_to(tmp_path)
    client = TestClient(create_app(corpus))
    renamed = client.post(
        "/api/corrections/rename", json={"name": "Ivashentsov", "new": "Gleb A. Ivashentsov"}
    )
    assert renamed.status_code == 200, renamed.text
    assert client.get("/api/entities/lookup?name=Ivashentsov").json()["name"] == (
        "Gleb A. Ivashentsov"
    )
    merged = client.post("/api/corrections/merge", json={"names": ["Vladimir Putin", "Kremlin"]})
    assert merged.status_code == 200, merged.text
    split = client.post(
        "/api/corrections/split", json={"name": "Vladimir Putin", "aliases": ["Kremlin"]}
    )
    assert split.status_code == 200, split.text
    assert [c["kind"] for c in client.get("/api/corrections").json()] == [
        "rename",
        "merge",
        "split",
    ]
    assert client.post("/api/corrections/merge", json={"names": ["Putin"]}).status_code == 422
    unknown = client.post("/api/corrections/rename", json={"name": "Nobody Qwerty", "new": "X"})
    assert unknown.status_code == 422 and "no entity" in unknown.json()["detail"]
    assert client.post("/api/corrections/rename", content=b"{not json").status_code == 422
    corpus.close()


def test_a_lone_surrogate_is_refused_and_stored_ones_never_break_the_list(
    seed_build: SeedBuild, tmp_path: Path
) -> None:
    corpus = seed_build.copy_to(tmp_path)
    client = TestClient(create_app(corpus))
    body = b'{"name": "Ivashentsov", "aliases": ["\\ud800"]}'  # valid JSON, not Unicode
    split = client.post(
        "/api/corrections/split", content=body, headers={"Content-Type": "application/json"}
    )
    assert split.status_code == 422 and "Unicode" in split.text
    rename = b'{"name": "Ivashentsov", "new": "Gleb \\udfff"}'
    assert (
        client.post(
            "/api/corrections/rename", content=rename, headers={"Content-Type": "application/json"}
        ).status_code
        == 422
    )
    # a correction stored before input was checked (or by another client) is still listed
    corpus.store.add_correction("split", {"name": "Ivashentsov", "aliases": ["\ud800"]})
    listed = client.get("/api/corrections")
    assert listed.status_code == 200
    assert listed.json()[-1]["payload"]["aliases"] == ["\ufffd"]
    corpus.close()


def test_search_bounds_its_words(seed_client: TestClient) -> None:
    assert seed_client.get("/api/search", params={"q": "s* " * 166}).status_code == 200
    too_many = seed_client.get("/api/search", params={"q": "a* b* c* d* e*"})
    assert too_many.status_code == 422 and "ending in *" in too_many.json()["detail"]
    words = " ".join(f"word{n}" for n in range(17))
    assert seed_client.get("/api/search", params={"q": words}).status_code == 422
    page = seed_client.get("/search", params={"q": "a* b* c* d* e*"})
    assert page.status_code == 422 and "ending in *" in page.text


def test_the_entity_list_counts_articles_as_each_entity_does(
    seed_client: TestClient, seed_corpus: Corpus, seed_build: SeedBuild
) -> None:
    # the list, an entity's page and a lookup read no entity's article ids: their counts
    # come from the summaries, which count the entity's articles
    seed_build.require_linked()
    listed = seed_client.get("/api/entities", params={"limit": "200"}).json()["items"]
    assert listed
    for item in listed:
        alone = seed_client.get(f"/api/entities/{item['id']}").json()
        entity = seed_corpus.store.get_entity(item["id"])
        assert entity is not None
        assert item["article_count"] == alone["article_count"] == len(entity.article_ids) >= 1
        # a lookup by name reads no article ids either
        found = seed_client.get("/api/entities/lookup", params={"name": item["name"]}).json()
        if found["id"] == item["id"]:
            assert found == alone, item["name"]


def test_the_graph_weighs_by_mentions_and_reads_at_most_its_articles(
    seed_corpus: Corpus, seed_build: SeedBuild
) -> None:
    from dateline.query.graph import cooccurrence_graph

    seed_build.require_linked()
    whole = cooccurrence_graph(seed_corpus.store, limit=10)
    latest = cooccurrence_graph(seed_corpus.store, limit=10, max_articles=1)
    top = [e.id for e in seed_corpus.entities()[:10]]
    assert [n.entity.id for n in whole.nodes] == [n.entity.id for n in latest.nodes] == top
    for node in whole.nodes:
        entity = seed_corpus.store.get_entity(node.entity.id)
        assert entity is not None
        assert node.weight == sum(count for _, count in entity.aliases)
    # one article (the most mentioned entity's latest) gives no more than both do
    weights = {(e.source, e.target): e.weight for e in whole.edges}
    assert latest.edges
    for edge in latest.edges:
        assert edge.weight <= weights.get((edge.source, edge.target), edge.weight)
