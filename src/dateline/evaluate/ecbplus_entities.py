"""Cross-document coreference of ECB+ participants (people, organisations, things) by name.

Every document of the chosen topics (train and dev by default; the test topics 36-45 are held
out) is stored as an article, annotated and linked by the product (:class:`dateline.api.Corpus`),
and the linked mentions are read back from the store. The key holds the gold participant
mentions (``HUMAN_PART_*`` and ``NON_HUMAN_PART*``) that are names (every word capitalised,
no pronoun: dateline links names only) in the sentences ECB+ marks as fully annotated; chains
come from ``CROSS_DOC_COREF`` (its instance note) and ``INTRA_DOC_COREF``, the rest are
singletons. Documents are rebuilt as dateline reads them: title, blank line, one sentence a
line (the ecbplus URL line dropped).

Alignment and metrics are MEANTIME's (:mod:`dateline.evaluate.meantime`): system and gold
mentions pair by head, one to one, and the key-aligned setting scores the system mentions
aligned to key mentions (ECB+ leaves most names unannotated outside the scored sentences, so
a strict setting would mostly count its gaps). The pairwise precision of cross-document links
is the share of links dateline makes between mentions of two articles that the key also makes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from dateline.api import DEFAULT_MODEL
from dateline.evaluate.ecbplus import DEFAULT_ROOT, DatasetError, load_documents
from dateline.evaluate.ecbplus_events import selected_sentences
from dateline.evaluate.meantime import (
    CorefScores,
    GoldMention,
    MeantimeDocument,
    key_and_response,
    linked_mentions,
    looks_named,
    score_coreference,
)
from dateline.records import Article

PARTICIPANT_PREFIXES = ("HUMAN_PART", "NON_HUMAN_PART")
DEFAULT_SPLITS = ("train", "dev")


@dataclass(frozen=True, slots=True)
class ParticipantReport:
    """Key-aligned scores of dateline and of the exact-string baseline, with sizes."""

    documents: int
    key_mentions: int
    key_entities: int
    aligned_mentions: int
    dateline: CorefScores
    baseline: CorefScores


def read_document(path: Path, selected: set[tuple[str, int]]) -> tuple[str, MeantimeDocument]:
    """(title, document) with the participant names of the scored sentences as gold mentions."""
    try:
        tree = ElementTree.parse(path)
    except ElementTree.ParseError as exc:
        raise DatasetError(f"ECB+ document {path} is not well-formed XML: {exc}") from exc
    name = path.name
    rows = [
        (token.get("t_id", ""), int(token.get("sentence", "0")), token.text or "")
        for token in tree.iter("token")
    ]
    if name.endswith("ecbplus.xml"):
        rows = [row for row in rows if row[1] != 0]  # the URL line
    pieces: list[str] = []
    spans: list[tuple[int, int]] = []
    position: dict[str, int] = {}
    sentence_of: list[int] = []
    offset, previous, lines = 0, None, 0
    for t_id, sentence, text in rows:
        if previous is not None:
            separator = " "
            if sentence != previous:
                lines += 1
                separator = "\n\n" if lines == 1 else "\n"  # title, blank line, body
            pieces.append(separator)
            offset += len(separator)
        position[t_id] = len(spans)
        spans.append((offset, offset + len(text)))
        sentence_of.append(sentence)
        pieces.append(text)
        offset += len(text)
        previous = sentence
    text = "".join(pieces)
    mentions = participant_mentions(tree, name, position, sentence_of, rows, selected)
    title = text.partition("\n\n")[0]
    return title, MeantimeDocument(name, path.parent.name, text, tuple(spans), tuple(mentions))


def participant_mentions(
    tree: ElementTree.ElementTree[ElementTree.Element],
    name: str,
    position: dict[str, int],
    sentence_of: Sequence[int],
    rows: Sequence[tuple[str, int, str]],
    selected: set[tuple[str, int]],
) -> list[GoldMention]:
    chain_of: dict[str, str] = {}
    relations = tree.find("Relations")
    for relation in relations if relations is not None else ():
        target = relation.find("target")
        if target is None or relation.tag not in ("CROSS_DOC_COREF", "INTRA_DOC_COREF"):
            continue
        chain = relation.get("note") if relation.tag == "CROSS_DOC_COREF" else None
        chain = chain or f"{name}:{target.get('m_id')}"
        for source in relation.findall("source"):
            chain_of[source.get("m_id", "")] = chain
    mentions = []
    markables = tree.find("Markables")
    for markable in markables if markables is not None else ():
        if not markable.tag.startswith(PARTICIPANT_PREFIXES):
            continue
        tokens = sorted(
            position[anchor.get("t_id", "")]
            for anchor in markable.findall("token_anchor")
            if anchor.get("t_id", "") in position
        )
        if not tokens or (name, sentence_of[tokens[0]]) not in selected:
            continue
        first, end = tokens[0], tokens[-1] + 1
        m_id = markable.get("m_id", "")
        words = [rows[i][2] for i in range(first, end)]
        chain = chain_of.get(m_id, f"{name}:singleton:{m_id}")
        mentions.append(GoldMention(name, m_id, first, end, chain, looks_named(words)))
    return mentions


def load_participants(
    splits: Sequence[str] = DEFAULT_SPLITS, root: Path = DEFAULT_ROOT, limit: int | None = None
) -> tuple[list[Article], list[MeantimeDocument]]:
    """The articles to run and their gold participant mentions."""
    if "test" in splits:
        raise ValueError("the ECB+ test topics (36-45) are held out: score train and dev")
    selected = selected_sentences(root)
    articles, documents = [], []
    for entry in load_documents(splits, root)[:limit]:
        title, document = read_document(root / "ECB+" / entry.topic / entry.name, selected)
        articles.append(Article(id=entry.name, title=title, text=document.text))
        documents.append(document)
    return articles, documents


def evaluate_participants(
    splits: Sequence[str] = DEFAULT_SPLITS,
    root: Path = DEFAULT_ROOT,
    *,
    limit: int | None = None,
    model: str = DEFAULT_MODEL,
) -> ParticipantReport:
    """Run the product over the documents and score its entities against the participants."""
    from dateline.evaluate.meantime import baseline_mentions

    articles, documents = load_participants(splits, root, limit)
    mentions = linked_mentions(articles, model)
    key, response = key_and_response(documents, mentions, "named", spurious=False)
    base_key, base_response = key_and_response(
        documents, baseline_mentions(mentions), "named", spurious=False
    )
    return ParticipantReport(
        documents=len(documents),
        key_mentions=sum(map(len, key)),
        key_entities=len(key),
        aligned_mentions=sum(map(len, response)),
        dateline=score_coreference(key, response),
        baseline=score_coreference(base_key, base_response),
    )
