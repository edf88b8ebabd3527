"""What the pages show, gathered from the store: dates, entities, dossiers, graphs."""

from __future__ import annotations

from dateline.api import Corpus
from dateline.query.points import DatePoint, parse_when
from tests.serve.seed import SeedBuild


def test_parse_when_reads_timex_values() -> None:
    assert parse_when("2015-05-09") == DatePoint(2015, 5, 9)
    assert parse_when("2015-05") == DatePoint(2015, 5)
    assert parse_when("2014-11-17/2014-11-24") == DatePoint(2014, 11, 17)
    assert parse_when("2019-04-25T10:00") == DatePoint(2019, 4, 25)
    for value in ("P4Y", "PRESENT_REF", "", None, "2015-13", "2015-02-30", "0000"):
        assert parse_when(value) is None, value
    assert DatePoint(2015).ordinal < DatePoint(2015, 12).ordinal


def test_find_entity_by_any_spelling(seed_corpus: Corpus, seed_build: SeedBuild) -> None:
    seed_build.require_linked()
    found = {
        name: seed_corpus.find_entity(name)
        for name in ("Ivashentsov", "ivashéntsov", "Gleb Ivashentsov", "Iváshentsov")
    }
    ids = {entity.id for entity in found.values() if entity is not None}
    assert len(ids) == 1 and None not in found.values()
    assert seed_corpus.find_entity("   ") is None


def test_dossier_and_timeline_cite_articles(seed_corpus: Corpus, seed_build: SeedBuild) -> None:
    seed_build.require_linked()
    kim = seed_corpus.find_entity("Kim Jong-un")
    assert kim is not None
    dossier = seed_corpus.dossier(kim.id)
    assert dossier is not None and len(dossier.articles) == 2
    points = dossier.timeline
    assert [p.when.ordinal for p in points] == sorted(p.when.ordinal for p in points)
    assert all(p.article.title for p in points)
    assert all(p.category != "statement" for p in points if p.kind == "event")
    assert seed_corpus.dossier("missing") is None


def test_cooccurrence_graph_joins_close_mentions(
    seed_corpus: Corpus, seed_build: SeedBuild
) -> None:
    seed_build.require_linked()
    graph = seed_corpus.graph(limit=20)
    assert len(graph.nodes) == 20
    ids = {n.entity.id for n in graph.nodes}
    assert graph.edges and all(e.source in ids and e.target in ids for e in graph.edges)
    assert all(e.source < e.target for e in graph.edges)
    putin = seed_corpus.find_entity("Vladimir Putin")
    kim = seed_corpus.find_entity("Kim Jong-un")
    assert putin and kim
    pair = tuple(sorted((putin.id, kim.id)))
    assert any((e.source, e.target) == pair for e in graph.edges)
