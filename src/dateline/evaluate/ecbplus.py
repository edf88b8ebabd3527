"""ECB+ as a story-clustering benchmark: cluster documents, score against gold sub-topics.

Each ECB+ topic holds two sub-topics: two different real-world happenings of the same kind
(two earthquakes, two rehab check-ins). A sub-topic is a story in dateline's sense, so the
gold clustering is ``doc_index.tsv``'s ``subtopic`` column. The clusterer is never told how
many sub-topics there are, and all documents of the chosen split are mixed together.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from dateline.annotate import DEFAULT_MODEL
from dateline.annotate.entities import extract_mentions
from dateline.annotate.nlp import load_pipeline, parse_texts
from dateline.annotate.times import tag_times
from dateline.evaluate.clustering_metrics import score_clustering
from dateline.link.embed import DEFAULT_BACKEND, Backend, Vectors, embed_texts
from dateline.link.merges import MergeParams, merge_fragments
from dateline.link.reassign import ReassignParams, reassign_articles
from dateline.link.splits import CorpusFeatures, Split, SplitParams, refine_stories
from dateline.link.stories import ClusterParams, StoryInput, cluster
from dateline.records import Article, TimeExpr

SPLITS = ("train", "dev", "test")
DEFAULT_ROOT = Path(__file__).resolve().parents[3].parent / "shared" / "datasets" / "ecbplus"


class DatasetError(RuntimeError):
    """The ECB+ files are missing or not in the expected layout."""


@dataclass(frozen=True, slots=True)
class EcbDocument:
    """One ECB+ document: its text rebuilt from tokens, and its gold labels."""

    name: str
    topic: str
    subtopic: str
    split: str
    title: str
    text: str
    published: dt.date | None


def _parse_date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _read_tokens(path: Path) -> tuple[str, str]:
    """The document's title (first sentence) and body text, URL sentence dropped."""
    try:
        tree = ElementTree.parse(path)
    except ElementTree.ParseError as exc:
        raise DatasetError(f"ECB+ document {path} is not well-formed XML: {exc}") from exc
    sentences: dict[int, list[str]] = {}
    for token in tree.iter("token"):
        sentences.setdefault(int(token.get("sentence", "0")), []).append(token.text or "")
    # The ecbplus half stores the page's URL as sentence 0; it is not article text.
    if path.name.endswith("ecbplus.xml"):
        sentences.pop(0, None)
    lines = [" ".join(words) for _, words in sorted(sentences.items())]
    return (lines[0] if lines else ""), "\n".join(lines[1:])


def load_documents(
    splits: Sequence[str] = ("dev",), root: Path = DEFAULT_ROOT
) -> list[EcbDocument]:
    """The documents of the given splits, in ``doc_index.tsv`` order."""
    unknown = set(splits) - set(SPLITS)
    if unknown:
        raise ValueError(f"unknown ECB+ split(s) {sorted(unknown)}; choose from {SPLITS}")
    index = root / "doc_index.tsv"
    if not index.is_file():
        raise DatasetError(f"ECB+ index not found at {index}")
    documents: list[EcbDocument] = []
    with index.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            if row["split"] not in splits:
                continue
            path = root / "ECB+" / row["topic"] / row["doc"]
            if not path.is_file():
                raise DatasetError(f"ECB+ document listed in doc_index.tsv is missing: {path}")
            title, text = _read_tokens(path)
            documents.append(
                EcbDocument(
                    name=row["doc"],
                    topic=row["topic"],
                    subtopic=row["subtopic"],
                    split=row["split"],
                    title=title,
                    text=text,
                    published=_parse_date(row.get("esc_dct") or ""),
                )
            )
    return documents


def select_documents(topics: str = "dev", root: Path = DEFAULT_ROOT) -> list[EcbDocument]:
    """Documents of a split (``train``/``dev``/``test``) or of comma-separated topic numbers."""
    if topics in SPLITS:
        return load_documents((topics,), root)
    wanted = {part.strip() for part in topics.split(",") if part.strip()}
    if not wanted or not all(part.isdigit() for part in wanted):
        raise ValueError(
            f"topics must be one of {SPLITS} or topic numbers like '2,5'; got {topics!r}"
        )
    documents = [d for d in load_documents(SPLITS, root) if d.topic in wanted]
    if not documents:
        raise ValueError(f"no ECB+ documents in topics {sorted(wanted)}")
    return documents


def stated_dates(times: Sequence[TimeExpr]) -> tuple[str, ...]:
    """The values of the dates a text states outright (not resolved against a reference)."""
    return tuple(time.value for time in times if time.type == "DATE" and time.basis == "stated")


def story_inputs(documents: Sequence[EcbDocument], model: str = DEFAULT_MODEL) -> list[StoryInput]:
    """Documents as clusterer inputs, from the raw text through dateline's own annotators.

    Entity keys come from dateline's entity extraction, stated dates from its time tagger
    (with no reference date, so only dates the text spells out carry a year).

    Publication dates are left out: ECB+ has none of its own (the EventStoryLine dates in
    ``doc_index.tsv`` cover a quarter of the documents, nearly all from one sub-topic half, so
    using them would hint at the gold split).
    """
    nlp = load_pipeline(model)
    articles = [
        Article(id=document.name, title=document.title, text=f"{document.title}\n\n{document.text}")
        for document in documents
    ]
    parsed = parse_texts((article.text for article in articles), nlp)
    return [
        StoryInput(
            article_id=document.name,
            title=document.title,
            text=document.text,
            entity_keys=tuple(
                mention.canonical or mention.text for mention in extract_mentions(article, doc)
            ),
            dates=stated_dates(tag_times(article.text, None, article.id, doc)),
        )
        for document, article, doc in zip(documents, articles, parsed, strict=True)
    ]


def score_inputs(
    documents: Sequence[EcbDocument],
    items: Sequence[StoryInput],
    vectors: Vectors,
    params: ClusterParams | None = None,
    split_params: SplitParams | None = None,
    refine: bool = True,
    merge_params: MergeParams | None = None,
    merge: bool = True,
    reassign_params: ReassignParams | None = None,
    reassign: bool = True,
) -> dict[str, float]:
    """Cluster prepared inputs (online, splitting, merging, reassigning pass) and score them.

    ``refine=False`` scores the online pass alone, ``merge=False`` leaves out the merging
    pass, ``reassign=False`` the reassigning pass (the previous version).
    """
    predicted = cluster(items, vectors, params)
    corpus = CorpusFeatures.of(items) if refine or merge else None
    splits: list[Split] = []
    if refine:
        predicted, splits = refine_stories(items, predicted, split_params, corpus=corpus)
    if merge:
        apart = [(split.story_id, split.new_story_id) for split in splits]
        predicted, _ = merge_fragments(items, predicted, corpus, merge_params, apart=apart)
    if reassign:
        predicted, _ = reassign_articles(items, vectors, predicted, reassign_params, params)
    gold = {document.name: document.subtopic for document in documents}
    return score_clustering(gold, predicted)


def evaluate(
    topics: str = "dev",
    root: Path = DEFAULT_ROOT,
    params: ClusterParams | None = None,
    backend: Backend = DEFAULT_BACKEND,
    split_params: SplitParams | None = None,
    refine: bool = True,
    merge_params: MergeParams | None = None,
    merge: bool = True,
    reassign_params: ReassignParams | None = None,
    reassign: bool = True,
) -> dict[str, float]:
    """Cluster all documents of ``topics`` mixed together (number of stories not given), score.

    Returns B³, pairwise, ARI and V-measure scores (see :func:`score_clustering`) plus the
    number of documents. ``refine=False`` / ``merge=False`` / ``reassign=False`` leave out the
    splitting / merging / reassigning pass.
    """
    documents = select_documents(topics, root)
    items = story_inputs(documents)
    vectors = embed_texts([f"{d.title}\n{d.text}" for d in documents], backend=backend)
    scores = score_inputs(
        documents,
        items,
        vectors,
        params,
        split_params,
        refine,
        merge_params,
        merge,
        reassign_params,
        reassign,
    )
    scores["documents"] = float(len(documents))
    return scores
