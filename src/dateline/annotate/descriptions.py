"""What "the company", "the aircraft" or "it" stands for: an organisation or product named just
before.

News names a company or a product once and then calls it by its kind ("GM said ... the
automaker will close ...", "The Airbus A380 ... the aircraft flew ...") or "it". Such a
description is read as the nearest organisation (or product) named before it in its own or
the two sentences before, outside quotation marks (further back only when the article has named
just one such thing so far), and only when the description is definite ("the company", not
"a company", which is someone new). "It" is read so only as a subject or a possessive ("its"),
never where it only announces a clause ("it is expected that ..."), nor in what a thing that
is no name says ("Toyota sold cars. A company said it ..."). A possessive "their" stands for
an organisation only when one is the nearest name before it ("GM recovered from their
bankruptcy"), not a person or a nationality. People are the speaker
resolver's (:mod:`dateline.annotate.speakers`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from spacy.tokens import Span, Token

from dateline.records import Mention

#: kind nouns that describe an organisation named before
ORGANISATION_NOUNS = frozenset(
    {"company", "firm", "corporation", "carrier", "airline", "automaker", "carmaker",
     "manufacturer", "maker", "business", "bank", "insurer", "retailer", "conglomerate",
     "giant", "group", "chain", "supplier", "subsidiary", "startup", "enterprise"}
)  # fmt: skip
#: kind nouns that describe a product named before
PRODUCT_NOUNS = frozenset(
    {"aircraft", "plane", "airplane", "airliner", "jet", "jetliner", "aeroplane", "car",
     "vehicle", "model", "phone", "handset", "smartphone", "device", "gadget", "computer",
     "player", "console", "tablet", "product", "drug", "vaccine", "ship", "vessel", "rocket"}
)  # fmt: skip
DEFINITE = frozenset({"the", "this", "that"})
THING_PRONOUNS = frozenset({"it", "its"})
SENTENCES_BACK = 2
ORGANISATION_LABELS = frozenset({"ORG"})
THING_LABELS = frozenset({"ORG", "PRODUCT"})
#: what else "it" may stand for: when the nearest such name comes last, "it" is not read
OTHER_THINGS = frozenset({"PLACE"})


def described_labels(head: Token) -> frozenset[str] | None:
    """The entity labels a definite kind noun or "it" may stand for; None when ``head`` is
    neither."""
    lemma = head.lemma_.lower()
    if head.pos_ == "PRON":
        if head.lower_ == "their" and head.dep_ == "poss":
            return ORGANISATION_LABELS  # "GM recovered from their bankruptcy"
        if head.lower_ not in THING_PRONOUNS or _announces_a_clause(head):
            return None
        return THING_LABELS if head.dep_ in ("nsubj", "nsubjpass", "poss") else None
    if head.pos_ != "NOUN" or head.tag_ != "NN":
        return None
    if not any(child.dep_ == "det" and child.lower_ in DEFINITE for child in head.children):
        return None
    if lemma in ORGANISATION_NOUNS:
        return ORGANISATION_LABELS
    if lemma in PRODUCT_NOUNS:
        return frozenset({"PRODUCT"})
    return None


def _announces_a_clause(pronoun: Token) -> bool:
    """ "It is expected that ...", "it seems ...": the pronoun stands for the clause."""
    verb = pronoun.head
    return pronoun.dep_ == "expl" or any(
        child.dep_ in ("ccomp", "csubj") and child.i > pronoun.i for child in verb.children
    )


def described_mention(
    head: Token,
    mentions: Sequence[Mention],
    sentence_of: Callable[[Token], Span],
    quoted: Callable[[int], bool] = lambda offset: False,
) -> tuple[int, int] | None:
    """The span of the mention ``head`` describes (see the module docstring), else None.

    ``mentions`` in text order; ``sentence_of`` gives a token's sentence; ``quoted`` says
    whether an offset lies inside quotation marks."""
    labels = described_labels(head)
    if labels is None:
        return None
    seen = labels | OTHER_THINGS if head.pos_ == "PRON" else labels
    if head.lower_ == "their":
        seen = seen | {"PERSON", "NORP"}  # "their" is more often people
    sentence = sentence_of(head)
    for _ in range(SENTENCES_BACK):
        if sentence.start == 0:
            break
        sentence = sentence_of(sentence.doc[sentence.start - 1])
    earliest = sentence.start_char
    before = [m for m in mentions if m.end <= head.idx and not quoted(m.start)]
    near = [m for m in before if m.label in seen and earliest <= m.start]
    if near:
        found = near[-1]
        if found.label not in labels or (
            head.pos_ == "PRON" and _governed_by_other_subject(head, mentions)
        ):
            return None
        return found.start, found.end
    # further back, only when the article has named one such thing so far ("the plane" in an
    # article about one aircraft)
    named = {_referent(m) for m in before if m.label in labels}
    if head.pos_ == "NOUN" and len(named) == 1:
        last = [m for m in before if m.label in labels][-1]
        return last.start, last.end
    return None


def _governed_by_other_subject(pronoun: Token, mentions: Sequence[Mention]) -> bool:
    """Whether "it" is the subject of what a thing that is no name says or thinks ("A company
    said it will ..."): "it" is more likely that thing."""
    clause = pronoun.head
    if clause.dep_ != "ccomp":
        return False
    return any(
        child.dep_ in ("nsubj", "nsubjpass")
        and child.pos_ == "NOUN"
        and not any(m.start <= child.idx < m.end for m in mentions)
        for child in clause.head.children
    )


def _referent(mention: Mention) -> str:
    return (mention.canonical or mention.text).lower()
