"""Events per article: who did what to whom, where and when, with category and modality.

A trigger is a verb or an event noun of the lexicon in :mod:`dateline.annotate.event_scheme`
("invited", "visit", "talks", "summit", "erased ... debt"), else any other happening
(:mod:`dateline.annotate.event_words`: category ``occurrence``), read in the sense its clause
gives it (:mod:`dateline.annotate.event_senses`: a verbal attack, an idiom). Its
participants come from the dependency parse and are kept only where they are entity mentions
that can act (a pronoun or a role phrase is resolved to a mention the way quote speakers are;
a war or a plan is a topic, never an actor); its time is the time expression in its own
clause, else the one of the clause it depends on ("when he refused" takes the time of the
main clause), else the article's date with basis ``article``. A quote is its own record of
speech: no event restates it. See docs/events.md.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from collections.abc import Sequence

from spacy.attrs import POS
from spacy.symbols import ADJ, NOUN, PROPN, VERB
from spacy.tokens import Doc, Span, Token

from dateline.annotate.descriptions import described_mention
from dateline.annotate.event_scheme import (
    CANCELLING_VERBS,
    FAILING_VERBS,
    FUTURE_AUXILIARIES,
    HYPOTHETICAL_AUXILIARIES,
    NOUN_TRIGGERS,
    PHRASE_TRIGGERS,
    PLANNING_MODIFIERS,
    PLANNING_VERBS,
    POSTPONING_VERBS,
    REFUSAL_VERBS,
    VERB_TRIGGERS,
)
from dateline.annotate.event_senses import ATTACK_VERBS, NO_EVENT, sense
from dateline.annotate.event_tense import lies_ahead, report_day, told_as_past
from dateline.annotate.event_words import (
    EVENT_ADJECTIVES,
    EVENT_NOUNS,
    SUPPORT_VERBS,
    event_noun_category,
    headline_word_lemmas,
    is_event_verb,
    verb_lemmas,
)
from dateline.annotate.offsets import SpanIndex, token_column
from dateline.annotate.quotes import REPORTING_VERBS, find_quoted_spans
from dateline.annotate.speakers import (
    NOT_NAMES,
    ROLE_NOUNS,
    SPEAKER_NOUNS,
    SpeakerResolver,
    noun_phrase,
)
from dateline.records import Article, Event, Mention, Modality, Quote, TimeBasis, TimeExpr

OCCURRENCE = "occurrence"
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
PLACE_LABELS = frozenset({"PLACE", "GPE", "LOC", "FAC"})
PARTICIPANT_LABELS = frozenset({"PERSON", "ORG", "PLACE", "GPE", "NORP", "LOC", "FAC", "PRODUCT"})
# Names of things: what is made, sold or launched, never who acts.
THING_LABELS = frozenset({"PRODUCT"})
# Clause children that belong to another event: their times and participants are not ours.
OWN_CLAUSE_STOP = frozenset(
    {"xcomp", "ccomp", "relcl", "acl", "advcl", "conj", "parataxis", "appos"}
)
# Dependents whose clause inherits the head clause's time ("when he refused", "to accept").
TIME_INHERITING = frozenset({"advcl", "xcomp", "conj", "pcomp", "pobj", "prep", "acomp", "oprd"})
# An event noun that is an argument of a verb happens when its clause says ("posted a loss in
# the first quarter", "the deal with Fiat went through on Thursday").
NOUN_ARGUMENTS = frozenset({"dobj", "nsubj", "nsubjpass"})
# Conjunctions of a clause that happens at the time of the clause it modifies.
SIMULTANEOUS_MARKS = frozenset({"when", "while", "as"})
# Nouns naming what an event is about: never its actor or target.
TOPIC_NOUNS = frozenset(
    {"plan", "policy", "issue", "crisis", "conflict", "scandal", "row", "debate", "election",
     "campaign", "budget", "law", "bill", "report", "case", "programme", "program", "proposal",
     "idea", "question", "matter", "problem", "situation", "process", "war", "record", "reform",
     "strategy", "decision", "project", "scheme", "affair", "story", "news", "rumour", "rumor"}
)  # fmt: skip
PLACE_PREPOSITIONS = frozenset({"in", "at", "to", "into"})
TARGET_PREPOSITIONS = frozenset({"to", "with", "against", "on", "toward", "towards", "for"})
ACTOR_PREPOSITIONS = frozenset({"by", "from"})
DATE_TYPES = frozenset({"DATE", "TIME"})
# "GM must reduce its costs": an obligation, which has not happened (yet)
OBLIGATION_AUXILIARIES = frozenset({"must", "ought"})
GROUP_NOUNS = frozenset(
    {"regime", "government", "authorities", "delegation", "leadership", "administration",
     "side", "army", "forces", "military", "ministry", "embassy", "state", "diplomacy"}
)  # fmt: skip


def event_id(article_id: str, start: int, end: int) -> str:
    """Stable id of the event triggered at ``start:end`` in article ``article_id``."""
    return hashlib.sha1(f"{article_id}:{start}:{end}".encode()).hexdigest()[:16]


class _Context:
    """What every trigger in one article needs: mentions, times, speaker resolution."""

    def __init__(
        self, article: Article, doc: Doc, mentions: Sequence[Mention], times: Sequence[TimeExpr]
    ) -> None:
        self.article = article
        self.doc = doc
        self.mentions = sorted(mentions, key=lambda m: (m.start, m.end))
        self.times = [t for t in times if t.type in DATE_TYPES and t.value[:1].isdigit()]
        self.resolver = SpeakerResolver(doc, mentions, text=article.text)
        self.trigger: Token | None = None  # the trigger whose participants are being read
        first_line = article.text.split("\n", 1)[0]
        # a title: a first line with more lines after it and no closing punctuation
        self.title_end = (
            len(first_line)
            if "\n" in article.text and not first_line.rstrip().endswith((".", "!", "?", ":", '"'))
            else 0
        )
        self._sentences = list(doc.sents)
        self._sentence_starts = [sentence.start for sentence in self._sentences]
        self.inside_quotes = SpanIndex((q.start, q.end) for q in find_quoted_spans(article.text))

    def sentence(self, token: Token) -> Span:
        """``token.sent``, found by bisection (spaCy walks the parse for each call)."""
        return self._sentences[bisect_right(self._sentence_starts, token.i) - 1]

    def is_mention(self, span: tuple[int, int]) -> bool:
        return any((m.start, m.end) == span for m in self.mentions)

    def agents(self, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
        """The spans that name someone who can act: not a product's mention."""
        things = {(m.start, m.end) for m in self.mentions if m.label in THING_LABELS}
        return [span for span in spans if span not in things]

    def same_line(self, first: Token, second: Token) -> bool:
        start, end = sorted((first.idx, second.idx))
        return "\n" not in self.article.text[start:end]

    def described(self, head: Token) -> tuple[int, int] | None:
        return described_mention(
            head, self.mentions, self.sentence, self.inside_quotes.strictly_inside
        )

    def mentions_in(self, start: int, end: int) -> list[Mention]:
        return [m for m in self.mentions if start <= m.start and m.end <= end]

    def participants(self, token: Token) -> list[tuple[int, int]]:
        """Entity mention spans an argument token stands for (with its conjuncts)."""
        spans: list[tuple[int, int]] = []
        for head in [token, *_conjuncts(token)]:
            if self.trigger is not None and not self.same_line(head, self.trigger):
                continue  # a parse across a title or a dateline: not this event's participant
            if head.pos_ == "NOUN" and _is_topic(head):
                continue  # "the Iraq war", "Blair's plan": what the event is about, not who acts
            if head.tag_ in ("WP", "WDT") and head.head.dep_ == "relcl":
                head = head.head.head  # "Howard, who attacked ...": the relative's antecedent
            phrase = noun_phrase(head)
            inside = [m for m in self.mentions_in(phrase.start_char, phrase.end_char)]
            covering = [m for m in self.mentions if m.start <= head.idx < m.end]
            # a person named inside the phrase acts only when the phrase names someone ("the
            # leader of Russia, Putin"), not in "the attention of the talks with Kim"
            people = [
                m for m in inside if m.label == "PERSON" and (m in covering or _names_someone(head))
            ]
            if people:
                spans.append((people[-1].start, people[-1].end))
            elif covering and covering[-1].label in PARTICIPANT_LABELS:
                spans.append((covering[-1].start, covering[-1].end))
            elif covering:
                continue  # a name of something that cannot act: an event, a product, a law
            elif (named := self._appositive(head)) is not None:
                spans.append(named)  # "European aircraft manufacturer, Airbus, has won ..."
            elif head.lemma_.lower() in GROUP_NOUNS and inside:
                spans.append((inside[0].start, inside[0].end))  # "the North Korean regime"
            elif head.ent_type_ in NOT_NAMES:
                continue
            elif (described := self.described(head)) is not None:
                spans.append(described)  # "the company", "it": an organisation named before
            elif head.pos_ in ("PRON", "PROPN") or (head.pos_ == "NOUN" and _names_someone(head)):
                resolved = self.resolver.resolve(phrase)
                if resolved is not None and self.is_mention(resolved):
                    spans.append(resolved)
        return list(dict.fromkeys(spans))

    def _appositive(self, head: Token) -> tuple[int, int] | None:
        """The name set beside a common noun ("the airline, Ryanair,") or that "one of"
        takes from ("One of the A380s"): the one the noun stands for."""
        for child in head.children:
            if child.dep_ == "appos" or (
                child.dep_ == "prep" and child.lower_ == "of" and head.lower_ == "one"
            ):
                target = (
                    child
                    if child.dep_ == "appos"
                    else next((c for c in child.children if c.dep_ == "pobj"), None)
                )
                if target is None:
                    continue
                named = [m for m in self.mentions if m.start <= target.idx < m.end]
                if named and named[-1].label in PARTICIPANT_LABELS:
                    return named[-1].start, named[-1].end
        return None


def _names_someone(head: Token) -> bool:
    lemma = head.lemma_.lower()
    return head.pos_ in ("PROPN", "PRON") or lemma in ROLE_NOUNS or lemma in SPEAKER_NOUNS


def _is_topic(noun: Token) -> bool:
    lemma = noun.lemma_.lower()
    return (lemma in NOUN_TRIGGERS or lemma in TOPIC_NOUNS) and lemma not in GROUP_NOUNS


def _conjuncts(token: Token) -> list[Token]:
    # the conjuncts joined to ``token`` itself are its children (in text order, as in its subtree)
    return [t for t in token.children if t.dep_ == "conj" and t.pos_ != "VERB"]


def extract_events(
    article: Article,
    doc: Doc,
    mentions: Sequence[Mention],
    times: Sequence[TimeExpr],
    quotes: Sequence[Quote] = (),
) -> list[Event]:
    """Events reported in ``article``: lexicon triggers with participants, time, modality."""
    context = _Context(article, doc, mentions, times)
    events: list[Event] = []
    inside_quotes = SpanIndex((q.start, q.end) for q in find_quoted_spans(article.text))
    quoted = sorted((q.start, q.end) for q in quotes)
    headline_end = _headline_end(article.text)
    for index, pos in enumerate(token_column(doc, POS)):
        if pos == PROPN and doc[index].idx < headline_end:
            headline = _headline_event(context, doc[index])
            if headline is not None:
                events.append(headline)
            continue
        if pos != VERB and pos != NOUN and pos != ADJ:
            continue  # only verbs, nouns and a few adjectives trigger events (see _trigger)
        token = doc[index]
        trigger = _trigger(token)
        if trigger is None or inside_quotes.strictly_inside(token.idx):
            continue  # words inside quotation marks are the speaker's claims, not reported events
        category, trigger_span = trigger
        category = sense(token, category)
        if category == NO_EVENT:
            continue  # an idiom: "struck a balance"
        if category == "statement" and _restates_a_quote(context.sentence(token), quoted):
            continue  # the quote is the record of this speech
        refusal = _refusal_governor(token)
        if token.lemma_.lower() in REFUSAL_VERBS | FAILING_VERBS and _refused_event(token):
            continue  # "refused to accept": reported once, as the refused acceptance
        event = _event(context, token, category, trigger_span, refusal)
        if event is not None:
            events.append(event)
    events.sort(key=lambda e: (e.trigger_start, e.trigger_end))
    return events


def _headline_end(text: str) -> int:
    """Where the first line ends when it is a title-case headline ("Tara Reid Checks Into
    Rehab"), whose verbs the parser takes for names; 0 otherwise."""
    line = text.split("\n", 1)[0]
    words = [w for w in _WORD.findall(line) if len(w) > 3]
    if len(words) < 3 or line.rstrip().endswith((".", "?", "!")):
        return 0
    capitalised = sum(1 for word in words if word[0].isupper())
    return len(line) if capitalised >= 0.8 * len(words) else 0


def _headline_event(context: _Context, token: Token) -> Event | None:
    """A headline word the parser took for a name but the lexicons know as an event word."""
    if any(m.start <= token.idx < m.end for m in context.mentions):
        return None  # a real name
    category = _headline_category(token.text)
    if category is None:
        return None
    when, basis = _when(context, token)
    start, end = token.idx, token.idx + len(token.text)
    line_end = _headline_end(context.article.text)
    return Event(
        id=event_id(context.article.id, start, end),
        article_id=context.article.id,
        trigger_start=start,
        trigger_end=end,
        trigger=token.text,
        category=category,
        when=when,
        when_basis=basis,
        sentence_start=0,
        sentence_end=line_end,
        sentence=context.article.text[:line_end],
    )


def _headline_category(word: str) -> str | None:
    for form in headline_word_lemmas(word):
        if form in REPORTING_VERBS or form in ATTACK_VERBS:
            return None  # speech is the quotes'; an attack's sense needs the parse it lacks
        if form in VERB_TRIGGERS:
            return VERB_TRIGGERS[form]
        if form in NOUN_TRIGGERS:
            return NOUN_TRIGGERS[form]
        noun = event_noun_category(form)
        if noun is not None:
            return noun
        if form in verb_lemmas() and is_event_verb(form):
            return OCCURRENCE
    return None


def _trigger(token: Token) -> tuple[str, Span] | None:
    """(category, trigger words) when ``token`` reports something happening."""
    pos = token.pos
    lemma = token.lemma_.lower()
    if pos == ADJ:
        category = EVENT_ADJECTIVES.get(lemma)
        return (category, token.doc[token.i : token.i + 1]) if category else None
    if pos != VERB and pos != NOUN:
        return None
    doc = token.doc
    if pos == VERB:
        for child in token.children:
            if child.dep_ in ("dobj", "prt", "prep"):
                key = (lemma, child.lemma_.lower())
                if key in PHRASE_TRIGGERS:
                    near = child.i > token.i and child.i - token.i <= 3
                    return PHRASE_TRIGGERS[key], doc[token.i : child.i + 1 if near else token.i + 1]
        if (
            lemma in REPORTING_VERBS
            and lemma not in VERB_TRIGGERS
            and any(c.dep_ == "ccomp" for c in token.children)
        ):
            return None  # reported speech: the quote stage records it
        if _supports_a_noun(token):
            return None  # "launched an attack": the attack is the event
        if lemma in VERB_TRIGGERS:
            return VERB_TRIGGERS[lemma], _verb_words(token)
        if lemma in REPORTING_VERBS or not is_event_verb(lemma):
            return None
        return OCCURRENCE, _verb_words(token)
    if lemma in NOUN_TRIGGERS:
        return NOUN_TRIGGERS[lemma], doc[token.i : token.i + 1]
    category = event_noun_category(lemma)
    return (category, doc[token.i : token.i + 1]) if category else None


def _verb_words(verb: Token) -> Span:
    """The verb with the particle right after it: "rolled out", "pushed back" say something
    else than "rolled", "pushed"."""
    following = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    if following is not None and following.dep_ == "prt" and following.head == verb:
        return verb.doc[verb.i : verb.i + 2]
    return verb.doc[verb.i : verb.i + 1]


def _supports_a_noun(verb: Token) -> bool:
    """Whether ``verb`` only supports the event its object names ("held talks", "paid a
    visit", "reached an agreement"): the noun is the event."""
    return verb.lemma_.lower() in SUPPORT_VERBS and any(
        child.dep_ == "dobj"
        and (child.lemma_.lower() in NOUN_TRIGGERS or child.lemma_.lower() in EVENT_NOUNS)
        for child in verb.children
    )


def _classified_event_verb(verb: Token) -> bool:
    """Whether ``verb`` is an event of the category lexicon in its own right (then an event
    noun it governs is a second event, not one it merely supports)."""
    trigger = _trigger(verb)
    return trigger is not None and trigger[0] != OCCURRENCE and sense(verb, trigger[0]) != NO_EVENT


def _refused_event(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "xcomp" and _trigger(child) is not None:
            return child
    return None


def _refusal_governor(token: Token) -> Token | None:
    if token.dep_ == "xcomp" and token.head.lemma_.lower() in REFUSAL_VERBS:
        return token.head
    return None


def _event(
    context: _Context,
    token: Token,
    category: str,
    trigger_span: Span,
    refusal: Token | None,
) -> Event | None:
    context.trigger = token
    if token.pos_ == "VERB":
        actors, targets, place = _verb_arguments(context, token, refusal)
    elif token.pos_ == "ADJ":  # "Smith was found dead": it happened to the subject
        actors, place = [], None
        holder = token if token.dep_ == "amod" else token.head
        subjects = [c for c in holder.children if c.dep_ in ("nsubj", "nsubjpass")]
        targets = [span for subject in subjects for span in context.participants(subject)]
    else:
        actors, targets, place = _noun_arguments(context, token)
    # a product or a work never acts: "the A380 flew" is something that befell the A380
    agents = context.agents(actors)
    targets = [*targets, *(span for span in actors if span not in agents and span not in targets)]
    actors = agents
    if category == "statement" and not actors:
        return None
    modality: Modality = "refused" if refusal is not None else _modality(token)
    when, basis = _when(context, refusal or token)
    if modality == "happened" and lies_ahead(when, report_day(context.article)):
        if told_as_past(token):
            when, basis = _untimed(context, token)  # "adjourned the session until Tuesday"
        else:
            modality = "planned"  # "Campaigning ends on May 23"
    sentence = context.sentence(token)
    sentence_start, sentence_end = _sentence_bounds(context.article.text, sentence)
    return Event(
        id=event_id(context.article.id, trigger_span.start_char, trigger_span.end_char),
        article_id=context.article.id,
        trigger_start=trigger_span.start_char,
        trigger_end=trigger_span.end_char,
        trigger=trigger_span.text,
        category=category,
        modality=modality,
        when=when,
        when_basis=basis,
        sentence_start=sentence_start,
        sentence_end=sentence_end,
        sentence=context.article.text[sentence_start:sentence_end],
        actor_spans=tuple(actors),
        target_spans=tuple(s for s in targets if s not in actors),
        place_span=place,
    )


def _sentence_bounds(text: str, sentence: Span) -> tuple[int, int]:
    """The sentence's character span, cut at line breaks the parser ran across."""
    start, end = sentence.start_char, sentence.end_char
    return start, start + len(text[start:end].rstrip())


def _verb_arguments(
    context: _Context, verb: Token, refusal: Token | None
) -> tuple[list[tuple[int, int]], list[tuple[int, int]], tuple[int, int] | None]:
    actors: list[tuple[int, int]] = []
    targets: list[tuple[int, int]] = []
    place: tuple[int, int] | None = None
    subject_holder = refusal or verb
    for child in subject_holder.children:
        if child.dep_ == "nsubj":
            actors += context.participants(child)
    if not actors and verb.dep_ == "xcomp":
        # "invited Kim to attend": the invitee attends; "wants to visit": the wanter visits
        objects = [c for c in verb.head.children if c.dep_ in ("dobj", "dative")]
        subjects = [c for c in verb.head.children if c.dep_ == "nsubj"]
        for holder in objects or subjects:
            actors += context.participants(holder)
    if not actors and (verb.dep_ == "conj" or (verb.dep_ == "advcl" and verb.tag_ == "VBG")):
        # "met Kim and signed ...", "..., attacking the Tories": the head verb's subject
        for child in verb.head.children:
            if child.dep_ == "nsubj":
                actors += context.participants(child)
    if not actors:
        actors += _inherited_actors(context, verb)
    if verb.tag_ == "VBN" and verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
        targets += context.participants(verb.head)  # "Jobs, born in San Francisco"
    if _reduced_passive(context, verb):
        # "Mary Barra appointed as GM chief", "Apple swamped by pre-orders": a headline's
        # participle with no auxiliary is passive; its subject is the one it happened to
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        for subject in subjects:
            found = context.participants(subject)
            actors = [span for span in actors if span not in found]
            targets += found
    participle_of = verb.dep_ == "acl" and verb.head.pos_ in ("PROPN", "NOUN")
    if participle_of and verb.tag_ == "VBG" and not actors:
        actors += context.participants(verb.head)  # "Boeing, hoping to ...": Boeing hopes
    for child in verb.children:
        if child.dep_ in ("dobj", "dative", "nsubjpass", "attr"):
            targets += context.participants(child)
        elif child.dep_ == "agent":
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    actors += context.participants(grandchild)
        elif child.dep_ == "prep":
            new_place, new_targets = _prepositional(context, child)
            place = place or new_place
            targets += new_targets
    if refusal is not None:
        for child in refusal.children:
            if child.dep_ == "prep":
                place = place or _prepositional(context, child)[0]
    return actors, targets, place


def _reduced_passive(context: _Context, verb: Token) -> bool:
    """A participle with no auxiliary and no object on its line in a title: headlines put
    past acts in the present ("Apple introduces iPhone") and passives in the bare
    participle ("Mary Barra appointed as GM chief")."""
    if verb.tag_ not in ("VBN", "VBD") or verb.idx >= context.title_end:
        return False
    return not any(
        child.dep_ in ("aux", "auxpass")
        or (child.dep_ == "dobj" and context.same_line(child, verb))
        for child in verb.children
    )


def _inherited_actors(context: _Context, verb: Token) -> list[tuple[int, int]]:
    """The doer of a verb whose subject the parse gives elsewhere."""
    head = verb.head
    infinitive = any(child.lower_ == "to" and child.dep_ == "aux" for child in verb.children)
    if verb.tag_ == "VBG" and verb.dep_ == "pcomp" and head.dep_ == "prep":
        # "Boeing had been suspended after violating federal law": Boeing violated it
        holder = head.head
        if holder.pos_ in ("VERB", "AUX"):
            subjects = [c for c in holder.children if c.dep_ in ("nsubj", "nsubjpass")]
            return [span for subject in subjects[:1] for span in context.participants(subject)]
    if infinitive and verb.dep_ == "acl" and head.dep_ == "dobj":
        # "The EU made the decision to ban …", "has plans to cut": the one who has them
        subjects = [c for c in head.head.children if c.dep_ == "nsubj"]
        return [span for subject in subjects[:1] for span in context.participants(subject)]
    if infinitive and verb.dep_ in ("acl", "relcl") and head.pos_ == "PROPN":
        return context.participants(head)  # the headline future: "DaimlerChrysler to sell …"
    subjects = [
        c
        for c in verb.children
        if c.dep_ in ("nsubj", "nsubjpass")
        and c.ent_type_ not in DATE_TYPES
        and context.same_line(c, verb)
    ]
    if verb.dep_ in ("ROOT", "ccomp", "conj") and not subjects:
        # no subject, a date taken for one ("Apple Inc. today has introduced …") or one on a
        # title line the parse ran into
        before = _name_before(context, verb)
        if before is not None:
            return [before]
    return []


def _name_before(context: _Context, verb: Token) -> tuple[int, int] | None:
    """The organisation or person named right before a verb (only adverbs, auxiliaries and
    dates in between, on the same line)."""
    index = verb.i - 1
    doc = context.doc
    while index >= 0 and (
        doc[index].pos_ in ("AUX", "ADV", "PART") or doc[index].ent_type_ in DATE_TYPES
    ):
        if "\n" in doc[index].text_with_ws:
            return None
        index -= 1
    if index < 0 or "\n" in doc[index].text_with_ws:
        return None
    covering = [m for m in context.mentions if m.start <= doc[index].idx < m.end]
    if covering and covering[-1].label in ("ORG", "PERSON", "GPE"):
        return covering[-1].start, covering[-1].end
    return None


def _noun_arguments(
    context: _Context, noun: Token
) -> tuple[list[tuple[int, int]], list[tuple[int, int]], tuple[int, int] | None]:
    actors: list[tuple[int, int]] = []
    targets: list[tuple[int, int]] = []
    place: tuple[int, int] | None = None
    for child in noun.children:
        word = child.lower_
        if child.dep_ == "poss" or (child.dep_ == "compound" and child.pos_ == "PROPN"):
            actors += context.participants(child)
        elif child.dep_ == "prep":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if word in ("between", "among"):
                for obj in objects:
                    actors += context.participants(obj)
            elif word == "of":
                # "the sale of Chrysler", "the bankruptcy of Lehman": the one it is done to
                # or happens to (a place is where: "the invasion of Iraq")
                for obj in objects:
                    found = context.participants(obj)
                    if _is_place(context, found):
                        place = place or (found[0] if found else None)
                    else:
                        targets += found
            elif word in ACTOR_PREPOSITIONS:
                for obj in objects:
                    found = context.participants(obj)
                    if word == "from" or _is_place(context, found):
                        place = place or (found[0] if word != "from" and found else None)
                        if word == "from":
                            actors += found
                    else:
                        actors += found
            else:
                new_place, new_targets = _prepositional(context, child)
                place = place or new_place
                targets += new_targets
    # "Russia and North Korea summit": the name compounds before the noun are the parties
    if not actors and noun.dep_ in ("dobj", "pobj", "nsubj", "attr", "nsubjpass"):
        verb = noun.head
        if verb.pos_ == "VERB" and noun.dep_ == "dobj" and not _classified_event_verb(verb):
            for child in verb.children:
                if child.dep_ == "nsubj":
                    actors += context.participants(child)
                elif child.dep_ == "prep" and child.lower_ in TARGET_PREPOSITIONS:
                    targets += _prepositional(context, child)[1]  # "struck a deal with X"
    return actors, targets, place


def _prepositional(
    context: _Context, preposition: Token
) -> tuple[tuple[int, int] | None, list[tuple[int, int]]]:
    word = preposition.lower_
    place: tuple[int, int] | None = None
    targets: list[tuple[int, int]] = []
    for obj in (c for c in preposition.children if c.dep_ == "pobj"):
        found = context.participants(obj)
        if word in PLACE_PREPOSITIONS and _is_place(context, found):
            place = place or found[0]
        elif word in TARGET_PREPOSITIONS:
            targets += [span for span in found if not _is_place(context, [span]) or word != "in"]
    return place, targets


def _is_place(context: _Context, spans: Sequence[tuple[int, int]]) -> bool:
    labels = {m.label for m in context.mentions if (m.start, m.end) in set(spans)}
    return bool(labels) and labels <= PLACE_LABELS


def _modality(token: Token) -> Modality:
    if token.dep_ == "xcomp" and token.head.lemma_.lower() in FAILING_VERBS:
        return "negated"  # "failed to agree": the agreement did not happen
    if token.pos_ == "NOUN" and any(
        c.dep_ == "det" and c.lower_ in ("no", "neither") for c in token.children
    ):
        return "negated"  # "there were no talks"
    if token.pos_ == "NOUN" and token.dep_ in ("nsubjpass", "dobj"):
        governor = token.head.lemma_.lower()
        if governor in CANCELLING_VERBS:
            return "negated"  # "the visit was cancelled"
        if governor in POSTPONING_VERBS:
            return "planned"  # "they postponed the summit"
    chain = [token, *list(token.ancestors)[:3]]
    for position, node in enumerate(chain):
        if position and _own_finite_clause(chain[position - 1]):
            break  # "since he succeeded ...": a clause with its own subject has its own mood
        children = list(node.children)
        negations = [
            c
            for c in children
            if c.dep_ == "neg" and c.doc[c.i + 1 : c.i + 2].text.lower() != "only"
        ]
        if negations and (
            node == token or (node == token.head and token.dep_ in ("dobj", "xcomp"))
        ):
            return "negated"
        auxiliaries = {c.lower_ for c in children if c.dep_ in ("aux", "auxpass")}
        if auxiliaries & (HYPOTHETICAL_AUXILIARIES | OBLIGATION_AUXILIARIES):
            return "hypothetical"
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in children):
            return "hypothetical"
        if auxiliaries & FUTURE_AUXILIARIES:
            return "planned"
        if (
            node != token
            and node.lemma_.lower() in PLANNING_VERBS
            and token.dep_ in ("xcomp", "dobj")
        ):
            return "planned"
        if node.pos_ == "VERB" and node != token:
            break
    if token.pos_ == "NOUN":
        modifiers = {c.lower_ for c in token.children if c.dep_ in ("amod", "compound", "det")}
        if modifiers & PLANNING_MODIFIERS:
            return "planned"
        if token.dep_ in ("nsubj", "attr") and token.head.lemma_ == "be":
            head_aux = {c.lower_ for c in token.head.children if c.dep_ == "aux"}
            if head_aux & HYPOTHETICAL_AUXILIARIES:
                return "hypothetical"
            if head_aux & FUTURE_AUXILIARIES:
                return "planned"
    return "happened"


def _own_finite_clause(node: Token) -> bool:
    return node.dep_ in ("advcl", "relcl", "ccomp", "acl") and any(
        child.dep_ in ("nsubj", "nsubjpass") for child in node.children
    )


def _when(context: _Context, token: Token) -> tuple[str | None, TimeBasis]:
    """The time of ``token``'s clause, else of the clause it depends on, else the article's."""
    sentence = context.sentence(token)
    text = context.article.text
    in_sentence = [
        t
        for t in context.times
        if sentence.start_char <= t.start
        and t.end <= sentence.end_char
        and not text.startswith(("'s", "’s"), t.end)  # "this year's conference": a noun's
    ]
    node: Token | None = token
    hops = 0
    while node is not None and in_sentence and hops < 4:
        own = _own_clause_tokens(node)
        found = [
            (abs(t.i - token.i), time)
            for time in in_sentence
            for t in own
            if time.start <= t.idx < time.end
        ]
        if not found:
            # "When the Air Force selected X on February 29, Boeing challenged the award": a
            # clause saying when dates the clause it modifies
            found = [
                (abs(t.i - token.i), time)
                for clause in node.children
                if clause.dep_ == "advcl"
                and any(
                    c.dep_ in ("mark", "advmod") and c.lower_ in SIMULTANEOUS_MARKS
                    for c in clause.children
                )
                for t in _own_clause_tokens(clause)
                for time in in_sentence
                if time.start <= t.idx < time.end
            ]
        if found:
            time = min(found, key=lambda pair: pair[0])[1]
            return time.value, time.basis
        inherits = node.dep_ in TIME_INHERITING or (
            node.pos == NOUN and node.dep_ in NOUN_ARGUMENTS and node.head.pos == VERB
        )
        if not inherits or node.head == node:
            break
        node = node.head
        hops += 1
    return _untimed(context, token)


def _untimed(context: _Context, token: Token) -> tuple[str | None, TimeBasis]:
    """The time of an event its text gives no time of: the article's day, or none for the past
    perfect."""
    if _past_perfect(token):
        return None, "article"  # "had lost": before the time the article tells, not on its day
    published = context.article.published
    return (published[:10], "article") if published else (None, "article")


def _past_perfect(token: Token) -> bool:
    """Whether a verb is in the past perfect ("had reported"): it happened at some time before
    the past the article tells, which the article's date would misstate. (The present perfect,
    "has invited", is the news of the day.)"""
    return token.tag_ == "VBN" and any(
        child.dep_ == "aux" and child.lower_ in ("had", "'d") for child in token.children
    )


def _own_clause_tokens(token: Token) -> list[Token]:
    own: list[Token] = []
    stack = [token]
    while stack:
        node = stack.pop()
        own.append(node)
        stack += [c for c in node.children if c.dep_ not in OWN_CLAUSE_STOP]
    return own


def _restates_a_quote(sentence: Span, quoted: Sequence[tuple[int, int]]) -> bool:
    """Whether a quote (direct or indirect) sits in the trigger's sentence: it then reports
    the same act of speech."""
    return any(start < sentence.end_char and sentence.start_char < end for start, end in quoted)
