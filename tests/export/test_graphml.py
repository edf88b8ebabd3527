"""GraphML export: entities as nodes, passage co-occurrence and event relations as edges."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path

from dateline.api import open_corpus
from dateline.export.graphml import GRAPHML_NS, write_graphml
from tests.serve.hostile import HOSTILE_NAME, ORG_ID, PERSON_ID, build_hostile_corpus
from tests.serve.seed import build_seed_corpus

NS = {"g": GRAPHML_NS}


def _parse(text: str) -> ET.Element:
    return ET.fromstring(text.encode("utf-8"))


def _data(element: ET.Element, key: str) -> str | None:
    found = element.find(f"g:data[@key='{key}']", NS)
    return None if found is None else found.text


def test_seed_graph(tmp_path: Path) -> None:
    seed = build_seed_corpus()
    seed.require_linked()
    out = io.StringIO()
    with open_corpus(seed.path) as corpus:
        nodes, edges = write_graphml(corpus.store, out)
        entity_count = sum(1 for _ in corpus.store.iter_entities())
    root = _parse(out.getvalue())
    graph = root.find("g:graph", NS)
    assert graph is not None
    assert nodes == entity_count == len(graph.findall("g:node", NS))
    assert edges == len(graph.findall("g:edge", NS)) > 0
    names = {_data(n, "n_name") for n in graph.findall("g:node", NS)}
    assert {"Kim Jong-un", "Vladimir Putin"} <= names
    relations = {_data(e, "e_relation") for e in graph.findall("g:edge", NS)}
    assert relations == {"cooccurs", "event"}
    node_ids = {n.get("id") for n in graph.findall("g:node", NS)}
    assert all(
        e.get("source") in node_ids and e.get("target") in node_ids
        for e in graph.findall("g:edge", NS)
    )


def test_hostile_names_make_valid_xml(tmp_path: Path) -> None:
    corpus = build_hostile_corpus(tmp_path / "hostile.db")
    out = io.StringIO()
    write_graphml(corpus.store, out)
    corpus.close()
    root = _parse(out.getvalue())
    names = {n.get("id"): _data(n, "n_name") for n in root.iter(f"{{{GRAPHML_NS}}}node")}
    assert names[ORG_ID] == HOSTILE_NAME
    event = next(e for e in root.iter(f"{{{GRAPHML_NS}}}edge") if _data(e, "e_relation") == "event")
    assert (event.get("source"), event.get("target"), event.get("directed")) == (
        ORG_ID,
        PERSON_ID,
        "true",
    )
