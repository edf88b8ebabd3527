"""Reporting cues: the words that attribute speech or a position to someone, the phrase
naming who, and the clause attributed. Verbs of speech, belief, intention and position,
"according to", "in X's opinion", speaker labels ("PENCE: …") and a dash and a name after a
quote. See docs/events.md (Quotes, step 2)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.attrs import IDX, LEMMA, LOWER, POS
from spacy.symbols import NOUN, VERB
from spacy.tokens import Doc, Span, Token

from dateline.annotate.offsets import line_breaks, token_column
from dateline.annotate.quote_marks import ALL_MARKS, QuotedSpan
from dateline.annotate.speakers import NOT_NAMES, noun_phrase, plausible_speaker, proper_name_span

# Verbs that report speech or a stated position; the value is the cue recorded.
REPORTING_VERBS = frozenset(
    {
        "say", "tell", "add", "warn", "explain", "note", "insist", "argue", "claim", "declare",
        "state", "stress", "emphasize", "emphasise", "announce", "assert", "affirm", "admit",
        "acknowledge", "confirm", "deny", "reply", "respond", "write", "tweet", "suggest",
        "predict", "recall", "remark", "comment", "observe", "conclude", "urge", "maintain",
        "contend", "complain", "concede", "caution", "vow", "promise", "testify", "allege",
        "report", "disclose", "reveal", "indicate", "ask", "continue", "joke", "quip",
        "shout", "recount", "boast", "lament", "charge", "counter", "retort",
        "reiterate", "echo", "repeat", "email",
    }
)  # fmt: skip
# Reporting verbs after which the speaker may follow the verb ("said Lavrov"); with "tell"
# or "ask" the noun after the verb is the listener.
INVERTIBLE_VERBS = REPORTING_VERBS - {"tell", "ask", "urge", "promise", "charge", "report"}
# Verbs of belief and stance: the holder's position is attributed to them when the verb
# governs a clause ("Clinton believes that ...", "the study found that ...").
BELIEF_VERBS = frozenset(
    {
        "believe", "think", "feel", "know", "hope", "expect", "fear", "worry", "doubt",
        "understand", "agree", "recognize", "recognise", "estimate", "find", "show", "reckon",
        "suspect", "assume", "realize", "realise", "accuse", "mention", "post", "describe",
        "question", "wonder", "blame", "cite", "say", "guess", "forecast", "project",
        "consider", "decide", "figure", "bet", "signal", "imply", "demonstrate", "determine",
        "accept", "sense", "assure", "reassure", "convince", "pretend", "prove", "hint",
    }
)  # fmt: skip
# Verbs of intention and demand: "Trump wants to build a wall", "she vowed to fight on",
# "they called for an inquiry"; the intended act (an infinitive) is what is attributed.
INTENT_VERBS = frozenset(
    {
        "want", "plan", "intend", "promise", "pledge", "vow", "refuse", "decline", "threaten",
        "offer", "propose", "aim", "urge", "encourage", "demand", "call", "ask", "hope",
        "expect", "agree", "resolve", "swear",
    }
)  # fmt: skip
# Verbs that take a public position on someone or something ("Bush called Trump
# “unhinged”", "Obama endorsed Clinton", "she accused him of lying"): what they say of it
# is the object and its complement.
POSITION_VERBS = frozenset(
    {
        "prefer", "favor", "favour", "show", "reveal", "indicate", "see", "view",
        "regard", "call", "label", "dub", "brand", "accuse", "criticize", "criticise", "condemn",
        "denounce", "praise", "endorse", "support", "back", "oppose", "defend", "attack",
        "blast", "mock", "dismiss", "reject", "applaud", "thank", "cite", "mention",
        "describe", "question", "propose", "blame", "hail", "credit", "decry", "fault",
        "commend", "characterize", "characterise", "discuss", "name", "offer",
        "tout", "highlight", "welcome", "recommend", "slam", "champion",
    }
)  # fmt: skip
AS_VERBS = frozenset({"see", "view", "regard"})
# Reporting verbs that pass on an instruction ("told Bush to quiet down")
TELLING_VERBS = frozenset({"tell", "warn", "advise", "remind", "instruct", "beg"})
# Verbs whose topic follows a preposition ("talked about the economy", "pointed to the polls")
TOPIC_PREPOSITIONS: dict[str, frozenset[str]] = {
    "talk": frozenset({"about"}),
    "speak": frozenset({"about", "of"}),
    "point": frozenset({"to"}),
    "refer": frozenset({"to"}),
    "comment": frozenset({"on"}),
    "complain": frozenset({"about", "of"}),
    "warn": frozenset({"of", "about", "against"}),
    "insist": frozenset({"on"}),
    "argue": frozenset({"for", "against"}),
    "boast": frozenset({"about", "of"}),
    "joke": frozenset({"about"}),
    "write": frozenset({"about"}),
    "tweet": frozenset({"about"}),
}
STANCE_VERBS = (
    BELIEF_VERBS | INTENT_VERBS | POSITION_VERBS | frozenset(TOPIC_PREPOSITIONS)
) - REPORTING_VERBS
CUE_VERBS = REPORTING_VERBS | STANCE_VERBS
# "call for an inquiry", "push for reform": the object of the preposition is the demand
DEMAND_PREPOSITIONS = {"call": "for", "ask": "for"}
PHRASAL_CUES = {("point", "out"): "point out", ("spell", "out"): "spell out"}

HEADLINE_END = re.compile(r"[.!?:;,\"“”’'»)\]…]\s*$")


@dataclass(frozen=True, slots=True)
class Cue:
    """A reporting cue, the phrase naming its speaker, and the clause it governs."""

    lemma: str
    start: int
    end: int
    speaker: Span | None
    content: tuple[int, int] | None  # character span of the reported clause, if any
    invertible: bool


def find_cues(doc: Doc, text: str | None = None) -> list[Cue]:
    """Reporting cues in ``doc`` with their speaker phrase and reported clause.

    ``text`` is the document's text where the caller has it at hand (``doc.text`` is rebuilt
    from the tokens on every access).
    """
    cues: list[Cue] = []
    text = doc.text if text is None else text
    strings = doc.vocab.strings
    according, opinion, to = strings["according"], strings["opinion"], strings["to"]
    lowered_lemmas: dict[int, str] = {}
    # the columns needed, read once; a Token is made only for the few words that may be cues
    offsets, parts_of_speech = token_column(doc, IDX), token_column(doc, POS)
    lowers, lemmas = token_column(doc, LOWER), token_column(doc, LEMMA)
    columns = zip(offsets, parts_of_speech, lowers, lemmas, strict=True)
    line_start, next_break = 0, text.find("\n")
    in_headline = _is_headline(text, line_start)
    for index, (offset, pos, lower, lemma_id) in enumerate(columns):
        if 0 <= next_break < offset:
            # the token starts a later line: the one after the last break before it
            line_start = text.rfind("\n", 0, offset) + 1
            next_break = text.find("\n", line_start)
            in_headline = _is_headline(text, line_start)
        if in_headline:
            continue
        if pos == VERB:
            lemma = lowered_lemmas.get(lemma_id)
            if lemma is None:
                lemma = lowered_lemmas[lemma_id] = strings[lemma_id].lower()
            phrasal = lemma in _PHRASAL_VERBS and _phrasal_cue(doc[index]) is not None
            if lemma in STANCE_VERBS and not phrasal:
                cue = _stance_cue(doc[index], lemma)
                if cue is not None:
                    cues.append(cue)
                continue
            if lemma in REPORTING_VERBS or phrasal:
                cue = _verb_cue(doc[index])
                if cue is not None:
                    cues.append(cue)
                continue
        if lower == according and index + 1 < len(lowers) and lowers[index + 1] == to:
            cue = _prepositional_cue(doc[index], doc[index + 1], "according to")
            if cue is not None:
                cues.append(cue)
        elif lower == opinion and doc[index].head.lower_ == "in":
            cue = _opinion_cue(doc[index])
            if cue is not None:
                cues.append(cue)
        elif pos == NOUN:
            lemma = lowered_lemmas.get(lemma_id)
            if lemma is None:
                lemma = lowered_lemmas[lemma_id] = strings[lemma_id].lower()
            if lemma in NOUN_CUES:
                cue = _noun_cue(doc[index], lemma)
                if cue is not None:
                    cues.append(cue)
    return cues


# Nouns of speech and stance whose possessor speaks ("his claim that …", "her comment that,
# “…”", "Trump's call for a ban", "his criticism of the deal"); the value is the
# prepositions that introduce what is said, besides a that-clause or an infinitive.
NOUN_CUES: dict[str, frozenset[str]] = {
    "claim": frozenset(),
    "comment": frozenset(),
    "remark": frozenset(),
    "statement": frozenset(),
    "assertion": frozenset(),
    "suggestion": frozenset(),
    "argument": frozenset(),
    "insistence": frozenset(),
    "warning": frozenset(),
    "promise": frozenset(),
    "pledge": frozenset(),
    "vow": frozenset(),
    "belief": frozenset(),
}
INFINITIVE_NOUNS = frozenset({"promise", "pledge", "vow", "call"})


def _is_headline(text: str, line_start: int) -> bool:
    """Whether the line at ``line_start`` lacks closing punctuation (a title or heading)."""
    line_end = text.find("\n", line_start)
    line = text[line_start : len(text) if line_end == -1 else line_end]
    return not HEADLINE_END.search(line)


def _verb_cue(verb: Token) -> Cue | None:
    if any(child.dep_ in ("nsubjpass", "auxpass") for child in verb.children):
        return _passive_cue(verb)
    if verb.dep_ in ("amod", "acl") and verb.tag_ == "VBN":
        return None  # "the said agreement", "the sanctions adopted by"
    lemma = verb.lemma_.lower()
    end = verb.idx + len(verb.text)
    particle = _phrasal_cue(verb)
    if particle is not None:
        lemma = PHRASAL_CUES[(lemma, particle.lower_)]
        end = particle.idx + len(particle.text)
    invertible = lemma in INVERTIBLE_VERBS or lemma in PHRASAL_CUES.values()
    return Cue(
        lemma=lemma,
        start=verb.idx,
        end=end,
        speaker=_verb_speaker(verb, invertible),
        content=_clause_span(verb)
        or (_intended_span(verb, lemma) if lemma in INTENT_VERBS | TELLING_VERBS else None),
        invertible=invertible,
    )


_PHRASAL_VERBS = frozenset(verb for verb, _ in PHRASAL_CUES)


def _passive_cue(verb: Token) -> Cue | None:
    """A passive reporting verb whose agent is named ("the crowd was told by Sanders that
    ..."): the agent speaks. Without an agent ("it was reported that ...") nobody does."""
    agents = [
        grandchild
        for child in verb.children
        if child.dep_ == "agent"
        for grandchild in child.children
        if grandchild.dep_ == "pobj"
    ]
    if not agents:
        return None
    speaker = noun_phrase(agents[0])
    content = _clause_span(verb)
    if content is None or not plausible_speaker(speaker):
        return None
    return Cue(
        lemma=verb.lemma_.lower(),
        start=verb.idx,
        end=verb.idx + len(verb.text),
        speaker=speaker,
        content=content,
        invertible=False,
    )


def _stance_cue(verb: Token, lemma: str) -> Cue | None:
    """A belief, stance or intention verb is a cue only with what it attributes: a clause
    for belief verbs, an infinitive or a "for" object for intention verbs."""
    if any(child.dep_ in ("nsubjpass", "auxpass") for child in verb.children):
        return None
    participle = verb.dep_ == "advcl" and verb.tag_ == "VBG" and verb.i > verb.head.i
    if lemma in POSITION_VERBS and _stated_in_adverbial_clause(verb):
        participle = True  # "when Clinton accused him of …", "as she called for …"
    if verb.dep_ in ("amod", "acl", "relcl", "xcomp", "advcl", "pcomp", "csubj") and not participle:
        # "the plan to ...", "who many believe ...", "in order to seek ..."; a participle
        # after its verb speaks for its subject ("Romney went after Trump, calling it …")
        return None
    content = _clause_span(verb) if lemma in BELIEF_VERBS else None
    if content is None and lemma in INTENT_VERBS:
        content = _intended_span(verb, lemma)
    if content is None and lemma in POSITION_VERBS:
        content = _position_span(verb)
    if content is None:
        content = _topic_span(verb, lemma)
    if content is None:
        return None
    speaker = _subject_of(verb)
    if speaker is None or speaker.i > verb.i:
        return None
    phrase = noun_phrase(speaker)
    if not plausible_speaker(phrase):
        return None
    return Cue(
        lemma=lemma,
        start=verb.idx,
        end=verb.idx + len(verb.text),
        speaker=phrase,
        content=content,
        invertible=False,
    )


# Subordinators of a clause that states nothing (a condition, an alternative)
CONDITIONAL_MARKS = frozenset({"if", "unless", "whether", "until", "before"})
RELATIVE_WORDS = frozenset({"who", "which", "that", "whom", "what"})


def _stated_in_adverbial_clause(verb: Token) -> bool:
    """A position verb heading a finite adverbial clause with a subject of its own ("when
    Clinton accused him of …", "as officials praised the protests") takes that position;
    under *if*, *unless* or *whether* it is only supposed."""
    if verb.dep_ != "advcl" or verb.tag_ in ("VBG", "VBN", "VB"):
        return False
    children = list(verb.children)
    if any(c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS for c in children):
        return False
    return any(c.dep_ == "nsubj" and c.lower_ not in RELATIVE_WORDS for c in children)


def _intended_span(verb: Token, lemma: str) -> tuple[int, int] | None:
    """The infinitive an intention verb governs ("vowed [to fight on]", "urged Congress [to
    act]"), or the object of its preposition ("called [for an inquiry]")."""
    for child in verb.children:
        if child.dep_ == "xcomp" and any(t.lower_ == "to" for t in child.lefts):
            return _subtree_span(child)
        if child.dep_ in ("dobj", "prep") and child.i > verb.i:
            for grandchild in child.children:
                if grandchild.dep_ == "xcomp" and any(t.lower_ == "to" for t in grandchild.lefts):
                    return _subtree_span(grandchild)  # "called on Congress to act"
        if child.dep_ == "prep" and DEMAND_PREPOSITIONS.get(lemma) == child.lower_:
            objects = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
            if objects:  # "called for an inquiry", "called for reducing the rate"
                return _subtree_span(objects[0])
    return None


def _topic_span(verb: Token, lemma: str) -> tuple[int, int] | None:
    """The topic after the verb's preposition ("talked [about the economy]")."""
    prepositions = TOPIC_PREPOSITIONS.get(lemma)
    if not prepositions:
        return None
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in prepositions and child.i > verb.i:
            objects = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
            if objects:
                return _subtree_span(objects[0])
    return None


def _position_span(verb: Token) -> tuple[int, int] | None:
    """What a position verb says of its object: the object with its complement ("called [the
    plan “a disaster”]", "accused [Clinton of lying]"); a pronoun alone says nothing."""
    objects = [c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i]
    if not objects:
        return None
    obj = objects[0]
    if verb.lemma_.lower() in AS_VERBS and not any(c.lower_ == "as" for c in verb.children):
        return None  # "sees Trump as a threat" is a position, "saw Trump" is not
    tokens = [t for t in obj.subtree]
    complements = [
        c
        for c in verb.children
        if c.i > obj.i
        and (
            c.dep_ in ("oprd", "xcomp", "ccomp")
            or (c.dep_ == "prep" and c.lower_ in ("of", "as", "for"))
        )
    ]
    for complement in complements:
        tokens += list(complement.subtree)
    tokens = _on_line_of(verb, sorted(tokens, key=lambda t: t.i))
    if not tokens or (len(tokens) == 1 and tokens[0].pos_ == "PRON"):
        return None
    while len(tokens) > 1 and (tokens[-1].is_punct or tokens[-1].is_space):
        tokens.pop()
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def _subtree_span(token: Token) -> tuple[int, int]:
    tokens = list(token.subtree)
    while len(tokens) > 1 and (tokens[-1].is_punct or tokens[-1].is_space):
        tokens.pop()
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def _phrasal_cue(verb: Token) -> Token | None:
    if verb.lemma_.lower() not in _PHRASAL_VERBS:
        return None
    for child in verb.children:
        if child.dep_ == "prt" and (verb.lemma_.lower(), child.lower_) in PHRASAL_CUES:
            return child
    return None


def _verb_speaker(verb: Token, invertible: bool) -> Span | None:
    speaker = _verb_speaker_phrase(verb, invertible)
    return speaker if speaker is not None and plausible_speaker(speaker) else None


def _verb_speaker_phrase(verb: Token, invertible: bool) -> Span | None:
    subject = _subject_of(verb)
    if (
        subject is not None
        and verb.dep_ == "relcl"
        and (
            subject.lower_ in ("who", "that")
            or (subject.lower_ == "which" and verb.head.ent_type_ in ("ORG", "GPE", "NORP"))
        )
    ):
        # "Trump, who said ...", "the police department, which reported ...": the relative
        # clause's head speaks
        subject = verb.head
    if subject is not None and subject.ent_type_ in ("DATE", "TIME"):
        subject = None
    if (
        subject is not None
        and verb.dep_ == "parataxis"
        and subject.i < verb.i < verb.head.i
        and any(t.text == "," for t in verb.doc[subject.i + 1 : verb.i])
    ):
        # "To understand Dred Scott, Chief Justice Roberts said, one should …": the
        # parenthetical's speaker is right before its verb, not a noun before its comma
        subject = _name_before(verb)
    if subject is not None and subject.i > verb.i and invertible:
        after = _noun_phrase_after(verb)
        if after is not None and after.start <= subject.i < after.end:
            return after
    if subject is not None and subject.pos_ not in ("PRON", "PROPN"):
        names = [c for c in subject.children if c.dep_ == "appos" and c.pos_ == "PROPN"]
        if names:  # "One of the authors of the report, Ari Fleischer, said"
            return proper_name_span(names[0])
    if subject is not None and subject.pos_ != "PRON":
        return noun_phrase(subject)
    after = _noun_phrase_after(verb) if invertible else None
    if after is not None and not _in_reported_clause(after.root, verb):
        # "She said Trump favors ...": said by her, not by the reported clause's subject
        return after
    if subject is not None:
        return noun_phrase(subject)
    return None


# "As The Washington Post reported, X": verbs whose "as" clause attributes the main clause
# ("as he continued", "as they lamented" are times, not sources)
AS_REPORTS = frozenset(
    {"say", "report", "note", "point", "write", "observe", "explain", "tell", "suggest",
     "remark", "predict", "acknowledge", "argue", "claim", "put", "state", "recall"}
)  # fmt: skip
CLAUSE_DEPENDENCIES = frozenset({"ccomp", "xcomp", "advcl", "relcl", "acl", "csubj", "conj"})


def _in_reported_clause(token: Token, verb: Token) -> bool:
    """Whether ``token`` sits in a clause that ``verb`` governs (not the verb's own phrase)."""
    while token.head != token and token != verb:
        if (token.dep_ in CLAUSE_DEPENDENCIES and token.head == verb) or token.pos_ in (
            "VERB",
            "AUX",
        ):
            return True
        token = token.head
    return False


def _subject_of(verb: Token) -> Token | None:
    subjects = [c for c in verb.children if c.dep_ == "nsubj" and _same_line(verb, c)]
    if subjects:
        return min(subjects, key=lambda c: abs(c.i - verb.i))
    # "X said ... and added": a conjoined verb shares the first verb's subject, and so does
    # a participle ("Cruz is making a pitch, saying ...")
    participle = verb.tag_ == "VBG" and verb.dep_ in ("advcl", "xcomp", "conj")
    if (verb.dep_ == "conj" or participle) and verb.head.pos_ in ("VERB", "AUX"):
        for child in verb.head.children:
            if child.dep_ == "nsubj" and _same_line(verb, child):
                return child
    governor = verb.head.head
    if (
        verb.tag_ == "VBG"
        and verb.dep_ == "pcomp"
        and verb.head.pos_ == "ADP"
        and governor.pos_ in ("VERB", "AUX")
        and governor.i != verb.head.i
    ):
        # "Obama responded by saying ...", "After saying ..., she was whisked off"
        for child in governor.children:
            if child.dep_ in ("nsubj", "nsubjpass") and _same_line(verb, child):
                return child
    holder = verb
    for _ in range(2):
        # "She went on to say ...", "voters are more likely to say ...": the subject of the
        # verb or adjective the infinitive completes
        if holder.dep_ not in ("xcomp", "acomp") or holder.head.i == holder.i:
            break
        holder = holder.head
        for child in holder.children:
            if child.dep_ == "nsubj" and _same_line(verb, child):
                return child
    if verb.tag_ == "VBG" and verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
        return verb.head  # "GOP voters saying they want ...", "an ad asking ..."
    return _name_before(verb) or _name_before_aside(verb)


def _same_line(verb: Token, other: Token) -> bool:
    """Whether no line break separates ``other`` from ``verb`` (a parse across a title and
    the first paragraph is a slip, not a subject)."""
    start, end = sorted((verb.i, other.i))
    return not any("\n" in t.text_with_ws for t in verb.doc[start:end])


def _name_before(verb: Token) -> Token | None:
    """A name right before a verb the parser left without a subject ("Chris Christie said"
    under a title line)."""
    index = verb.i - 1
    doc = verb.doc
    while (
        index >= 0
        and doc[index].pos_ in ("AUX", "ADV", "PART")
        and "\n" not in doc[index].text_with_ws
    ):
        index -= 1
    if index < 0 or doc[index].pos_ not in ("PROPN", "NOUN") or "\n" in doc[index].text_with_ws:
        return None
    return (
        doc[index]
        if doc[index].pos_ == "PROPN" or doc[index].ent_type_ in ("PERSON", "ORG")
        else None
    )


# what opens an aside between a name and its verb: "Reid, the minority leader, said",
# "Levine, who has given money to Rubio, said", "Mr. Slinker, whose start-up ..., said"
ASIDE_OPENERS = frozenset({"who", "whose", "the", "a", "an", "one", "another"})
ASIDE_STOPS = frozenset({".", "!", "?", ";", ":"})


def _name_before_aside(verb: Token) -> Token | None:
    """The name before an aside set off by commas right before a verb the parser left
    without a subject: the parse ties the name to the aside or to the words before it."""
    doc = verb.doc
    if verb.i < 4 or doc[verb.i - 1].text != ",":
        return None
    for index in range(verb.i - 2, max(0, verb.i - 40), -1):
        token = doc[index]
        if (
            "\n" in token.text_with_ws
            or token.text in ASIDE_STOPS
            or token.text in ALL_MARKS
            or (token.pos_ == "VERB" and token.dep_ == "ROOT")
        ):
            return None
        if token.text != "," or doc[index + 1].lower_ not in ASIDE_OPENERS:
            continue
        name = doc[index - 1]
        if name.pos_ == "PROPN" and name.ent_type_ not in NOT_NAMES:
            return name
        return None
    return None


SKIPPABLE_AFTER_VERB = frozenset({"ADV", "AUX", "PART"})


def _noun_phrase_after(verb: Token) -> Span | None:
    """The speaker of an inverted attribution: '..., said the North Korean official'."""
    doc = verb.doc
    index = verb.i + 1
    for child in verb.children:
        if child.dep_ == "prt":
            index = max(index, child.i + 1)
    while index < len(doc):
        token = doc[index]
        if (
            token.ent_type_ in ("DATE", "TIME")
            or token.pos_ in SKIPPABLE_AFTER_VERB
            or (
                token.text == ","
                and index + 1 < len(doc)
                and doc[index + 1].ent_type_ in ("DATE", "TIME")
            )
            or token.is_space
        ):
            index += 1
        else:
            break
    if index >= len(doc):
        return None
    first = doc[index]
    if first.pos_ not in ("DET", "ADJ", "PROPN", "NOUN") or first.lower_ in ("that", "this", "it"):
        return None
    if "\n" in doc[verb.i : index].text_with_ws.rstrip("\n"):
        return None
    return _extend_inverted_phrase(doc, index)


NAME_POS = frozenset({"DET", "ADJ", "PROPN", "NOUN", "NUM"})


def _extend_inverted_phrase(doc: Doc, start: int) -> Span | None:
    end = start
    seen_noun = False
    while end < len(doc):
        token = doc[end]
        if token.pos_ in NAME_POS or (
            token.text in "-’'." and seen_noun and token.whitespace_ == ""
        ):
            seen_noun = seen_noun or token.pos_ in ("NOUN", "PROPN")
            end += 1
            continue
        if token.pos_ == "PART" and token.tag_ == "POS":
            end += 1
            continue
        if (
            token.pos_ == "ADP"
            and token.lower_ in ("of", "to", "for", "at", "in")
            and seen_noun
            and end + 1 < len(doc)
            and doc[end + 1].pos_ in ("DET", "PROPN", "NOUN", "ADJ")
        ):
            end += 1
            continue
        break
    while end > start and doc[end - 1].pos_ in ("DET", "ADP", "PUNCT", "PART"):
        end -= 1
    if end == start or not any(t.pos_ in ("NOUN", "PROPN") for t in doc[start:end]):
        return None
    phrase = doc[start:end]
    # "said the Russian ambassador to Pyongyang, Alexandr Matsegora": the name after the
    # comma is the speaker the role phrase introduces.
    if end + 1 < len(doc) and doc[end].text == "," and doc[end + 1].pos_ == "PROPN":
        name = proper_name_span(doc[end + 1])
        if name.end >= len(doc) or doc[name.end].is_punct:
            return doc[start : name.end]
    return phrase


def _clause_span(verb: Token) -> tuple[int, int] | None:
    """The reported clause: "said [that X]", "[X], sources said" (before or after the verb)."""
    clauses = [c for c in verb.children if c.dep_ == "ccomp"]
    if clauses:
        # after the verb first: a clause before it across a quote's end is a parse slip
        clause = next((c for c in clauses if c.i > verb.i), clauses[0])
        tokens = _on_line_of(verb, _without_other_reports(clause))
        if tokens:
            return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    as_clause = (
        verb.dep_ == "advcl"
        and verb.lemma_.lower() in AS_REPORTS
        and any(child.dep_ == "mark" and child.lower_ == "as" for child in verb.children)
    )
    if (verb.dep_ == "parataxis" or as_clause) and verb.head.pos_ in ("VERB", "AUX"):
        # "X happened, a source said", "X, a source said, happened" and "as Menendez
        # pointed out, X happened": the source's report is the clause it hangs from
        own = {t.i for t in verb.subtree}
        # "X happened, a source said, after Y": the clause around the attribution
        tokens = [t for t in verb.head.subtree if t.i not in own]
        while tokens and (tokens[-1].is_punct or tokens[-1].is_space):
            tokens.pop()
        if tokens:
            return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    return None


def _on_line_of(verb: Token, tokens: list[Token]) -> list[Token]:
    """The ``tokens`` on the verb's line: a reported clause does not run across paragraphs."""
    doc = verb.doc
    breaks = line_breaks(doc)
    first = verb.i
    while first > 0 and not breaks[first - 1]:
        first -= 1
    last = verb.i
    while last + 1 < len(doc) and not breaks[last]:
        last += 1
    kept = [t for t in tokens if first <= t.i <= last and not t.is_space]
    while kept and kept[0].is_punct and kept[0].text not in ALL_MARKS:
        kept.pop(0)
    return kept


def _without_other_reports(clause: Token) -> list[Token]:
    """The clause's words up to a conjoined report of its own ("said X and said that Y":
    X only), without trailing punctuation and conjunctions."""
    cut: set[int] = set()
    for token in clause.subtree:
        if token.dep_ == "conj" and token.lemma_.lower() in CUE_VERBS and token.i > clause.i:
            cut.update(t.i for t in token.subtree)
            cut.update(t.i for t in token.head.children if t.dep_ == "cc" and t.i < token.i)
    tokens = [t for t in clause.subtree if t.i not in cut]
    if cut:
        tokens = [t for t in tokens if t.i < min(cut)]
    while len(tokens) > 1 and (
        tokens[-1].is_punct or tokens[-1].is_space or tokens[-1].dep_ == "cc"
    ):
        tokens.pop()
    return tokens


def _prepositional_cue(according: Token, to: Token, lemma: str) -> Cue | None:
    objects = [child for child in to.children if child.dep_ == "pobj"] or [
        child for child in according.children if child.dep_ == "pobj"
    ]
    if not objects:
        return None
    speaker = noun_phrase(objects[0])
    # whatever "according to" names is a source: a person, a poll, a filing
    if speaker.root.pos_ not in ("NOUN", "PROPN") and not plausible_speaker(speaker):
        return None
    if speaker.root.ent_type_ in NOT_NAMES:
        return None
    return Cue(
        lemma=lemma,
        start=according.idx,
        end=max(to.idx + len(to.text), speaker.end_char),
        speaker=speaker,
        content=_clause_around(according, speaker),
        invertible=False,
    )


def _noun_cue(noun: Token, lemma: str) -> Cue | None:
    """A noun of speech or stance with a possessor who holds it ("his claim [that …]",
    "Trump's call [for a ban]"): the possessor speaks; "its", "my", "our" do not."""
    owners = [c for c in noun.children if c.dep_ == "poss"]
    if not owners:
        return None
    owner = owners[0]
    if owner.pos_ != "PROPN" or owner.ent_type_ in NOT_NAMES:
        return None  # "his claim" too often reaches the wrong man, "its" no one
    speaker = noun_phrase(owner)
    if not plausible_speaker(speaker):
        return None
    content: tuple[int, int] | None = None
    for child in noun.children:
        if child.i < noun.i:
            continue
        if child.dep_ in ("acl", "ccomp") and any(
            t.dep_ == "mark" and t.lower_ == "that" for t in child.children
        ):
            content = _subtree_span(child)  # "his claim that people would learn nothing"
        elif (
            child.dep_ == "acl"
            and lemma in INFINITIVE_NOUNS
            and any(t.lower_ == "to" for t in child.lefts)
        ):
            content = _subtree_span(child)  # "her pledge to raise the wage"
        elif child.dep_ == "prep" and child.lower_ in NOUN_CUES[lemma]:
            objects = [
                c
                for c in child.children
                if c.dep_ in ("pobj", "pcomp") and c.ent_type_ not in ("DATE", "TIME")
            ]
            if objects:  # "his criticism of the deal", not "his remarks on Saturday"
                content = _subtree_span(objects[0])
        if content is not None:
            break
    if content is None:
        return None
    tokens = _on_line_of(noun, [t for t in noun.doc if content[0] <= t.idx < content[1]])
    if not tokens:
        return None
    return Cue(
        lemma=lemma,
        start=noun.idx,
        end=noun.idx + len(noun.text),
        speaker=speaker,
        content=(tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)),
        invertible=False,
    )


def _opinion_cue(opinion: Token) -> Cue | None:
    preposition = opinion.head
    owner: Token | None = None
    for child in opinion.children:
        if child.dep_ == "poss":
            owner = child
        elif child.dep_ == "prep" and child.lower_ == "of":
            owner = next((c for c in child.children if c.dep_ == "pobj"), None)
    if owner is None:
        return None
    speaker = noun_phrase(owner)
    if not plausible_speaker(speaker):
        return None
    return Cue(
        lemma="in the opinion of",
        start=preposition.idx,
        end=max(opinion.idx + len(opinion.text), speaker.end_char),
        speaker=speaker,
        content=_clause_around(preposition, speaker),
        invertible=False,
    )


def _clause_around(phrase_head: Token, speaker: Span) -> tuple[int, int] | None:
    """The sentence minus the attributing phrase ("According to X, ...")."""
    sentence = phrase_head.sent
    phrase_tokens = list(phrase_head.subtree)
    phrase_start = min(phrase_tokens[0].i, speaker.start)
    phrase_end = max(phrase_tokens[-1].i + 1, speaker.end)
    before = sentence.doc[sentence.start : phrase_start]
    after = sentence.doc[phrase_end : sentence.end]
    part = after if len(after.text.strip(" ,.")) >= len(before.text.strip(" ,.")) else before
    text = part.text
    if "\n" in text.strip():
        # a clause does not run across a line break (headings, the next paragraph)
        pieces = text.split("\n")
        text = pieces[-1] if part is before else pieces[0]
    stripped = text.strip(" ,.;:\n")
    if len(stripped.split()) < 3:
        return None
    offset = part.start_char + part.text.index(stripped)
    return offset, offset + len(stripped)


# "“…” ― Sonya Herrera": a dash and a name right after a quote, closing its line or sentence
DASH_ATTRIBUTION = re.compile(r"[ \t\u00a0]*[―—–-]{1,2}[ \t\u00a0]*")
# "PENCE: Well, ...", "Blair: ‘We will ...’": a short name opening a line, then a colon; in a
# transcript quoted paragraph by paragraph the line opens with the quotation mark ("\"PENCE: …")
LABEL_LINE = re.compile(
    r"^[ \t]*[\"“]?([A-Z][\w.’'-]*(?:[ \t]+(?:[A-Z][\w.’'-]*|and|&|on|at|in|to|of|for)){0,5})"
    r"[ \t]*:[ \t]+(\S[^\n]*)$",
    re.MULTILINE,
)
LABEL_POS = frozenset({"PROPN", "NOUN", "ADJ", "PUNCT", "CCONJ", "ADP", "DET"})
NOT_SPEAKER_LABELS = frozenset(
    {
        "update", "updated", "note", "photo", "photos", "video", "watch", "read", "related",
        "editor", "image", "credit", "credits", "transcript", "q", "a", "question", "answer",
        "breaking", "exclusive", "opinion", "analysis", "source", "sources", "see", "also",
        "disclosure", "correction", "listen", "subscribe", "follow", "contact", "email",
        "tags", "topics", "filed", "posted", "published", "by", "date", "time", "location",
        "focus", "feature", "interview", "profile", "roundup", "factbox", "backgrounder",
        "commentary", "spotlight", "newsalert", "urgent", "briefing",
    }
)  # fmt: skip
NAME_ENTITIES = frozenset({"PERSON", "ORG", "NORP", "GPE"})


def dash_cue(doc: Doc, text: str, span: QuotedSpan) -> Cue | None:
    dash = DASH_ATTRIBUTION.match(text, span.end)
    if dash is None or dash.group().strip() == "-":
        return None  # a lone hyphen is too often a word joiner
    first = doc.char_span(dash.end(), dash.end() + 1, alignment_mode="expand")
    if first is None or first[0].pos_ != "PROPN":
        return None
    name = proper_name_span(first[0])
    after = text[name.end_char : name.end_char + 2]
    if name.start != first[0].i or not (after == "" or after[0] in "\n,.;(" or after == " ("):
        return None
    return Cue(
        lemma="dash",
        start=dash.start(),
        end=dash.end(),
        speaker=name,
        content=None,
        invertible=False,
    )


def label_cues(doc: Doc, text: str) -> list[Cue]:
    """Speaker labels: a line opened by a name and a colon (a transcript, a headline)."""
    if ":" not in text:
        return []
    cues: list[Cue] = []
    for line in LABEL_LINE.finditer(text):
        label = doc.char_span(line.start(1), line.end(1), alignment_mode="expand")
        if label is None or {label[0].lower_, label[-1].lower_} & NOT_SPEAKER_LABELS:
            continue  # "Update:", and a wire's section slug after a place ("China Focus:")
        if len(label) == 1 and label[0].is_upper and label[0].ent_type_ in ("GPE", "LOC"):
            continue  # a dateline ("LONDON: Despite their mutual hostility ..."), no speaker
        if not all(t.pos_ in LABEL_POS or t.ent_type_ in NAME_ENTITIES for t in label):
            continue
        named = any(t.pos_ == "PROPN" or t.ent_type_ in NAME_ENTITIES for t in label)
        if not named and not (len(label) == 1 and label[0].is_title):
            continue
        if any(t.ent_type_ in NOT_NAMES for t in label):
            continue
        if sum(t.is_alpha for t in label) >= 3 and not any(
            t.ent_type_ in NAME_ENTITIES for t in label
        ):
            continue  # "Little Relief for Refugees: …" is a section heading, not a speaker
        said = doc.char_span(line.start(2), line.end(2), alignment_mode="expand")
        if said is None or not (
            said.text[:1] in ALL_MARKS + "‘"
            or (len(said) >= 3 and any(t.pos_ in ("VERB", "AUX") for t in said))
            or sum(t.is_alpha for t in said) >= 4
        ):
            continue  # "Rating: 5.0", "Tags: politics": a field, not words said
        cues.append(
            Cue(
                lemma="colon",
                start=line.end(1),
                end=line.start(2),
                speaker=label,
                content=(line.start(2), line.end(2)),
                invertible=False,
            )
        )
    return cues
