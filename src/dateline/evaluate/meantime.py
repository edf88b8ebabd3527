"""Cross-document entity coreference on MEANTIME (English), scored with the CoNLL F1.

What is scored
--------------
The raw text of each of the 120 Wikinews articles is rebuilt from its tokens (one sentence per
line, spaces removed before closing punctuation), and all 120 articles go through the product as
one corpus (:class:`dateline.api.Corpus`: annotate, then link); the linked mentions are read back
from the store.

Gold chains are MEANTIME's cross-document entity instances (``REFERS_TO`` a corpus-level
``ENTITY`` with an ``instance_id``). dateline finds *named* mentions only, so the main score
(``mentions="named"``) keeps gold mentions that are names: syntactic type NAM or PRE.NAM, or an
untyped mention (the cross-document layer adds many) whose words are all capitalised and not a
pronoun. ``mentions="all"`` keeps every gold mention (pronouns and nominals too) to show how
far named-entity linking is from full coreference.

Alignment: a system mention and a gold mention in the same article are candidates when the
last token of one lies inside the other (for names the last token is the head). Pairs are
taken one-to-one, best first (gold head inside the system span, then system head inside the
gold span, then token overlap). A system mention with no partner that overlaps a gold mention
left out of the key (a nominal, or a mention with no cross-document instance) is not scored;
any other unpartnered system mention is spurious and counts against precision.

Metrics (standard definitions, as in the CoNLL-2012 reference scorer with predicted mentions):
MUC (Vilain et al. 1995), B³ (Bagga and Baldwin 1998) and entity-based CEAF (CEAF-e, Luo
2005, with the optimal one-to-one cluster alignment); CoNLL F1 is the mean of their F1s.
Singletons are kept in key and response.
"""

from __future__ import annotations

import re
import tempfile
import xml.etree.ElementTree as ElementTree
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from dateline.api import DEFAULT_MODEL
from dateline.records import Article, Mention

Cluster = frozenset[Hashable]
NAMED_TYPES = frozenset({"NAM", "PRE.NAM"})
PRONOUNS = frozenset(
    "i me my we us our you your he him his she her it its they them their this that".split()  # noqa: SIM905
)
NO_SPACE_BEFORE = frozenset({",", ".", ":", ";", "!", "?", ")", "]", "%", "'s", "n't", "''", "'"})
NO_SPACE_AFTER = frozenset({"(", "[", "$", "``"})
TOKEN_ANNOTATION_DIR = "intra_cross-doc_annotation"


# -- metrics ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Score:
    precision: float
    recall: float
    f1: float


def make_score(
    precision_num: float, precision_den: float, recall_num: float, recall_den: float
) -> Score:
    precision = precision_num / precision_den if precision_den else 0.0
    recall = recall_num / recall_den if recall_den else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Score(precision, recall, f1)


def cluster_index(clusters: Sequence[Cluster]) -> dict[Hashable, int]:
    return {mention: i for i, cluster in enumerate(clusters) for mention in cluster}


def muc_counts(key: Sequence[Cluster], response: Sequence[Cluster]) -> tuple[int, int]:
    """Links kept (numerator) and links in ``key`` (denominator), as in MUC recall."""
    where = cluster_index(response)
    kept = total = 0
    for cluster in key:
        partitions = {where.get(mention, ("alone", mention)) for mention in cluster}
        kept += len(cluster) - len(partitions)
        total += len(cluster) - 1
    return kept, total


def muc(key: Sequence[Cluster], response: Sequence[Cluster]) -> Score:
    recall_num, recall_den = muc_counts(key, response)
    precision_num, precision_den = muc_counts(response, key)
    return make_score(precision_num, precision_den, recall_num, recall_den)


def b_cubed_sum(key: Sequence[Cluster], response: Sequence[Cluster]) -> tuple[float, int]:
    where = cluster_index(response)
    total, count = 0.0, 0
    for cluster in key:
        for mention in cluster:
            count += 1
            if mention in where:
                total += len(cluster & response[where[mention]]) / len(cluster)
    return total, count


def b_cubed(key: Sequence[Cluster], response: Sequence[Cluster]) -> Score:
    recall_num, recall_den = b_cubed_sum(key, response)
    precision_num, precision_den = b_cubed_sum(response, key)
    return make_score(precision_num, precision_den, recall_num, recall_den)


def max_weight_assignment(weights: list[list[float]]) -> float:
    """The largest total weight of a one-to-one assignment of rows to columns (Hungarian)."""
    rows, cols = len(weights), len(weights[0]) if weights else 0
    size = max(rows, cols)
    if size == 0:
        return 0.0
    top = max(max(row) for row in weights)
    # Minimise cost = top - weight on a square matrix padded with zero-weight cells.
    cost = [
        [top - (weights[r][c] if r < rows and c < cols else 0.0) for c in range(size)]
        for r in range(size)
    ]
    inf = float("inf")
    u, v = [0.0] * (size + 1), [0.0] * (size + 1)
    match, way = [0] * (size + 1), [0] * (size + 1)
    for row in range(1, size + 1):
        match[0], col0 = row, 0
        minv, used = [inf] * (size + 1), [False] * (size + 1)
        while True:
            used[col0] = True
            r0, delta, col1 = match[col0], inf, 0
            for col in range(1, size + 1):
                if not used[col]:
                    current = cost[r0 - 1][col - 1] - u[r0] - v[col]
                    if current < minv[col]:
                        minv[col], way[col] = current, col0
                    if minv[col] < delta:
                        delta, col1 = minv[col], col
            for col in range(size + 1):
                if used[col]:
                    u[match[col]] += delta
                    v[col] -= delta
                else:
                    minv[col] -= delta
            col0 = col1
            if match[col0] == 0:
                break
        while col0:
            col1 = way[col0]
            match[col0] = match[col1]
            col0 = col1
    total = 0.0
    for col in range(1, size + 1):
        r, c = match[col] - 1, col - 1
        if r < rows and c < cols:
            total += weights[r][c]
    return total


def ceaf_e(key: Sequence[Cluster], response: Sequence[Cluster]) -> Score:
    """Entity CEAF with phi4 similarity, aligned optimally per connected group of clusters."""
    where = cluster_index(response)
    # Connected components of the key/response overlap graph keep each assignment small.
    parent = list(range(len(key) + len(response)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for k, cluster in enumerate(key):
        for mention in cluster:
            if mention in where:
                a, b = find(k), find(len(key) + where[mention])
                if a != b:
                    parent[a] = b
    components: dict[int, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for k in range(len(key)):
        components[find(k)][0].append(k)
    for r in range(len(response)):
        components[find(len(key) + r)][1].append(r)
    similarity = 0.0
    for key_ids, response_ids in components.values():
        if not key_ids or not response_ids:
            continue
        weights = [
            [2 * len(key[k] & response[r]) / (len(key[k]) + len(response[r])) for r in response_ids]
            for k in key_ids
        ]
        similarity += max_weight_assignment(weights)
    return make_score(similarity, len(response), similarity, len(key))


@dataclass(frozen=True, slots=True)
class CorefScores:
    muc: Score
    b_cubed: Score
    ceaf_e: Score
    # pairwise precision/recall of links between mentions of different documents
    cross_document: Score | None = None

    @property
    def conll_f1(self) -> float:
        return (self.muc.f1 + self.b_cubed.f1 + self.ceaf_e.f1) / 3


def score_coreference(key: Sequence[Cluster], response: Sequence[Cluster]) -> CorefScores:
    return CorefScores(
        muc(key, response),
        b_cubed(key, response),
        ceaf_e(key, response),
        cross_document_links(key, response),
    )


def cross_document_links(key: Sequence[Cluster], response: Sequence[Cluster]) -> Score:
    """Pairwise precision and recall of the links between mentions of *different* documents
    (an identity's first element is its document): how often a cross-article merge is right,
    and how many of the key's cross-article links were made."""
    key_owner = cluster_index(key)
    correct = 0
    for cluster in response:
        per_entity: dict[int, dict[Hashable, int]] = defaultdict(lambda: defaultdict(int))
        for mention in cluster:
            if mention in key_owner:
                per_entity[key_owner[mention]][document_of(mention)] += 1
        correct += sum(cross_pairs(counts.values()) for counts in per_entity.values())
    return make_score(correct, linked_pairs(response), correct, linked_pairs(key))


def linked_pairs(clusters: Sequence[Cluster]) -> int:
    total = 0
    for cluster in clusters:
        per_doc: dict[Hashable, int] = defaultdict(int)
        for mention in cluster:
            per_doc[document_of(mention)] += 1
        total += cross_pairs(per_doc.values())
    return total


def cross_pairs(counts: Iterable[int]) -> int:
    """Pairs across groups of the given sizes."""
    sizes = list(counts)
    return (sum(sizes) ** 2 - sum(n * n for n in sizes)) // 2


def document_of(mention: Hashable) -> Hashable:
    return mention[0] if isinstance(mention, tuple) else mention


# -- the corpus -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GoldMention:
    doc_id: str
    m_id: str
    first_token: int  # token positions in the document, end exclusive
    end_token: int
    instance_id: str | None
    named: bool


@dataclass(frozen=True, slots=True)
class MeantimeDocument:
    doc_id: str
    corpus: str
    text: str
    token_spans: tuple[tuple[int, int], ...]  # character span of each token in ``text``
    mentions: tuple[GoldMention, ...]


def rebuild_text(tokens: Sequence[tuple[str, int]]) -> tuple[str, list[tuple[int, int]]]:
    """Join (token, sentence) pairs into text, one sentence per line; character spans too."""
    pieces: list[str] = []
    spans: list[tuple[int, int]] = []
    length, previous_sentence, previous_token = 0, None, ""
    for token, sentence in tokens:
        if previous_sentence is not None:
            if sentence != previous_sentence:
                separator = "\n"
            elif token in NO_SPACE_BEFORE or previous_token in NO_SPACE_AFTER:
                separator = ""
            else:
                separator = " "
            pieces.append(separator)
            length += len(separator)
        spans.append((length, length + len(token)))
        pieces.append(token)
        length += len(token)
        previous_sentence, previous_token = sentence, token
    return "".join(pieces), spans


def looks_named(words: Sequence[str]) -> bool:
    alphabetic = [w for w in words if re.search(r"[A-Za-z]", w)]
    return bool(alphabetic) and all(
        w[:1].isupper() and w.lower() not in PRONOUNS for w in alphabetic
    )


def load_document(path: Path) -> MeantimeDocument:
    try:
        root = ElementTree.parse(path).getroot()
    except ElementTree.ParseError as exc:
        raise ValueError(f"{path}: not well-formed MEANTIME XML ({exc})") from exc
    position: dict[str, int] = {}
    tokens: list[tuple[str, int]] = []
    for token in root.iter("token"):
        position[token.get("t_id", "")] = len(tokens)
        tokens.append((token.text or "", int(token.get("sentence", "0"))))
    text, spans = rebuild_text(tokens)
    instance_of = {e.get("m_id"): e.get("instance_id") for e in root.iter("ENTITY")}
    refers: dict[str, str | None] = {}
    for relation in root.iter("REFERS_TO"):
        target = relation.find("target")
        if target is None:
            continue
        for source in relation.findall("source"):
            refers[source.get("m_id", "")] = instance_of.get(target.get("m_id", ""))
    by_span: dict[tuple[int, int], GoldMention] = {}
    doc_id = root.get("doc_id", path.stem)
    for element in root.iter("ENTITY_MENTION"):
        anchors = [position[a.get("t_id", "")] for a in element.findall("token_anchor")]
        if not anchors:
            continue
        first, end = min(anchors), max(anchors) + 1
        kind = element.get("syntactic_type")
        words = [tokens[i][0] for i in range(first, end)]
        named = kind in NAMED_TYPES or (not kind and looks_named(words))
        m_id = element.get("m_id", "")
        mention = GoldMention(doc_id, m_id, first, end, refers.get(m_id), named)
        known = by_span.get((first, end))
        # The cross-document layer repeats some mentions; keep one per span, a linked one.
        if known is None or (known.instance_id is None and mention.instance_id is not None):
            by_span[(first, end)] = mention
    return MeantimeDocument(doc_id, path.parent.name, text, tuple(spans), tuple(by_span.values()))


def load_corpus(root: Path, limit: int | None = None) -> list[MeantimeDocument]:
    """The English MEANTIME documents under ``root`` (the dataset folder), sorted by path."""
    folder = root / TOKEN_ANNOTATION_DIR
    if not folder.is_dir():
        raise FileNotFoundError(f"no {TOKEN_ANNOTATION_DIR}/ under {root}: not a MEANTIME folder")
    paths = sorted(folder.glob("corpus_*/*.xml"))
    return [load_document(path) for path in paths[:limit]]


# -- system run and alignment ---------------------------------------------------------


def system_mentions(
    documents: Sequence[MeantimeDocument], model: str = DEFAULT_MODEL
) -> list[Mention]:
    """Run ``documents`` through the product as one corpus; the linked mentions, from the store."""
    articles = [Article(id=doc.doc_id, text=doc.text) for doc in documents]
    return linked_mentions(articles, model)


def linked_mentions(articles: Sequence[Article], model: str = DEFAULT_MODEL) -> list[Mention]:
    """Store ``articles`` in a fresh corpus, annotate and link it as the product does, and read
    every mention back from the store with the entity it was linked to."""
    from dateline.api import open_corpus

    with tempfile.TemporaryDirectory() as tmp:
        corpus = open_corpus(Path(tmp) / "evaluate.db", model=model)
        store = corpus.store
        try:
            store.add_articles(articles)
            corpus.annotate()
            corpus.link()
            return list(store.iter_mentions())
        finally:
            store.close()


def token_range(doc: MeantimeDocument, start: int, end: int) -> tuple[int, int] | None:
    covered = [i for i, (s, e) in enumerate(doc.token_spans) if s < end and e > start]
    return (covered[0], covered[-1] + 1) if covered else None


def alignment_rank(system: tuple[int, int], gold: GoldMention) -> tuple[int, int, float] | None:
    s0, s1 = system
    gold_head_inside = s0 <= gold.end_token - 1 < s1
    system_head_inside = gold.first_token <= s1 - 1 < gold.end_token
    if not (gold_head_inside or system_head_inside):
        return None
    overlap = min(s1, gold.end_token) - max(s0, gold.first_token)
    union = max(s1, gold.end_token) - min(s0, gold.first_token)
    return int(gold_head_inside), int(system_head_inside), overlap / union


def key_and_response(
    documents: Sequence[MeantimeDocument],
    mentions: Iterable[Mention],
    scored: str = "named",
    *,
    spurious: bool = True,
) -> tuple[list[Cluster], list[Cluster]]:
    """Gold chains and system clusters over aligned mention identities (see the module doc)."""
    by_doc = {doc.doc_id: doc for doc in documents}
    system_by_doc: dict[str, list[Mention]] = defaultdict(list)
    for mention in mentions:
        if mention.entity_id is not None and mention.article_id in by_doc:
            system_by_doc[mention.article_id].append(mention)
    key: dict[str, set[Hashable]] = defaultdict(set)
    response: dict[str, set[Hashable]] = defaultdict(set)
    for doc in documents:
        in_key = [
            g for g in doc.mentions if g.instance_id is not None and (scored == "all" or g.named)
        ]
        for gold in in_key:
            key[str(gold.instance_id)].add((doc.doc_id, gold.m_id))
        spans = []
        for mention in system_by_doc[doc.doc_id]:
            span = token_range(doc, mention.start, mention.end)
            if span is not None:
                spans.append((mention, span))
        pairs = []
        for index, (_, span) in enumerate(spans):
            for gold in in_key:
                rank = alignment_rank(span, gold)
                if rank is not None:
                    pairs.append((rank, index, gold.m_id))
        partner: dict[int, str] = {}
        taken: set[str] = set()
        for _, index, m_id in sorted(pairs, key=lambda p: p[0], reverse=True):
            if index not in partner and m_id not in taken:
                partner[index] = m_id
                taken.add(m_id)
        for index, (mention, span) in enumerate(spans):
            if index in partner:
                identity: Hashable = (doc.doc_id, partner[index])
            elif not spurious or any(
                g.first_token < span[1] and span[0] < g.end_token for g in doc.mentions
            ):
                continue  # on a gold mention outside the key, or spurious ones not scored
            else:
                identity = (doc.doc_id, "system", mention.start, mention.end)
            response[str(mention.entity_id)].add(identity)
    return [frozenset(c) for c in key.values()], [frozenset(c) for c in response.values()]


def baseline_mentions(mentions: Iterable[Mention]) -> list[Mention]:
    """The same mentions linked by exact surface string only, for comparison."""
    return [
        Mention(
            m.article_id,
            m.start,
            m.end,
            m.text,
            m.label,
            "exact:" + m.text.lower(),
            m.role,
            m.canonical,
        )
        for m in mentions
    ]


@dataclass(frozen=True, slots=True)
class MeantimeReport:
    """Scores of dateline and of the exact-string baseline, strict and key-aligned."""

    documents: int
    key_mentions: int
    key_entities: int
    response_mentions: int
    response_entities: int
    strict: tuple[CorefScores, CorefScores]  # (dateline, baseline), spurious mentions counted
    aligned: tuple[CorefScores, CorefScores]  # (dateline, baseline), only key-aligned mentions


def evaluate_mentions(
    documents: Sequence[MeantimeDocument], mentions: Sequence[Mention], scored: str = "named"
) -> MeantimeReport:
    """Score linked ``mentions`` of ``documents`` in both settings, with the baseline."""
    if scored not in ("named", "all"):
        raise ValueError(f"scored must be 'named' or 'all', not {scored!r}")
    baseline = baseline_mentions(mentions)
    runs = {}
    for spurious in (True, False):
        key, response = key_and_response(documents, mentions, scored, spurious=spurious)
        base_key, base_response = key_and_response(documents, baseline, scored, spurious=spurious)
        runs[spurious] = (
            score_coreference(key, response),
            score_coreference(base_key, base_response),
        )
        if spurious:
            sizes = (sum(map(len, key)), len(key), sum(map(len, response)), len(response))
    return MeantimeReport(len(documents), *sizes, strict=runs[True], aligned=runs[False])


def evaluate_meantime(
    root: Path, *, scored: str = "named", limit: int | None = None, model: str = DEFAULT_MODEL
) -> MeantimeReport:
    """Run dateline over MEANTIME (``root``: the meantime-en folder) and score it."""
    documents = load_corpus(root, limit)
    return evaluate_mentions(documents, system_mentions(documents, model), scored)
