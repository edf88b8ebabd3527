"""SemEval-2015 Task 4 Track A, measured on the product's own timelines.

Raw tokenised Wikinews in, one timeline per target entity out, as a user gets it: the CAT
documents are detokenised (:mod:`dateline.evaluate.cat`) and written as one JSON Lines file
(title, text, and the creation time the dataset gives as ``published``), which goes through
``Corpus.ingest``, ``annotate`` and ``link`` in a fresh SQLite corpus. For each target entity
the public query :func:`dateline.query.dossier.find_entity` finds it and
:func:`dateline.query.timeline.build_timeline` (what ``dateline timeline`` prints) gives its
timeline; this module only converts that output to the task's format and scores it:

* each event mention of a line becomes ``DOCID-SENTENCE-token`` (the CAT token at the start
  of its trigger, with a phrasal verb's particle joined by ``_`` as the gold writes it,
  ``rolls_out``), through an alignment of the stored article text with the CAT tokens;
* a line's anchor is its date (``YYYY-MM-DD`` with ``XX`` for unknown parts); a line with no
  date, or whose date is only a guess (lane ``approximate``), or that did not happen
  (planned, hypothetical, negated, refused) gets order 0, which the scorer skips;
* rows: one per anchor, in anchor order, each starting and ending with its surest events.

Scores use :mod:`dateline.evaluate.temporal_awareness`. The stock-market corpus is held out.
"""

from __future__ import annotations

import bisect
import difflib
import json
import re
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from dateline.api import open_corpus
from dateline.evaluate.cat import CatDocument, DetokenisedText, detokenise, iter_cat
from dateline.evaluate.datasets import dataset_root
from dateline.evaluate.temporal_awareness import (
    AwarenessCounts,
    Timeline,
    TimelineRow,
    format_timeline,
    micro_total,
    read_timelines,
    score_files,
    timeline_file_name,
)
from dateline.query.dossier import find_entity
from dateline.query.timeline import TimelineLine, build_timeline

DATASET = "semeval2015-task4-timeline"
DEVELOPMENT = ("trial", "airbus", "gm")
TEST = ("airbus", "gm", "stock")
CORPORA = ("trial", "airbus", "gm", "stock")
UNKNOWN_ANCHOR = "XXXX-XX-XX"
DEFAULT_DATASETS = dataset_root()
URL_PREFIX = "semeval:"
PARTICLES = frozenset({"out", "up", "off", "down", "back", "over", "away", "in", "on"})
_TIME_VALUE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


# -- the dataset -------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class CorpusPaths:
    """Where one SemEval corpus lives: its CAT documents, gold timelines and target list."""

    name: str
    documents: Path
    gold: Path
    targets: Path | None  # None: the trial corpus, whose targets are the gold files' first lines


def corpus_paths(datasets_dir: Path, name: str) -> CorpusPaths:
    root = datasets_dir / DATASET
    if name == "trial":
        return CorpusPaths(
            name, root / "Corpus-trial-data_task4", root / "TimeLines_trial_data_task4_v1.2", None
        )
    numbers = {"airbus": 1, "gm": 2, "stock": 3}
    if name not in numbers:
        raise ValueError(f"unknown SemEval corpus {name!r} (use one of {', '.join(CORPORA)})")
    base = root / "SemEval_Task4_data" / f"corpus_{numbers[name]}"
    return CorpusPaths(
        name,
        base / "corpus_trackA_CAT",
        base / "TimeLines_Gold_Standard",
        base / f"list_target_entities_corpus_{numbers[name]}.txt",
    )


def target_entities(paths: CorpusPaths) -> list[str]:
    """The corpus's target entity names (for the trial data: the gold files' first lines)."""
    if paths.targets is not None:
        lines = paths.targets.read_text(encoding="utf-8").splitlines()
        return [line.strip() for line in lines if line.strip()]
    return [timeline.entity for timeline in read_timelines(paths.gold).values()]


# -- anchors and rows ---------------------------------------------------------------------------
def anchor_of(value: str | None) -> str:
    """A TIMEX value as a timeline anchor: ``YYYY-MM-DD`` with ``XX`` for unknown parts."""
    text = value or ""
    match = _TIME_VALUE.match(text)
    if not match or text[4:5] not in ("", "-"):
        return UNKNOWN_ANCHOR
    year, month, day = match.groups()
    return f"{year}-{month or 'XX'}-{day or 'XX'}"


def anchor_sort_key(anchor: str) -> str:
    """Anchors in time order, a vaguer anchor (``2007-XX-XX``) before the dates it contains."""
    return anchor.replace("X", "0")


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    """One event mention placed on an entity's timeline."""

    mention: str  # DOCID-SENTENCE-token
    anchor: str
    published: str
    position: int


def order_rows(entity: str, events: Iterable[TimelineEvent]) -> Timeline:
    """One row per anchor, in anchor order (order numbers 1, 2, ...); each event with an unknown
    anchor on a row of its own with order 0.

    The scorer links the last event of a row BEFORE the first event of the next, so each row
    starts and ends with its surest events (:func:`boundary_order`)."""
    unique: dict[str, TimelineEvent] = {}
    for event in events:
        unique.setdefault(event.mention, event)
    groups: dict[str, list[TimelineEvent]] = {}
    for event in unique.values():
        groups.setdefault(event.anchor, []).append(event)
    rows = [
        TimelineRow(0, UNKNOWN_ANCHOR, (event.mention,))
        for event in sorted(groups.pop(UNKNOWN_ANCHOR, []), key=lambda e: e.mention)
    ]
    for order, anchor in enumerate(sorted(groups, key=anchor_sort_key), start=1):
        rows.append(TimelineRow(order, anchor, boundary_order(groups[anchor])))
    return Timeline(entity, tuple(rows))


def boundary_order(events: Sequence[TimelineEvent]) -> tuple[str, ...]:
    """The mentions of one anchor's events, the surest first and the next surest last: an
    event early in its document (the lead states the news) beats one further down."""
    ranked = sorted(events, key=event_rank)
    if len(ranked) > 2:
        ranked = [ranked[0], *ranked[2:], ranked[1]]
    return tuple(event.mention for event in ranked)


def event_rank(event: TimelineEvent) -> tuple[int, str, int]:
    sentence = int(event.mention.split("-", 2)[1])
    return (sentence, event.published, event.position)


def article_records(texts: Sequence[DetokenisedText]) -> list[dict[str, str]]:
    """The documents as JSON Lines records in the product's input format: title (the CAT
    headline), text, and the creation time as ``published`` where the dataset gives one.
    ``url`` is only an identifier (``semeval:<doc id>``) to find each article again."""
    records = []
    for text in texts:
        record = {"url": URL_PREFIX + text.document.doc_id, "title": text.title, "text": text.text}
        if text.document.dct:
            record["published"] = text.document.dct
        records.append(record)
    return records


class OffsetMap:
    """Maps character offsets of the stored article text (which ingest may have cleaned: the
    headline line is dropped from the text) to offsets of the detokenised CAT text."""

    def __init__(self, stored: str, original: str) -> None:
        matcher = difflib.SequenceMatcher(None, stored, original, autojunk=False)
        blocks = [block for block in matcher.get_matching_blocks() if block.size]
        self._starts = [block.a for block in blocks]
        self._blocks = blocks

    def __call__(self, offset: int) -> int | None:
        index = bisect.bisect_right(self._starts, offset) - 1
        if index < 0:
            return None
        block = self._blocks[index]
        if offset >= block.a + block.size:
            return None
        return block.b + offset - block.a


@dataclass(frozen=True, slots=True)
class StoredDocument:
    """One CAT document and where its article's text lies in it."""

    text: DetokenisedText
    offsets: OffsetMap
    stored: str

    def event_mention(self, start: int, end: int) -> str | None:
        """``DOCID-SENTENCE-word`` for the trigger at ``start:end`` of the stored text; a
        phrasal verb's particle joins it with ``_`` as in the gold timelines."""
        at = self.offsets(start)
        if at is None:
            return None
        first = self.text.token_at(at)
        words = [first.text]
        rest = self.stored[start:end].split()[1:]
        if len(rest) == 1 and rest[0].lower() in PARTICLES:
            words.append(rest[0])
        return f"{self.text.document.doc_id}-{first.sentence}-{'_'.join(words)}"


def timeline_events(
    lines: Iterable[TimelineLine],
    documents: Mapping[str, StoredDocument],
    published: Mapping[str, str],
) -> list[TimelineEvent]:
    """The task's events for the product's timeline lines (see the module docstring)."""
    found: list[TimelineEvent] = []
    for line in lines:
        placed = line.lane == "dated" and line.modality == "happened"
        anchor = anchor_of(line.date) if placed else UNKNOWN_ANCHOR
        for mention in line.mentions:
            document = documents.get(mention.article_id)
            if document is None:
                continue
            name = document.event_mention(mention.trigger_start, mention.trigger_end)
            if name is not None:
                found.append(
                    TimelineEvent(
                        name, anchor, published.get(mention.article_id, ""), mention.trigger_start
                    )
                )
    return found


def build_timelines(
    documents: Sequence[CatDocument], targets: Sequence[str]
) -> dict[str, Timeline]:
    """Run the product over the documents; one timeline per target, keyed by its file name."""
    texts = {document.doc_id: detokenise(document) for document in documents}
    with tempfile.TemporaryDirectory(prefix="dateline-semeval-") as workdir:
        source = Path(workdir) / "semeval.jsonl"
        with source.open("w", encoding="utf-8") as handle:
            for record in article_records(list(texts.values())):
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        with open_corpus(Path(workdir) / "semeval.db") as corpus:
            corpus.ingest([source])
            corpus.annotate()
            corpus.link()
            stored: dict[str, StoredDocument] = {}
            published: dict[str, str] = {}
            for article in corpus.articles():
                doc_id = (article.url or "").removeprefix(URL_PREFIX)
                if doc_id in texts:
                    text = texts[doc_id]
                    stored[article.id] = StoredDocument(
                        text, OffsetMap(article.text, text.text), article.text
                    )
                    published[article.id] = article.published or ""
            timelines = {}
            for target in targets:
                entity = find_entity(corpus.store, target)
                lines = build_timeline(corpus.store, entity.id) if entity is not None else []
                events = timeline_events(lines, stored, published)
                timelines[timeline_file_name(target)] = order_rows(target, events)
    return timelines


def write_timelines(timelines: dict[str, Timeline], directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for name, timeline in timelines.items():
        (directory / name).write_text(format_timeline(timeline), encoding="utf-8")


def run_corpus(
    datasets_dir: Path, name: str, output: Path | None = None
) -> dict[str, AwarenessCounts]:
    """Build, optionally write (to ``output/<name>/``), and score one corpus; counts per file."""
    paths = corpus_paths(datasets_dir, name)
    if not paths.documents.is_dir() or not paths.gold.is_dir():
        raise FileNotFoundError(f"SemEval corpus {name!r} not found under {datasets_dir / DATASET}")
    timelines = build_timelines(list(iter_cat(paths.documents)), target_entities(paths))
    if output is not None:
        write_timelines(timelines, output / name)
    return score_files(read_timelines(paths.gold), timelines)


def corpus_names(corpus: str) -> tuple[str, ...]:
    """The corpora a name stands for: one corpus, ``test`` (the three test corpora) or ``dev``."""
    groups = {"test": TEST, "dev": DEVELOPMENT}
    if corpus in groups:
        return groups[corpus]
    if corpus not in CORPORA:
        raise ValueError(
            f"unknown SemEval corpus {corpus!r} (use trial, airbus, gm, stock, test or dev)"
        )
    return (corpus,)


def evaluate(
    corpus: str = "trial", datasets_dir: Path | None = None, output: Path | None = None
) -> dict[str, float]:
    """Track A precision, recall and F1 (0-100) per corpus and micro-averaged over all of them.

    ``corpus`` is ``trial``, ``airbus``, ``gm``, ``stock``, ``test`` (airbus + gm + stock, the
    official test set) or ``dev`` (trial + airbus + gm). Timeline files go to
    ``output/<corpus>/`` when ``output`` is given.
    """
    datasets_dir = datasets_dir or DEFAULT_DATASETS
    results: dict[str, float] = {}
    totals: list[AwarenessCounts] = []
    for name in corpus_names(corpus):
        counts = micro_total(run_corpus(datasets_dir, name, output).values())
        totals.append(counts)
        results.update(percentages(name, counts))
    results.update(percentages("micro", micro_total(totals)))
    return results


def percentages(prefix: str, counts: AwarenessCounts) -> dict[str, float]:
    return {
        f"{prefix}_precision": round(100 * counts.precision, 2),
        f"{prefix}_recall": round(100 * counts.recall, 2),
        f"{prefix}_f1": round(100 * counts.f1, 2),
    }
