"""SemEval-2015 Task 4 Track A: raw tokenised Wikinews in, one timeline per target entity out.

The documents go through dateline's real pipeline (annotate, then link) in a throw-away
SQLite corpus, and each CAT line (title, date line, sentence) is parsed on its own. For each
target entity:

* its mentions are the linked mentions of the entity :func:`find_entity` gives for the
  target name, and the name itself, a person's surname, the last two words of a longer name
  (``Apple Corps``) and its distinctive words (``A380``, ``Dreamliner``; not words the text
  uses for places, other organisations or in lower case); subject pronouns and "the
  company"-style descriptions whose nearest preceding fitting target (up to three sentences
  back; "the plane" only for a model) is this one; he/she/his/her for the nearest person
  named before, when that person is a target;
* its events are the words a mention (or the role noun it names: "automaker Toyota") is a
  core argument of (subject, object, possessor or compound modifier of a verb or event noun;
  a subject also takes the conjoined verbs and participles that share it), plus the triggers
  of dateline's own events (annotate/events.py) whose actor or target is the entity; all
  outside quotations, states ("believe", "own") left out, a phrasal verb written with its
  particle (``rolled_out``);
* an event's anchor is the date stated in its own clause (dateline's time tagger); else,
  when the grammar says it cannot be placed (modal or conditional, past perfect, present
  perfect after the lead, infinitive, intention verbs), none: those rows get order 0, which
  the scorer skips; else, for a past event, the last day the document stated before it if
  that day is in the week up to the document date (the news day: "on Friday ... he said";
  a later "today" read as the document date does not replace it); else the document date;
* rows: one per anchor, in anchor order, each starting and ending with its surest events.

Event words are written ``DOCID-SENTENCE-token`` through a map from character offsets back to
the CAT tokens. Scores use :mod:`dateline.evaluate.temporal_awareness`.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from dateline.annotate.event_scheme import NOUN_TRIGGERS
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
from dateline.records import Article, Entity, Event, Mention, TimeExpr

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

DATASET = "semeval2015-task4-timeline"
DEVELOPMENT = ("trial", "airbus", "gm")
TEST = ("airbus", "gm", "stock")
CORPORA = ("trial", "airbus", "gm", "stock")
UNKNOWN_ANCHOR = "XXXX-XX-XX"
DEFAULT_DATASETS = Path(__file__).resolve().parents[3].parent / "shared" / "datasets"

SUBJECT_DEPENDENCIES = frozenset({"nsubj", "nsubjpass"})
ARGUMENT_DEPENDENCIES = frozenset({"nsubj", "nsubjpass", "dobj", "poss", "compound"})
NAME_DEPENDENCIES = frozenset({"compound", "appos", "flat"})
EVENT_NOUN_ENDINGS = ("tion", "sion", "ment", "ure", "sal", "ance", "ence", "ing")
# News event nouns the endings miss ("the A380's maiden flight", "GM's bankruptcy").
EVENT_NOUNS = frozenset(NOUN_TRIGGERS) | frozenset(
    {"flight", "sale", "delivery", "bankruptcy", "deal", "loss", "purchase", "launch", "tour",
     "award", "bid", "takeover", "profit", "suit", "lawsuit", "dispute", "cut", "layoff",
     "merger", "order", "contract", "crash", "accident", "recall", "strike", "debut", "loan",
     "bailout", "rise", "fall", "drop", "gain", "decline", "growth", "record", "move", "offer",
     "event", "test", "trial", "ceremony", "celebration", "service", "shutdown", "closure",
     "restructuring", "deficit", "revenue", "earnings", "result", "delay", "problem", "sell-off",
     "rally", "slump", "crisis", "plunge", "jump", "surge", "buyout", "stake", "investment"}
)  # fmt: skip
CLAUSE_DEPENDENCIES = frozenset({"ccomp", "xcomp", "advcl", "relcl", "acl", "conj", "parataxis"})
MODALS = frozenset({"will", "would", "could", "may", "might", "should", "can", "must", "shall"})
INTENTIONS = frozenset(
    {"intend", "want", "plan", "hope", "expect", "aim", "seek", "remain", "seem"}
)
# States, not events: "Airbus has 300 orders", "he believes", "Chicago-based Boeing".
STATES = frozenset({"believe", "think", "base", "feature", "know", "own", "plan"})
PERSON_PRONOUNS = frozenset({"he", "she"})
THING_PRONOUNS = frozenset({"it", "they"})
POSSESSIVES = {"his": "he", "her": "she"}
DESCRIPTIONS = frozenset(
    {"company", "firm", "carrier", "airline", "automaker", "manufacturer", "plane", "aircraft",
     "jet", "airliner", "planemaker", "maker", "group", "index", "bank", "union"}
)  # fmt: skip
PRODUCT_DESCRIPTIONS = frozenset({"plane", "aircraft", "jet", "airliner"})
ROLE_NOUNS = DESCRIPTIONS | frozenset(
    {"president", "chairman", "spokesman", "spokeswoman", "executive", "ceo", "chief", "head",
     "director", "officer", "secretary", "senator", "minister", "parent", "rival", "competitor",
     "subsidiary", "unit", "division", "partner", "customer", "supplier", "giant", "leader"}
)  # fmt: skip
PLACE_LABELS = frozenset({"GPE", "NORP", "LOC"})
OTHER_NAME_LABELS = PLACE_LABELS | {"ORG"}
PRESENT_TENSE = frozenset({"VBZ", "VBP"})
LEAD_SENTENCES = 2  # the title (0), the date line (1) and the lead sentence (2)
DAY_TYPES = frozenset({"DATE", "TIME"})
RECENT_DAYS = 7  # how far before the document date a stated day still is "the news day"
REFERENCE_REACH = 3  # sentences back a pronoun may look for its target
LINE_START = re.compile(r"(?<=\n)(?=[^\n])")
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

    def event_mention(self, token: Token) -> str:
        """``DOCID-SENTENCE-word`` for an event word; a phrasal verb's particle joins it with
        ``_`` as in the gold timelines (``rolls_out``)."""
        first = self.text.token_at(token.idx)
        words = [first.text]
        particle = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
        if particle is not None and particle.dep_ == "prt" and particle.head == token:
            second = self.text.token_at(particle.idx)
            if second.sentence == first.sentence:
                words.append(second.text)
        return f"{self.text.document.doc_id}-{first.sentence}-{'_'.join(words)}"


# -- entity mentions ----------------------------------------------------------------------------
def name_keys(
    target: str,
    targets: Sequence[str],
    elsewhere: Collection[str] = frozenset(),
    person: bool = False,
) -> list[str]:
    """Strings that name ``target`` in text: the name; a person's surname; for a name of three
    words or more its last two (``Apple Corps``); its words with digits (``A380``); and
    capitalised words no other target's name contains (``Dreamliner``, ``Grumman``) unless the
    text uses them for something else (``elsewhere``: places, other organisations, common
    words: *China*, *Apple*, *force*)."""
    words = target.split()
    if len(words) == 1:
        return [target]
    if person:
        return [target, words[-1]]
    others = {word for other in targets if other != target for word in other.split()}
    tail = [" ".join(words[-2:])] if len(words) >= 3 else []
    distinctive = [
        word
        for word in words
        if len(word) >= 3
        and (
            any(ch.isdigit() for ch in word)
            or (
                word[0].isupper()
                and word not in others
                and word not in elsewhere
                and word.lower() not in elsewhere
            )
        )
    ]
    return [target, *tail, *distinctive]


def other_names(parsed: Sequence[ParsedDocument]) -> set[str]:
    """Words that do not name a target alone: one-word names the parser mostly tags as places,
    nationalities or organisations (``China``, ``Apple``), and words written in lower case
    (``force``, ``workers``)."""
    labels: dict[str, list[str]] = {}
    common: set[str] = set()
    for document in parsed:
        common.update(token.text for token in document.doc if token.is_lower)
        for ent in document.doc.ents:
            if len(ent) == 1:
                labels.setdefault(ent.text, []).append(ent.label_)
            elif ent.label_ in PLACE_LABELS:
                common.update(token.text for token in ent)  # "United States", "New York"
    return common | {
        name
        for name, found in labels.items()
        if 2 * sum(label in OTHER_NAME_LABELS for label in found) > len(found)
    }


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
        flags = re.IGNORECASE if " " in key else 0  # "iTunes store" is the iTunes Store
        for match in re.finditer(pattern, document.text.text, flags):
            found.add(match.span())
    if entity_id is not None:
        found.update((m.start, m.end) for m in document.mentions if m.entity_id == entity_id)
    return sorted(found)


def add_references(
    document: ParsedDocument, spans: dict[str, list[tuple[int, int]]], persons: set[str]
) -> None:
    """Give a subject pronoun, or "the company"-style description, to the nearest target named
    in the same or the previous ``REFERENCE_REACH`` sentences; he/she go to the nearest person
    named before them, however far back, when that person is a target."""
    named = sorted((start, target) for target, found in spans.items() for start, _ in found)
    named_starts = {start for start, _ in named}
    others = sorted(
        ent.start_char
        for ent in document.doc.ents
        if ent.label_ == "PERSON"
        and not any(
            start <= ent.start_char < end for found in spans.values() for start, end in found
        )
    )
    people = sorted(
        [(start, target) for start, target in named if target in persons]
        + [(start, None) for start in others if start not in named_starts]
    )
    for token in document.doc:
        word = token.lower_
        if token.dep_ == "poss" and word in POSSESSIVES:
            word = POSSESSIVES[word]  # "its maiden flight", "his resignation"
        elif token.dep_ != "nsubj":
            continue
        reference = (token.idx, token.idx + len(token.text))
        if word in PERSON_PRONOUNS:
            before = [target for start, target in people if start < token.idx]
            if before and before[-1] is not None:
                spans[before[-1]].append(reference)
            continue
        described = word in DESCRIPTIONS and any(child.lower_ == "the" for child in token.children)
        if not (word in THING_PRONOUNS or described):
            continue
        sentence = document.text.sentence_of(token.idx)
        for start, target in reversed(named):
            if start >= token.idx:
                continue
            if sentence - document.text.sentence_of(start) > REFERENCE_REACH:
                break
            if target not in persons and fits(word, target):
                spans[target].append(reference)
                break


def fits(word: str, target: str) -> bool:
    """Whether a pronoun or description can stand for the target: "the plane" for a model
    (a name with a number: Airbus A380), "the company" for anything else."""
    if word in THING_PRONOUNS:
        return True
    return (word in PRODUCT_DESCRIPTIONS) == any(ch.isdigit() for ch in target)


# -- events ---------------------------------------------------------------------------------------
def is_event_word(token: Token) -> bool:
    lemma = token.lemma_.lower()
    if lemma in STATES:
        return False
    if token.pos_ == "VERB":
        return True
    return token.pos_ == "NOUN" and (lemma in EVENT_NOUNS or lemma.endswith(EVENT_NOUN_ENDINGS))


def argument_root(token: Token) -> Token:
    """The word standing for a mention in its clause: "Japanese automaker Toyota reported" and
    "said the vice president ... Jim Press" climb from the name to the noun it names."""
    while (
        token.dep_ in NAME_DEPENDENCIES
        and token.head.pos_ == "NOUN"
        and token.head.lemma_.lower() in ROLE_NOUNS
    ):
        token = token.head
    return token


def governing_events(doc: Doc, spans: Sequence[tuple[int, int]]) -> list[Token]:
    """The event words a mention is a core argument of: its syntactic head, and for a subject
    the verbs that share it (conjoined verbs and participles: "..., saying") when they have no
    subject of their own."""
    found: dict[int, Token] = {}
    for start, end in spans:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            continue
        root = argument_root(span.root)
        head = root.head
        if root.dep_ not in ARGUMENT_DEPENDENCIES or head == root or not is_event_word(head):
            continue
        found[head.i] = head
        if head.pos_ == "VERB" and root.dep_ in SUBJECT_DEPENDENCIES:
            participles = [
                child for child in head.children if child.dep_ == "advcl" and child.tag_ == "VBG"
            ]
            for verb in [*head.conjuncts, *participles]:
                if verb.pos_ == "VERB" and not any(
                    child.dep_ in SUBJECT_DEPENDENCIES for child in verb.children
                ):
                    found[verb.i] = verb
    return [found[i] for i in sorted(found)]


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans between paired straight double quotes."""
    marks = [match.start() for match in re.finditer('"', text)]
    return list(zip(marks[::2], marks[1::2], strict=False))


def undated(token: Token, in_lead: bool = False) -> bool:
    """Whether the grammar says the event cannot be placed on a date: modal or conditional,
    past perfect, present perfect after the lead ("Airbus has warned ..." in the body gives
    background, while the lead's "Boeing has unveiled" is the news), an infinitive or an
    intention."""
    auxiliaries = [child for child in token.children if child.dep_ in ("aux", "auxpass")]
    if any(aux.lower_ in MODALS for aux in auxiliaries):
        return True
    perfect = ("had",) if in_lead else ("had", "has", "have")
    if token.tag_ == "VBN" and any(aux.lower_ in perfect for aux in auxiliaries):
        return True
    if token.lemma_ in INTENTIONS or token.tag_ == "VB":
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
    document date: the day the news is about ("on Friday"), which later sentences keep. A
    "today" read as the document date does not replace an earlier day the text named ("June
    1st ... earlier today": the article was written days after the news)."""
    published = document.article.published
    if not published:
        return None
    day = dt.date.fromisoformat(published[:10])
    best: str | None = None
    for time in document.times:
        if time.type not in DAY_TYPES or time.start >= token.idx or not is_day(time.value):
            continue
        try:
            stated = dt.date.fromisoformat(time.value[:10])
        except ValueError:
            continue
        if stated == day and time.basis != "stated" and best is not None:
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
            sentence = document.text.sentence_of(token.idx)
            in_title = sentence == 0
            in_lead = sentence <= LEAD_SENTENCES
            when = UNKNOWN_ANCHOR if not in_title and undated(token, in_lead) else None
            if when is None and not in_title and token.tag_ not in PRESENT_TENSE:
                when = recent_date(document, token)  # "Yesterday ... unveiled", not "it has"
            when = when or published
        found.append(
            TimelineEvent(document.event_mention(token), anchor_of(when), published, token.idx)
        )
    return found


def parse_lines(nlp: Language, text: str) -> Doc:
    """Parse each line on its own and join the parses: a CAT sentence (the title, the date
    line) never runs into the next, and character offsets stay those of ``text``."""
    from spacy.tokens import Doc

    pieces = [piece for piece in LINE_START.split(text) if piece]
    if not pieces:
        return nlp.make_doc(text)
    return Doc.from_docs(list(nlp.pipe(pieces)), ensure_whitespace=False)


# -- the run -------------------------------------------------------------------------------------
def build_timelines(
    documents: Sequence[CatDocument], targets: Sequence[str]
) -> dict[str, Timeline]:
    """Run dateline over the documents; one timeline per target, keyed by its file name."""
    from dateline.annotate.nlp import load_pipeline
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
        nlp = load_pipeline(corpus.model, parse=True)
        docs = [parse_lines(nlp, article.text) for article in articles]
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
    return select_timelines(parsed, entities, targets)


def tagged_person(parsed: Sequence[ParsedDocument], name: str) -> bool:
    """Whether a name of words alone is a person's: the parser's multi-word named entities
    ending with its last word ("Fritz Henderson" for Frederick Henderson) are mostly persons."""
    if not all(word.isalpha() and word[0].isupper() for word in name.split()):
        return False
    surname = name.split()[-1]
    labels = [
        ent.label_
        for document in parsed
        for ent in document.doc.ents
        if len(ent) > 1 and ent[-1].text == surname
    ]
    return bool(labels) and 2 * labels.count("PERSON") > len(labels)


def select_timelines(
    parsed: Sequence[ParsedDocument], entities: dict[str, Entity | None], targets: Sequence[str]
) -> dict[str, Timeline]:
    """One timeline per target from the annotated documents and the targets' linked entities."""
    persons = {
        target
        for target, entity in entities.items()
        if (entity.label == "PERSON" if entity is not None else tagged_person(parsed, target))
    }
    elsewhere = other_names(parsed)
    keys = {target: name_keys(target, targets, elsewhere, target in persons) for target in targets}
    events: dict[str, list[TimelineEvent]] = {target: [] for target in targets}
    for document in parsed:
        spans = {
            target: entity_spans(document, entity.id if entity else None, keys[target])
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
