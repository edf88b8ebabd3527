"""ECB+ as a story-clustering benchmark, measured on what a user gets.

Each ECB+ topic holds two sub-topics: two different real-world happenings of the same kind
(two earthquakes, two rehab check-ins). A sub-topic is a story in dateline's sense, so the
gold clustering is ``doc_index.tsv``'s ``subtopic`` column.

The documents of the chosen topics, all mixed, are written as one JSON Lines file (title,
text and, in the ``dates`` mode, the publication date the dataset gives where it gives one)
and go through the product: ``Corpus.ingest`` into a fresh SQLite store, ``annotate``,
``link``. The stories are read back from the store and scored. Nothing here clusters: the
module converts the data and scores the result.

Modes (``INPUT_MODES``):

- ``text``: title and text only. Every article is dated by the product from its text alone
  (or left undated).
- ``dates``: plus ``published`` from ``doc_index.tsv``'s ``esc_dct`` column (the
  EventStoryLine creation dates: 257 of the 982 documents, nearly all of them ``ecbplus``
  documents), the way a user's feed gives a date for some records and not others.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from dateline.api import open_corpus
from dateline.evaluate.clustering_metrics import score_clustering
from dateline.evaluate.datasets import dataset_root

SPLITS = ("train", "dev", "test")
INPUT_MODES = ("text", "dates")
#: the address each document gets, so that its article can be found again after ingest
URL_PREFIX = "ecbplus:"
DEFAULT_ROOT = dataset_root() / "ecbplus"


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


def article_records(documents: Sequence[EcbDocument], mode: str = "text") -> list[dict[str, str]]:
    """The documents as JSON Lines records in the product's input format (see ``INPUT_MODES``).

    ``url`` is only an identifier (``ecbplus:<doc>``, no date in it): it finds each document's
    article again in the store.
    """
    if mode not in INPUT_MODES:
        raise ValueError(f"unknown input mode {mode!r}; choose from {INPUT_MODES}")
    records = []
    for document in documents:
        # the text is the whole document, headline first (as a page's text would be): some
        # documents are a headline alone
        text = f"{document.title}\n\n{document.text}" if document.text else document.title
        record = {"url": URL_PREFIX + document.name, "title": document.title, "text": text}
        if mode == "dates" and document.published is not None:
            record["published"] = document.published.isoformat()
        records.append(record)
    return records


def write_jsonl(records: Sequence[Mapping[str, str]], path: Path) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def cluster_with_product(
    documents: Sequence[EcbDocument], mode: str = "text", workdir: Path | None = None
) -> dict[str, str]:
    """Document name -> story id, from a fresh corpus that ingested, annotated and linked them.

    A document whose text the ingest found identical to another's is that article and shares
    its story; one that was not stored at all (skipped) gets a story of its own.
    """
    records = article_records(documents, mode)
    with tempfile.TemporaryDirectory(prefix="dateline-ecbplus-", dir=workdir) as temp:
        source = Path(temp) / "ecbplus.jsonl"
        write_jsonl(records, source)
        with open_corpus(Path(temp) / "corpus.db") as corpus:
            report = corpus.ingest([source])
            corpus.annotate()
            corpus.link()
            article_of = {
                article.url[len(URL_PREFIX) :]: article.id
                for article in corpus.articles()
                if article.url and article.url.startswith(URL_PREFIX)
            }
            # a document whose text another one already had is reported unchanged (the
            # article it is), in input order
            repeated = [d.name for d in documents if d.name not in article_of]
            if not report.skipped and len(repeated) == len(report.unchanged):
                article_of.update(zip(repeated, report.unchanged, strict=True))
            story_of = {
                article_id: story.id
                for story in corpus.store.iter_stories()
                for article_id in story.article_ids
            }
    return {
        document.name: story_of.get(article_of.get(document.name, ""), "unstored:" + document.name)
        for document in documents
    }


def evaluate(
    topics: str = "dev", root: Path = DEFAULT_ROOT, mode: str = "text"
) -> dict[str, float]:
    """Run the product over all documents of ``topics`` mixed together and score its stories.

    Returns B³, pairwise, ARI and V-measure scores (see :func:`score_clustering`), the number
    of documents and how many of them were given a date (``dated_inputs``: 0 in the ``text``
    mode).
    """
    if mode not in INPUT_MODES:
        raise ValueError(f"unknown input mode {mode!r}; choose from {INPUT_MODES}")
    documents = select_documents(topics, root)
    predicted = cluster_with_product(documents, mode)
    gold = {document.name: document.subtopic for document in documents}
    scores = score_clustering(gold, predicted)
    scores["documents"] = float(len(documents))
    given = sum(d.published is not None for d in documents) if mode == "dates" else 0
    scores["dated_inputs"] = float(given)
    return scores
