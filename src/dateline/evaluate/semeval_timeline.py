"""SemEval-2015 Task 4 Track A: raw tokenised Wikinews in, one timeline per target entity out.

The documents go through dateline's real pipeline (annotate, then link) in a throw-away
SQLite corpus. For each target entity:

* its mentions are the linked mentions of the entity :func:`find_entity` gives for the
  target name, the target name itself and its distinctive words (``A380``, ``Dreamliner``),
  and subject pronouns or "the company"-style descriptions whose nearest preceding target
  (same sentence or up to three back) is this one;
* its events are the words a mention is a core argument of (subject, object, possessor or
  compound modifier of a verb or event noun; a subject also takes the verbs conjoined with
  its verb), plus the triggers of dateline's own events (annotate/events.py) that the link
  stage gave this entity as actor or target; all outside quotations;
* an event's anchor is the date stated in its own clause (dateline's time tagger); else,
  when the grammar says it cannot be placed (modal or conditional, past perfect, infinitive,
  intention verbs, event nouns), none: those rows get order 0, which the scorer skips; else
  the last day the document stated before it if that day is in the week up to the document
  date (the news day: "on Friday ... he said"), else the document date;
* rows are ordered by anchor, one order number per distinct anchor.

Event words are written ``DOCID-SENTENCE-token`` through a map from character offsets back to
the CAT tokens. Scores use :mod:`dateline.evaluate.temporal_awareness`.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc, Token

from dateline.evaluate.cat import CatDocument, DetokenisedText, detokenise, iter_cat
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
from dateline.records import Article, Event, Mention, TimeExpr

DATASET = "semeval2015-task4-timeline"
DEVELOPMENT = ("trial", "airbus", "gm")
TEST = ("airbus", "gm", "stock")
CORPORA = ("trial", "airbus", "gm", "stock")
UNKNOWN_ANCHOR = "XXXX-XX-XX"
DEFAULT_DATASETS = Path(__file__).resolve().parents[3].parent / "shared" / "datasets"

SUBJECT_DEPENDENCIES = frozenset({"nsubj", "nsubjpass"})
ARGUMENT_DEPENDENCIES = frozenset({"nsubj", "nsubjpass", "dobj", "poss", "compound"})
EVENT_NOUN_ENDINGS = ("tion", "sion", "ment", "ure", "sal", "ance", "ence", "ing")
CLAUSE_DEPENDENCIES = frozenset({"ccomp", "xcomp", "advcl", "relcl", "acl", "conj", "parataxis"})
MODALS = frozenset({"will", "would", "could", "may", "might", "should", "can", "must", "shall"})
INTENTIONS = frozenset(
    {"intend", "want", "plan", "hope", "expect", "aim", "seek", "remain", "seem"}
)
PERSON_PRONOUNS = frozenset({"he", "she"})
THING_PRONOUNS = frozenset({"it", "they"})
DESCRIPTIONS = frozenset(
    {"company", "firm", "carrier", "airline", "automaker", "manufacturer", "plane", "aircraft",
     "jet", "airliner", "planemaker", "maker", "group", "index", "bank", "union"}
)  # fmt: skip
RECENT_DAYS = 7  # how far before the document date a stated day still is "the news day"
REFERENCE_REACH = 3  # sentences back a pronoun may look for its target
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


def article_of(text: DetokenisedText) -> Article:
    """A dateline article for a SemEval document, dated by its creation time."""
    document = text.document
    return Article(
        id=f"semeval-{document.doc_id}",
        text=text.text,
        title=text.title,
        url=document.url or None,
        path=document.name or None,
        source="wikinews",
        published=document.dct,
        published_basis="metadata" if document.dct else None,
        published_confidence=1.0 if document.dct else None,
        language="en",
    )


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
    """Rows ordered by anchor, one order number per anchor; unknown anchors get order 0."""
    unique: dict[str, TimelineEvent] = {}
    for event in events:
        unique.setdefault(event.mention, event)
    placed = sorted(
        unique.values(),
        key=lambda e: (anchor_sort_key(e.anchor), e.published, e.mention.split("-")[0], e.position),
    )
    rows: list[TimelineRow] = []
    order = 0
    previous_anchor: str | None = None
    for event in placed:
        if event.anchor == UNKNOWN_ANCHOR:
            rows.append(TimelineRow(0, event.anchor, (event.mention,)))
            continue
        if event.anchor != previous_anchor:
            order += 1
            previous_anchor = event.anchor
        rows.append(TimelineRow(order, event.anchor, (event.mention,)))
    rows.sort(key=lambda row: row.order)
    return Timeline(entity, tuple(rows))


# -- what the pipeline found, per document --------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ParsedDocument:
    """A document's text, its parse, and dateline's mentions, times and events in it."""

    text: DetokenisedText
    article: Article
    doc: Doc
    mentions: tuple[Mention, ...]
    times: tuple[TimeExpr, ...]
    events: tuple[Event, ...]

    def event_mention(self, offset: int) -> str:
        token = self.text.token_at(offset)
        return f"{self.text.document.doc_id}-{token.sentence}-{token.text}"


# -- entity mentions ----------------------------------------------------------------------------
def name_keys(target: str, targets: Sequence[str]) -> list[str]:
    """Strings that name ``target`` in text: the name, and its words with digits (``A380``)
    or capitalised words no other target's name contains (``Dreamliner``, ``Grumman``)."""
    others = {word for other in targets if other != target for word in other.split()}
    words = target.split()
    if len(words) == 1:
        return [target]
    distinctive = [
        word
        for word in words
        if len(word) >= 3
        and (any(ch.isdigit() for ch in word) or (word[0].isupper() and word not in others))
    ]
    return [target, *distinctive]


def entity_spans(
    document: ParsedDocument, entity_id: str | None, keys: Sequence[str]
) -> list[tuple[int, int]]:
    """Character spans where the entity is mentioned, by a linked mention or by name."""
    found: set[tuple[int, int]] = set()
    for key in keys:
        # a bare model number ("787") is a name, not an amount ("$787", "787 jobs", "787%")
        pattern = (
            rf"(?<![\w$-]){re.escape(key)}(?![\w%-]| [a-z])"
            if key.isdigit()
            else (rf"(?<![\w-]){re.escape(key)}(?![\w-])")
        )
        for match in re.finditer(pattern, document.text.text):
            found.add(match.span())
    if entity_id is not None:
        found.update((m.start, m.end) for m in document.mentions if m.entity_id == entity_id)
    return sorted(found)


def add_references(
    document: ParsedDocument, spans: dict[str, list[tuple[int, int]]], persons: set[str]
) -> None:
    """Give a subject pronoun, or "the company"-style description, to the nearest target named
    in the same or the previous ``REFERENCE_REACH`` sentences (he/she only to persons)."""
    named = sorted((start, target) for target, found in spans.items() for start, _ in found)
    for token in document.doc:
        if token.dep_ not in ("nsubj", "nsubjpass"):
            continue
        word = token.lower_
        person = word in PERSON_PRONOUNS
        described = word in DESCRIPTIONS and any(child.lower_ == "the" for child in token.children)
        if not (person or word in THING_PRONOUNS or described):
            continue
        sentence = document.text.sentence_of(token.idx)
        for start, target in reversed(named):
            if start >= token.idx:
                continue
            if sentence - document.text.sentence_of(start) > REFERENCE_REACH:
                break
            if (target in persons) == person:
                spans[target].append((token.idx, token.idx + len(token.text)))
                break


# -- events ---------------------------------------------------------------------------------------
def is_event_word(token: Token) -> bool:
    if token.pos_ == "VERB":
        return True
    return token.pos_ == "NOUN" and token.lemma_.lower().endswith(EVENT_NOUN_ENDINGS)


def governing_events(doc: Doc, spans: Sequence[tuple[int, int]]) -> list[Token]:
    """The event words a mention is a core argument of: its syntactic head, and for a subject
    the verbs conjoined with its verb that have no subject of their own."""
    found: dict[int, Token] = {}
    for start, end in spans:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or span.root.dep_ not in ARGUMENT_DEPENDENCIES:
            continue
        head = span.root.head
        if head == span.root or not is_event_word(head):
            continue
        found[head.i] = head
        if head.pos_ == "VERB" and span.root.dep_ in SUBJECT_DEPENDENCIES:
            # "Airbus unveiled the A380 and launched ...": the conjoined verb shares the subject
            for verb in head.conjuncts:
                if verb.pos_ == "VERB" and not any(
                    child.dep_ in SUBJECT_DEPENDENCIES for child in verb.children
                ):
                    found[verb.i] = verb
    return [found[i] for i in sorted(found)]


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans between paired straight double quotes."""
    marks = [match.start() for match in re.finditer('"', text)]
    return list(zip(marks[::2], marks[1::2], strict=False))


def undated(token: Token) -> bool:
    """Whether the grammar says the event cannot be placed on the document's date: modal or
    conditional, past perfect, an infinitive, an intention, or an event noun."""
    auxiliaries = [child for child in token.children if child.dep_ in ("aux", "auxpass")]
    if any(aux.lower_ in MODALS for aux in auxiliaries):
        return True
    if token.tag_ == "VBN" and any(aux.lower_ == "had" for aux in auxiliaries):
        return True
    if token.lemma_ in INTENTIONS or token.pos_ == "NOUN" or token.tag_ == "VB":
        return True  # "GM plans to cut": the cut has not happened
    return any(
        child.dep_ == "mark" and child.lower_ in ("if", "unless") for child in token.children
    )


def clause_time(times: Sequence[TimeExpr], token: Token) -> str | None:
    """The value of the date stated in the event word's own clause (not a clause under it)."""
    sentence = token.sent
    dates = [
        t
        for t in times
        if t.type == "DATE" and sentence.start_char <= t.start and t.end <= sentence.end_char
    ]
    if not dates:
        return None
    own: list[Token] = []
    stack = [token]
    while stack:
        node = stack.pop()
        own.append(node)
        stack.extend(child for child in node.children if child.dep_ not in CLAUSE_DEPENDENCIES)
    in_clause = [time for time in dates if any(time.start <= t.idx < time.end for t in own)]
    if not in_clause:
        return None
    return min(in_clause, key=lambda time: abs(time.start - token.idx)).value


def is_day(value: str) -> bool:
    return "XX" not in anchor_of(value)


def recent_date(document: ParsedDocument, token: Token) -> str | None:
    """The last day stated before the event in the document, if within the week before the
    document date: the day the news is about ("on Friday"), which later sentences keep."""
    published = document.article.published
    if not published:
        return None
    day = dt.date.fromisoformat(published[:10])
    best: str | None = None
    for time in document.times:
        if time.type != "DATE" or time.start >= token.idx or not is_day(time.value):
            continue
        try:
            stated = dt.date.fromisoformat(time.value[:10])
        except ValueError:
            continue
        if dt.timedelta(0) <= day - stated <= dt.timedelta(days=RECENT_DAYS):
            best = time.value
    return best


def participant_events(document: ParsedDocument, entity_id: str, seen: set[int]) -> list[Token]:
    """Trigger words of dateline's own events that name the entity as actor or target."""
    found: list[Token] = []
    for event in document.events:
        if entity_id not in (*event.actor_ids, *event.target_ids):
            continue
        span = document.doc.char_span(
            event.trigger_start, event.trigger_end, alignment_mode="expand"
        )
        if span is not None and span.root.i not in seen:
            found.append(span.root)
            seen.add(span.root.i)
    return found


def entity_events(
    document: ParsedDocument, spans: Sequence[tuple[int, int]], entity_id: str | None = None
) -> list[TimelineEvent]:
    """The anchored events of one document that the entity (at ``spans``, and as a participant
    of dateline's events when ``entity_id`` is given) takes part in."""
    published = document.article.published or ""
    stated = {e.trigger_start: e.when for e in document.events if e.when_basis != "article"}
    quoted = quoted_spans(document.text.text)
    found: list[TimelineEvent] = []
    words = governing_events(document.doc, spans)
    if entity_id is not None:
        words += participant_events(document, entity_id, {token.i for token in words})
    for token in words:
        if any(start < token.idx < end for start, end in quoted):
            continue
        when = stated.get(token.idx) or clause_time(document.times, token)
        if when is None:
            in_title = document.text.sentence_of(token.idx) == 0
            when = UNKNOWN_ANCHOR if not in_title and undated(token) else None
            if when is None and not in_title:
                when = recent_date(document, token)
            when = when or published
        found.append(
            TimelineEvent(document.event_mention(token.idx), anchor_of(when), published, token.idx)
        )
    return found


# -- the run -------------------------------------------------------------------------------------
def build_timelines(
    documents: Sequence[CatDocument], targets: Sequence[str]
) -> dict[str, Timeline]:
    """Run dateline over the documents; one timeline per target, keyed by its file name."""
    from dateline.annotate.nlp import load_pipeline, parse_texts
    from dateline.api import open_corpus
    from dateline.query.dossier import find_entity

    texts = [detokenise(document) for document in documents]
    articles = [article_of(text) for text in texts]
    with (
        tempfile.TemporaryDirectory(prefix="dateline-semeval-") as workdir,
        open_corpus(Path(workdir) / "semeval.db") as corpus,
    ):
        corpus.store.add_articles(articles)
        corpus.annotate()
        corpus.link()
        store = corpus.store
        docs = parse_texts((a.text for a in articles), load_pipeline(corpus.model, parse=True))
        parsed = [
            ParsedDocument(
                text,
                article,
                doc,
                tuple(store.iter_mentions(article.id)),
                tuple(store.iter_times(article.id)),
                tuple(store.iter_events(article_id=article.id)),
            )
            for text, article, doc in zip(texts, articles, docs, strict=True)
        ]
        entities = {target: find_entity(store, target) for target in targets}
    persons = {
        target
        for target, entity in entities.items()
        if entity is not None and entity.label == "PERSON"
    }
    events: dict[str, list[TimelineEvent]] = {target: [] for target in targets}
    for document in parsed:
        spans = {
            target: entity_spans(
                document, entity.id if entity else None, name_keys(target, targets)
            )
            for target, entity in entities.items()
        }
        add_references(document, spans, persons)
        for target in targets:
            entity = entities[target]
            entity_id = entity.id if entity is not None else None
            events[target] += entity_events(document, spans[target], entity_id)
    return {timeline_file_name(target): order_rows(target, events[target]) for target in targets}


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
