"""Who did what to whom on MEANTIME: dateline's event actors and targets against the gold
``HAS_PARTICIPANT`` links with PropBank roles ``Arg0`` (the doer) and ``Arg1`` (the one done to).

Every document of the chosen corpora is stored as an article (its text as
:mod:`dateline.evaluate.meantime` rebuilds it, no date), annotated and linked through
:class:`dateline.api.Corpus`, and the events are read back from the store; this module only
converts and scores. An event's actor spans are its ``Arg0`` pairs, its target spans its
``Arg1`` pairs. A predicted pair matches a gold one when the trigger overlaps the gold event
mention, the roles are the same, and the participant span overlaps the gold participant
mention or any gold entity mention of the same instance (a pronoun resolved to the name said
before it is right). Each gold pair is matched once.

Precision counts the predicted pairs whose trigger overlaps a gold event mention (MEANTIME
annotates events only in part of each document, so a pair on an unannotated event is neither
right nor wrong); recall counts all gold ``Arg0``/``Arg1`` pairs. The stock-market corpus is
the SemEval-2015 held-out set and is not scored by default.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from dateline.evaluate.datasets import dataset_root
from dateline.evaluate.meantime import TOKEN_ANNOTATION_DIR, MeantimeDocument, load_document
from dateline.records import Article, Event

ROLES = {"Arg0": "actor", "Arg1": "target"}
DEFAULT_ROOT = dataset_root() / "meantime-en"
DEFAULT_CORPORA = ("airbus", "apple", "gm")
Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class GoldPair:
    """One gold event-participant link: character spans, role and the participant's instance."""

    document: str
    event: Span
    role: str  # "actor" (Arg0) or "target" (Arg1)
    participant: Span
    instance: str | None


@dataclass(frozen=True, slots=True)
class ParticipantDocument:
    """A MEANTIME document's text, its gold event mentions and pairs, and its entity
    mentions' spans by instance."""

    document: MeantimeDocument
    events: tuple[Span, ...]
    pairs: tuple[GoldPair, ...]
    instances: dict[str, tuple[Span, ...]]


@dataclass(frozen=True, slots=True)
class PairScores:
    """Precision and recall of event-participant pairs, overall and per role."""

    predicted: int
    predicted_on_gold_events: int
    correct: int
    gold: int
    by_role: dict[str, tuple[int, int, int]]  # role -> (correct, predicted on gold events, gold)

    @property
    def precision(self) -> float:
        return (
            self.correct / self.predicted_on_gold_events if self.predicted_on_gold_events else 0.0
        )

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 0.0


def load_participants(path: Path) -> ParticipantDocument:
    """The gold event mentions and Arg0/Arg1 links of one MEANTIME file."""
    document = load_document(path)
    root = ElementTree.parse(path).getroot()
    position = {token.get("t_id", ""): i for i, token in enumerate(root.iter("token"))}

    def span(element: ElementTree.Element) -> Span | None:
        anchors = [position[a.get("t_id", "")] for a in element.findall("token_anchor")]
        if not anchors:
            return None
        return document.token_spans[min(anchors)][0], document.token_spans[max(anchors)][1]

    events = {e.get("m_id", ""): span(e) for e in root.iter("EVENT_MENTION")}
    entities = {e.get("m_id", ""): span(e) for e in root.iter("ENTITY_MENTION")}
    instance_of = {m.m_id: m.instance_id for m in document.mentions if m.instance_id is not None}
    instances: dict[str, list[Span]] = {}
    for m_id, instance in instance_of.items():
        found = entities.get(m_id)
        if found is not None:
            instances.setdefault(instance, []).append(found)
    pairs = []
    for relation in root.iter("HAS_PARTICIPANT"):
        role = ROLES.get(relation.get("sem_role", ""))
        source, target = relation.find("source"), relation.find("target")
        if role is None or source is None or target is None:
            continue
        event = events.get(source.get("m_id", ""))
        participant = entities.get(target.get("m_id", ""))
        if event is None or participant is None:
            continue
        pairs.append(
            GoldPair(
                document.doc_id, event, role, participant, instance_of.get(target.get("m_id", ""))
            )
        )
    return ParticipantDocument(
        document,
        tuple(span for span in events.values() if span is not None),
        tuple(pairs),
        {instance: tuple(spans) for instance, spans in instances.items()},
    )


def _overlaps(first: Span, second: Span) -> bool:
    return first[0] < second[1] and second[0] < first[1]


def score_pairs(documents: Sequence[ParticipantDocument], events: Sequence[Event]) -> PairScores:
    """Score the predicted events' actor and target spans against the gold pairs."""
    by_id = {document.document.doc_id: document for document in documents}
    taken: set[GoldPair] = set()
    predicted = on_gold = correct = 0
    by_role = {role: [0, 0, 0] for role in ROLES.values()}
    for document in documents:
        for pair in document.pairs:
            by_role[pair.role][2] += 1
    for event in events:
        found = by_id.get(event.article_id)
        if found is None:
            continue
        document = found
        trigger = (event.trigger_start, event.trigger_end)
        on_event = any(_overlaps(trigger, gold) for gold in document.events)
        for role, spans in (("actor", event.actor_spans), ("target", event.target_spans)):
            for participant in spans:
                predicted += 1
                if not on_event:
                    continue
                on_gold += 1
                by_role[role][1] += 1
                match = next(
                    (
                        pair
                        for pair in document.pairs
                        if pair not in taken
                        and pair.role == role
                        and _overlaps(trigger, pair.event)
                        and _same_participant(document, pair, participant)
                    ),
                    None,
                )
                if match is not None:
                    taken.add(match)
                    correct += 1
                    by_role[role][0] += 1
    return PairScores(
        predicted,
        on_gold,
        correct,
        sum(len(document.pairs) for document in documents),
        {role: (c, p, g) for role, (c, p, g) in by_role.items()},
    )


def _same_participant(document: ParticipantDocument, pair: GoldPair, participant: Span) -> bool:
    if _overlaps(participant, pair.participant):
        return True
    if pair.instance is None:
        return False
    return any(_overlaps(participant, span) for span in document.instances.get(pair.instance, ()))


def evaluate_participants(
    root: Path = DEFAULT_ROOT, corpora: Sequence[str] = DEFAULT_CORPORA, limit: int | None = None
) -> PairScores:
    """Run dateline over the MEANTIME corpora (``root``: the meantime-en folder) and score
    its events' actors and targets."""
    from dateline.api import open_corpus

    folder = root / TOKEN_ANNOTATION_DIR
    if not folder.is_dir():
        raise FileNotFoundError(f"no {TOKEN_ANNOTATION_DIR}/ under {root}: not a MEANTIME folder")
    paths = sorted(path for name in corpora for path in folder.glob(f"corpus_{name}/*.xml"))
    documents = [load_participants(path) for path in paths[:limit]]
    with tempfile.TemporaryDirectory() as tmp:
        corpus = open_corpus(Path(tmp) / "meantime.db")
        store = corpus.store
        try:
            store.add_articles(
                [Article(id=d.document.doc_id, text=d.document.text) for d in documents]
            )
            corpus.annotate()
            corpus.link()
            events = list(store.iter_events())
        finally:
            store.close()
    return score_pairs(documents, events)
