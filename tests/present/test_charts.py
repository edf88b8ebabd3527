"""The server-side SVG charts: well-formed, escaped, deterministic."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace

from dateline.present.charts import graph_svg, timeline_svg
from dateline.query.articles import ArticleRef
from dateline.query.graph import Graph, GraphEdge, GraphNode
from dateline.query.points import TimelinePoint, parse_when
from dateline.records import Entity

HOSTILE = "<script>alert(1)</script>\x02"
ARTICLE = ArticleRef("a1", f"Title {HOSTILE}", "2019-04-25", "src")


def _point(when: str, label: str, kind: str = "event") -> TimelinePoint:
    date = parse_when(when)
    assert date is not None
    return TimelinePoint(date, label, kind, ARTICLE)


def test_timeline_is_well_formed_and_escaped() -> None:
    points = [
        _point("2014-12-19", "Putin invited Kim Jong-un"),
        _point("2015-05-09", f"Kim attend {HOSTILE}"),
        _point("2015-05", "Kim refused", "event"),
        _point("2019-04-25", "said it was a good time", "quote"),
    ]
    svg = str(timeline_svg(points, lambda i: f"/articles/{i}?x=1&y=2"))
    root = ET.fromstring(svg)  # parses: well-formed XML
    assert root.tag.endswith("svg")
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "\x02" not in svg
    assert "?x=1&amp;y=2" in svg
    labels = [t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert {"2015", "2019"} <= set(labels)
    assert sum(1 for label in labels if label.startswith("20") and " " in label) == 4


def test_timeline_without_points_says_so() -> None:
    assert "No dated" in timeline_svg([], lambda i: i)


def test_graph_is_deterministic_and_escaped() -> None:
    entities = [
        Entity(f"E{i}", f"Name {i} {HOSTILE}", "PERSON" if i % 2 else "PLACE") for i in range(6)
    ]
    graph = Graph(
        tuple(GraphNode(e, 1 + i) for i, e in enumerate(entities)),
        (GraphEdge("E0", "E1", 3), GraphEdge("E1", "E2", 1), GraphEdge("E4", "E5", 2)),
    )
    first = str(graph_svg(graph, lambda i: f"/entities/{i}"))
    assert first == str(graph_svg(graph, lambda i: f"/entities/{i}"))
    root = ET.fromstring(first)
    assert len(list(root.iter("{http://www.w3.org/2000/svg}circle"))) == 6
    assert len(list(root.iter("{http://www.w3.org/2000/svg}line"))) == 3
    assert "<script>" not in first
    assert "No entities" in graph_svg(Graph((), ()), lambda i: i)


def test_timeline_draws_coarse_guessed_and_undated_dates_apart() -> None:
    """A month is a bar over the month, a guessed date sits in its own "approximate" band as
    a hollow mark, an undated item is listed under "undated" with no position in time."""
    svg_ns = "{http://www.w3.org/2000/svg}"
    day = _point("2015-05-09", "Kim attended the parade")
    month = _point("2015-05", "Kim refused")
    guessed = replace(_point("2015-06-02", "Putin invited Kim"), lane="approximate")
    undated = replace(_point("2015-01-01", "Kim resigned"), lane="undated")
    root = ET.fromstring(
        str(timeline_svg([day, month, guessed, undated], lambda i: f"/articles/{i}"))
    )
    items = {(item.findtext(f"{svg_ns}text") or ""): item for item in root.iter(f"{svg_ns}a")}
    assert len(items) == 4

    def mark(label: str) -> ET.Element | None:
        item = next(element for text, element in items.items() if label in text)
        circle = item.find(f"{svg_ns}circle")  # (an element without children is falsy)
        return circle if circle is not None else item.find(f"{svg_ns}rect")

    day_mark, month_mark = mark("parade"), mark("refused")
    assert day_mark is not None and day_mark.tag == f"{svg_ns}circle"
    assert month_mark is not None and month_mark.tag == f"{svg_ns}rect"  # May, not May 15
    month_start = float(month_mark.get("x", 0))
    assert (
        month_start < float(day_mark.get("cx", 0)) < month_start + float(month_mark.get("width", 0))
    )
    guessed_mark = mark("invited")
    assert guessed_mark is not None and guessed_mark.get("fill") == "white"
    assert float(guessed_mark.get("cy", 0)) > float(day_mark.get("cy", 0))  # its own band
    assert any("around 2015-06-02" in text for text in items)
    assert mark("resigned") is None  # undated: no position in time
    labels = [t.text or "" for t in root.iter(f"{svg_ns}text")]
    assert "undated" in labels and any(label.startswith("approximate") for label in labels)
    assert any("tl-undated" in (item.get("class") or "") for item in items.values())


def test_timeline_of_undated_items_only_has_no_axis() -> None:
    undated = replace(_point("2015-01-01", "Kim resigned"), lane="undated")
    root = ET.fromstring(str(timeline_svg([undated], lambda i: i)))
    assert not list(root.iter("{http://www.w3.org/2000/svg}line"))
    assert "2015" not in "".join(
        t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text")
    )
