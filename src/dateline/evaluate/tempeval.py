"""TempEval-3 Task A (TIMEX3) scoring of dateline's temporal tagger.

The scorer follows the task paper (UzZaman et al. 2013, section 4), re-implemented here:

- extent precision/recall/F1 with *strict* match (identical character span) and *relaxed* match
  (any overlap); P counts system timexes that match some gold timex, R gold timexes that match
  some system timex;
- attribute scores on relaxed matches: accuracy = correct / relaxed matches, and
  attribute F1 = relaxed F1 x accuracy (the paper's definition; equal to 2PR/(P+R) with
  P = correct / |system| and R = correct / |gold|).

Counts are summed over all documents of a split (micro average). Each document runs the
product path: it goes in as an article whose publication date (basis ``metadata``) is the
document's DCT, is parsed by the annotate stage's spaCy pipeline and tagged by the annotate
stage's own call (:func:`dateline.annotate.pipeline.article_times`). For scoring, ranges are
split into their two dates and decades are written the TimeML way ("199", where dateline says
"199X").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from itertools import repeat
from pathlib import Path
from typing import TYPE_CHECKING

from dateline.evaluate.datasets import dataset_root
from dateline.evaluate.timeml import GoldTimex, TimeMLDocument, iter_timeml
from dateline.records import Article, TimeExpr

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

DATASET = dataset_root() / "tempeval3"
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
    split: str, limit: int | None = None, root: Path | None = None
) -> list[TimeMLDocument]:
    """The documents of ``split`` (see :data:`SPLITS`), at most ``limit`` in name order."""
    root = root or dataset_root() / "tempeval3"
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


def as_article(document: TimeMLDocument) -> Article:
    """A TimeML document as the article a user would ingest: its DCT is the publication date."""
    return Article(
        id=document.name,
        text=document.text,
        published=document.dct.isoformat(),
        published_basis="metadata",
    )


def score_documents(
    documents: Sequence[TimeMLDocument], nlp: Language | None = None
) -> TimexCounts:
    """Run the annotate stage's time tagging over every document and accumulate the counts.

    Each document goes in as an :class:`Article` dated by its DCT and is dated and tagged as
    the annotate stage does (:func:`dateline.annotate.pipeline.date_article`, then
    :func:`~dateline.annotate.pipeline.article_times`), over a parse by ``nlp`` as in the
    product; with ``nlp=None`` the tense comes from the tagger's heuristic instead (faster).
    """
    from dateline.annotate.nlp import parse_texts
    from dateline.annotate.pipeline import article_times, date_article

    counts = TimexCounts()
    articles = [date_article(as_article(document)) for document in documents]
    docs: Iterable[Doc | None] = (
        parse_texts((a.text for a in articles), nlp) if nlp is not None else repeat(None)
    )
    for document, article, doc in zip(documents, articles, docs, strict=False):
        tagged = article_times(article, doc, split_ranges=True)
        system = [replace(t, value=timeml_value(t.value)) for t in tagged]
        counts.add(document.timexes, system, document.name)
    return counts


def evaluate(
    split: str, limit: int | None = None, nlp: Language | None = None, *, parse: bool = False
) -> dict[str, float]:
    """TempEval-3 Task A scores (fractions in 0..1) of dateline's tagger on ``split``; with
    ``parse`` (and no ``nlp`` given) the annotate stage's own spaCy pipeline reads the tense."""
    if parse and nlp is None:
        from dateline.annotate.nlp import load_pipeline

        nlp = load_pipeline(parse=True)
    documents = split_documents(split, limit)
    scores = score_documents(documents, nlp).scores()
    scores["documents"] = float(len(documents))
    return scores
