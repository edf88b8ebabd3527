"""What the pages show, gathered from the store: dates, entities, dossiers, graphs."""

from __future__ import annotations

from dateline.api import Corpus
from dateline.serve import views
from tests.serve.seed import SeedBuild


def test_parse_when_reads_timex_values() -> None:
    assert views.parse_when("2015-05-09") == views.DatePoint(2015, 5, 9)
    assert views.parse_when("2015-05") == views.DatePoint(2015, 5)
    assert views.parse_when("2014-11-17/2014-11-24") == views.DatePoint(2014, 11, 17)
    assert views.parse_when("2019-04-25T10:00") == views.DatePoint(2019, 4, 25)
    for value in ("P4Y", "PRESENT_REF", "", None, "2015-13", "2015-02-30", "0000"):
        assert views.parse_when(value) is None, value
    assert views.DatePoint(2015).ordinal < views.DatePoint(2015, 12).ordinal


def test_find_entity_by_any_spelling(seed_corpus: Corpus, seed_build: SeedBuild) -> None:
    seed_build.require_linked()
    found = {
        name: views.find_entity(seed_corpus.store, name)
        for name in ("Ivashentsov", "ivashéntsov", "Gleb Ivashentsov", "Iváshentsov")
    }
    ids = {entity.id for entity in found.values() if entity is not None}
    assert len(ids) == 1 and None not in found.values()
    assert views.find_entity(seed_corpus.store, "   ") is None


def test_dossier_and_timeline_cite_articles(seed_corpus: Corpus, seed_build: SeedBuild) -> None:
    seed_build.require_linked()
    kim = views.find_entity(seed_corpus.store, "Kim Jong-un")
    assert kim is not None
    dossier = views.build_dossier(seed_corpus.store, kim.id)
    assert dossier is not None and len(dossier.articles) == 2
    points = dossier.timeline
    assert [p.when.ordinal for p in points] == sorted(p.when.ordinal for p in points)
    assert all(p.article.title for p in points)
    assert all(p.category != "statement" for p in points if p.kind == "event")
    assert views.build_dossier(seed_corpus.store, "missing") is None


def test_cooccurrence_graph_joins_close_mentions(
    seed_corpus: Corpus, seed_build: SeedBuild
) -> None:
    seed_build.require_linked()
    graph = views.cooccurrence_graph(seed_corpus.store, limit=20)
    assert len(graph.nodes) == 20
    ids = {n.entity.id for n in graph.nodes}
    assert graph.edges and all(e.source in ids and e.target in ids for e in graph.edges)
    assert all(e.source < e.target for e in graph.edges)
    putin = views.find_entity(seed_corpus.store, "Vladimir Putin")
    kim = views.find_entity(seed_corpus.store, "Kim Jong-un")
    assert putin and kim
    pair = tuple(sorted((putin.id, kim.id)))
    assert any((e.source, e.target) == pair for e in graph.edges)
