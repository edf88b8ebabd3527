"""Quote attribution on PolNeAR (political news attribution relations), internal use only.

PolNeAR annotates attribution relations in brat standoff: a Source (who), a Cue ("said") and
a Content (the quote or paraphrase), with character offsets into the article text. Some
articles were annotated by several annotators; the first annotation file in name order is
the key. The corpus has no licence: it is read from ``../shared/datasets/polnear`` at run
time and nothing of it is copied into the project.

The evaluation runs the product: each article goes into a fresh store as an
:class:`~dateline.records.Article`, :class:`~dateline.api.Corpus` annotates and links it, and
the quotes are read back from the store. This module only converts the data and scores.

Metrics (micro-averaged over the articles of a split):

- content spans, *overlap* match: a predicted quote matches a gold Content when their
  character spans overlap; precision = predicted quotes matching some gold Content /
  predicted quotes, recall = gold Contents matched by some predicted quote;
- content spans, *character* overlap: precision = predicted characters inside gold Contents /
  predicted characters, recall = gold Content characters covered / gold Content characters;
- speaker attribution: a predicted quote with a speaker is correct when the gold relation its
  content overlaps most has a Source and either the local speaker phrase ("the senator",
  "he", "Trump") or the mention it was resolved to overlaps that Source, or the resolved
  mention ends with the same word as the Source (the same referent named elsewhere: "Donald
  Trump" for "Trump"), or the Source is a relative pronoun right after the speaker phrase
  ("Barkley, who said": dateline names Barkley, PolNeAR marks "who"). Precision = correct /
  predicted quotes with a speaker; recall = correct / gold relations with a Source.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from dateline.evaluate.datasets import dataset_root
from dateline.records import Article, Quote

DATASET = dataset_root() / "polnear"
SPLITS = ("train", "dev", "test")
RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})
PHRASE_WINDOW = 600  # characters either side of a quote searched for its speaker's words
Spans = tuple[tuple[int, int], ...]


class PolnearError(RuntimeError):
    """The PolNeAR data is missing or malformed."""


@dataclass(frozen=True, slots=True)
class GoldAttribution:
    """One annotated relation: content spans, cue spans and (maybe) source spans."""

    content: Spans
    cue: Spans
    source: Spans


@dataclass(frozen=True, slots=True)
class PolnearDocument:
    name: str
    text: str
    attributions: tuple[GoldAttribution, ...]


def _spans(field_text: str) -> Spans:
    """Character spans of a brat text-bound field: "Content 10 20;25 40" -> ((10, 20), (25, 40))."""
    _, _, offsets = field_text.partition(" ")
    spans: list[tuple[int, int]] = []
    for piece in offsets.split(";"):
        start, end = piece.split()
        spans.append((int(start), int(end)))
    return tuple(spans)


def parse_annotations(source: str, name: str = "") -> tuple[GoldAttribution, ...]:
    """Attribution relations of one brat ``.ann`` file."""
    bound: dict[str, Spans] = {}
    relations: list[GoldAttribution] = []
    for number, line in enumerate(source.splitlines(), 1):
        if not line.strip():
            continue
        fields = line.split("\t")
        try:
            if fields[0].startswith("T"):
                bound[fields[0]] = _spans(fields[1])
            elif fields[0].startswith("E"):
                roles: dict[str, Spans] = {"Content": (), "Cue": (), "Source": ()}
                for argument in fields[1].split()[1:]:
                    role, _, target = argument.partition(":")
                    roles[role] = roles.get(role, ()) + bound.get(target, ())
                if roles["Content"]:
                    relations.append(
                        GoldAttribution(roles["Content"], roles["Cue"], roles["Source"])
                    )
        except (IndexError, ValueError) as exc:
            raise PolnearError(f"{name}:{number}: malformed brat line {line[:60]!r}") from exc
    return tuple(relations)


def load_split(
    split: str, limit: int | None = None, root: Path | None = None
) -> list[PolnearDocument]:
    """The documents of ``split`` ("train", "dev" or "test"), at most ``limit``, in name order."""
    root = root or dataset_root() / "polnear"
    if split not in SPLITS:
        raise PolnearError(f"unknown PolNeAR split {split!r}; choose one of {', '.join(SPLITS)}")
    text_dir = root / "data" / split / "text"
    annotation_dir = root / "data" / split / "attributions"
    if not text_dir.is_dir() or not annotation_dir.is_dir():
        raise PolnearError(f"PolNeAR data not found at {root / 'data' / split}")
    documents: list[PolnearDocument] = []
    for text_path in sorted(text_dir.glob("*.txt")):
        annotations = sorted(annotation_dir.glob(f"{text_path.stem}_*.ann"))
        if not annotations:
            continue
        key = annotations[0]
        documents.append(
            PolnearDocument(
                name=text_path.stem,
                text=text_path.read_text(encoding="utf-8"),
                attributions=parse_annotations(key.read_text(encoding="utf-8"), key.name),
            )
        )
        if limit is not None and len(documents) >= limit:
            break
    return documents


def _overlap(a: tuple[int, int], spans: Iterable[tuple[int, int]]) -> int:
    return sum(max(0, min(a[1], end) - max(a[0], start)) for start, end in spans)


@dataclass(slots=True)
class AttributionCounts:
    """Counts behind the PolNeAR scores, summed over documents."""

    predicted: int = 0
    predicted_matched: int = 0
    gold: int = 0
    gold_matched: int = 0
    predicted_chars: int = 0
    predicted_chars_in_gold: int = 0
    gold_chars: int = 0
    gold_chars_covered: int = 0
    with_speaker: int = 0
    speaker_correct: int = 0
    gold_with_source: int = 0
    documents: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, text: str, gold: Sequence[GoldAttribution], predicted: Sequence[Quote]) -> None:
        self.documents += 1
        self.predicted += len(predicted)
        self.gold += len(gold)
        self.gold_with_source += sum(1 for g in gold if g.source)
        covered: set[int] = set()
        for relation in gold:
            self.gold_chars += sum(end - start for start, end in relation.content)
            if any(_overlap((p.start, p.end), relation.content) for p in predicted):
                self.gold_matched += 1
        for quote in predicted:
            self.predicted_chars += quote.end - quote.start
            overlaps = [(_overlap((quote.start, quote.end), g.content), g) for g in gold]
            best_overlap, best = max(overlaps, key=lambda pair: pair[0], default=(0, None))
            self.predicted_chars_in_gold += sum(
                _overlap((quote.start, quote.end), g.content) for g in gold
            )
            for relation in gold:
                for start, end in relation.content:
                    covered.update(range(max(start, quote.start), min(end, quote.end)))
            if best_overlap > 0:
                self.predicted_matched += 1
            if quote.speaker_text is None:
                continue
            self.with_speaker += 1
            if best is not None and best_overlap > 0 and speaker_matches(text, quote, best):
                self.speaker_correct += 1
        self.gold_chars_covered += len(covered)

    def scores(self) -> dict[str, float]:
        def ratio(numerator: int, denominator: int) -> float:
            return numerator / denominator if denominator else 0.0

        def f1(precision: float, recall: float) -> float:
            return 2 * precision * recall / (precision + recall) if precision + recall else 0.0

        content_p = ratio(self.predicted_matched, self.predicted)
        content_r = ratio(self.gold_matched, self.gold)
        chars_p = ratio(self.predicted_chars_in_gold, self.predicted_chars)
        chars_r = ratio(self.gold_chars_covered, self.gold_chars)
        speaker_p = ratio(self.speaker_correct, self.with_speaker)
        speaker_r = ratio(self.speaker_correct, self.gold_with_source)
        return {
            "documents": float(self.documents),
            "gold_relations": float(self.gold),
            "predicted_quotes": float(self.predicted),
            "content_precision": content_p,
            "content_recall": content_r,
            "content_f1": f1(content_p, content_r),
            "content_char_precision": chars_p,
            "content_char_recall": chars_r,
            "content_char_f1": f1(chars_p, chars_r),
            "speaker_precision": speaker_p,
            "speaker_recall": speaker_r,
            "speaker_f1": f1(speaker_p, speaker_r),
        }


def speaker_phrases(text: str, quote: Quote) -> list[tuple[int, int]]:
    """Where the quote's speaker phrase may be: the occurrences of its words (``speaker_text``)
    within ``PHRASE_WINDOW`` characters of the quote."""
    words = quote.speaker_text
    if not words:
        return []
    low = max(0, quote.start - PHRASE_WINDOW - len(words))
    high = min(len(text), quote.end + PHRASE_WINDOW + len(words))
    pattern = rf"(?<!\w){re.escape(words)}(?!\w)"
    return [(low + m.start(), low + m.end()) for m in re.finditer(pattern, text[low:high])]


def speaker_matches(text: str, quote: Quote, gold: GoldAttribution) -> bool:
    """Whether the quote's speaker is the gold relation's Source (see the module docstring)."""
    if not gold.source:
        return False
    phrases = speaker_phrases(text, quote)
    if any(_overlap(phrase, gold.source) for phrase in phrases):
        return True
    source_text = " ".join(text[s:e] for s, e in gold.source).strip().lower()
    if source_text in RELATIVE_PRONOUNS:
        # "Barkley, who said ...": the gold Source is the relative pronoun, whose referent is
        # the noun phrase right before it
        for phrase in phrases:
            between = text[phrase[1] : gold.source[0][0]]
            if 0 <= len(between) <= 3 and not between.strip(" ,"):
                return True
    if quote.speaker_start is None or quote.speaker_end is None:
        return False
    mention = (quote.speaker_start, quote.speaker_end)
    if _overlap(mention, gold.source):
        return True
    mention_words = text[mention[0] : mention[1]].split()
    source_words = " ".join(text[s:e] for s, e in gold.source).split()
    return bool(mention_words and source_words) and (
        mention_words[-1].strip(".,’'s").lower() == source_words[-1].strip(".,’'s").lower()
    )


def predict(
    documents: Sequence[PolnearDocument], work_dir: Path | None = None
) -> list[list[Quote]]:
    """The quotes dateline stores for each document: every document goes in as an article,
    the corpus is annotated and linked, and the quotes are read back from the store."""
    from dateline.api import open_corpus

    with tempfile.TemporaryDirectory(dir=work_dir) as tmp:
        corpus = open_corpus(Path(tmp) / "polnear.db")
        store = corpus.store
        try:
            store.add_articles([_article(d) for d in documents])
            corpus.annotate()
            corpus.link()
            return [
                sorted(store.iter_quotes(article_id=d.name), key=lambda q: (q.start, q.end))
                for d in documents
            ]
        finally:
            store.close()


def _article(document: PolnearDocument) -> Article:
    title = document.text.split("\n", 1)[0].strip()
    return Article(id=document.name, title=title, text=document.text)


def evaluate(split: str = "dev", limit: int | None = None) -> dict[str, float]:
    """PolNeAR quote-attribution scores (fractions in 0..1) on ``split``, through the product."""
    documents = load_split(split, limit)
    counts = AttributionCounts()
    for document, predicted in zip(documents, predict(documents), strict=True):
        counts.add(document.text, document.attributions, predicted)
    return counts.scores()
