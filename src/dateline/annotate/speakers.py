"""Speaker phrases and their resolution to the entity mentions of the same article.

A quote's cue names who speaks with a phrase: a name, a pronoun, or a role ("the former
Russian Ambassador to Seoul"). :func:`noun_phrase` and :func:`proper_name_span` delimit such
phrases in the parse, :func:`plausible_speaker` tells whether one can name someone who speaks,
and :class:`SpeakerResolver` ties it to a mention: a name inside it, the person a pronoun
refers back to, or the person the article introduced with that role. The quote stage
(:mod:`dateline.annotate.quotes`) and the event stage (:mod:`dateline.annotate.events`, for
participants) share it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from spacy.attrs import POS
from spacy.symbols import PROPN
from spacy.tokens import Doc, Span, Token

from dateline.annotate.given_name_genders import gender_of_given_name
from dateline.annotate.offsets import SpanIndex, token_column
from dateline.link.gazetteer import names_nation, news_agency
from dateline.link.kinds import kind_by_head
from dateline.link.names import split_honorific
from dateline.records import Mention

if TYPE_CHECKING:
    from dateline.annotate.quote_marks import QuotedSpan

SPEAKING_PRONOUNS = frozenset({"he", "she", "they", "him", "her", "them"})
SPEAKER_NOUNS = frozenset(
    {
        "source", "people", "campaign", "committee", "group", "agency", "police", "report",
        "poll", "survey", "study", "statement", "ad", "analysis", "court", "government",
        "administration", "ministry", "department", "office", "company", "firm", "team",
        "board", "council", "family", "friend", "crowd", "official", "aide", "staff", "union",
        "party", "embassy", "kremlin", "state", "news", "newspaper", "paper", "website",
        "network", "magazine", "journal", "organization", "organisation", "association",
        "institute", "foundation", "coalition", "movement", "club", "bank", "military",
        "army", "regime", "authority", "leadership", "delegation", "panel", "majority",
        "side", "camp", "colleague", "wife", "husband", "son", "daughter", "mother", "father",
        "woman", "man", "person", "child", "chief", "boss", "guest", "witness", "surrogate",
        "advocate", "delegate", "critic", "ally", "rival", "democrat", "republican",
        "conservative", "liberal", "citizen", "airline", "carrier", "automaker", "carmaker",
        "manufacturer", "retailer", "insurer", "channel", "station", "outlet", "publication",
        "millennial", "surgeon", "neurosurgeon", "host", "pundit", "audience", "justice",
        "prince", "princess", "king", "queen", "public", "generation", "medium",
        "commission", "fund", "lady",
    }
)  # fmt: skip
# Documents and evidence that state things ("the report found", "a slide says", "according to
# FEC filings"): sources, though nobody in particular speaks.
SOURCE_NOUNS = frozenset(
    {
        "poll", "survey", "study", "report", "data", "result", "figure", "filing", "record",
        "document", "analysis", "count", "tally", "estimate", "review", "audit", "research",
        "investigation", "index", "article", "story", "memo", "email", "letter", "statement",
        "transcript", "video", "footage", "clip", "ad", "advertisement", "post", "tweet",
        "book", "slide", "chart", "complaint", "lawsuit", "suit", "brief", "ruling",
        "indictment", "law", "model", "forecast", "projection", "average", "number",
        "evidence", "website", "site", "release", "speech", "excerpt", "remark", "paper",
        "editorial", "column", "interview", "message", "note", "page", "map", "list",
        "guideline", "policy", "proposal", "plan", "bill", "platform", "campaign", "text",
        "datum", "polling", "finding",
    }
)  # fmt: skip
# Shares of a group that answer a poll ("74 percent of voters say", "half said so")
GROUP_WORDS = frozenset(
    {"percent", "half", "third", "quarter", "majority", "minority", "most", "many", "some",
     "others", "none", "all", "both", "each", "few", "plurality", "share", "fifth",
     "several", "hundred", "thousand", "dozen"}
)  # fmt: skip
AGENT_SUFFIXES = ("er", "or", "ist", "ian", "man", "woman", "person", "ant", "ee", "ary", "ive")


def plausible_speaker(phrase: Span) -> bool:
    """Whether ``phrase`` can name someone who speaks (not "it", "the firings", "a speech")."""
    head = phrase.root
    lemma = head.lemma_.lower()
    if lemma in GROUP_WORDS or head.lower_ in GROUP_WORDS:
        return True
    if head.pos_ == "NUM" and any(child.lower_ in ("in", "of") for child in head.children):
        return True  # "six in 10 say", "two of three voters"
    if head.pos_ == "PRON":
        return head.lower_ in SPEAKING_PRONOUNS
    if head.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") or head.pos_ == "PROPN":
        return head.ent_type_ not in NOT_NAMES
    if head.pos_ != "NOUN":
        return False
    if lemma in SPEAKER_NOUNS or lemma in ROLE_NOUNS or lemma in SOURCE_NOUNS:
        return True
    return lemma.endswith(AGENT_SUFFIXES) or (lemma.endswith("ent") and not lemma.endswith("ment"))


PHRASE_BREAKS = frozenset({",", "(", ")", ";", ":", "—", "–"})
RIGHT_MODIFIERS = frozenset({"flat", "compound", "nummod", "case"})
PHRASE_PREPOSITIONS = frozenset({"of", "to", "for", "at", "in", "from"})


def proper_name_span(token: Token) -> Span:
    """The run of proper-noun tokens around ``token`` ("Gleb Ivashéntsov", "Choe Ryong-hae")."""
    doc = token.doc
    start = end = token.i
    while start > 0 and (
        doc[start - 1].pos == PROPN
        or (doc[start - 1].text == "-" and not doc[start - 1].whitespace_)
    ):
        start -= 1
    length = len(doc)
    while end + 1 < length and (
        doc[end + 1].pos == PROPN or (doc[end + 1].text == "-" and not doc[end].whitespace_)
    ):
        end += 1
    while doc[start].text == "-" and start < end:
        start += 1
    while doc[end].text == "-" and end > start:
        end -= 1
    return doc[start : end + 1]


def noun_phrase(token: Token) -> Span:
    """The words naming a speaker around the head ``token``, without clauses and appositions.

    A role noun with a proper-noun apposition ("the presidential spokesman, Dmitri Peskov")
    reaches to the end of the name, which is who speaks.
    """
    doc = token.doc
    start = token.i
    for index in range(token.i - 1, token.left_edge.i - 1, -1):
        if doc[index].text in PHRASE_BREAKS or doc[index].is_space:
            break
        start = index
    end = token.i + 1
    if token.tag_ == "POS":
        return doc[start : token.i]
    for child in token.rights:
        if child.tag_ == "POS":
            break
        if child.dep_ in RIGHT_MODIFIERS or (
            child.dep_ == "prep" and child.lower_ in PHRASE_PREPOSITIONS
        ):
            subtree = list(child.subtree)
            if any(t.text in PHRASE_BREAKS or t.pos_ in ("VERB", "AUX") for t in subtree):
                break
            end = subtree[-1].i + 1
        else:
            break
    if token.pos_ in ("NOUN", "PROPN") and token.lower_ in ROLE_NOUNS:
        for child in token.children:
            if child.dep_ == "appos" and child.pos_ == "PROPN":
                name = proper_name_span(child)
                return doc[start : name.end]
    return doc[start:end]


# Nouns that name a person by role; a speaker phrase headed by one is resolved to a person
# the article introduced with that role (or a more specific one, see ROLE_HYPERNYMS).
ROLE_HYPERNYMS: dict[str, frozenset[str]] = {
    "official": frozenset(
        {
            "secretary", "minister", "envoy", "marshal", "ambassador", "spokesman", "spokeswoman",
            "spokesperson", "diplomat", "officer", "deputy", "representative", "aide", "adviser",
            "advisor", "director", "commissioner", "governor", "general", "chief", "undersecretary",
        }
    ),
    "diplomat": frozenset({"ambassador", "envoy", "consul", "attaché", "diplomat"}),
    "envoy": frozenset({"ambassador", "envoy", "representative"}),
    "spokesman": frozenset({"spokesman", "spokeswoman", "spokesperson"}),
    "spokeswoman": frozenset({"spokesman", "spokeswoman", "spokesperson"}),
    "spokesperson": frozenset({"spokesman", "spokeswoman", "spokesperson"}),
    "leader": frozenset({"leader", "president", "chairman", "premier", "head", "dictator"}),
    "expert": frozenset({"expert", "analyst", "scholar", "specialist", "researcher", "professor"}),
    "analyst": frozenset({"expert", "analyst", "scholar", "specialist", "researcher"}),
}  # fmt: skip
ROLE_NOUNS = frozenset(
    set(ROLE_HYPERNYMS)
    | {word for words in ROLE_HYPERNYMS.values() for word in words}
    | {
        "president", "chancellor", "premier", "chairman", "chairwoman", "senator", "candidate",
        "nominee", "head", "mayor", "manager", "strategist", "lawyer", "attorney", "judge",
        "ceo", "executive", "founder", "economist", "commander", "vice",
    }
)  # fmt: skip
# Unnamed commentators: with no role tie, they are the person quoted just before.
COMMENTATOR_NOUNS = frozenset({"expert", "analyst", "specialist", "observer", "diplomat"})
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his"})
INDEFINITE = frozenset({"a", "an", "one", "another", "some", "several", "any"})
PRONOUN_GENDER = {"he": "male", "him": "male", "his": "male", "she": "female", "her": "female"}
HONORIFICS = frozenset(
    {"mr", "mrs", "ms", "miss", "dr", "sir", "lord", "lady", "baroness", "baron", "dame", "mister"}
)
# titles and nouns of a person that tell a gender (given names: :mod:`.given_name_genders`)
_MALE_WORDS = (
    "mr mister sir lord baron king prince duke earl spokesman congressman businessman "
    "chairman husband father son brother uncle nephew grandfather boy man widower"
)
_FEMALE_WORDS = (
    "mrs ms miss lady baroness dame queen princess duchess countess madam spokeswoman "
    "congresswoman businesswoman chairwoman wife mother daughter sister aunt niece "
    "grandmother girl woman widow actress"
)
GENDER_WORDS = {w: "male" for w in _MALE_WORDS.split()} | {
    w: "female" for w in _FEMALE_WORDS.split()
}
# the last word of a newspaper's or a wire service's name ("Copenhagen Post", "Xinhua News")
NEWS_TITLE_WORDS = frozenset(
    {"post", "times", "herald", "independent", "tribune", "journal", "gazette", "daily"}
    | {"news", "telegraph", "guardian", "mail", "express", "observer", "xinhua", "kyodo"}
    | {"itar-tass", "tass", "interfax", "yonhap", "bernama", "antara", "reuters"}
)
OBJECT_DEPENDENCIES = frozenset({"dobj", "dative", "pobj", "iobj"})
NOT_NAMES = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"})
STOP_WORDS = frozenset(
    {"the", "a", "an", "of", "to", "for", "at", "in", "and", "from", "its", "his", "her"}
)


def _word_key(word: str) -> str:
    """Crude stem so that "Korean" meets "Korea" and "Russian" meets "Russia"."""
    word = word.lower()
    return word[:5] if len(word) >= 5 else word


def _content_words(tokens: Span | Sequence[Token]) -> set[str]:
    return {_word_key(t.text) for t in tokens if t.is_alpha and t.lower_ not in STOP_WORDS}


def _surname(mention: Mention) -> str:
    """A person's last name, which every mention of them shares ("Fritz Henderson",
    "Henderson")."""
    words = (mention.canonical or mention.text).split()
    return words[-1].lower().strip(".,") if words else ""


class SpeakerResolver:
    """Resolves a speaker phrase to the span of an entity mention in the same article."""

    def __init__(
        self,
        doc: Doc,
        mentions: Sequence[Mention],
        quoted: Sequence[QuotedSpan] = (),
        text: str | None = None,
    ) -> None:
        """``text`` is the text ``doc`` was parsed from where the caller has it at hand
        (``doc.text`` is rebuilt from the tokens on every access)."""
        self.doc = doc
        self.mentions = sorted(mentions, key=lambda m: (m.start, m.end))
        self._role_words: dict[tuple[int, int], tuple[set[str], set[str]]] = {}
        self._persons: list[Mention] | None = None
        self.quoted = quoted
        self._inside_quotes = SpanIndex((q.start, q.end) for q in quoted)
        self.last_speaker: tuple[int, tuple[int, int]] | None = None  # (position, mention span)
        self._mention_spans = {(m.start, m.end) for m in self.mentions}
        self._content: tuple[int, int] | None = None
        self._doc_text = doc.text if text is None else text
        self._genders: dict[tuple[int, int], str | None] = {}

    def is_unlisted_person(self, span: tuple[int, int]) -> bool:
        """Whether ``span`` is a person's name the recogniser missed (no mention has it) that
        the article gives a role ("Marshal Choe Ryong-hae"): a speaker the store should know."""
        return span not in self._mention_spans and self._person_at(span) is not None

    def _person_at(self, span: tuple[int, int]) -> Mention | None:
        """The person mention (or name the recogniser missed) at exactly ``span``."""
        return next((m for m in self.persons if (m.start, m.end) == span), None)

    @property
    def persons(self) -> list[Mention]:
        """Person mentions and the names the recogniser missed, in text order (found when a
        pronoun or a role first needs them)."""
        if self._persons is None:
            self._persons = sorted(
                [m for m in self.mentions if m.label == "PERSON"] + self._unlabelled_names(),
                key=lambda m: m.start,
            )
        return self._persons

    def resolve(
        self, phrase: Span, content: tuple[int, int] | None = None
    ) -> tuple[int, int] | None:
        """The mention ``phrase`` names. With the ``content`` of a quote, a person the quote
        itself names is never its speaker ("X said: there is no trust in Y" is not Y's)."""
        self._content = content
        resolved = self._resolve(phrase)
        if resolved is not None and content is not None and self._named_in(resolved, content):
            resolved = None
        if resolved is not None:
            self.last_speaker = (phrase.start_char, resolved)
        return resolved

    def _named_in(self, span: tuple[int, int], content: tuple[int, int]) -> bool:
        """Whether the quote ``content`` is or names the person at ``span`` (its last name)."""
        if content[0] <= span[0] < content[1]:
            return True
        name = self._text(span).split()
        words = [w for w in name if w[:1].isupper() and w.lower().strip(".") not in HONORIFICS]
        if not words:
            return False
        quoted = self._text(content)
        return re.search(rf"(?<!\w){re.escape(words[-1])}(?!\w)", quoted) is not None

    def _text(self, span: tuple[int, int]) -> str:
        return self._doc_text[span[0] : span[1]]

    def _resolve(self, phrase: Span) -> tuple[int, int] | None:
        inside = [
            m for m in self.mentions if phrase.start_char <= m.start and m.end <= phrase.end_char
        ]
        people = [m for m in inside if m.label == "PERSON"]
        if people:
            return people[-1].start, people[-1].end
        head = phrase.root
        if head.lower_ in ROLE_NOUNS or head.lemma_.lower() in ROLE_NOUNS:
            if head.tag_ in ("NNS", "NNPS"):
                return None  # "officials said": a group, not a person the article named
            return self._resolve_role(phrase, head)
        covering = [m for m in self.mentions if m.start <= head.idx < m.end]
        if covering:
            return covering[-1].start, covering[-1].end
        if head.ent_type_ in NOT_NAMES:
            return None
        if head.pos_ == "PROPN":
            name = proper_name_span(head)
            return name.start_char, name.end_char
        if head.lower_ in PERSON_PRONOUNS:
            if head.text[:1].isupper() and head.head.i < head.i:
                # "..., said He.": after its verb a capital letter makes the word a name (the
                # surname He), not a pronoun
                return self._named_by_first_word(head.text, phrase.start_char)
            return self._resolve_pronoun(phrase)
        return None

    def _named_by_first_word(self, word: str, before: int) -> tuple[int, int] | None:
        """The last person before ``before`` whose name starts with ``word``, or whom the
        recogniser named without it ("He | Lisheng")."""
        found = [
            m
            for m in self.persons
            if m.end <= before
            and (
                (m.canonical or m.text).split()[:1] == [word]
                or self._doc_text[max(0, m.start - len(word) - 1) : m.start] == f"{word} "
            )
        ]
        return (found[-1].start, found[-1].end) if found else None

    def _resolve_pronoun(self, phrase: Span) -> tuple[int, int] | None:
        sentence = phrase.root.sent
        window_start = sentence.start
        for _ in range(2):
            if window_start == 0:
                break
            window_start = self.doc[window_start - 1].sent.start
        earliest = self.doc[window_start].idx
        pronoun = phrase.root
        # "Lavrov invited him": an object pronoun is not its own clause's subject
        excluded: set[int] = set()
        if pronoun.dep_ in OBJECT_DEPENDENCIES:
            verb = pronoun.head if pronoun.dep_ != "pobj" else pronoun.head.head
            for child in verb.children:
                if child.dep_ in ("nsubj", "nsubjpass"):
                    excluded.update(t.idx for t in child.subtree)
        gender = PRONOUN_GENDER.get(pronoun.lower_)
        content = self._content
        candidates = [
            m
            for m in self.persons
            if earliest <= m.start
            and m.end <= phrase.start_char
            and not self._in_quote(m.start)
            and m.start not in excluded
            and self._gender((m.start, m.end)) in (gender, None)
            and (content is None or not self._named_in((m.start, m.end), content))
        ]
        if self.last_speaker is not None and self.last_speaker[0] >= earliest and not excluded:
            speaker_span = self.last_speaker[1]
            later = [m for m in candidates if m.start > speaker_span[0]]
            if (
                self._is_person(speaker_span)
                and self._gender(speaker_span) in (gender, None)
                and not any(self._is_subject(m, sentence.start_char) for m in later)
            ):
                # "He made the remark in a meeting with Tan ... He said": one named since
                # the last speaker only as an object is not who "he" goes on to be
                return speaker_span
            # never back across a change of speaker: only people named since the last one
            candidates = later
        if not candidates:
            if any(earliest <= m.start < phrase.start_char for m in self.persons):
                return None  # someone is named nearby, but not one "he" can be
            return self._sole_person_before(phrase.start_char, gender, excluded)
        # the latest subject before the latest object: "Annan met Blair. He said ..."
        subjects = [m for m in candidates if self._is_subject(m, sentence.start_char)]
        chosen = (subjects or candidates)[-1]
        return chosen.start, chosen.end

    def _is_person(self, span: tuple[int, int]) -> bool:
        """Whether ``span`` may be a person's name, as "he" and "she" need: not a nation, a
        news agency or a newspaper ("The Zimbabwe Independent quoted ... as saying"), a
        body by its head word or its inner "of" ("Ministry of Public Security"), nor a
        group written as a plural ("Conservatives"). The model calls many people
        organisations ("Bhojraj Pokharel ... told Xinhua"), so no label is needed."""
        if self._person_at(span) is not None:
            return True
        text = self._text(span)
        words = text.split()
        if not words or names_nation(text) or news_agency(text) is not None:
            return False
        if kind_by_head(text) is not None or any(w.islower() for w in words[1:]):
            return False
        if words[-1].lower() in NEWS_TITLE_WORDS:
            return False
        tokens = self.doc.char_span(span[0], span[1], alignment_mode="expand")
        if tokens is None or tokens.root.tag_ not in ("NNS", "NNPS"):
            return tokens is not None
        # a plural is a group, unless it ends a fuller name of the article: a surname
        # ("Lieutenant General Freddie Viggers ... Viggers said")
        return any(
            len(other := m.text.split()) > 1 and other[-1] == words[-1] for m in self.mentions
        )

    def _is_subject(self, mention: Mention, sentence_start: int) -> bool:
        """Whether the mention is a subject, or the agent of a passive ("the bid is led by
        Francois Pienaar"): of any clause in the pronoun's own sentence (which begins at
        ``sentence_start``), in an earlier sentence of its main clause or of a clause that
        says when or why ("When Steve Jobs introduced it, he praised"); not of a clause that
        sentence reports ("Shan said that Sun Yat-sen brought democracy") or describes ("the
        party headed by Hun Sen"). Any mention when the article is unparsed."""
        if not self.doc.has_annotation("DEP"):
            return True
        span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None:
            return True
        if (mention.start, mention.end) not in self._mention_spans and len(span) == 1:
            return False  # a lone "General" only the roles found
        token = span.root
        while token.dep_ in ("appos", "compound", "flat") and token.head is not token:
            token = token.head  # "Attorney General, Lord Goldsmith, warned"
        if token.tag_ in ("NNS", "NNPS") and not span.start <= token.i < span.end:
            return False  # "Burundian Hutu rebels killed ...": a group
        if token.dep_ == "pobj" and token.head.dep_ == "agent":
            token = token.head
        elif token.dep_ not in ("nsubj", "nsubjpass"):
            return False
        if mention.start >= sentence_start:
            return True
        verb = token.head
        if verb.dep_ in ("conj", "advcl"):
            verb = verb.head
        return verb.dep_ == "ROOT"

    def _sole_person_before(
        self, offset: int, gender: str | None, excluded: set[int]
    ) -> tuple[int, int] | None:
        """The one person the article has named before ``offset`` (outside quotes), when it
        has named just one and nobody else in the sentences before the pronoun: a report about
        one person ("Obama presented a plan ... He stated that ...") calls them "he" for
        paragraphs."""
        before = [
            m
            for m in self.persons
            if m.end <= offset
            and not self._in_quote(m.start)
            and ((m.start, m.end) in self._mention_spans or len(m.text.split()) > 1)
        ]  # a one-word name only the roles found is too often a title ("Officer")
        if not before or len({_surname(m) for m in before}) != 1:
            return None
        last = before[-1]
        span = (last.start, last.end)
        if last.start in excluded or self._gender(span) not in (gender, None):
            return None
        if self._content is not None and self._named_in(span, self._content):
            return None
        return span

    def _gender(self, span: tuple[int, int]) -> str | None:
        """ "male", "female" or None, from the person's title, role or given name as the
        article gives them ("Baroness X", "the spokeswoman, X", "Mr X", "Anna X")."""
        if span in self._genders:
            return self._genders[span]
        mention = self._person_at(span)
        text = self._text(span)
        words = [w.lower().strip(".,") for w in text.split()]
        before = self._doc_text[max(0, span[0] - 40) : span[0]].split()[-3:]
        words = [w.lower().strip(".,") for w in before[-1:]] + words
        names = [split_honorific(text)[1]]
        if mention is not None:
            words += (mention.canonical or "").lower().split()[:2] + (
                mention.role or ""
            ).lower().split()
            roles, _ = self.role_words(mention)
            words += list(roles)
            names.append(split_honorific(mention.canonical or mention.text)[1])
        found = {GENDER_WORDS[w] for w in words if w in GENDER_WORDS}
        # a given name only as a name's first word: "Hussein" of "Lubna Hussein" is her father's
        found |= {g for name in names if (g := gender_of_given_name(name)) is not None}
        gender = found.pop() if len(found) == 1 else None
        self._genders[span] = gender
        return gender

    def _unlabelled_names(self) -> list[Mention]:
        """Names the recogniser missed that the text gives a role ("Marshal Choe Ryong-hae")."""
        names: list[Mention] = []
        seen_end = -1
        mentioned = SpanIndex((m.start, m.end) for m in self.mentions)
        for index, pos in enumerate(token_column(self.doc, POS)):
            if pos != PROPN or index <= seen_end:
                continue
            token = self.doc[index]
            if token.ent_type_ in NOT_NAMES:
                continue
            name = proper_name_span(token)
            seen_end = name.end - 1
            titled = False
            while len(name) > 1 and (
                name[0].lower_ in ROLE_NOUNS or name[0].lower_.rstrip(".") in HONORIFICS
            ):
                titled = titled or name[0].lower_.rstrip(".") in HONORIFICS
                name = name[1:]
            if len(name) < 2 and not name.text.istitle():
                continue
            if mentioned.overlaps(name.start_char, name.end_char):
                continue
            candidate = Mention("", name.start_char, name.end_char, name.text, "PERSON")
            roles, _ = self.role_words(candidate)
            if roles or titled:  # "Marshal Choe Ryong-hae", "Baroness Whitmore"
                names.append(candidate)
        return names

    def _in_quote(self, offset: int) -> bool:
        return self._inside_quotes.strictly_inside(offset)

    def _resolve_role(self, phrase: Span, head: Token) -> tuple[int, int] | None:
        if phrase[0].lower_ in INDEFINITE:
            return None  # "a judge", "one analyst": someone new, not a person named before
        role = head.lemma_.lower()
        accepted = {role} | ROLE_HYPERNYMS.get(role, frozenset())
        accepted_keys = {_word_key(word) for word in accepted}
        phrase_words = _content_words(phrase) - {_word_key(role)}
        best: tuple[int, int, Mention] | None = None
        for mention in self.persons:
            if mention.end > phrase.start_char:
                break
            roles, context = self.role_words(mention)
            if not roles & accepted_keys:
                continue
            score = len(phrase_words & context)
            if best is None or (score, mention.start) >= (best[0], best[1]):
                best = (score, mention.start, mention)
        if best is not None:
            return best[2].start, best[2].end
        if (
            role in COMMENTATOR_NOUNS
            and self.last_speaker is not None
            and phrase.start_char - self.last_speaker[0] <= 800
        ):
            last = [m for m in self.persons if (m.start, m.end) == self.last_speaker[1]]
            # "the expert" is the person just quoted; "the top US diplomat for Latin America"
            # only if the article describes that person so
            if last and (not phrase_words or phrase_words & self.role_words(last[0])[1]):
                return self.last_speaker[1]
        return None

    def role_words(self, mention: Mention) -> tuple[set[str], set[str]]:
        """(role nouns, all content words) the article attaches to ``mention``.

        From the mention's own role, the words before the name in its noun phrase ("the
        Kremlin spokesman Dmitry Peskov"), an apposition after it ("Gleb Ivashéntsov, the vice
        president ... and former ambassador"), or the role it is in apposition to ("the
        Russian ambassador to Pyongyang, Alexandr Matsegora").
        """
        key = (mention.start, mention.end)
        if key in self._role_words:
            return self._role_words[key]
        tokens: list[Token] = []
        span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is not None:
            root = span.root
            tokens += [t for t in root.subtree if t.i < span.start and t.i >= root.left_edge.i]
            tokens = [t for t in tokens if t.text not in PHRASE_BREAKS]
            for child in root.children:
                if child.dep_ == "appos":
                    tokens += _bounded_subtree(child)
            if root.dep_ == "appos":
                tokens += _bounded_subtree(root.head, stop=root)
        words = _content_words(tokens) | {_word_key(w) for w in (mention.role or "").split()}
        roles = {_word_key(t.lemma_) for t in tokens if t.lemma_.lower() in ROLE_NOUNS} | {
            _word_key(w) for w in (mention.role or "").lower().split() if w in ROLE_NOUNS
        }
        self._role_words[key] = (roles, words)
        return roles, words


def _bounded_subtree(token: Token, stop: Token | None = None, limit: int = 20) -> list[Token]:
    """``token``'s subtree without clauses (and without ``stop``'s subtree), at most ``limit``."""
    skipped: set[int] = set()
    for t in token.subtree:
        if t.dep_ in ("relcl", "acl", "advcl") or (stop is not None and t == stop):
            skipped.update(x.i for x in t.subtree)
    kept = [t for t in token.subtree if t.i not in skipped and not t.is_punct]
    return kept[:limit]
