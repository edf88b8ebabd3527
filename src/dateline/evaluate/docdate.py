"""Document dating: hide the known creation dates of dated corpora and infer them back.

Every document goes in as an article through :class:`dateline.Corpus` (a JSON Lines file per
corpus, with its title and text but no date, url or file name that could give the date
away), is annotated as a user's would be, and its ``published*`` fields are read back from
the store. This module only converts data and scores.

Corpora (``../shared/datasets``): TempEval-3 silver (AFP, Xinhua), TimeBank, AQUAINT, the
Wikinews articles of MEANTIME and SemEval-2015 Task 4 (``wikinews-mini``, which holds them
once each; the SemEval stock-market corpus is held out and left out) and the dated half of
the ECB+ train and dev topics. Texts whose first line is the creation date (the Wikinews
dateline) lose that line; ECB+ loses the URL sentence.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from dateline.evaluate.datasets import dataset_root
from dateline.evaluate.timeml import TimeMLError, parse_timeml

DEFAULT_ROOT = dataset_root()
CORPORA = ("silver", "timebank", "aquaint", "wikinews", "ecbplus")
#: the SemEval-2015 corpus held out for the final score: never used here
HELD_OUT_TOPIC = "stock"
#: confidence bins of the reliability table
BINS = (0.0, 0.2, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0001)
_TITLE = re.compile(r"<TITLE>(.*?)</TITLE>", re.S)
_URL_SCHEME = "docdate"


class DatasetError(RuntimeError):
    """A corpus of the evaluation is missing or not in the expected layout."""


@dataclass(frozen=True, slots=True)
class DatedDocument:
    """One document whose creation date is known and hidden from the product."""

    corpus: str
    name: str
    title: str
    text: str
    created: dt.date
    #: what the document is ingested with: a newswire folder, an ECB+ subtopic, the corpus
    group: str = "all"


def _timeml_documents(corpus: str, folders: Sequence[Path]) -> Iterator[DatedDocument]:
    files = sorted(path for folder in folders for path in folder.glob("*.tml"))
    if not files:
        raise DatasetError(f"no TimeML files in {', '.join(str(f) for f in folders)}")
    for path in files:
        source = path.read_text(encoding="utf-8")
        try:
            parsed = parse_timeml(source, path.name)
        except TimeMLError:
            continue
        title = _TITLE.search(source)
        yield DatedDocument(
            corpus,
            path.stem,
            " ".join(title.group(1).split()) if title else "",
            parsed.text.strip(),
            parsed.dct,
            path.parent.name,
        )


def _wikinews_documents(root: Path) -> Iterator[DatedDocument]:
    path = root / "wikinews-mini" / "wikinews_docs.jsonl"
    if not path.is_file():
        raise DatasetError(f"wikinews-mini not found at {path}")
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if record.get("topic_corpus") == HELD_OUT_TOPIC:
                continue
            # the first line is the Wikinews dateline: the very date to be found
            body = str(record["text"]).split("\n", 1)[-1]
            yield DatedDocument(
                "wikinews",
                str(record["id"]),
                str(record.get("title") or ""),
                body,
                dt.date.fromisoformat(str(record["date"])[:10]),
            )


def _ecbplus_documents(root: Path) -> Iterator[DatedDocument]:
    from dateline.evaluate.ecbplus import load_documents

    for document in load_documents(("train", "dev"), root / "ecbplus"):
        if document.published is not None:
            yield DatedDocument(
                "ecbplus",
                document.name,
                document.title,
                document.text,
                document.published,
                document.subtopic,
            )


def load_corpus(name: str, root: Path = DEFAULT_ROOT) -> list[DatedDocument]:
    """The dated documents of one corpus (see ``CORPORA``)."""
    tempeval = root / "tempeval3" / "Training"
    readers: dict[str, Callable[[], Iterator[DatedDocument]]] = {
        "silver": lambda: _timeml_documents("silver", sorted(tempeval.glob("TE3-Silver-data-*"))),
        "timebank": lambda: _timeml_documents("timebank", [tempeval / "TBAQ-cleaned" / "TimeBank"]),
        "aquaint": lambda: _timeml_documents("aquaint", [tempeval / "TBAQ-cleaned" / "AQUAINT"]),
        "wikinews": lambda: _wikinews_documents(root),
        "ecbplus": lambda: _ecbplus_documents(root),
    }
    if name not in readers:
        raise ValueError(f"unknown corpus {name!r}; choose from {', '.join(CORPORA)}")
    return [document for document in readers[name]() if document.text]


def spread(documents: Sequence[DatedDocument], limit: int | None) -> list[DatedDocument]:
    """At most ``limit`` documents taken evenly across the list (all of them without a limit)."""
    if limit is None or limit >= len(documents):
        return list(documents)
    step = len(documents) / limit
    return [documents[int(i * step)] for i in range(limit)]


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the product said about one document, beside its true date."""

    corpus: str
    created: dt.date
    published: dt.date | None
    basis: str | None
    low: dt.date | None
    high: dt.date | None
    confidence: float | None

    @property
    def error_days(self) -> int | None:
        return None if self.published is None else abs((self.published - self.created).days)

    @property
    def in_range(self) -> bool | None:
        if self.low is None or self.high is None:
            return None
        return self.low <= self.created <= self.high


def _day(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _url(corpus: str, number: int) -> str:
    return f"{_URL_SCHEME}:{corpus}:{number}"


def revealed(index: int, share: float) -> bool:
    """Whether the ``index``-th document of a group keeps its date (``share`` of them do)."""
    return int((index + 1) * share) > int(index * share)


def user_window(document: DatedDocument, number: int, years: int) -> str:
    """A window of ``years`` whole calendar years holding the creation date, as a user who
    knows roughly when a collection is from would give it; where the date falls in it varies
    with ``number``, so the window does not give the year away."""
    first = document.created.year - number % years
    return f"{first}-01-01..{first + years - 1}-12-31"


def write_jsonl(
    documents: Sequence[tuple[int, DatedDocument]],
    path: Path,
    reveal: float = 0.0,
    window_years: int = 0,
) -> None:
    """Numbered documents as a JSON Lines file of title and text; the url only maps them back.

    With ``reveal``, that share of them (spread evenly) keeps its date as metadata; with
    ``window_years``, each gets a ``date_range`` of that many calendar years around its date.
    """
    with path.open("w", encoding="utf-8") as handle:
        for index, (number, document) in enumerate(documents):
            record = {"url": _url(document.corpus, number), "title": document.title}
            if revealed(index, reveal):
                record["published"] = document.created.isoformat()
            if window_years:
                record["date_range"] = user_window(document, number, window_years)
            handle.write(json.dumps({**record, "text": document.text}) + "\n")


def infer_dates(
    documents: Sequence[DatedDocument],
    workdir: Path,
    workers: int = 1,
    reveal: float = 0.0,
    window_years: int = 0,
) -> list[Outcome]:
    """Ingest ``documents`` (one JSON Lines file per group), annotate, read the dates back.

    With ``reveal``, that share of each group keeps its date (to measure the corpus prior):
    only the others are scored.
    """
    from dateline.api import open_corpus

    groups: dict[tuple[str, str], list[tuple[int, DatedDocument]]] = {}
    for number, document in enumerate(documents):
        groups.setdefault((document.corpus, document.group), []).append((number, document))
    files: list[Path] = []
    for (corpus_name, group), members in groups.items():
        folder = workdir / corpus_name
        folder.mkdir(parents=True, exist_ok=True)
        files.append(folder / f"{re.sub(r'[^A-Za-z_-]', '_', group)}-{len(files)}.jsonl")
        write_jsonl(members, files[-1], reveal, window_years)
    outcomes: list[Outcome] = []
    with open_corpus(workdir / "docdate.db") as corpus:
        corpus.ingest_and_annotate(files, workers=workers)
        found = {article.url: article for article in corpus.articles()}
    for members in groups.values():
        for index, (number, document) in enumerate(members):
            if revealed(index, reveal):
                continue
            # an exact copy of another document is stored once: the copy counts as undated
            article = found.get(_url(document.corpus, number))
            low, high = (article.published_range or (None, None)) if article else (None, None)
            outcomes.append(
                Outcome(
                    corpus=document.corpus,
                    created=document.created,
                    published=_day(article.published) if article else None,
                    basis=article.published_basis if article else None,
                    low=_day(low),
                    high=_day(high),
                    confidence=article.published_confidence if article else None,
                )
            )
    return outcomes


@dataclass(slots=True)
class Scores:
    """Coverage, accuracy and calibration of the dates given to a set of documents."""

    documents: int = 0
    dated: int = 0
    within_week: int = 0
    within_month: int = 0
    within_year: int = 0
    off_over_year: int = 0
    undated_with_range: int = 0
    undated_range_holds: int = 0
    bases: dict[str, int] = field(default_factory=dict)
    #: per basis of a dated document: [dated, ranges that held]
    held_by_basis: dict[str, list[int]] = field(default_factory=dict)
    # per confidence bin: (guesses, sum of confidences, ranges that hold)
    bins: list[list[float]] = field(default_factory=lambda: [[0, 0.0, 0] for _ in BINS[1:]])

    def add(self, outcome: Outcome) -> None:
        self.documents += 1
        basis = outcome.basis or "none"
        self.bases[basis] = self.bases.get(basis, 0) + 1
        error = outcome.error_days
        if error is None:
            if outcome.in_range is not None:
                self.undated_with_range += 1
                self.undated_range_holds += int(outcome.in_range)
            return
        self.dated += 1
        self.within_week += error <= 7
        self.within_month += error <= 31
        self.within_year += error <= 366
        self.off_over_year += error > 366
        confidence = outcome.confidence if outcome.confidence is not None else 1.0
        index = next(i for i, edge in enumerate(BINS[1:]) if confidence < edge)
        self.bins[index][0] += 1
        self.bins[index][1] += confidence
        self.bins[index][2] += bool(outcome.in_range)
        held = self.held_by_basis.setdefault(basis, [0, 0])
        held[0] += 1
        held[1] += bool(outcome.in_range)

    @property
    def coverage(self) -> float:
        return self.dated / self.documents if self.documents else 0.0

    def share(self, count: int) -> float:
        return count / self.dated if self.dated else 0.0

    @property
    def off_over_year_of_all(self) -> float:
        return self.off_over_year / self.documents if self.documents else 0.0

    @property
    def ece(self) -> float:
        """Expected calibration error: confidence against how often the range holds."""
        if not self.dated:
            return 0.0
        total = 0.0
        for count, confidence_sum, holds in self.bins:
            if count:
                total += count / self.dated * abs(confidence_sum / count - holds / count)
        return total

    def reliability(self) -> list[tuple[str, int, float, float]]:
        """(bin, guesses, mean confidence, share whose range holds) per non-empty bin."""
        rows = []
        for (low, high), (count, confidence_sum, holds) in zip(
            itertools.pairwise(BINS), self.bins, strict=True
        ):
            if count:
                label = f"{low:.1f}–{min(high, 1.0):.1f}"
                rows.append((label, int(count), confidence_sum / count, holds / count))
        return rows

    def summary(self) -> dict[str, float]:
        return {
            "documents": self.documents,
            "coverage": self.coverage,
            "within_7_days": self.share(self.within_week),
            "within_31_days": self.share(self.within_month),
            "within_1_year": self.share(self.within_year),
            "off_over_1_year_of_all": self.off_over_year_of_all,
            "ece": self.ece,
        }


def score(outcomes: Sequence[Outcome]) -> dict[str, Scores]:
    """Scores per corpus and over all (key ``all``)."""
    scores: dict[str, Scores] = {"all": Scores()}
    for outcome in outcomes:
        scores.setdefault(outcome.corpus, Scores()).add(outcome)
        scores["all"].add(outcome)
    return scores


def evaluate(
    corpora: Sequence[str] = CORPORA,
    limit: int | None = None,
    root: Path = DEFAULT_ROOT,
    workers: int = 1,
    reveal: float = 0.0,
    window_years: int = 0,
) -> dict[str, Scores]:
    """Date the documents of ``corpora`` through the product (at most ``limit`` of each).

    ``reveal`` (0 to 1) keeps that share of each group's dates, to measure the corpus prior;
    ``window_years`` gives each document a window of that many calendar years, as a user's
    ``--date-range`` would.
    """
    if not 0.0 <= reveal < 1.0:
        raise ValueError("reveal must be at least 0 and below 1")
    documents = [doc for name in corpora for doc in spread(load_corpus(name, root), limit)]
    with tempfile.TemporaryDirectory(prefix="dateline-docdate-") as folder:
        return score(infer_dates(documents, Path(folder), workers, reveal, window_years))
