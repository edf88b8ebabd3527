"""GraphML export: entities as nodes; two kinds of edges between them.

- ``cooccurs`` (undirected): the two are named within a passage of each other; ``weight``
  counts such places (see :func:`dateline.query.graph.cooccurrence_graph`).
- ``event`` (directed, actor → target): one edge per (actor, target, category, modality)
  with ``weight`` the number of events and ``article_ids`` where they are reported.

Opens in Gephi, yEd, Cytoscape and networkx (``networkx.read_graphml``). Every string is
stripped of characters XML 1.0 cannot hold and escaped by the XML writer.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from typing import TextIO

from dateline.present.safe_html import strip_controls
from dateline.query.graph import cooccurrence_graph
from dateline.store.interface import Store

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
NODE_KEYS = (
    ("name", "string"),
    ("label", "string"),
    ("mentions", "int"),
    ("articles", "int"),
    ("aliases", "string"),
    ("roles", "string"),
)
EDGE_KEYS = (
    ("relation", "string"),
    ("weight", "int"),
    ("category", "string"),
    ("modality", "string"),
    ("article_ids", "string"),
)


def _data(parent: ET.Element, key: str, value: object) -> None:
    element = ET.SubElement(parent, "data", key=key)
    element.text = strip_controls(str(value))


def build_graphml(store: Store, max_passage_edges_per_node: int = 50) -> ET.Element:
    """The GraphML document of the corpus' entities and their relations."""
    root = ET.Element("graphml", xmlns=GRAPHML_NS)
    for name, kind in NODE_KEYS:
        ET.SubElement(
            root, "key", {"id": f"n_{name}", "for": "node", "attr.name": name, "attr.type": kind}
        )
    for name, kind in EDGE_KEYS:
        ET.SubElement(
            root, "key", {"id": f"e_{name}", "for": "edge", "attr.name": name, "attr.type": kind}
        )
    graph = ET.SubElement(root, "graph", id="entities", edgedefault="undirected")
    entities = list(store.iter_entities())
    known = {e.id for e in entities}
    for entity in entities:
        node = ET.SubElement(graph, "node", id=entity.id)
        _data(node, "n_name", entity.name)
        _data(node, "n_label", entity.label)
        _data(node, "n_mentions", sum(count for _, count in entity.aliases))
        _data(node, "n_articles", len(entity.article_ids))
        _data(node, "n_aliases", "; ".join(alias for alias, _ in entity.aliases))
        _data(node, "n_roles", "; ".join(entity.roles))
    cooccurrence = cooccurrence_graph(
        store,
        limit=len(entities),
        max_articles=10**9,
        max_edges_per_node=max_passage_edges_per_node,
    )
    for number, edge in enumerate(cooccurrence.edges):
        element = ET.SubElement(
            graph, "edge", id=f"c{number}", source=edge.source, target=edge.target
        )
        _data(element, "e_relation", "cooccurs")
        _data(element, "e_weight", edge.weight)
    relations: Counter[tuple[str, str, str, str]] = Counter()
    articles: dict[tuple[str, str, str, str], set[str]] = defaultdict(set)
    for event in store.iter_events():
        for actor in event.actor_ids:
            for target in event.target_ids:
                if actor != target and actor in known and target in known:
                    key = (actor, target, event.category, str(event.modality))
                    relations[key] += 1
                    articles[key].add(event.article_id)
    for number, (key, weight) in enumerate(sorted(relations.items())):
        actor, target, category, modality = key
        element = ET.SubElement(
            graph, "edge", id=f"r{number}", source=actor, target=target, directed="true"
        )
        _data(element, "e_relation", "event")
        _data(element, "e_weight", weight)
        _data(element, "e_category", category)
        _data(element, "e_modality", modality)
        _data(element, "e_article_ids", " ".join(sorted(articles[key])))
    ET.indent(root)
    return root


def write_graphml(store: Store, out: TextIO) -> tuple[int, int]:
    """Write the GraphML document to ``out``; returns (nodes, edges)."""
    root = build_graphml(store)
    ET.ElementTree(root).write(out, encoding="unicode", xml_declaration=True)
    out.write("\n")
    graph = root.find("graph")
    assert graph is not None
    return len(graph.findall("node")), len(graph.findall("edge"))
