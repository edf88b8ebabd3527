"""Pictures drawn on the server as SVG: a timeline chart and an entity co-occurrence graph.

No JavaScript and nothing fetched: each function returns one ``<svg>`` element as
:class:`~markupsafe.Markup`, every piece of article-derived text escaped. Colours are SVG
presentation attributes (not ``style=``), so a strict Content-Security-Policy allows them.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence

from markupsafe import Markup, escape

from dateline.present.safe_html import strip_controls
from dateline.query.graph import Graph
from dateline.query.points import DatePoint, TimelinePoint

KIND_COLOURS = {"event": "#c0392b", "quote": "#2471a3", "article": "#7d8a96"}
LABEL_COLOURS = {
    "PERSON": "#2471a3",
    "PER": "#2471a3",
    "ORG": "#1e8449",
    "GPE": "#ca6f1e",
    "LOC": "#ca6f1e",
    "PLACE": "#ca6f1e",
    "FAC": "#ca6f1e",
    "NORP": "#7d3c98",
}
OTHER_COLOUR = "#7d8a96"
_CHAR_WIDTH = 6.2  # average width of one character at font-size 11, for label packing


def _short(text: str, limit: int) -> str:
    text = " ".join(strip_controls(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _ticks(first: int, last: int) -> list[tuple[int, str]]:
    """Axis ticks (day ordinal, label): years, or months when the span is short."""
    start, end = dt.date.fromordinal(first), dt.date.fromordinal(last)
    ticks: list[tuple[int, str]] = []
    if end.year - start.year >= 2:
        step = max(1, (end.year - start.year) // 10)
        for year in range(start.year, end.year + 1, step):
            day = dt.date(year, 1, 1).toordinal()
            if first <= day <= last:
                ticks.append((day, str(year)))
        return ticks
    year, month = start.year, start.month
    months = (end.year - start.year) * 12 + end.month - start.month
    step = max(1, months // 12)
    while (year, month) <= (end.year, end.month):
        day = dt.date(year, month, 1).toordinal()
        if first <= day <= last:
            ticks.append((day, f"{year}-{month:02d}"))
        month += step
        while month > 12:
            month -= 12
            year += 1
    return ticks


def date_span(when: DatePoint) -> tuple[int, int]:
    """The first and last day (ordinals) a date covers: one day, a whole month or a year."""
    if when.month is None:
        return dt.date(when.year, 1, 1).toordinal(), dt.date(when.year, 12, 31).toordinal()
    if when.day is None:
        following = dt.date(when.year + when.month // 12, when.month % 12 + 1, 1)
        return dt.date(when.year, when.month, 1).toordinal(), following.toordinal() - 1
    return when.ordinal, when.ordinal


def chart_lane(point: TimelinePoint) -> str:
    """The band a point is drawn in: "dated" (at its date), "approximate" (its date is only
    a guess: drawn as a range, apart from the firm dates) or "undated" (no position)."""
    return point.lane if point.lane in ("dated", "approximate") else "undated"


def _pack(
    items: Sequence[tuple[TimelinePoint, float, str]], width: int, margin: int
) -> tuple[list[tuple[TimelinePoint, float, int, str]], int]:
    """Labels placed left to right into rows so that none overlaps; (placed, rows used)."""
    rows_end: list[float] = []
    placed: list[tuple[TimelinePoint, float, int, str]] = []
    for point, x, label in items:
        text_width = len(label) * _CHAR_WIDTH + 10
        left = min(x, width - margin - text_width) if text_width < width else margin
        row = next((i for i, end in enumerate(rows_end) if end <= left), len(rows_end))
        if row == len(rows_end):
            rows_end.append(0.0)
        rows_end[row] = left + text_width
        placed.append((point, left, row, label))
    return placed, len(rows_end)


def timeline_svg(
    points: Sequence[TimelinePoint],
    article_href: Callable[[str], str],
    width: int = 960,
    label_chars: int = 48,
) -> Markup:
    """A horizontal time axis with each point's label packed into rows, in three bands, as
    the CLI timeline shows its lanes:

    - dated: a day is a dot on the axis; a month or a year is a bar over the days it covers
      (never a point in its middle);
    - approximate (the date is only a guess): below, each a hollow bar over its date's range
      on a dashed axis of its own, labelled "around";
    - undated: listed at the bottom, with no position in time.

    Each item links to the article it comes from; the full text is its tooltip.
    """
    if not points:
        return Markup('<p class="empty">No dated events or quotes yet.</p>')
    margin, row_height = 24, 18
    bands: dict[str, list[TimelinePoint]] = {"dated": [], "approximate": [], "undated": []}
    for point in points:
        bands[chart_lane(point)].append(point)
    placed_points = bands["dated"] + bands["approximate"]
    spans = [date_span(p.when) for p in placed_points]
    first = min((start for start, _ in spans), default=dt.date.today().toordinal())
    last = max((end for _, end in spans), default=first)
    pad = max(15, (last - first) // 20)
    first, last = first - pad, last + pad

    def x_of(ordinal: int) -> float:
        return margin + (width - 2 * margin) * (ordinal - first) / (last - first)

    parts: list[str] = []
    y = 34  # the main axis
    axis_y = y
    if placed_points:
        parts.append(
            f'<line x1="{margin}" y1="{axis_y}" x2="{width - margin}" y2="{axis_y}" '
            'stroke="#444" stroke-width="1.5"/>'
        )
        for ordinal, text in _ticks(first, last):
            x = x_of(ordinal)
            parts.append(
                f'<line x1="{x:.1f}" y1="{axis_y - 5}" x2="{x:.1f}" y2="{axis_y + 5}" '
                f'stroke="#444"/><text x="{x:.1f}" y="{axis_y - 10}" font-size="11" '
                f'text-anchor="middle" fill="#333">{escape(text)}</text>'
            )
    y = axis_y + 22
    for lane in ("dated", "approximate"):
        items = sorted(bands[lane], key=lambda p: (date_span(p.when), p.kind))
        if not items:
            continue
        lane_axis = axis_y
        if lane == "approximate":
            lane_axis = y + 8
            parts.append(
                f'<text x="{margin}" y="{lane_axis - 6}" font-size="11" fill="#555" '
                'font-style="italic">approximate (the date is a guess)</text>'
                f'<line x1="{margin}" y1="{lane_axis}" x2="{width - margin}" y2="{lane_axis}" '
                'stroke="#999" stroke-dasharray="4 3"/>'
            )
            y = lane_axis + 22
        placed, rows = _pack(
            [
                (p, x_of(date_span(p.when)[0]), f"{p.shown_date} {_short(p.label, label_chars)}")
                for p in items
            ],
            width,
            margin,
        )
        for point, left, row, label in placed:
            parts.append(
                _timeline_item(point, left, y + row * row_height, lane_axis, x_of, article_href)
                + f"{escape(label)}</text></a>"
            )
        y += row_height * rows
    if bands["undated"]:
        parts.append(
            f'<text x="{margin}" y="{y + 8}" font-size="11" fill="#555" font-style="italic">'
            "undated</text>"
        )
        y += 8 + row_height
        for point in bands["undated"]:
            colour = KIND_COLOURS.get(point.kind, OTHER_COLOUR)
            parts.append(
                f'<a href="{escape(article_href(point.article.id))}" '
                f'class="tl-item tl-{point.kind} tl-undated">'
                f"<title>{escape(strip_controls(_tooltip(point)))}</title>"
                f'<text x="{margin + 2}" y="{y}" font-size="11" fill="{colour}">'
                f"{escape(_short(point.label, label_chars * 2))}</text></a>"
            )
            y += row_height
    height = y + 4
    undated = len(bands["undated"])
    header = (
        f'<svg class="chart timeline-chart" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-label="timeline of {len(placed_points)} dated items'
        f'{f" and {undated} undated" if undated else ""}">'
    )
    return Markup(header + "".join(parts) + "</svg>")


def _tooltip(point: TimelinePoint) -> str:
    shown = point.shown_date if chart_lane(point) != "undated" else "undated"
    return f"{shown} ({point.kind}) {point.label} — {point.article.title}"


def _timeline_item(
    point: TimelinePoint,
    left: float,
    y: float,
    axis_y: float,
    x_of: Callable[[int], float],
    article_href: Callable[[str], str],
) -> str:
    """One dated or approximate item up to its label's opening ``<text>`` tag: the mark on
    its axis (a dot for a day, a bar over a month or a year, hollow when approximate) and a
    stem down to its label."""
    colour = KIND_COLOURS.get(point.kind, OTHER_COLOUR)
    approximate = chart_lane(point) == "approximate"
    start, end = date_span(point.when)
    x1, x2 = x_of(start), x_of(end)
    fill = 'fill="white"' if approximate else f'fill="{colour}"'
    dashed = ' stroke-dasharray="2 2"' if approximate else ""
    if start == end:
        mark = f'<circle cx="{x1:.1f}" cy="{axis_y}" r="5" {fill} stroke="{colour}"{dashed}/>'
    else:
        mark = (
            f'<rect x="{x1:.1f}" y="{axis_y - 4}" width="{max(x2 - x1, 3):.1f}" height="8" '
            f'rx="3" {fill} fill-opacity="0.6" stroke="{colour}"{dashed}/>'
        )
    middle = (x1 + x2) / 2
    return (
        f'<a href="{escape(article_href(point.article.id))}" '
        f'class="tl-item tl-{point.kind} tl-{chart_lane(point)}">'
        f"<title>{escape(strip_controls(_tooltip(point)))}</title>"
        f'<line x1="{middle:.1f}" y1="{axis_y}" x2="{middle:.1f}" y2="{y - 4}" '
        f'stroke="{colour}" stroke-opacity="0.35"{dashed.replace("2 2", "3 3")}/>'
        f"{mark}"
        f'<text x="{left + 2:.1f}" y="{y + 4}" font-size="11" fill="{colour}">'
    )


def _layout(
    ids: Sequence[str], edges: Sequence[tuple[int, int, int]], iterations: int = 200
) -> list[tuple[float, float]]:
    """A deterministic force-directed layout (Fruchterman-Reingold) in the unit square,
    started from a circle so the same graph always gets the same picture."""
    count = len(ids)
    if count == 1:
        return [(0.5, 0.5)]
    positions = [
        [
            0.5 + 0.4 * math.cos(2 * math.pi * i / count),
            0.5 + 0.4 * math.sin(2 * math.pi * i / count),
        ]
        for i in range(count)
    ]
    k = math.sqrt(1.0 / count)
    temperature = 0.1
    for _ in range(iterations):
        moves = [[0.0, 0.0] for _ in range(count)]
        for i in range(count):
            for j in range(i + 1, count):
                dx = positions[i][0] - positions[j][0]
                dy = positions[i][1] - positions[j][1]
                dist = max(math.hypot(dx, dy), 1e-4)
                force = k * k / dist
                moves[i][0] += dx / dist * force
                moves[i][1] += dy / dist * force
                moves[j][0] -= dx / dist * force
                moves[j][1] -= dy / dist * force
        for i, j, weight in edges:
            dx = positions[i][0] - positions[j][0]
            dy = positions[i][1] - positions[j][1]
            dist = max(math.hypot(dx, dy), 1e-4)
            force = dist * dist / k * (1 + math.log(weight))
            moves[i][0] -= dx / dist * force
            moves[i][1] -= dy / dist * force
            moves[j][0] += dx / dist * force
            moves[j][1] += dy / dist * force
        for i in range(count):
            length = max(math.hypot(*moves[i]), 1e-9)
            step = min(length, temperature)
            positions[i][0] = min(0.97, max(0.03, positions[i][0] + moves[i][0] / length * step))
            positions[i][1] = min(0.97, max(0.03, positions[i][1] + moves[i][1] / length * step))
        temperature = max(0.002, temperature * 0.97)
    return _fill_square(positions)


def _fill_square(positions: list[list[float]]) -> list[tuple[float, float]]:
    """Stretch a layout to use the whole unit square (forces leave it bunched in the middle)."""
    xs = [p[0] for p in positions]
    ys = [p[1] for p in positions]
    width = max(xs) - min(xs) or 1.0
    height = max(ys) - min(ys) or 1.0
    return [((x - min(xs)) / width, (y - min(ys)) / height) for x, y in positions]


def graph_svg(
    graph: Graph, entity_href: Callable[[str], str], width: int = 1100, height: int = 680
) -> Markup:
    """Entities as dots sized by mentions, coloured by kind; lines for shared articles."""
    if not graph.nodes:
        return Markup('<p class="empty">No entities linked yet.</p>')
    index = {node.entity.id: i for i, node in enumerate(graph.nodes)}
    edges = [
        (index[e.source], index[e.target], e.weight)
        for e in graph.edges
        if e.source in index and e.target in index
    ]
    positions = _layout([n.entity.id for n in graph.nodes], edges)
    pad = 60

    def point(i: int) -> tuple[float, float]:
        x, y = positions[i]
        return pad + x * (width - 2 * pad), pad + y * (height - 2 * pad)

    heaviest = max((w for _, _, w in edges), default=1)
    biggest = max(n.weight for n in graph.nodes) or 1
    parts = [
        f'<svg class="chart graph-chart" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-label="co-occurrence graph of {len(graph.nodes)} entities">'
    ]
    for i, j, weight in edges:
        (x1, y1), (x2, y2) = point(i), point(j)
        parts.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#8899aa" '
            f'stroke-opacity="0.5" stroke-width="{0.6 + 3.4 * weight / heaviest:.2f}">'
            f"<title>{weight} shared article(s)</title></line>"
        )
    for i, node in enumerate(graph.nodes):
        x, y = point(i)
        radius = 5 + 14 * math.sqrt(node.weight / biggest)
        colour = LABEL_COLOURS.get(node.entity.label, OTHER_COLOUR)
        name = node.entity.name
        label = _short(name, 28)
        half = len(label) * _CHAR_WIDTH / 2
        anchor = "end" if x + half > width - 4 else "start" if x - half < 4 else "middle"
        parts.append(
            f'<a href="{escape(entity_href(node.entity.id))}" class="graph-node">'
            f"<title>{escape(strip_controls(name))} ({escape(strip_controls(node.entity.label))}), "
            f"{node.weight} mention(s)"
            "</title>"
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}" fill="{colour}" '
            'fill-opacity="0.85" stroke="#fff" stroke-width="1.5"/>'
            f'<text x="{x:.1f}" y="{y + radius + 12:.1f}" font-size="11" text-anchor="{anchor}" '
            f'fill="#222">{escape(label)}</text></a>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
