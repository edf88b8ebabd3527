"""What kind of thing a name is, by the words around it in the sentence.

The entity recogniser labels each span on its own and often calls a company a person
("Yukos", "BAA"). The article usually says what it is, and that is the evidence used here:

- a class noun right before the name: "the oil company Yukos", "the Irish airline, Ryanair",
  "the new stadium Wembley";
- an appositive after the name that starts with an article and names a class before any
  title: "Yukos, the Russian oil group, ...", "BAA, the airports operator, ...";
- a company title between the name and a person's name: "Manchester United manager Alex
  Ferguson", "Apple CEO Steve Jobs": the first name is the person's employer, not a person.

:func:`kind_in_context` returns the kind ("ORG" or "PLACE") or None; the mention stage counts
it as a strong vote for the referent's label. Titles of people are left to
:mod:`dateline.annotate.roles`.
"""

from __future__ import annotations

from spacy.tokens import Doc

from dateline.annotate.roles import TITLE_WORDS
from dateline.link.gazetteer import names_nation

ORG_NOUNS = frozenset(
    """
    company companies firm group giant maker manufacturer automaker carmaker carrier airline
    operator bank lender insurer retailer supermarket chain conglomerate producer exporter
    club team side party union agency regulator broadcaster newspaper network brand label
    startup organisation organization charity consortium subsidiary unit distributor
    supplier developer publisher studio utility refiner miner airframer
    """.split()  # noqa: SIM905
)
PLACE_NOUNS = frozenset(
    """
    stadium airport city town village country state region province capital port island
    venue ground arena resort suburb district county
    """.split()  # noqa: SIM905
)
# titles that name a post in an organisation: "X manager Y" says X is the organisation
EMPLOYER_TITLES = frozenset(
    """
    manager chairman chairwoman ceo cfo coo boss coach owner founder president director
    executive
    """.split()  # noqa: SIM905
)
ARTICLES = frozenset({"the", "a", "an"})
MAX_APPOSITIVE_WORDS = 6
MAX_PREMODIFIER_REACH = 5


def noun_kind(word: str) -> str | None:
    if word in ORG_NOUNS:
        return "ORG"
    if word in PLACE_NOUNS:
        return "PLACE"
    return None


def is_lower_word(doc: Doc, index: int) -> bool:
    return 0 <= index < len(doc) and doc[index].is_alpha and doc[index].text.islower()


def premodifier_kind(doc: Doc, start: int) -> str | None:
    """ "the oil company Yukos", "the Irish airline, Ryanair": a class noun just before the
    name (a comma between allowed), in a phrase that starts with an article."""
    noun = start - 1
    if noun >= 0 and doc[noun].text == ",":
        noun -= 1
    if not is_lower_word(doc, noun):
        return None
    kind = noun_kind(doc[noun].text)
    if kind is None:
        return None
    for index in range(noun - 1, max(-1, noun - 1 - MAX_PREMODIFIER_REACH), -1):
        word = doc[index].text.lower()
        if word in ARTICLES:
            return kind
        if not doc[index].is_alpha:
            return None
    return None


def appositive_kind(doc: Doc, end: int) -> str | None:
    """ "Yukos, the Russian oil group, ...": an article after a comma, then a class noun
    before any title word or punctuation."""
    if end + 1 >= len(doc) or doc[end].text != "," or doc[end + 1].text.lower() not in ARTICLES:
        return None
    for index in range(end + 2, min(len(doc), end + 2 + MAX_APPOSITIVE_WORDS)):
        token = doc[index]
        if not token.is_alpha:
            return None
        word = token.text.lower()
        if word in TITLE_WORDS:
            return None
        kind = noun_kind(word) if token.text.islower() else None
        if kind is not None:
            return kind
    return None


def employer_kind(doc: Doc, start: int, end: int) -> str | None:
    """ "Manchester United manager Alex Ferguson": a company title, then a capitalised name;
    not a nation's ("Chinese President Hu Jintao", "US President George W. Bush")."""
    index = end
    if is_lower_word(doc, index) and doc[index].text == "chief":
        index += 1
    if not (0 <= index < len(doc) and doc[index].text.lower() in EMPLOYER_TITLES):
        return None
    after = index + 1
    if after < len(doc) and doc[after].is_alpha and doc[after].text[:1].isupper():
        return None if names_nation(doc[start:end].text) else "ORG"
    return None


def kind_in_context(doc: Doc, start: int, end: int) -> str | None:
    """The kind of thing the sentence says the name at tokens ``start:end`` is, or None."""
    return (
        premodifier_kind(doc, start) or appositive_kind(doc, end) or employer_kind(doc, start, end)
    )
