"""Temporal awareness (UzZaman & Allen 2011) over SemEval-2015 TimeLine files.

Re-implemented from the description of the official SemEval-2015 Task 4 scorer:

1. A timeline becomes a graph. Rows with order 0 are dropped; the rest are sorted as the
   official tool sorts lines (natural order of the line text, so by order number first).
   Every distinct time anchor is a time node; every event is SIMULTANEOUS with its anchor;
   consecutive events are BEFORE when their order numbers increase, else SIMULTANEOUS.
   In ordering-only mode the anchors are left out.
2. Events are matched by their exact ``DOCID-SENT-token`` string (the k-th occurrence of a
   string in one timeline matches the k-th in the other); anchors by exact string.
3. Precision is the share of the system's *reduced* relations entailed by the *closure* of
   the gold graph; recall the share of gold reduced relations entailed by the system closure.
4. Counts are summed over all timelines for the micro-averaged score.

BEFORE and SIMULTANEOUS between intervals compose exactly as ``<`` and ``=`` between points,
so the closure is kept as equality classes (union-find) plus ``<`` edges between classes.
The reduced graph keeps, in link order, each link not already entailed by those before it.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

RelType = Literal["BEFORE", "SIMULTANEOUS"]
_DIGITS = re.compile(r"(\d+)")


class TimelineFormatError(ValueError):
    """A timeline file that does not follow the SemEval TimeLine format."""


@dataclass(frozen=True, slots=True)
class TimelineRow:
    """One line: an order number (0 = unordered), a time anchor and coreferent event mentions."""

    order: int
    anchor: str
    events: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Timeline:
    """A target entity and its rows, as in one SemEval timeline file."""

    entity: str
    rows: tuple[TimelineRow, ...]


@dataclass(frozen=True, slots=True)
class Relation:
    """A temporal link between two graph nodes."""

    source: str
    rel: RelType
    target: str


@dataclass(frozen=True, slots=True)
class AwarenessCounts:
    """Matched and total relations on both sides; they add up over timelines."""

    system_matched: int = 0
    system_total: int = 0
    gold_matched: int = 0
    gold_total: int = 0

    def __add__(self, other: AwarenessCounts) -> AwarenessCounts:
        return AwarenessCounts(
            self.system_matched + other.system_matched,
            self.system_total + other.system_total,
            self.gold_matched + other.gold_matched,
            self.gold_total + other.gold_total,
        )

    @property
    def precision(self) -> float:
        return self.system_matched / self.system_total if self.system_total else 0.0

    @property
    def recall(self) -> float:
        return self.gold_matched / self.gold_total if self.gold_total else 0.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


# -- the file format ----------------------------------------------------------------------
def parse_timeline(text: str, name: str = "") -> Timeline:
    """Parse a timeline: the entity on line 1, then ``ORDER<TAB>ANCHOR<TAB>EVENT...`` rows."""
    lines = text.splitlines()
    if not lines:
        raise TimelineFormatError(f"{name or 'timeline'}: empty file (no entity line)")
    rows: list[TimelineRow] = []
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        fields = line.rstrip("\r\n").split("\t")
        if len(fields) < 3:
            continue  # the official tool ignores rows without an event
        try:
            order = int(fields[0].strip())
        except ValueError as exc:
            raise TimelineFormatError(
                f"{name}:{number}: order {fields[0]!r} is not an integer"
            ) from exc
        events = tuple(field.strip() for field in fields[2:] if field.strip())
        if events:
            rows.append(TimelineRow(order, fields[1].strip(), events))
    return Timeline(lines[0].strip(), tuple(rows))


def format_timeline(timeline: Timeline) -> str:
    lines = [timeline.entity]
    lines += ["\t".join((str(row.order), row.anchor, *row.events)) for row in timeline.rows]
    return "\n".join(lines) + "\n"


def timeline_file_name(entity: str) -> str:
    """The official file name for an entity: lower case, ``&`` → ``_and_``, spaces → ``_``."""
    return entity.strip().lower().replace("&", "_and_").replace(" ", "_") + ".txt"


def read_timelines(directory: Path) -> dict[str, Timeline]:
    """Every ``*.txt`` timeline in a directory, keyed by file name."""
    return {
        path.name: parse_timeline(path.read_text(encoding="utf-8"), path.name)
        for path in sorted(directory.glob("*.txt"))
    }


# -- timeline -> graph ----------------------------------------------------------------------
def _natural_key(text: str) -> list[tuple[int, int | str]]:
    return [(0, int(part)) if part.isdigit() else (1, part) for part in _DIGITS.split(text)]


def _sorted_rows(rows: Iterable[TimelineRow]) -> list[TimelineRow]:
    ordered = [row for row in rows if row.order != 0]
    return sorted(
        ordered, key=lambda row: _natural_key("\t".join((str(row.order), row.anchor, *row.events)))
    )


def timeline_relations(timeline: Timeline, *, anchors: bool = True) -> list[Relation]:
    """The TimeML-style links of a timeline, anchor links first, then event-to-event links."""
    seen: dict[str, int] = {}
    events: list[tuple[str, TimelineRow]] = []
    for row in _sorted_rows(timeline.rows):
        for event in row.events:
            seen[event] = seen.get(event, 0) + 1
            events.append((f"e:{event}#{seen[event]}", row))
    relations: list[Relation] = []
    if anchors:
        relations += [Relation(node, "SIMULTANEOUS", f"t:{row.anchor}") for node, row in events]
    for (first, first_row), (second, second_row) in itertools.pairwise(events):
        rel: RelType = "BEFORE" if first_row.order < second_row.order else "SIMULTANEOUS"
        relations.append(Relation(first, rel, second))
    return relations


# -- point-algebra closure --------------------------------------------------------------------
class PointGraph:
    """Equality classes and ``<`` edges between them; answers what the added links entail."""

    def __init__(self) -> None:
        self._parent: dict[str, str] = {}
        self._before: dict[str, set[str]] = {}
        # links that contradicted earlier ones: kept as bare facts, outside the closure
        self._violations: set[Relation] = set()

    def _find(self, node: str) -> str:
        parent = self._parent.setdefault(node, node)
        if parent != node:
            parent = self._find(parent)
            self._parent[node] = parent
        return parent

    def _reaches(self, start: str, goal: str) -> bool:
        """Whether class ``start`` is before class ``goal`` through ``<`` edges."""
        stack, visited = [start], {start}
        while stack:
            for successor in {self._find(n) for n in self._before.get(stack.pop(), ())}:
                if successor == goal:
                    return True
                if successor not in visited:
                    visited.add(successor)
                    stack.append(successor)
        return False

    def entails(self, relation: Relation) -> bool:
        if relation in self._violations:
            return True
        source, target = self._find(relation.source), self._find(relation.target)
        if relation.rel == "SIMULTANEOUS":
            return source == target
        return source != target and self._reaches(source, target)

    def contradicts(self, relation: Relation) -> bool:
        source, target = self._find(relation.source), self._find(relation.target)
        if relation.rel == "SIMULTANEOUS":
            return source != target and (
                self._reaches(source, target) or self._reaches(target, source)
            )
        return source == target or self._reaches(target, source)

    def add_violation(self, relation: Relation) -> None:
        self._violations.add(relation)
        if relation.rel == "SIMULTANEOUS":
            self._violations.add(Relation(relation.target, "SIMULTANEOUS", relation.source))

    def add(self, relation: Relation) -> None:
        source, target = self._find(relation.source), self._find(relation.target)
        if relation.rel == "BEFORE":
            self._before.setdefault(source, set()).add(target)
        elif source != target:
            self._parent[target] = source
            self._before.setdefault(source, set()).update(self._before.pop(target, set()))


def closure_and_reduction(relations: Iterable[Relation]) -> tuple[PointGraph, list[Relation]]:
    """The closure of the links and the reduced graph: links not entailed by earlier ones.

    A link that contradicts earlier ones (gold timelines give events of one anchor different
    order numbers) stays in the reduced graph and is known as a bare fact, outside the closure,
    so that a timeline scored against itself gets 1.0.
    """
    graph = PointGraph()
    reduced: list[Relation] = []
    for relation in relations:
        if graph.entails(relation):
            continue
        reduced.append(relation)
        if graph.contradicts(relation):
            graph.add_violation(relation)
        else:
            graph.add(relation)
    return graph, reduced


# -- scoring ----------------------------------------------------------------------------------
def score_timeline(gold: Timeline, system: Timeline, *, anchors: bool = True) -> AwarenessCounts:
    """Temporal-awareness counts of one system timeline against its gold timeline."""
    gold_closure, gold_reduced = closure_and_reduction(timeline_relations(gold, anchors=anchors))
    system_closure, system_reduced = closure_and_reduction(
        timeline_relations(system, anchors=anchors)
    )
    return AwarenessCounts(
        system_matched=sum(gold_closure.entails(relation) for relation in system_reduced),
        system_total=len(system_reduced),
        gold_matched=sum(system_closure.entails(relation) for relation in gold_reduced),
        gold_total=len(gold_reduced),
    )


def score_files(
    gold: Mapping[str, Timeline], system: Mapping[str, Timeline], *, anchors: bool = True
) -> dict[str, AwarenessCounts]:
    """Counts per gold file; a missing system file scores zero (its gold relations still count)."""
    scores: dict[str, AwarenessCounts] = {}
    for name, gold_timeline in sorted(gold.items()):
        system_timeline = system.get(name, Timeline(gold_timeline.entity, ()))
        scores[name] = score_timeline(gold_timeline, system_timeline, anchors=anchors)
    return scores


def micro_total(scores: Iterable[AwarenessCounts]) -> AwarenessCounts:
    total = AwarenessCounts()
    for counts in scores:
        total = total + counts
    return total


def score_directories(
    gold_dir: Path, system_dir: Path, *, anchors: bool = True
) -> dict[str, AwarenessCounts]:
    """Per-file counts for the system timelines in ``system_dir`` against ``gold_dir``."""
    return score_files(read_timelines(gold_dir), read_timelines(system_dir), anchors=anchors)


def iter_report(scores: Mapping[str, AwarenessCounts]) -> Iterator[tuple[str, float, float, float]]:
    """``(file, precision, recall, f1)`` per file, then ``("MICRO", ...)`` for the total."""
    for name, counts in scores.items():
        yield name, counts.precision, counts.recall, counts.f1
    total = micro_total(scores.values())
    yield "MICRO", total.precision, total.recall, total.f1
