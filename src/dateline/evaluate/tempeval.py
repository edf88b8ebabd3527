"""TempEval-3 Task A (TIMEX3) scoring of dateline's temporal tagger.

The scorer follows the task paper (UzZaman et al. 2013, section 4), re-implemented here:

- extent precision/recall/F1 with *strict* match (identical character span) and *relaxed* match
  (any overlap); P counts system timexes that match some gold timex, R gold timexes that match
  some system timex;
- attribute scores on relaxed matches: accuracy = correct / relaxed matches, and
  attribute F1 = relaxed F1 x accuracy (the paper's definition; equal to 2PR/(P+R) with
  P = correct / |system| and R = correct / |gold|).

Counts are summed over all documents of a split (micro average). The DCT of each document is
the reference date handed to :func:`dateline.annotate.times.tag_times`; ranges are split into
their two dates and decades are written the TimeML way ("199", where dateline says "199X").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from dateline.evaluate.timeml import GoldTimex, TimeMLDocument, iter_timeml
from dateline.records import TimeExpr

if TYPE_CHECKING:
    from spacy.language import Language

DATASET = Path(__file__).resolve().parents[3].parent / "shared" / "datasets" / "tempeval3"
SPLITS: dict[str, tuple[str, ...]] = {
    "train": ("Training/TBAQ-cleaned/TimeBank", "Training/TBAQ-cleaned/AQUAINT"),
    "timebank": ("Training/TBAQ-cleaned/TimeBank",),
    "aquaint": ("Training/TBAQ-cleaned/AQUAINT",),
    "platinum": ("Evaluation/te3-platinum",),
    "silver": tuple(f"Training/TE3-Silver-data-{i}" for i in range(6)),
}


@dataclass(slots=True)
class TimexCounts:
    """Running counts for one split; :meth:`scores` turns them into the TempEval-3 figures."""

    gold: int = 0
    system: int = 0
    strict_system: int = 0
    strict_gold: int = 0
    relaxed_system: int = 0
    relaxed_gold: int = 0
    matched_pairs: int = 0
    type_correct: int = 0
    value_correct: int = 0
    errors: list[tuple[str, str, str, str]] = field(default_factory=list)

    def add(
        self, gold: Sequence[GoldTimex], system: Sequence[TimeExpr], doc_name: str = ""
    ) -> None:
        self.gold += len(gold)
        self.system += len(system)
        gold_spans = {(g.start, g.end) for g in gold}
        system_spans = {(s.start, s.end) for s in system}
        self.strict_system += sum((s.start, s.end) in gold_spans for s in system)
        self.strict_gold += sum((g.start, g.end) in system_spans for g in gold)
        self.relaxed_gold += sum(any(_overlaps(g, s) for s in system) for g in gold)
        for sys_timex in system:
            partner = _best_partner(sys_timex, gold)
            if partner is None:
                self.errors.append((doc_name, sys_timex.text, sys_timex.value, "<spurious>"))
                continue
            self.relaxed_system += 1
            self.matched_pairs += 1
            self.type_correct += sys_timex.type == partner.type
            if sys_timex.value == partner.value:
                self.value_correct += 1
            else:
                self.errors.append(
                    (doc_name, f"{sys_timex.text} | {partner.text}", sys_timex.value, partner.value)
                )
        for gold_timex in gold:
            if not any(_overlaps(gold_timex, s) for s in system):
                self.errors.append((doc_name, gold_timex.text, "<missed>", gold_timex.value))

    def scores(self) -> dict[str, float]:
        strict_p, strict_r = (
            _ratio(self.strict_system, self.system),
            _ratio(self.strict_gold, self.gold),
        )
        relaxed_p, relaxed_r = (
            _ratio(self.relaxed_system, self.system),
            _ratio(self.relaxed_gold, self.gold),
        )
        relaxed_f1 = _f1(relaxed_p, relaxed_r)
        type_accuracy = _ratio(self.type_correct, self.matched_pairs)
        value_accuracy = _ratio(self.value_correct, self.matched_pairs)
        return {
            "strict_precision": strict_p,
            "strict_recall": strict_r,
            "strict_f1": _f1(strict_p, strict_r),
            "relaxed_precision": relaxed_p,
            "relaxed_recall": relaxed_r,
            "relaxed_f1": relaxed_f1,
            "type_accuracy": type_accuracy,
            "type_f1": relaxed_f1 * type_accuracy,
            "value_accuracy": value_accuracy,
            "value_f1": relaxed_f1 * value_accuracy,
            "documents": 0.0,
            "gold": float(self.gold),
            "system": float(self.system),
        }


def _overlaps(a: GoldTimex | TimeExpr, b: GoldTimex | TimeExpr) -> bool:
    return a.start < b.end and b.start < a.end


def _best_partner(system: TimeExpr, gold: Sequence[GoldTimex]) -> GoldTimex | None:
    best: GoldTimex | None = None
    best_overlap = 0
    for candidate in gold:
        overlap = min(system.end, candidate.end) - max(system.start, candidate.start)
        if overlap > best_overlap:
            best, best_overlap = candidate, overlap
    return best


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 0.0


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def split_documents(
    split: str, limit: int | None = None, root: Path = DATASET
) -> list[TimeMLDocument]:
    """The documents of ``split`` (see :data:`SPLITS`), at most ``limit`` in name order."""
    if split not in SPLITS:
        raise ValueError(f"unknown TempEval-3 split {split!r}; choose one of {', '.join(SPLITS)}")
    documents: list[TimeMLDocument] = []
    for relative in SPLITS[split]:
        directory = root / relative
        if not directory.is_dir():
            raise FileNotFoundError(f"TempEval-3 data not found at {directory}")
        documents.extend(iter_timeml(directory))
    return documents[:limit] if limit is not None else documents


def timeml_value(value: str) -> str:
    """dateline's value in TimeML 1.2.1 spelling: decades have three digits ("199X" -> "199")."""
    if len(value) == 4 and value[:3].isdigit() and value[3] == "X":
        return value[:3]
    return value


def score_documents(
    documents: Iterable[TimeMLDocument], nlp: Language | None = None
) -> TimexCounts:
    """Tag every document against its DCT and accumulate the TempEval-3 counts.

    With a spaCy pipeline ``nlp``, the tagger reads tense from the parse instead of its heuristic.
    """
    from dateline.annotate.times import tag_times  # compiles its rules: only when scoring

    counts = TimexCounts()
    for document in documents:
        doc = nlp(document.text) if nlp is not None else None
        tagged = tag_times(
            document.text, document.dct, article_id=document.name, doc=doc, split_ranges=True
        )
        system = [replace(t, value=timeml_value(t.value)) for t in tagged]
        counts.add(document.timexes, system, document.name)
    return counts


def evaluate(split: str, limit: int | None = None, nlp: Language | None = None) -> dict[str, float]:
    """TempEval-3 Task A scores (fractions in 0..1) of dateline's tagger on ``split``."""
    documents = split_documents(split, limit)
    scores = score_documents(documents, nlp).scores()
    scores["documents"] = float(len(documents))
    return scores
