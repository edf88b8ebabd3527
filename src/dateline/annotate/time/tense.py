"""The tense of the clause a time expression sits in: past, present or future.

With a spaCy parse the governing verb decides (its tag and its auxiliaries); without one, a light
heuristic looks at the nearest verb-like word in the same sentence.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from dateline.annotate.time.resolve import Tense

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_FUTURE = frozenset(
    [
        "will",
        "'ll",
        "shall",
        "wo",
        "won't",
        "would",
        "'d",
        "might",
        "could",
        "should",
        "tomorrow",
        "upcoming",
        "scheduled",
        "plans",
        "plan",
        "planned",
        "planning",
        "expects",
        "expected",
        "going",
        "due",
    ]
)
_MODALS = frozenset(
    {"will", "'ll", "shall", "would", "'d", "might", "could", "should", "may", "must", "to"}
)
_PAST = frozenset(
    [
        "was",
        "were",
        "had",
        "did",
        "said",
        "told",
        "came",
        "went",
        "made",
        "took",
        "gave",
        "got",
        "saw",
        "knew",
        "thought",
        "became",
        "began",
        "left",
        "met",
        "rose",
        "fell",
        "won",
        "lost",
        "held",
        "sent",
        "spoke",
        "wrote",
        "ran",
        "paid",
        "sold",
        "bought",
        "brought",
        "built",
        "kept",
        "led",
        "meant",
        "found",
        "felt",
        "stood",
        "understood",
        "grew",
        "drew",
        "shot",
        "fought",
        "caught",
        "taught",
        "sought",
        "chose",
        "broke",
        "spent",
        "ago",
        "yesterday",
        "last",
        "earlier",
        "former",
        "previously",
        "struck",
        "hit",
    ]
)
_PRESENT = frozenset(
    {"is", "are", "am", "says", "say", "does", "do", "remains", "remain", "seems", "now", "today"}
)
_PERFECT = frozenset({"has", "have", "'ve"})
_DETERMINERS = frozenset(
    {
        "the",
        "a",
        "an",
        "this",
        "that",
        "his",
        "her",
        "its",
        "their",
        "our",
        "my",
        "your",
        "these",
        "those",
    }
)
_WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?|'[a-z]+")
_INFINITIVE_BEFORE = re.compile(
    r"\b(?:to|will|would|'ll|shall)\s+(?:be\s+)?[a-z]+\s+(?:on\s+|in\s+|at\s+|by\s+|until\s+)?$"
)
_SENTENCE_END = re.compile(r"[.!?]\s+(?=[A-Z\"“])|\n")


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    left = max(0, start - 400)  # a sentence longer than that is cut: keeps the scan linear
    for match in _SENTENCE_END.finditer(text, max(0, start - 400), start):
        left = match.end()
    right_match = _SENTENCE_END.search(text, end, end + 400)
    return left, right_match.start() if right_match else min(len(text), end + 400)


def _word_tense(words: list[str], index: int) -> Tense:
    word = words[index]
    previous = words[index - 1] if index else ""
    if word in _FUTURE and previous not in _DETERMINERS:  # "the plan" is a noun, not a tense
        return "future"
    if word in _PRESENT:
        return "present"
    if word in _PERFECT:
        return "past"
    if word in _PAST or (
        len(word) > 4 and word.endswith("ed") and previous not in _DETERMINERS - {"that"}
    ):
        if previous in _MODALS or (
            previous in ("be", "been", "have") and index >= 2 and words[index - 2] in _MODALS
        ):
            return "future"
        if previous in ("is", "are", "am"):
            return "present"
        return "past"
    return None


def heuristic_tense(text: str, start: int, end: int) -> Tense:
    """The tense of the nearest verb-like word to ``text[start:end]`` within its sentence."""
    if text[end : end + 2] in ("'s", "’s"):
        return "past"  # "Tuesday's declaration": news reports what has happened
    if _INFINITIVE_BEFORE.search(text, max(0, start - 40), start):
        return "future"  # "invited him to attend May 9": what someone is to do lies ahead
    return nearest_verb_tense(text, start, end)


def nearest_verb_tense(text: str, start: int, end: int) -> Tense:
    """The tense of the nearest verb-like word to ``text[start:end]`` within its sentence (the
    heuristic without its shortcuts for a possessive or a preceding infinitive)."""
    left, right = _sentence_bounds(text, start, end)
    before = [w.lower() for w in _WORD.findall(text, left, start)]
    after = [w.lower() for w in _WORD.findall(text, end, right)]
    words = before + after
    order: list[int] = []
    for distance in range(max(len(before), len(after))):
        if distance < len(before):
            order.append(len(before) - 1 - distance)
        if distance < len(after):
            order.append(len(before) + distance)
    for index in order:
        tense = _word_tense(words, index)
        if tense is not None:
            return tense
    return None


def parsed_tense(doc: Doc, start: int, end: int, text: str | None = None) -> Tense:
    """The tense of the verb governing the tokens in ``[start, end)`` of a parsed document.

    ``text`` is the text ``doc`` was parsed from where the caller has it at hand (``doc.text``
    is rebuilt from the tokens on every access)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    token: Token = span.root
    following = (doc.text if text is None else text)[end : end + 2]
    if token.dep_ == "poss" or following in ("'s", "’s"):
        # "Tuesday's declaration": as in the heuristic, news reports what happened; but a
        # scheduled event a clause looks ahead to lies ahead ("runners are expected to take
        # part in Sunday's race", "the coaches will be at Friday's draw")
        possessed = token.head
        if (
            possessed.lemma_.lower() in _SCHEDULED_EVENTS
            and possessed.dep_ not in ("nsubj", "nsubjpass")
            and _chain_tense(possessed) == "future"
        ):
            return "future"
        return "past"
    if _after_past_verb(doc, span.start) and token.dep_ not in ("nsubj", "nsubjpass"):
        return "past"  # (but "said Monday would be the deadline": Monday is the subject)
    for _ in range(8):
        if token.lower_ == "since" and token.dep_ == "prep":
            return "past"  # "a crisis since the army took power in June": what began is past
        if (
            token.pos_ in ("VERB", "AUX")
            and token.dep_ != "amod"
            and not _noun_in_disguise(token)
            and not _name_in_disguise(token)
        ):
            if _across_quotation(doc, span.start, token.i):
                # the attribution ("the ministry on Thursday: 'We have...'") hung on a verb of
                # the quotation, or the other way round: that verb is not the time's
                return None
            deadline = span.start > 0 and doc[span.start - 1].lower_ in _DEADLINE_WORDS
            return _verb_tense(token, refusal_is_past=not deadline)
        if token.head.i == token.i:
            return None
        token = token.head
    return None


_QUOTATION_MARKS = frozenset({'"', "\u201c", "\u201d", "``", "''"})


def _across_quotation(doc: Doc, time_index: int, verb_index: int) -> bool:
    """Whether an odd number of quotation marks stands between the time and its verb, unless
    the time continues a partial quotation right after its closing mark ("'...before parliament
    resumes its session' on Monday")."""
    marks = _quotation_marks_between(doc, time_index, verb_index)
    if len(marks) % 2 == 0:
        return False
    continues = verb_index < time_index and all(
        doc[i].pos_ == "ADP" or doc[i].lower_ in _BETWEEN_VERB_AND_TIME
        for i in range(marks[-1] + 1, time_index)
    )
    return not continues


def _quoted_apart(a: Token, b: Token) -> bool:
    """Whether an odd number of quotation marks stands between two tokens: one is quoted, the
    other not ('put forward "to reflect the change on July 1"': the narrator's past is not the
    quoted infinitive's)."""
    return len(_quotation_marks_between(a.doc, a.i, b.i)) % 2 == 1


def _quotation_marks_between(doc: Doc, one: int, other: int) -> list[int]:
    """The indices of the quotation marks from the earlier of two tokens up to the later."""
    low, high = sorted((one, other))
    return [i for i in range(low, high) if doc[i].text in _QUOTATION_MARKS]


# a "verb" inside a name is the tagger's guess at a word of the name ("Jose Eduardo dos/VBZ
# Santos", "Ludwig van/VBP Beethoven"); its tense is no evidence
_NAME_ENTITIES = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "WORK_OF_ART"})
_NAME_PARTICLES = frozenset(
    ["da", "das", "de", "del", "della", "der", "di", "do", "dos", "du", "van", "von", "bin", "ibn"]
)


def _name_in_disguise(token: Token) -> bool:
    if token.ent_type_ in _NAME_ENTITIES:
        return True
    doc = token.doc
    return (
        token.lower_ in _NAME_PARTICLES
        and 0 < token.i < len(doc) - 1
        and doc[token.i - 1].text.istitle()
        and doc[token.i + 1].text.istitle()
    )


def governed_by_a_noun(doc: Doc, start: int, end: int) -> bool:
    """Whether the parse hangs ``[start, end)`` on a noun before any verb ("warnings from
    Moscow on Thursday", "the adoption of a constitution in October"), or on an adjective as a
    modifier (often a verb the tagger missed: "glossed/JJ over warnings on Thursday"): the verb
    above it is then the tense of another clause, often not the time's own."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    token: Token = span.root
    if token.dep_ == "poss":
        return False  # "Sunday's ruling": the possessive's own rules read it
    for _ in range(8):
        if token.head.i == token.i:
            return False
        token = token.head
        if token.pos_ in ("VERB", "AUX") and not _participle_of_a_noun(token):
            return False
        if token.pos_ in ("NOUN", "PROPN") and not span.start <= token.i < span.end:
            return True
        if token.pos_ == "ADJ" and token.dep_ in ("advmod", "amod"):
            return True  # "glossed/JJ over warnings on Thursday": a verb the tagger missed
    return False


def _participle_of_a_noun(token: Token) -> bool:
    """A participle that modifies a noun without an auxiliary of its own ("a memorial service
    planned for Saturday was canceled"): part of the noun phrase, not a clause with a tense."""
    return (
        token.dep_ == "acl"
        and token.tag_ == "VBN"
        and not any(child.dep_ in ("aux", "auxpass") for child in token.children)
    )


# events set for a day: what one looks ahead to on a named day has not happened yet (unlike a
# "ruling", a "declaration" or a "loss", which a later comment may look back on)
_SCHEDULED_EVENTS = frozenset(
    [
        "election",
        "vote",
        "poll",
        "referendum",
        "race",
        "match",
        "game",
        "final",
        "draw",
        "test",
        "summit",
        "meeting",
        "talks",
        "session",
        "ceremony",
        "parade",
        "trip",
        "visit",
        "leg",
        "event",
        "report",
        "hearing",
        "deadline",
        "launch",
        "opening",
    ]
)


def _chain_tense(token: Token) -> Tense:
    """The tense of the first verb above ``token`` (None when there is none)."""
    for _ in range(8):
        if token.head.i == token.i:
            return None
        token = token.head
        if token.pos_ in ("VERB", "AUX") and token.dep_ != "amod" and not _noun_in_disguise(token):
            return _verb_tense(token)
    return None


# the roles of a noun phrase: a "verb" in one of them is a noun the tagger mistook ("field
# trips/VBZ on Thursday", "the capital controls/VBZ late Tuesday"); its tense is no evidence
_NOMINAL_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "compound", "poss", "appos"})


def _noun_in_disguise(token: Token) -> bool:
    return (
        token.dep_ in _NOMINAL_DEPS
        and token.tag_ in ("VBZ", "VBD", "VBN")
        # a verb's own arguments show a verb after all ("Germany host minnows/VBZ Costa Rica")
        and not any(child.dep_ in _VERB_ARGUMENTS for child in token.children)
    )


_VERB_ARGUMENTS = frozenset({"nsubj", "nsubjpass", "dobj", "aux", "auxpass", "ccomp", "xcomp"})


# words that may stand between a verb and the time it governs ("said on Wednesday")
_BETWEEN_VERB_AND_TIME = frozenset({"on", "early", "late", "earlier", "later"})


def _after_past_verb(doc: Doc, start: int) -> bool:
    """Whether the expression starting at token ``start`` follows a past-tense verb directly
    ("said on Wednesday it would cut rates"): that verb's time, though a parser may hang "on
    Wednesday" on the reported clause's "would cut" instead."""
    index = start - 1
    while index >= 0 and doc[index].lower_ in _BETWEEN_VERB_AND_TIME:
        index -= 1
    return index >= 0 and doc[index].tag_ == "VBD" and doc[index].pos_ in ("VERB", "AUX")


# verbs whose "to"-infinitive looks ahead even when they are in the past ("planned to meet
# Friday", "invited him to attend"); after other past verbs the infinitive shares their time
# ("extended the offer to acquire the company Friday", "staged rallies to mark the day Friday")
_AHEAD_VERBS = frozenset(
    [
        "plan",
        "expect",
        "hope",
        "want",
        "intend",
        "schedule",
        "agree",
        "decide",
        "promise",
        "vow",
        "threaten",
        "seek",
        "aim",
        "prepare",
        "invite",
        "ask",
        "urge",
        "order",
        "call",
        "pledge",
        "propose",
        "offer",
        "set",
        "try",
        "attempt",
        "wish",
        "need",
        "have",
        "go",
        "be",
        "due",
    ]
)


# verbs whose past is spelled as their present: a tagger's VBP for them is a guess
_SAME_FORM_PAST = frozenset(
    [
        "hurt",
        "set",
        "put",
        "cut",
        "hit",
        "cost",
        "let",
        "quit",
        "spread",
        "shut",
        "beat",
        "bet",
        "cast",
        "burst",
        "read",
        "split",
        "upset",
    ]
)


def _past_perfect(verb: Token) -> bool:
    return any(c.dep_ in ("aux", "auxpass") and c.lower_ == "had" for c in verb.children) or (
        verb.lower_ == "been" and verb.head.i != verb.i and _past_perfect(verb.head)
    )


# what a source would not or could not do when a reporter asked: "would not comment Friday",
# "could not be reached for comment Wednesday" report a refusal or a failure that happened
_REFUSED_VERBS = frozenset(
    [
        "comment",
        "confirm",
        "say",
        "elaborate",
        "disclose",
        "reveal",
        "specify",
        "identify",
        "discuss",
        "respond",
        "reach",
        "locate",
        "contact",
    ]
)


def _refused(verb: Token, auxiliaries: set[str]) -> bool:
    if not auxiliaries & {"would", "could"} or verb.lemma_.lower() not in _REFUSED_VERBS:
        return False
    negated = any(child.dep_ == "neg" for child in verb.children)
    subject_negated = any(
        child.dep_ in ("nsubj", "nsubjpass")
        and any(word.lower_ in ("neither", "nor", "no", "none", "nobody") for word in child.subtree)
        for child in verb.children
    )
    return negated or subject_negated


# "could not comment until Monday": a refusal that lasts until a day ahead
_DEADLINE_WORDS = frozenset({"until", "till", "before", "by"})


def _verb_tense(verb: Token, *, refusal_is_past: bool = True) -> Tense:
    auxiliaries = [child for child in verb.children if child.dep_ in ("aux", "auxpass")]
    lemmas = {aux.lower_ for aux in auxiliaries}
    if (
        lemmas == {"to"}
        and verb.tag_ == "VB"
        and verb.head.i != verb.i
        and not _quoted_apart(verb, verb.head)
    ):
        governor = verb.head
        if verb.dep_ == "csubj" and governor.pos_ in ("VERB", "AUX"):
            # the infinitive is the clause's subject ("the first countries to accede on Friday
            # were Poland and ..."): it takes the clause's time, not a look ahead of its own
            return _verb_tense(governor)
        if governor.pos_ == "ADJ" and governor.head.i != governor.i:
            imminent = governor.lower_ == "about"
            governor = governor.head  # "had been due to expire Friday"
            if imminent and governor.lemma_ == "be" and _verb_tense(governor) == "past":
                return "past"  # "were about to cross the street on Wednesday": imminent then
        if governor.pos_ in ("VERB", "AUX") and _past_perfect(governor):
            return "past"  # "had been scheduled to expire Friday": a plan of the past
        if (
            governor.pos_ in ("VERB", "AUX")
            and governor.lemma_.lower() not in _AHEAD_VERBS
            and governor.lower_ not in _FUTURE
            and _verb_tense(governor) == "past"
        ):
            return "past"
    if refusal_is_past and _refused(verb, lemmas):
        return "past"
    if (
        lemmas & {"will", "'ll", "shall", "wo", "would", "might", "could", "should", "may", "to"}
        or verb.lower_ in _FUTURE
        # "elections must be held by June" lie ahead; "he must have known in March" does not
        or ("must" in lemmas and not lemmas & {"have", "'ve"})
    ):
        return "future"
    if any(aux.tag_ == "VBD" for aux in auxiliaries) or lemmas & {"has", "have", "'ve", "had"}:
        return "past"
    if verb.tag_ == "VBD":
        return "past"
    if not auxiliaries and verb.tag_ == "VBP" and verb.lower_ in _SAME_FORM_PAST:
        return None  # "stocks hurt the index": as likely past; the heuristic reads the context
    if verb.tag_ in ("VBZ", "VBP") or any(aux.tag_ in ("VBZ", "VBP") for aux in auxiliaries):
        if verb.tag_ == "VBG" or any(aux.tag_ == "VBG" for aux in auxiliaries):
            return "future"
        return "present"
    return None
