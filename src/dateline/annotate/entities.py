"""Entity mentions of one article: cleaned spans, one referent per name family, roles.

Labels are normalised to a small set (:data:`LABEL_MAP`): PERSON, ORG, PLACE (spaCy GPE, LOC
and FAC), NORP (nationalities, religious and political groups), EVENT and PRODUCT; other
spaCy labels (dates, numbers, laws...) are not entities here.

Within the article, mentions are grouped into referents (see :func:`group_referents`): the
same name, a spelling variant of it, an acronym of it, or a leading/trailing run of a
person's name ("Putin" -> "Vladimir Putin", "Kim" -> "Kim Jong-un" where Kim Jong-un is the
most mentioned Kim). Every mention carries its referent's fullest form as ``canonical`` and
the referent's majority label, so one mislabelled mention ("Ivástentsov" as ORG) does not
split a person; what the sentence says a name is ("the oil company Yukos",
:mod:`dateline.annotate.kinds`) and a name's head word ("Wembley Stadium",
:mod:`dateline.link.kinds`) outvote the model's PERSON. Names the model missed are
recovered where a capitalised token matches a name of the article ("Iváshentsov" in the 2019
seed) or a name of several words is repeated word for word.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from spacy.attrs import ENT_TYPE, IS_ALPHA, ORTH
from spacy.tokens import Doc

from dateline.annotate.kinds import kind_in_context
from dateline.annotate.name_particles import joined_at_particles
from dateline.annotate.named_phrases import (
    coordinated_names,
    determined_names,
    repeated_proper_nouns,
)
from dateline.annotate.offsets import document_text, indices_with, token_column
from dateline.annotate.products import (
    lone_designators,
    model_singular,
    product_spans,
    standalone_models,
)
from dateline.annotate.roles import (
    ROLE_MODIFIERS,
    TITLE_WORDS,
    role_of_span,
    title_before_portfolio,
)
from dateline.link.gazetteer import (
    country_named,
    country_of_demonym,
    names_place,
    region_of_demonym,
    with_country_spelled_out,
    without_country_prefix,
)
from dateline.link.kinds import (
    continues_organisation,
    corrected_label,
    kind_by_head,
    names_another_body,
)
from dateline.link.names import (
    HONORIFICS,
    MIN_FUZZY_LENGTH,
    honorific_of,
    initials,
    is_acronym_of,
    is_acronym_shaped,
    is_loose_acronym_of,
    is_short_form_of,
    is_word_of,
    name_key,
    name_parts,
    names_are_variants,
    parts_are_variants,
    split_honorific,
    without_middle_initials,
)
from dateline.records import LABEL_PRIORITY, Article, Mention

LABEL_MAP = {
    "PERSON": "PERSON",
    "PER": "PERSON",
    "ORG": "ORG",
    "GPE": "PLACE",
    "LOC": "PLACE",
    "FAC": "PLACE",
    "NORP": "NORP",
    "EVENT": "EVENT",
    "PRODUCT": "PRODUCT",
}
# Tie-break for the majority label: earlier wins.
LEADING_NOISE = frozenset({"the", "The", "THE", "a", "an"})  # not "An": "An Post"
TRAILING_NOISE = frozenset({"'s", "’s", "'", "’"})
PUNCTUATION_EDGES = "\"'“”‘’()[]{},.;:!?-–—«»*"
MIN_RECOVERED_LENGTH = 3
SPAN_BREAKS = frozenset({",", "(", ";"})
DASHES = frozenset({"-", "–", "—", "--"})
DETERMINERS = frozenset({"the", "a", "an"})
LOCATIVES = frozenset({"in", "at", "to", "from", "near", "into", "outside", "across"})
# votes of the words around a name ("the oil company Yukos"): more than a two-word model label
CONTEXT_KIND_VOTES = 4
CAMEL_CASE = re.compile(r"^[a-z]{1,2}[A-Z][A-Za-z]+$")  # "iTunes", "eBay"


@dataclass(slots=True)
class Candidate:
    """One name span before grouping."""

    start_token: int
    end_token: int
    start: int
    end: int
    text: str
    model_label: str | None  # None for a recovered mention
    parts: tuple[str, ...] = ()
    key: str = ""
    role: str | None = None
    honorific: str | None = None  # "mr" for "Mr Blair": the name is the rest
    bare: str = ""  # the text without its honorific
    kind: str | None = None  # what the words around the name say it is ("the oil company X")
    located: bool = False  # after "in", "at", "from"...: a place is meant
    determined: bool = False  # after "the": "the Chrysler Aspen" is a thing, not a company

    def refresh(self, doc: Doc) -> None:
        span = doc[self.start_token : self.end_token]
        self.start, self.end, self.text = span.start_char, span.end_char, span.text
        self.set_name(self.text)

    def set_name(self, text: str) -> None:
        self.honorific, self.bare = split_honorific(text)
        self.parts = name_parts(self.bare)
        self.key = " ".join(self.parts)

    @property
    def gender(self) -> str | None:
        return HONORIFICS.get(self.honorific) if self.honorific else None


@dataclass(slots=True)
class Referent:
    """Mentions of one name family in one article."""

    members: list[Candidate] = field(default_factory=list)
    keys: set[str] = field(default_factory=set)
    votes: Counter[str] = field(default_factory=Counter)
    genders: set[str] = field(default_factory=set)  # told by its members' honorifics
    told_kind: bool = False  # the sentence said what one member is ("the oil company X")
    person_evidence: bool = False  # a title, a role or a full personal name
    # the majority label, kept until the votes change
    _label: str | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def head(self) -> Candidate:
        return self.members[0]

    def add(self, candidate: Candidate, *, votes: bool = True) -> None:
        """Add a member; one joined as a short form or acronym does not vote on the label
        (the model often calls a lone surname an ORG)."""
        self.members.append(candidate)
        self.keys.add(candidate.key)
        self._label = None
        if votes and candidate.model_label is not None:
            self.votes[candidate.model_label] += 2 if len(candidate.parts) > 1 else 1
        if candidate.role and looks_like_personal_name(candidate.text):
            self.votes["PERSON"] += 2
        if candidate.honorific:
            self.votes["PERSON"] += 2
        if candidate.gender:
            self.genders.add(candidate.gender)
        if candidate.kind:
            self.votes[candidate.kind] += CONTEXT_KIND_VOTES
            self.told_kind = True
        if (
            candidate.honorific
            or candidate.role
            or (candidate.model_label == "PERSON" and len(candidate.parts) > 1)
        ):
            self.person_evidence = True

    @property
    def label(self) -> str:
        if self._label is None:
            votes = self.votes
            if self.told_kind and not self.person_evidence:
                # "Yukos" called a person by the model, a company by the article: no contest
                votes = Counter({k: v for k, v in votes.items() if k != "PERSON"})
            voted = (
                min(votes, key=lambda label: (-votes[label], LABEL_PRIORITY[label]))
                if votes
                else "PERSON"
            )
            # "Wembley Stadium", "Aer Lingus Group": the name's last word says it is no person
            self._label = corrected_label(voted, [member.bare for member in self.members])
        return self._label

    def canonical(self) -> str:
        """The fullest form: most parts, then most frequent, then first seen."""
        most_parts = max(len(member.parts) for member in self.members)
        fullest = [member for member in self.members if len(member.parts) == most_parts]
        counts = Counter(member.key for member in fullest)
        best = max(fullest, key=lambda member: (counts[member.key], -member.start))
        # "Mr Blair" stays whole when the article never gives more (the title tells the
        # gender); a fuller name is given without its title.
        name = best.text if most_parts == 1 else best.bare
        return " ".join(name.split())

    def conflicts_with(self, gender: str | None) -> bool:
        return gender is not None and bool(self.genders - {gender})


def looks_like_personal_name(text: str) -> bool:
    words = text.split()
    return len(words) >= 2 and all(word[:1].isupper() and word[1:2].islower() for word in words)


def model_candidates(doc: Doc) -> list[Candidate]:
    """spaCy's entity spans with a label in :data:`LABEL_MAP`, "the" and possessives trimmed."""
    candidates = []
    spans = joined_at_particles([(ent.start, ent.end, ent.label_) for ent in doc.ents], doc)
    for span_start, span_end, model_label in spans:  # grows: the second name of "X - Y"
        label = LABEL_MAP.get(model_label)
        if label is None:
            continue
        start, end = span_start, span_end
        while start < end and (
            doc[start].text in LEADING_NOISE or doc[start].text.strip(PUNCTUATION_EDGES) == ""
        ):
            start += 1
        while end > start and (
            doc[end - 1].text in TRAILING_NOISE or doc[end - 1].text.strip(PUNCTUATION_EDGES) == ""
        ):
            end -= 1
        for inner in range(start + 1, end):
            if spaced_dash(doc, inner) and doc[inner + 1].text[:1].isupper():
                spans.append((inner + 1, end, model_label))  # "San Jose - Cisco": two names
            if doc[inner].text in SPAN_BREAKS or "\n" in doc[inner].text or spaced_dash(doc, inner):
                end = inner  # "Cyprus, Gustave Feissel", "... Development (EBRD"
                break
        if label == "PERSON":
            # "President X", "Prime Minister X": the title is a role, not part of the name
            start = after_leading_title(doc, start, end)
            if is_plural_title(doc[end - 1].text) or all(
                is_title_noun(doc[i].text) for i in range(start, end)
            ):
                continue  # "Labour MPs", "Ministers": a group named by its title, not a person
            if start > 0 and honorific_of(doc[start - 1].text):
                start -= 1  # "said Mr | Blair": the title tells who is meant
            if end - start == 1 and after_determiner(doc, start):
                if not doc[start].text.endswith("s"):
                    continue  # "the Bill", "the Moon": a common noun, not a person
                label = "ORG"  # "the Steelers", "the Democrats": a team or a group
            elif (
                end - start > 1 and doc[end - 1].text.endswith("s") and after_determiner(doc, start)
            ):
                label = "ORG"  # "the Lib Dems", "the Rolling Stones"
        if (
            start >= end
            or names_a_time_zone(doc, start, end)
            or title_before_portfolio(doc, start, end) is not None  # "Secretary of State"
        ):
            continue
        candidate = Candidate(start, end, 0, 0, "", label)
        candidate.refresh(doc)
        if candidate.parts:
            candidates.append(candidate)
    return candidates


#: time zones a clock time is given in; "GMT" and "UTC" name nothing else
TIME_ZONES = frozenset(
    "GMT UTC BST CET CEST EET EEST EST EDT CST CDT MST MDT PST PDT JST KST HKT SGT AEST AEDT "  # noqa: SIM905
    "MSK IST".split()
)
ALWAYS_TIME_ZONES = frozenset({"GMT", "UTC"})


def names_a_time_zone(doc: Doc, start: int, end: int) -> bool:
    """Whether tokens ``start:end`` are a time zone: "GMT" or "UTC" anywhere, another zone
    after a clock time ("0900 GMT", "10 a.m. EST"), which the model often calls an
    organisation (the silver newswire's "GMT": 92 mentions)."""
    if end - start != 1:
        return False
    text = doc[start].text.replace(".", "")
    if text not in TIME_ZONES:
        return False
    if text in ALWAYS_TIME_ZONES:
        return True
    before = doc[start - 1].text.lower() if start > 0 else ""
    return any(ch.isdigit() for ch in before) or before in ("am", "pm", "a.m.", "p.m.")


def split_possessives(candidates: list[Candidate], doc: Doc) -> list[Candidate]:
    """Cut a span that runs over a possessive into the owner and the thing owned ("Apple
    Computer's Mac OS" -> "Apple Computer", "Mac OS") when the owner is named on its own
    elsewhere in the article, so "People's Republic" and "McDonald's" stay whole."""
    out: list[Candidate] = []
    for candidate in candidates:
        cut = next(
            (
                i
                for i in range(candidate.start_token + 1, candidate.end_token - 1)
                if doc[i].text in TRAILING_NOISE and doc[i + 1].text[:1].isupper()
            ),
            None,
        )
        if cut is None:
            out.append(candidate)
            continue
        owner = Candidate(candidate.start_token, cut, 0, 0, "", candidate.model_label)
        owned = Candidate(cut + 1, candidate.end_token, 0, 0, "", candidate.model_label)
        owner.refresh(doc)
        owned.refresh(doc)
        if owner.parts and owned.parts and named_elsewhere(doc, owner, candidate):
            out += [owner, owned]
        else:
            out.append(candidate)
    return out


def split_dash_pairs(candidates: list[Candidate], doc: Doc) -> list[Candidate]:
    """Cut two names joined by a dash ("Boeing-Air Force contract", "US-China talks") when
    each side is a name of its own in the article; "Coca-Cola" and "Mercedes-Benz" stay
    whole, since their halves are not names alone, and so does a person's "Kim Jong-Il"."""
    keys = Counter(candidate.key for candidate in candidates)
    out: list[Candidate] = []
    for candidate in candidates:
        if candidate.model_label == "PERSON":
            out.append(candidate)  # "Kim Jong-Il", "Jean-Claude": one person's name
            continue
        cuts = [
            i
            for i in range(candidate.start_token + 1, candidate.end_token - 1)
            if doc[i].text in DASHES
            and not doc[i - 1].whitespace_
            and not doc[i].whitespace_
            and doc[i + 1].text[:1].isupper()
        ]
        if len(cuts) != 1:
            out.append(candidate)
            continue
        left = Candidate(candidate.start_token, cuts[0], 0, 0, "", candidate.model_label)
        right = Candidate(cuts[0] + 1, candidate.end_token, 0, 0, "", candidate.model_label)
        left.refresh(doc)
        right.refresh(doc)
        sides = (left, right)
        if all(side.parts and keys[side.key] > (side.key == candidate.key) for side in sides):
            out += [left, right]
        else:
            out.append(candidate)
    return out


def with_camel_case_word(candidates: list[Candidate], doc: Doc) -> None:
    """A name right after a camel-case word takes it ("iTunes | Music Store"): the model
    often stops at a word that starts lower-case, and calls the rest a person."""
    taken = {i for c in candidates for i in range(c.start_token, c.end_token)}
    for candidate in candidates:
        before = candidate.start_token - 1
        if before < 0 or before in taken or not doc[before].whitespace_:
            continue
        if CAMEL_CASE.match(doc[before].text):
            candidate.start_token = before
            candidate.refresh(doc)
            if candidate.model_label == "PERSON":
                candidate.model_label = "ORG"  # no person's name starts so


def spaced_dash(doc: Doc, index: int) -> bool:
    """A dash with a space on each side separates two phrases ("San Jose - Cisco"); one
    between letters joins a name ("Coca-Cola")."""
    return (
        doc[index].text in DASHES
        and index > 0
        and bool(doc[index - 1].whitespace_)
        and bool(doc[index].whitespace_)
    )


def after_leading_title(doc: Doc, start: int, end: int) -> int:
    """The first token after a leading run of role words that ends in a title ("Prime
    Minister Tony Blair" -> "Tony Blair"); "Labour" alone is not a title ("Labour MPs")."""
    cut = start
    for index in range(start, end - 1):
        lower = doc[index].text.lower()
        if lower in TITLE_WORDS:
            cut = index + 1
        elif lower not in ROLE_MODIFIERS:
            break
    return cut


def is_title_noun(text: str) -> bool:
    return text.lower() in TITLE_WORDS or is_plural_title(text)


def is_plural_title(text: str) -> bool:
    lower = text.lower()
    return lower.endswith("s") and lower[:-1] in TITLE_WORDS


def after_determiner(doc: Doc, index: int) -> bool:
    """Whether token ``index`` follows "the"/"a"/"an", skipping capitalised words between
    ("the Crossrail Bill"): a person's name does not take an article."""
    position = index - 1
    while position >= 0 and doc[position].text.lower() not in DETERMINERS:
        text = doc[position].text
        if not (text[:1].isupper() and doc[position].is_alpha):
            return False
        if honorific_of(text) or text.lower() in TITLE_WORDS:
            return False
        position -= 1
    return position >= 0


def split_coordinations(candidates: list[Candidate], doc: Doc) -> list[Candidate]:
    """Cut "Gazprom and Rosneft" into two names: always for people and places, and for
    organisations when either side is named on its own elsewhere in the article (so "Procter
    and Gamble" stays one)."""
    known = {candidate.key for candidate in candidates}
    out: list[Candidate] = []
    for candidate in candidates:
        inner = [
            i
            for i in range(candidate.start_token + 1, candidate.end_token - 1)
            if doc[i].text == "and"
        ]
        if len(inner) != 1:
            out.append(candidate)
            continue
        cut = inner[0]
        left = Candidate(candidate.start_token, cut, 0, 0, "", candidate.model_label)
        right = Candidate(cut + 1, candidate.end_token, 0, 0, "", candidate.model_label)
        left.refresh(doc)
        right.refresh(doc)
        sides_named = left.text[:1].isupper() and right.text[:1].isupper()
        if sides_named and (
            candidate.model_label in ("PERSON", "PLACE", "NORP")
            or left.key in known
            or right.key in known
            or named_elsewhere(doc, left, candidate)
            or named_elsewhere(doc, right, candidate)
        ):
            out += [left, right]
        else:
            out.append(candidate)
    return out


def named_elsewhere(doc: Doc, side: Candidate, whole: Candidate) -> bool:
    """Whether the words of ``side`` occur again in the article outside ``whole``."""
    text = document_text(doc)
    start = text.find(side.text)
    while start != -1:
        end = start + len(side.text)
        outside = end <= whole.start or start >= whole.end
        bounded = (start == 0 or not text[start - 1].isalnum()) and (
            end == len(text) or not text[end].isalnum()
        )
        if outside and bounded:
            return True
        start = text.find(side.text, start + 1)
    return False


def split_glued_prefix(candidate: Candidate, known_keys: set[str]) -> None:
    """Undo a lost line break: "MoscowVladimir Putin" -> "Vladimir Putin" if "Moscow" is a name."""
    first_token_end = candidate.text.find(" ")
    if first_token_end <= 0:
        return
    first = candidate.text[:first_token_end]
    for i in range(3, len(first) - 2):
        if first[i - 1].islower() and first[i].isupper() and name_key(first[:i]) in known_keys:
            candidate.start += i
            candidate.text = candidate.text[i:]
            candidate.set_name(candidate.text)
            return


def trim_headline_verbs(candidates: list[Candidate], doc: Doc) -> None:
    """ "Putin Invites" (a headline) -> "Putin" when Putin is a surname of another person here.

    Only two-word spans whose second word looks like a headline verb (capitalised, ending in
    a lower-case "s": Invites, Meets, Says) are trimmed, so "George W. Bush" stays whole.
    """
    surnames = {
        c.parts[-1]: c.key for c in candidates if c.model_label == "PERSON" and len(c.parts) > 1
    }
    for candidate in candidates:
        if candidate.model_label != "PERSON" or candidate.end_token - candidate.start_token != 2:
            continue
        second = doc[candidate.start_token + 1].text
        if not (second[:1].isupper() and second[1:].islower() and second.endswith("s")):
            continue
        first = name_key(doc[candidate.start_token].text)
        if first in surnames and surnames[first] != candidate.key:
            candidate.end_token = candidate.start_token + 1
            candidate.refresh(doc)


def recover_missed_phrases(
    doc: Doc, candidates: list[Candidate], skip: frozenset[int] = frozenset()
) -> list[Candidate]:
    """Names of two or more words the model found once and missed elsewhere in the article,
    written the same way outside every entity span ("The Dow Jones was down" after "the Dow
    Jones surged"), outside the tokens in ``skip``. Each gets the label of the name it repeats."""
    phrases: dict[str, list[tuple[tuple[str, ...], str | None]]] = {}
    for candidate in candidates:
        words = tuple(token.text for token in doc[candidate.start_token : candidate.end_token])
        if len(words) > 1 and words[0][:1].isupper() and not candidate.honorific:
            entry = (words, candidate.model_label)
            if entry not in phrases.setdefault(words[0], []):
                phrases[words[0]].append(entry)
    if not phrases:
        return []
    entity_types = token_column(doc, ENT_TYPE)
    recovered: list[Candidate] = []
    index = 0
    while index < len(doc):
        found = None
        if not entity_types[index] and index not in skip and doc[index].text in phrases:
            for words, label in sorted(phrases[doc[index].text], key=lambda e: -len(e[0])):
                end = index + len(words)
                if (
                    end <= len(doc)
                    and not any(entity_types[index:end])
                    and not any(i in skip for i in range(index, end))
                    and tuple(token.text for token in doc[index:end]) == words
                ):
                    found = Candidate(index, end, 0, 0, "", label)
                    break
        if found is None:
            index += 1
            continue
        found.refresh(doc)
        recovered.append(found)
        index = found.end_token
    return recovered


def recover_missed(
    doc: Doc, candidates: list[Candidate], skip: frozenset[int] = frozenset()
) -> list[Candidate]:
    """Capitalised tokens outside every entity span that match (or are variants of) a name here
    (tokens in ``skip`` excepted)."""
    exact: set[str] = set()
    personal: set[str] = set()  # one-word names and surnames of people
    full_keys = {candidate.key for candidate in candidates if len(candidate.parts) > 1}
    for candidate in candidates:
        if len(candidate.parts) == 1:
            exact.add(candidate.parts[0])
        elif candidate.model_label == "PERSON":
            exact.add(candidate.parts[-1])
        if candidate.model_label == "PERSON":
            personal.add(candidate.parts[-1])
        elif candidate.parts[-1].isalpha() and names_a_product(candidate.parts[:-1]):
            exact.add(candidate.parts[-1])  # "the Dreamliner" after "Boeing 787 Dreamliner"
    taken_until = -1
    long_forms = [part for part in exact if len(part) >= MIN_FUZZY_LENGTH]
    recovered = []
    strings = doc.vocab.strings
    texts: dict[int, str] = {}
    # the columns needed, read once, instead of a Token object per word
    columns = zip(
        token_column(doc, ENT_TYPE),
        token_column(doc, IS_ALPHA),
        token_column(doc, ORTH),
        strict=True,
    )
    for index, (entity_type, is_alpha, orth) in enumerate(columns):
        if entity_type or not is_alpha:  # inside an entity of any label, e.g. the DATE "May 9"
            continue
        text = texts.get(orth)
        if text is None:
            text = texts[orth] = strings[orth]
        if not text[0].isupper():
            continue
        if len(text) < MIN_RECOVERED_LENGTH and not (
            text.isupper() and text.lower() in exact and not glued_to_number(doc, index)
        ):
            continue  # a short word only as an acronym of the article, letter for letter ("GM")
        parts = name_parts(text)
        if len(parts) != 1:
            continue
        part = parts[0]
        if index <= taken_until or index in skip:
            continue
        if part in exact or (
            len(part) >= MIN_FUZZY_LENGTH
            and any(parts_are_variants(part, known) for known in long_forms)
        ):
            start, end = index, index + 1
            if inside_capitalised_phrase(doc, index):
                # the whole phrase when it is a name of the article ("'Deep Throat'")
                start, end = capitalised_run(doc, index)
                if name_key(doc[start:end].text) not in full_keys:
                    if part in personal:
                        continue  # "Blair House": another name's word, not the person
                    start, end = index, index + 1
            elif part in personal and after_determiner(doc, index):
                continue  # "the Bill": a common noun, not the person
            if start > 0 and honorific_of(doc[start - 1].text):
                start -= 1
            candidate = Candidate(start, end, 0, 0, "", None)
            candidate.refresh(doc)
            recovered.append(candidate)
            taken_until = end - 1
    return recovered


def glued_to_number(doc: Doc, index: int) -> bool:
    """Whether token ``index`` is written onto a number before it: a unit ("30GB")."""
    return index > 0 and not doc[index - 1].whitespace_ and doc[index - 1].text[-1:].isdigit()


def extend_by_known_words(candidates: list[Candidate], doc: Doc) -> None:
    """A name followed by a lower-case word that the article also writes capitalised as part
    of that name takes the word: "the iPod nano" where "iPod Nano" is a name of the article."""
    longer = {c.key for c in candidates if len(c.parts) > 1}
    taken = {c.start_token for c in candidates}
    for candidate in candidates:
        after = candidate.end_token
        if after >= len(doc) or after in taken or not doc[after].is_lower:
            continue
        if not doc[after].is_alpha or doc[after - 1].whitespace_ == "":
            continue
        if f"{candidate.key} {name_key(doc[after].text)}" in longer:
            candidate.end_token = after + 1
            candidate.refresh(doc)


def determined_candidates(doc: Doc, candidates: list[Candidate]) -> list[Candidate]:
    """Names after "the" the model left untagged ("the Dow Jones Industrial Average"),
    :mod:`dateline.annotate.named_phrases`."""
    taken = {i for c in candidates for i in range(c.start_token, c.end_token)}
    found = []
    named = determined_names(doc, taken)
    taken |= {i for start, end, _ in named for i in range(start, end)}
    words = {part for c in candidates for part in c.parts}
    repeated = [  # a word of a name here is recovered as that name ("Papermaster")
        (start, end, label)
        for start, end, label in repeated_proper_nouns(doc, taken)
        if name_key(doc[start:end].text) not in words
    ]
    for start, end, label in named + repeated:
        candidate = Candidate(start, end, 0, 0, "", label)
        candidate.refresh(doc)
        if candidate.parts:
            found.append(candidate)
    return found


def coordinated_candidates(doc: Doc, candidates: list[Candidate]) -> list[Candidate]:
    """Proper nouns the model left untagged in a list with one of its names ("Europe and
    Asia"), with that name's label, :func:`dateline.annotate.named_phrases.coordinated_names`."""
    taken = {i for c in candidates for i in range(c.start_token, c.end_token)}
    names = [(c.start_token, c.end_token, c.model_label) for c in candidates if c.model_label]
    found = []
    for start, end, label in coordinated_names(doc, names, taken):
        candidate = Candidate(start, end, 0, 0, "", label)
        candidate.refresh(doc)
        if candidate.parts:
            found.append(candidate)
    return found


def capitalised_run(doc: Doc, index: int) -> tuple[int, int]:
    """The run of capitalised words around token ``index``."""
    start, end = index, index + 1
    while start > 0 and doc[start - 1].is_alpha and doc[start - 1].text[:1].isupper():
        start -= 1
    while end < len(doc) and doc[end].is_alpha and doc[end].text[:1].isupper():
        end += 1
    return start, end


def inside_capitalised_phrase(doc: Doc, index: int) -> bool:
    """Whether the token is next to another capitalised word that is not a title."""
    for neighbour in (index - 1, index + 1):
        if 0 <= neighbour < len(doc):
            text = doc[neighbour].text
            if (
                text[:1].isupper()
                and doc[neighbour].is_alpha
                and not honorific_of(text)
                and text.lower() not in TITLE_WORDS
                and not (neighbour == index - 1 and doc[neighbour].is_sent_start)
            ):
                return True
    return False


def matching_referents(
    candidate: Candidate, referents: list[Referent]
) -> tuple[list[Referent], bool]:
    """Referents this candidate names, by the first rule that matches any of them, and whether
    the rule names the whole name (same name or a spelling variant) rather than a short form.

    A title's gender rules out a referent another title gave the other gender ("Mrs Howard"
    is not the "Mr Howard" of the same article)."""
    gender = candidate.gender
    referents = [r for r in referents if not r.conflicts_with(gender)]
    exact = [r for r in referents if candidate.key in r.keys]
    if exact:
        return exact, True
    is_norp = candidate.model_label == "NORP"
    variants = [
        r
        for r in referents
        if len(candidate.parts) == len(r.head.parts)  # (cheap test first)
        and names_are_variants(candidate.parts, r.head.parts)
        and (candidate.model_label is None or is_norp == (r.label == "NORP"))
    ]
    if variants:
        return variants, True
    if candidate.model_label in (None, "PERSON") and len(candidate.parts) >= 2:
        # "George Bush" in an article about "George W Bush"
        core = without_middle_initials(candidate.parts)
        initialled = [
            r
            for r in referents
            if r.label == "PERSON"
            and r.head.parts != candidate.parts
            and without_middle_initials(r.head.parts) == core
        ]
        if len(initialled) == 1:
            return initialled, True
    if candidate.model_label == "PRODUCT" and names_a_product(candidate.parts):
        # "the A380" after "Airbus A380", "Boeing 787" after "Boeing 787 Dreamliner": a
        # shorter form of one product; the model alone prefers the product it ends
        products = [
            (r, tuple(model_singular(part) for part in r.head.parts))
            for r in referents
            if r.label == "PRODUCT" and len(r.head.parts) > 1
        ]
        parts = tuple(model_singular(part) for part in candidate.parts)
        if len(parts) == 1:
            models = [r for r, head in products if parts[0] in head[1:]]
            if len(models) > 1:
                models = [r for r, head in products if head[1:] == parts]
        else:
            models = [
                r for r, head in products if len(head) >= len(parts) and head[: len(parts)] == parts
            ]
        if len(models) == 1:
            return models, False
    if (
        len(candidate.parts) == 1
        and not candidate.honorific
        and not candidate.located
        and country_named(candidate.text, codes=False) is None
    ):
        # "the Taurus" after "Ford Taurus": a model named without its maker ("Zaire" after a
        # name ending "Congo-Zaire" is the country)
        models = [
            r
            for r in referents
            if r.label == "PRODUCT"
            and len(r.head.parts) > 1
            and r.head.parts[-1] == candidate.parts[0]
        ]
        if len(models) == 1:
            return models, False
    # "US" after "the US Senate" is the country its name begins with, though it spells the
    # name's initials
    country_word = is_acronym_shaped(candidate.text) and names_place(candidate.text)
    acronyms = [
        r
        for r in referents
        if r.label != "PERSON"
        and is_acronym_of(candidate.text, r.head.text)
        and not (country_word and is_word_of(candidate.text, r.head.text))
    ]
    if acronyms:
        return acronyms, False
    loose = [
        r
        for r in referents
        if r.label not in ("PERSON", "NORP")
        and is_loose_acronym_of(candidate.text, r.head.text)
        and not (country_word and is_word_of(candidate.text, r.head.text))
    ]
    if len(loose) == 1 and not candidate.honorific:
        return loose, False  # "SIA" after "Singapore Airlines", "BoA" after "Bank of America"
    # a one-word name the model called a place may still be a surname or a company's short
    # name ("Henderson" after "Fritz Henderson"), unless it is a country or follows "in", "at"
    loose_place = (
        candidate.model_label == "PLACE"
        and len(candidate.parts) == 1
        and not candidate.located
        and country_named(candidate.text) is None
    )
    # a country's name the model calls an organisation is no one's surname ("Jordan" of
    # "Michael Jordan" is, called a person or recovered as a copy of his name), nor the
    # leading word of a body ("Malawi" of the "Malawi Congress Party")
    country = country_named(candidate.text, codes=False) is not None
    may_be_surname = candidate.model_label in (None, "PERSON") or (
        candidate.model_label == "ORG" and not country
    )
    if may_be_surname or loose_place:
        persons = [
            r
            for r in referents
            if r.label == "PERSON" and is_short_form_of(candidate.bare, r.head.bare)
        ]
        if candidate.honorific and len(persons) > 1:
            # "Mr Blair" with two Blairs: only one the titles already call so, else its own
            persons = [r for r in persons if gender is not None and gender in r.genders]
            return (persons, False) if len(persons) == 1 else ([], False)
        if persons:
            return persons, False
    if candidate.model_label == "ORG":
        # "the Navy" after "the Indian Navy", "the Parliament" after "the European Parliament":
        # the article says which one the generic name means, when only one fits
        qualified = [
            r
            for r in referents
            if r.label == "ORG"
            and len(r.head.parts) > len(candidate.parts)
            and (
                r.head.parts[-len(candidate.parts) :] == candidate.parts
                or name_key(without_country_prefix(r.head.text) or "") == candidate.key
            )
        ]
        if len(qualified) > 1:
            # "Air Force" beside "United States Air Force" and "Boeing-Air Force": the country's
            by_country = [
                r
                for r in qualified
                if name_key(without_country_prefix(r.head.text) or "") == candidate.key
            ]
            qualified = by_country if len(by_country) == 1 else qualified
        if len(qualified) == 1:
            return qualified, False
    if candidate.model_label == "ORG" and len(candidate.parts) > 1:
        # "Dow Jones" after "Dow Jones Industrial Average", "China Eastern" after "China
        # Eastern Airlines": the leading words of one organisation, not a unit of it
        # ("General Motors Europe") nor a product ("Boeing 787")
        longer = [
            r
            for r in referents
            if r.label == "ORG"
            and is_leading_run(candidate, r)
            and not names_another_body(candidate.text, r.head.text)
        ]
        if len(longer) == 1:
            return longer, False
    if (
        len(candidate.parts) == 1
        and (candidate.model_label in ("ORG", "PERSON") or loose_place)
        and not country
    ):
        leading = [
            r
            for r in referents
            if r.label == "ORG"
            and len(candidate.parts[0]) >= 4
            and r.head.parts[: len(candidate.parts)] == candidate.parts
            and not names_a_product(r.head.parts[len(candidate.parts) :])
            and not names_a_thing(r)
            # "the Senate" after "the Senate Foreign Relations Committee": the whole body
            and not (
                candidate.model_label == "ORG" and names_another_body(candidate.text, r.head.text)
            )
            # a place is a team's short name ("Charlotte" of the "Charlotte Bobcats"), not
            # an institution's ("Tokyo" of the "Tokyo Stock Exchange")
            and (not loose_place or names_a_team(r))
        ]
        return leading, False
    return [], False


#: the last words of a club's name after its town ("Manchester United", "Bolton Wanderers")
CLUB_WORDS = frozenset("fc afc club united city rovers athletic wanderers albion".split())  # noqa: SIM905


def names_a_team(referent: Referent) -> bool:
    """Whether the referent's name ends like a team's: a plural nickname ("Charlotte
    Bobcats", "Dallas Mavericks") or a club's word ("Manchester United", "Bolton Wanderers")."""
    last = referent.head.parts[-1]
    return looks_plural(last) or last in CLUB_WORDS


def names_a_thing(referent: Referent) -> bool:
    """Whether the article writes the referent's longer name after "the" and its last word is
    no organisation's head nor a plural ("the Chrysler Aspen", not "the Chrysler Group" or "the
    Indianapolis Colts"): a company's name seldom takes "the", a model's does, so the company
    alone is not it."""
    last = referent.head.parts[-1]
    if kind_by_head(referent.head.text) == "ORG" or looks_plural(last):
        return False  # "the Chrysler Group", "the Indianapolis Colts": a team takes "the" too
    return any(member.determined and len(member.parts) > 1 for member in referent.members)


def looks_plural(word: str) -> bool:
    """An English plural ("Colts", "Saints"), not a word that merely ends in s ("Taurus")."""
    return word.endswith("s") and not word.endswith(("ss", "us", "is"))


def is_leading_run(candidate: Candidate, referent: Referent) -> bool:
    """Whether the candidate's words begin the referent's name and the rest is neither a
    product designator nor a country ("General Motors Europe", "Dow Jones 30")."""
    n, parts = len(candidate.parts), referent.head.parts
    if len(parts) <= n or parts[:n] != candidate.parts:
        return False
    return continues_organisation(candidate.text, referent.head.text)


def with_products(doc: Doc, candidates: list[Candidate]) -> list[Candidate]:
    """``candidates`` with maker-and-model names ("Airbus A380") as PRODUCT mentions that
    replace the maker's and the model's pieces, and later lone designators ("the A380")."""
    found = product_spans(doc, [(c.start_token, c.end_token, c.model_label) for c in candidates])
    spans = [(start, end) for start, _, end in found] + lone_designators(doc, found)
    taken = {i for c in candidates for i in range(c.start_token, c.end_token)}
    taken |= {i for start, end in spans for i in range(start, end)}
    spans += standalone_models(doc, taken)
    if not spans:
        return candidates
    covered = {index for start, end in spans for index in range(start, end)}
    kept = [
        c for c in candidates if not any(i in covered for i in range(c.start_token, c.end_token))
    ]
    for start, end in spans:
        product = Candidate(start, end, 0, 0, "", "PRODUCT")
        product.refresh(doc)
        if product.parts:
            kept.append(product)
    return kept


def mark_named_models(candidates: list[Candidate], doc: Doc) -> None:
    """A maker's name followed by a model's name, each also written alone in the article, is
    a product ("Ford Taurus" beside "Ford" and "the Taurus"): the maker's own mentions then
    stay the company's, and the model's join the product."""
    alone = {c.key for c in candidates if len(c.parts) == 1}
    makers = {c.key for c in candidates if len(c.parts) == 1 and c.model_label == "ORG"}
    # "the Taurus was", "the Falcon's": one capitalised word after "the", nothing capitalised next
    models = alone | {
        name_key(doc[i].text)
        for i in (the + 1 for the in indices_with(doc, lowers=("the",)))
        if i < len(doc) - 1
        and doc[i].is_alpha
        and doc[i].text[:1].isupper()
        and not doc[i + 1].text[:1].isupper()
    }
    for candidate in candidates:
        parts = candidate.parts
        if (
            len(parts) > 1
            and candidate.model_label in (None, "ORG", "PRODUCT")
            and parts[0] in makers  # not a city ("Indianapolis Colts")
            and parts[-1] in models
            and len(parts[-1]) >= MIN_RECOVERED_LENGTH
            and kind_by_head(candidate.text) is None
            and not names_place(candidate.parts[-1])  # "... of Congo-Zaire"
            and not names_place(candidate.text.split()[0])  # "US Treasury"
            and not any(part.islower() for part in candidate.text.split())  # "... of ..."
        ):
            candidate.model_label = "PRODUCT"


def names_a_product(extra_parts: tuple[str, ...]) -> bool:
    """Whether the words after a company's name make a product ("787", "A380", "iPod 5")."""
    return any(any(ch.isdigit() for ch in part) for part in extra_parts)


def bracketed_acronyms(candidates: list[Candidate], doc: Doc) -> list[Candidate]:
    """Acronyms in brackets right after a name that the model left untagged or inside the name's
    span ("General Motors (GM)", cut at the bracket): "the Dow Jones (DJIA)" gives the mention
    "DJIA", with the name's label (later copies are then recovered
    as names of the article, and :func:`defined_acronyms` joins them to the name)."""
    starts = {c.start_token for c in candidates}
    found = []
    for candidate in candidates:
        after = candidate.end_token
        if after + 1 in starts or after + 1 >= len(doc):
            continue
        if doc[after + 1].ent_type_ and doc[after + 1].ent_type_ not in LABEL_MAP:
            continue
        if acronym_in_brackets_after(candidate, doc) is not None:
            label = candidate.model_label
        elif names_what_precedes_a_country(candidate, doc):
            label = "ORG"  # "the army in the DRC (FARDC)": a body, not the country
        else:
            continue
        acronym = Candidate(after + 1, after + 2, 0, 0, "", label)
        acronym.refresh(doc)
        found.append(acronym)
    return found


def bracketed_acronym_shape(candidate: Candidate, doc: Doc) -> str | None:
    """The word written alone in brackets right after the candidate, dots aside, when it is
    shaped as an acronym ("SIA", "U.S."), or None."""
    after = candidate.end_token
    if not alone_in_brackets(doc, after + 1) or not is_acronym_shaped(doc[after + 1].text):
        return None
    return doc[after + 1].text.replace(".", "")


def names_what_precedes_a_country(candidate: Candidate, doc: Doc) -> bool:
    """Whether the acronym in brackets after a country's name is not that country's code,
    so it stands for the longer name the country's name ended ("the National Army Force in
    the DRC (FARDC)")."""
    word = bracketed_acronym_shape(candidate, doc)
    return word is not None and not_the_country_s_code(word, candidate)


def not_the_country_s_code(word: str, candidate: Candidate) -> bool:
    """Whether the candidate names a country of which ``word`` is no code nor initials
    ("ROK" of the "Republic of Korea")."""
    country = country_named(candidate.text)
    return country is not None and not (
        country_named(word) == country or word == every_initial(candidate.text)
    )


def acronym_in_brackets_after(candidate: Candidate, doc: Doc) -> str | None:
    """The acronym written in brackets right after the candidate ("Singapore Airlines (SIA)"),
    dots aside, or None; not one of a longer name (:func:`spells_a_longer_name`), nor the
    country of a person, a place or a team (:func:`gives_its_country`), nor one that follows
    a country but is not its code (:func:`not_the_country_s_code`)."""
    word = bracketed_acronym_shape(candidate, doc)
    if word is None:
        return None
    if spells_a_longer_name(word, candidate.text) or gives_its_country(word, candidate, doc):
        return None
    if candidate.model_label == "PERSON" and word != capitals(candidate.text):
        # "Roger Federer (SUI)": a person's bracket holds a team or a country, unless it
        # spells the name's capitals ("John F. Kennedy (JFK)", a firm the model called a
        # person: "GlaxoSmithKline (GSK)")
        return None
    if not_the_country_s_code(word, candidate):
        return None
    return word


def every_initial(text: str) -> str:
    """The first letters of all the words of ``text``, small ones too, in capitals
    ("Republic of Korea" -> "ROK")."""
    return "".join(part[0] for part in name_parts(text) if part).upper()


def capitals(text: str) -> str:
    """The capital letters of ``text``, in order ("GlaxoSmithKline" -> "GSK")."""
    return "".join(ch for ch in text if ch.isupper())


def gives_its_country(code: str, candidate: Candidate, doc: Doc) -> bool:
    """Whether ``code``, in brackets after the candidate, is a country's code that says where
    the candidate is from rather than abbreviating its name: after a person or a place
    ("Rudi Koertzen (RSA)", "Barcelona (ESP)"), or in an article that brackets several
    countries' codes, as results do ("Club America (MEX)"). An organisation's bracket is
    otherwise its acronym, in whatever language ("Socialist Party (PS)", "Arab League
    (AL)")."""
    country = country_named(code)
    if (
        country is None
        or is_acronym_of(code, candidate.text)
        or is_loose_acronym_of(code, candidate.text)
        or country_named(candidate.text) == country
    ):
        return False
    if candidate.model_label in ("PERSON", "PLACE"):
        return True
    return len(bracketed_countries(doc)) > 1


def mark_bracketed_countries(candidates: list[Candidate], doc: Doc) -> None:
    """Call a place a country's code that gives the country of the name before its bracket
    (:func:`gives_its_country`), whatever the model called it: "RSA" after "Rudi Koertzen"
    is South Africa, not an organisation named "RSA"."""
    by_end = {c.end_token: c for c in candidates}
    for candidate in candidates:
        index = candidate.start_token
        if candidate.end_token != index + 1 or not alone_in_brackets(doc, index):
            continue
        named = by_end.get(index - 1)
        if named is not None and gives_its_country(candidate.text, named, doc):
            candidate.model_label = "PLACE"


def alone_in_brackets(doc: Doc, index: int) -> bool:
    """Whether the token at ``index`` is the only one between a "(" and a ")"."""
    return 0 < index < len(doc) - 1 and doc[index - 1].text == "(" and doc[index + 1].text == ")"


def bracketed_countries(doc: Doc) -> set[str]:
    """The countries whose codes the article writes alone in brackets ("(ESP)", "(MEX)")."""
    found = set()
    for index in range(1, len(doc) - 1):
        if alone_in_brackets(doc, index):
            word = doc[index].text
            if word.isupper() and (country := country_named(word)) is not None:
                found.add(country)
    return found


def spells_a_longer_name(acronym: str, name: str) -> bool:
    """Whether ``acronym`` spells more than ``name`` and ends with its initials: the model
    tagged only the tail of a longer name the acronym stands for ("American Institute in
    Taiwan (AIT)" tagged "Taiwan"; "UN Transitional Administration for Eastern Slavonia
    (UNTAES)" tagged "Eastern Slavonia"). "Dow Jones (DJIA)" spells more but begins with its
    initials, as an acronym of the name does."""
    letters = initials(name)
    return bool(letters) and len(acronym) > len(letters) and acronym.endswith(letters)


def defined_acronyms(candidates: list[Candidate], doc: Doc) -> dict[str, str]:
    """Acronyms the article defines in brackets after a name: "Singapore Airlines (SIA)"
    gives ``{"sia": "singapore airlines"}``."""
    by_start = {c.start_token: c for c in candidates}
    defined: dict[str, str] = {}
    for candidate in candidates:
        word = acronym_in_brackets_after(candidate, doc)
        if word is not None:
            inner = by_start.get(candidate.end_token + 1)
            if inner is None or inner.key == name_key(word):
                defined.setdefault(name_key(word), candidate.key)
    return defined


def group_referents(
    candidates: list[Candidate], acronyms: dict[str, str] | None = None
) -> list[Referent]:
    """Group candidates, fullest names first, so short forms find the full name they abbreviate."""
    referents: list[Referent] = []
    acronyms = acronyms or {}
    for candidate in sorted(candidates, key=lambda c: (-len(c.parts), c.start)):
        defined = acronyms.get(candidate.key)
        named = [r for r in referents if defined in r.keys] if defined else []
        if named:
            named[0].add(candidate, votes=False)
            continue
        matches, whole_name = matching_referents(candidate, referents)
        if matches:
            # An ambiguous short form ("Kim") goes to the most mentioned match the article
            # has named before it: "Castro" after "Fidel Castro" is Fidel, though his brother
            # Raul, named later, is named more.
            named_before = [r for r in matches if any(m.start < candidate.start for m in r.members)]
            best = max(named_before or matches, key=lambda r: (len(r.members), -r.head.start))
            best.add(candidate, votes=whole_name)
        else:
            referent = Referent()
            referent.add(candidate)
            referents.append(referent)
    return referents


def country_of(referent: Referent) -> str | None:
    """The country a place or nationality referent names ("DPRK", "Britain", "North
    Korean"), by the gazetteer: its fullest name's country, or by a code only when the model
    called it a place and the referent's other names are that country's too."""
    if referent.genders or referent.label not in ("PLACE", "NORP", "ORG", "PERSON"):
        return None
    if referent.label == "NORP":
        for member in referent.members:
            found = country_of_demonym(member.text) or region_of_demonym(member.text)
            if found is not None:
                return found
        return None
    if referent.label == "PERSON" and (found := nationality_of(referent)) is not None:
        return found  # "Sri Lankan President Mahinda Rajapakse": no one is named "Sri Lankan"
    found = country_named(referent.head.text, codes=False)
    if found is not None:
        return found
    if any(country_named(member.text, codes=False) for member in referent.members[1:]):
        # the fullest name is not the country a shorter one names: "Nepal" read as the
        # surname of "Madhav Kumar Nepal" does not make him the country, nor "Malawi" the
        # "Malawi Congress Party"
        return None
    # by its code only where every name of the referent is one: a code beside another name
    # is that name's acronym or its country ("Arab League (AL)", "Barcelona (ESP)")
    coded = [m for m in referent.members if country_named(m.text, codes=m.model_label == "PLACE")]
    if not coded:
        return None
    country = country_named(coded[0].text)
    return country if all(country_named(m.text) == country for m in referent.members) else None


def nationality_of(referent: Referent) -> str | None:
    """The country whose demonym every name of the referent is ("Sri Lankan"), else None."""
    found = {country_of_demonym(member.text) for member in referent.members}
    return found.pop() if len(found) == 1 and None not in found else None


def parsed_from(doc: Doc, text: str) -> bool:
    """Whether ``doc`` was parsed from ``text``: its length and its first and last tokens agree
    (rebuilding ``doc.text`` to compare costs as much as some extractors)."""
    if len(doc) == 0:
        return not text.strip()
    first, last = doc[0], doc[-1]
    return (
        last.idx + len(last.text_with_ws) == len(text)
        and text.startswith(first.text, first.idx)
        and text.startswith(last.text, last.idx)
    )


def extract_mentions(article: Article, doc: Doc) -> list[Mention]:
    """Entity mentions of ``article`` (parsed as ``doc``), entity ids left for the link stage."""
    if not parsed_from(doc, article.text):
        raise ValueError(f"article {article.id}: the parsed document is not this article's text")
    candidates = split_coordinations(model_candidates(doc), doc)
    candidates = split_dash_pairs(split_possessives(candidates, doc), doc)
    with_camel_case_word(candidates, doc)
    known_keys = {candidate.key for candidate in candidates}
    for candidate in candidates:
        split_glued_prefix(candidate, known_keys)
    trim_headline_verbs(candidates, doc)
    candidates += coordinated_candidates(doc, candidates)
    # names the sentence marks, before the acronyms they define ("the Dow Jones (DJIA)") and
    # the later copies of either are looked for
    candidates += determined_candidates(doc, candidates)
    candidates += bracketed_acronyms(candidates, doc)
    mark_bracketed_countries(candidates, doc)
    skip = frozenset(i for c in candidates for i in range(c.start_token, c.end_token))
    phrases = recover_missed_phrases(doc, candidates, skip)
    skip |= frozenset(i for c in phrases for i in range(c.start_token, c.end_token))
    candidates += recover_missed(doc, candidates, skip) + phrases
    extend_by_known_words(candidates, doc)
    candidates = with_products(doc, candidates)
    mark_named_models(candidates, doc)
    for candidate in candidates:
        if candidate.model_label in (None, "PERSON", "PLACE"):
            candidate.role = role_of_span(doc, candidate.start_token, candidate.end_token)
        if candidate.model_label != "PRODUCT" and not candidate.honorific:
            candidate.kind = kind_in_context(doc, candidate.start_token, candidate.end_token)
        before = candidate.start_token - 1
        candidate.located = before >= 0 and doc[before].text.lower() in LOCATIVES
        candidate.determined = before >= 0 and doc[before].lower_ == "the"
    mentions = []
    referents = group_referents(candidates, defined_acronyms(candidates, doc))
    country_of_referent = [country_of(referent) for referent in referents]
    countries = frozenset(country for country in country_of_referent if country)
    for referent, country in zip(referents, country_of_referent, strict=True):
        label, canonical = referent.label, referent.canonical()
        if country is None and label == "ORG":
            canonical = with_country_spelled_out(canonical, countries)
        if country is not None:
            # one name for every form of a country; a country is a place whatever the model said
            canonical = country
            label = "NORP" if label == "NORP" or nationality_of(referent) else "PLACE"
        for member in referent.members:
            role = member.role if label == "PERSON" else None
            mentions.append(
                Mention(
                    article_id=article.id,
                    start=member.start,
                    end=member.end,
                    text=article.text[member.start : member.end],
                    label=label,
                    role=role,
                    canonical=canonical,
                )
            )
    mentions.sort(key=lambda mention: (mention.start, mention.end))
    return mentions
