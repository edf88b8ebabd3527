"""Cross-document event coreference on ECB+: dateline's own events against the gold chains.

The setting is end to end with *predicted* mentions: every document of the chosen topics is
stored as an article (raw text only, topics mixed), run through dateline's annotation (event
extraction included) and link stage (entities, stories, threads, events across articles)
through :class:`dateline.api.Corpus`, and the event clusters are read back from the store
(:meth:`dateline.api.Corpus.event_clusters`): this module only converts and scores. The
articles carry no date (ECB+ gives none), so every article date is the product's own guess or
absent. A predicted event mention counts as a gold action
mention (``ACTION_*`` / ``NEG_ACTION_*``) when their character spans overlap; gold chains come
from the ``CROSS_DOC_COREF`` and ``INTRA_DOC_COREF`` relations, unrelated gold mentions are
singletons. As the README asks, only the sentences listed in
``ECBplus_coreference_sentences.csv`` are scored (gold and predicted mentions elsewhere are
dropped). MUC, B³ and CEAF-e come from :mod:`dateline.evaluate.meantime`; CoNLL F1 is their
mean.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from dateline.evaluate.ecbplus import DEFAULT_ROOT, DatasetError, EcbDocument, select_documents
from dateline.evaluate.meantime import Cluster, CorefScores, score_coreference
from dateline.records import Article, Event

ACTION_PREFIXES = ("ACTION_", "NEG_ACTION_")
MentionKey = tuple[str, str]  # (document name, gold m_id) or ("system", event id)


@dataclass(frozen=True, slots=True)
class GoldAction:
    """One gold action mention: its character span in the rebuilt text and its chain."""

    document: str
    m_id: str
    start: int
    end: int
    chain: str


@dataclass(frozen=True, slots=True)
class RebuiltDocument:
    """A document's text as dateline reads it (title, blank line, body) and its actions."""

    name: str
    title: str
    text: str
    actions: tuple[GoldAction, ...]


def selected_sentences(root: Path = DEFAULT_ROOT) -> set[tuple[str, int]]:
    """(document name, sentence number) pairs whose annotation is complete."""
    path = root / "ECBplus_coreference_sentences.csv"
    if not path.is_file():
        raise DatasetError(f"ECB+ sentence selection not found at {path}")
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            (f"{row['Topic']}_{row['File']}.xml", int(row["Sentence Number"]))
            for row in csv.DictReader(handle)
        }


def rebuild(document: EcbDocument, root: Path, selected: set[tuple[str, int]]) -> RebuiltDocument:
    """The document's text with each token's offsets, and its gold actions in scored sentences."""
    path = root / "ECB+" / document.topic / document.name
    try:
        tree = ElementTree.parse(path)
    except ElementTree.ParseError as exc:
        raise DatasetError(f"ECB+ document {path} is not well-formed XML: {exc}") from exc
    sentences: dict[int, list[tuple[str, str]]] = {}
    for token in tree.iter("token"):
        sentence = int(token.get("sentence", "0"))
        sentences.setdefault(sentence, []).append((token.get("t_id", ""), token.text or ""))
    if document.name.endswith("ecbplus.xml"):
        sentences.pop(0, None)  # the URL line, as in dateline.evaluate.ecbplus
    spans: dict[str, tuple[int, int, int]] = {}  # t_id -> (start, end, sentence)
    parts: list[str] = []
    offset = 0
    for number, (sentence, tokens) in enumerate(sorted(sentences.items())):
        if number:
            separator = "\n\n" if number == 1 else "\n"  # title, blank line, body
            parts.append(separator)
            offset += len(separator)
        for position, (t_id, text) in enumerate(tokens):
            if position:
                parts.append(" ")
                offset += 1
            spans[t_id] = (offset, offset + len(text), sentence)
            parts.append(text)
            offset += len(text)
    text = "".join(parts)
    title, _, _ = text.partition("\n\n")
    return RebuiltDocument(
        document.name, title, text, tuple(_actions(tree, document.name, spans, selected))
    )


def _actions(
    tree: ElementTree.ElementTree[ElementTree.Element],
    name: str,
    spans: dict[str, tuple[int, int, int]],
    selected: set[tuple[str, int]],
) -> list[GoldAction]:
    chain_of: dict[str, str] = {}
    relations = tree.find("Relations")
    for relation in relations if relations is not None else ():
        target = relation.find("target")
        if target is None:
            continue
        if relation.tag == "CROSS_DOC_COREF":
            chain = relation.get("note") or f"{name}:{target.get('m_id')}"
        else:
            chain = f"{name}:{target.get('m_id')}"
        for source in relation.findall("source"):
            chain_of[source.get("m_id", "")] = chain
    actions = []
    markables = tree.find("Markables")
    for markable in markables if markables is not None else ():
        anchors = [spans[a.get("t_id", "")] for a in markable.findall("token_anchor")]
        anchors = [anchor for anchor in anchors if anchor]
        if not markable.tag.startswith(ACTION_PREFIXES) or not anchors:
            continue
        if (name, anchors[0][2]) not in selected:
            continue
        m_id = markable.get("m_id", "")
        actions.append(
            GoldAction(
                document=name,
                m_id=m_id,
                start=min(anchor[0] for anchor in anchors),
                end=max(anchor[1] for anchor in anchors),
                chain=chain_of.get(m_id, f"{name}:singleton:{m_id}"),
            )
        )
    return actions


def gold_clusters(documents: Sequence[RebuiltDocument]) -> list[Cluster]:
    """The gold chains over (document, m_id) keys, singletons included."""
    chains: dict[str, set[Hashable]] = {}
    for document in documents:
        for action in document.actions:
            chains.setdefault(action.chain, set()).add((action.document, action.m_id))
    return [frozenset(members) for members in chains.values()]


def align(events: Sequence[Event], documents: Sequence[RebuiltDocument]) -> dict[str, MentionKey]:
    """Event id -> the gold action its trigger overlaps (first match), else a system key.

    Events outside the scored sentences are left out; each gold action takes one event.
    """
    by_name = {document.name: document for document in documents}
    taken: set[MentionKey] = set()
    keys: dict[str, MentionKey] = {}
    for event in sorted(events, key=lambda e: (e.article_id, e.trigger_start, e.trigger_end)):
        document = by_name.get(event.article_id)
        if document is None:
            continue
        overlapping = [
            action
            for action in document.actions
            if action.start < event.trigger_end and event.trigger_start < action.end
        ]
        free = [a for a in overlapping if (a.document, a.m_id) not in taken]
        if free:
            key: MentionKey = (free[0].document, free[0].m_id)
            taken.add(key)
            keys[event.id] = key
        elif not overlapping and _in_scored_sentence(event, document):
            keys[event.id] = ("system", event.id)
    return keys


def _in_scored_sentence(event: Event, document: RebuiltDocument) -> bool:
    # a sentence is scored when one of its gold actions is: approximate it by any gold action
    # inside the event's own sentence span
    return any(
        event.sentence_start <= action.start < max(event.sentence_end, event.sentence_start + 1)
        for action in document.actions
    )


@dataclass(frozen=True, slots=True)
class EventCorefReport:
    """Scores over all gold mentions, over the gold mentions dateline found, and counts."""

    end_to_end: CorefScores
    found_only: CorefScores  # key and response restricted to the matched gold mentions
    counts: dict[str, float]


def evaluate_events(
    topics: str = "dev", root: Path = DEFAULT_ROOT, work_dir: Path | None = None
) -> EventCorefReport:
    """Run dateline end to end on the topics' documents and score its event clusters.

    ``end_to_end`` scores against every gold action (a missed mention costs recall);
    ``found_only`` scores the clustering of the mentions dateline did find.
    """
    from dateline.api import open_corpus

    selected = selected_sentences(root)
    documents = [rebuild(d, root, selected) for d in select_documents(topics, root)]
    with tempfile.TemporaryDirectory(dir=work_dir) as tmp:
        corpus = open_corpus(Path(tmp) / "ecbplus.db")
        store = corpus.store
        try:
            store.add_articles([Article(id=d.name, title=d.title, text=d.text) for d in documents])
            corpus.annotate()
            corpus.link()
            clusters = corpus.event_clusters()
            events = list(store.iter_events())
        finally:
            store.close()
    keys = align(events, documents)
    response = [
        frozenset(keys[event_id] for event_id in cluster.event_ids if event_id in keys)
        for cluster in clusters
    ]
    key = gold_clusters(documents)
    matched = {k for k in keys.values() if k[0] != "system"}
    counts = {
        "gold_mentions": float(sum(len(cluster) for cluster in key)),
        "predicted_mentions": float(len(keys)),
        "matched_mentions": float(len(matched)),
        "documents": float(len(documents)),
    }
    return EventCorefReport(
        end_to_end=score_coreference(key, [cluster for cluster in response if cluster]),
        found_only=score_coreference(_within(key, matched), _within(response, matched)),
        counts=counts,
    )


def _within(clusters: Sequence[Cluster], mentions: set[MentionKey]) -> list[Cluster]:
    kept = (frozenset(m for m in cluster if m in mentions) for cluster in clusters)
    return [cluster for cluster in kept if cluster]
