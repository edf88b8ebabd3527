"""Roles and titles attached to a person mention, read off the tokens around the name.

Three patterns, tried in this order, none needing a parse (so they run on the NER-only
pipeline):

- a title right before the name: "the Kremlin spokesman Dmitry Peskov" -> "Kremlin spokesman",
  "Russian Foreign Minister Sergei Lavrov", "Marshal Choe Ryong-hae";
- an appositive before the name: "the Russian ambassador to Pyongyang, Alexandr Matsegora"
  -> "Russian ambassador to Pyongyang";
- an appositive after the name: "Gleb Ivashéntsov, the vice president of the Council of
  International Affairs and former Russian ambassador to South Korea, told Efe" -> "vice
  president of the Council ... South Korea".

Every pattern needs a title word (:data:`TITLE_WORDS`) so that ordinary apposition ("Anatoly
Viktorov, Russia was...") is not taken for a role. A role is a noun phrase, never a clause or
a fragment: a premodifier stops at a function word ("And Chancellor Brown" -> "Chancellor"); an
appositive with a finite verb or a relative word ("home secretary considered that ..."), with
its title after a preposition ("in his second term as US President"), or naming another person
before its title ("Gordon Brown and the chancellor") is not the name's role.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

TITLE_WORDS = frozenset(
    """
    president vice-president minister spokesman spokeswoman spokesperson ambassador leader
    chancellor secretary envoy diplomat chairman chairwoman chair chief head director ceo
    cfo coo founder co-founder governor mayor senator congressman congresswoman
    representative general marshal commander admiral colonel captain lieutenant sergeant
    king queen prince princess emperor premier official officer analyst expert professor
    editor correspondent deputy adviser advisor economist executive manager judge lawyer
    attorney prosecutor spokesmen negotiator delegate consul pope bishop archbishop cardinal
    rabbi imam mp lawmaker legislator councillor councilor coach captain owner chairperson
    dictator ruler monarch president-elect candidate nominee inspector commissioner counsel
    strategist researcher scientist economist trader investor banker author writer
    journalist reporter activist
    """.split()  # noqa: SIM905
)
ROLE_MODIFIERS = frozenset(
    """
    former deputy vice foreign prime presidential acting senior top then interim chief
    executive defence defense finance interior trade labor labour economy justice state
    national supreme general special first second assistant associate managing lead
    """.split()  # noqa: SIM905
)
DETERMINERS = frozenset("the a an its his her their our your this that".split())  # noqa: SIM905
# a token made of these alone ends a phrase (",", "--", "...")
BOUNDARY_CHARS = frozenset(",.;:()[]{}!?\"“”‘’'«»—–-…")
# a bracket or a double dash inside a token ends a phrase all the same ("(Xinhua)--")
BREAKING_MARKS = ("(", ")", "[", "]", "--")
# words before a title that say when, not who ("On Monday Peruvian President ...")
CALENDAR_WORDS = frozenset(
    """
    monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow
    january february march april may june july august september october november december
    """.split()  # noqa: SIM905
)
CLAUSE_STARTERS = frozenset("who which that whose whom where when while as and but".split())  # noqa: SIM905
MAX_PREMODIFIER_TOKENS = 6
MAX_APPOSITIVE_BEFORE_TOKENS = 9
MAX_APPOSITIVE_AFTER_TOKENS = 22
TITLE_WINDOW_AFTER = 5
FINITE_VERB_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
RELATIVE_WORDS = frozenset("that which who whose whom".split())  # noqa: SIM905
PREPOSITIONS = frozenset(
    "in as at on during after before since with from by into under over about like".split()  # noqa: SIM905
)
# prefixes whose hyphened word is their object, not the role's ("anti-Syrian MP")
OBJECT_PREFIXES = frozenset({"anti", "pro"})
# words whose object a phrase before a comma may be, rather than a name's apposition
GOVERNING_WORDS = PREPOSITIONS | frozenset({"to", "of", "for", "through", "via"})


# the portfolios a post is named by ("Secretary of State", "Minister of Foreign Affairs")
PORTFOLIO_NAMES = frozenset(
    {
        *"""state defense defence treasury health commerce energy labor labour agriculture
        education interior justice transportation transport finance trade housing""".split(),  # noqa: SIM905
        "homeland security",
        "foreign affairs",
        "home affairs",
        "internal affairs",
        "veterans affairs",
    }
)
MAX_PORTFOLIO_WORDS = 2


def is_title_word(text: str) -> bool:
    return text.lower() in TITLE_WORDS


def title_before_portfolio(doc: Doc, start: int, end: int) -> int | None:
    """The index of the title word when tokens ``start:end`` name a portfolio after it and
    "of" ("Secretary of State", "Minister of Foreign Affairs", "Secretary of the Treasury"):
    part of the post's name, not a mention of the department; else None."""
    if not 0 < end - start <= MAX_PORTFOLIO_WORDS or start < 2:
        return None
    of = start - 1
    if doc[of].lower_ == "the":
        of -= 1
    if of < 1 or doc[of].lower_ != "of" or not is_title_word(doc[of - 1].text):
        return None
    return of - 1 if doc[start:end].text.lower() in PORTFOLIO_NAMES else None


def posts_title_end(doc: Doc, start: int) -> int:
    """Where the post's title before the name at ``start`` ends: at the name, or after the
    title word that a portfolio follows ("Secretary | of State Condoleezza Rice")."""
    for size in range(1, MAX_PORTFOLIO_WORDS + 1):
        title = title_before_portfolio(doc, start - size, start)
        if title is not None:
            return title + 1
    return start


def is_boundary(text: str) -> bool:
    return all(ch in BOUNDARY_CHARS for ch in text) or any(mark in text for mark in BREAKING_MARKS)


def premodifier_role(doc: Doc, start: int) -> str | None:
    """A title directly before the name: capitalised words and role words ending in a title,
    or in a title's portfolio ("US Secretary of State")."""
    title_end = posts_title_end(doc, start)
    if title_end == 0 or not is_title_word(doc[title_end - 1].text):
        return None
    first = title_end - 1
    while first > 0 and title_end - first < MAX_PREMODIFIER_TOKENS:
        text = doc[first - 1].text
        lower = text.lower()
        if is_boundary(text) or lower in DETERMINERS or lower in CALENDAR_WORDS:
            break
        if not (text[:1].isupper() or lower in TITLE_WORDS or lower in ROLE_MODIFIERS):
            break
        if (
            doc[first - 1].is_stop
            and lower not in TITLE_WORDS | ROLE_MODIFIERS
            and not text.isupper()
        ):
            break  # "And Chancellor": a function word that only starts the sentence ("US" is none)
        first -= 1
    if first > 0 and is_prefix_hyphen(doc, first - 1) and first < title_end - 1:
        first += 1  # "anti-US President Hugo Chavez": no US president
    return doc[first:start].text


def is_prefix_hyphen(doc: Doc, index: int) -> bool:
    """Whether token ``index`` is a hyphen that joins the word after it to a prefix that
    takes it as object ("anti-US", "pro-Beijing"); an "ex-KGB officer" was one."""
    return (
        doc[index].text in ("-", "‐")
        and index > 0
        and not doc[index - 1].whitespace_
        and not doc[index].whitespace_
        and doc[index - 1].lower_ in OBJECT_PREFIXES
    )


def appositive_before_role(doc: Doc, start: int, end: int | None = None) -> str | None:
    """``[det] ROLE , NAME``: the nearest determiner whose phrase up to the comma holds a title.
    After a preposition the phrase is that preposition's object, unless the name is set off
    after it too ("met the foreign minister, Sergei Lavrov, on Monday"): "According to the
    spokesman, Mubarak is to meet ..." gives Mubarak no role."""
    comma = start - 1
    if comma <= 0 or doc[comma].text != ",":
        return None
    position = comma - 1
    while position >= 0 and comma - position <= MAX_APPOSITIVE_BEFORE_TOKENS:
        text = doc[position].text
        if is_boundary(text):
            return None
        if text.lower() in DETERMINERS:
            title = next((t.i for t in doc[position + 1 : comma] if is_title_word(t.text)), None)
            if title is not None and is_noun_phrase(doc, position + 1, comma, title):
                governed = position > 0 and doc[position - 1].lower_ in GOVERNING_WORDS
                if governed and end is not None and end < len(doc) and is_verb(doc[end]):
                    return None  # the name is its own clause's subject
                return doc[position + 1 : comma].text
        position -= 1
    return None


def appositive_after_role(doc: Doc, end: int) -> str | None:
    """``NAME , [det] ROLE ,``: a phrase after the name with a title among its first words."""
    if end >= len(doc) or doc[end].text != ",":
        return None
    first = end + 1
    if first < len(doc) and doc[first].text.lower() in DETERMINERS:
        first += 1
    if first >= len(doc) or doc[first].text.lower() in CLAUSE_STARTERS:
        return None
    last = first
    while (
        last < len(doc)
        and last - first < MAX_APPOSITIVE_AFTER_TOKENS
        and not is_boundary(doc[last].text)
    ):
        last += 1
    if last >= len(doc) or not is_boundary(doc[last].text) or last == first:
        return None
    window = doc[first : min(last, first + TITLE_WINDOW_AFTER)]
    title = next((t.i for t in window if is_title_word(t.text)), None)
    if title is None or not is_noun_phrase(doc, first, last, title):
        return None
    if ends_with_a_titled_person(doc, title, last):
        return None  # "Hu Jintao, Chairman of the African Union Commission Alpha Konare,": his
    return doc[first:last].text


def ends_with_a_titled_person(doc: Doc, title: int, last: int) -> bool:
    """Whether tokens ``title:last`` end with a person's name that a title or a capitalised
    word comes right before: the title goes on to that person ("Chairman of the ...
    Commission Alpha Oumar Konare"). A firm the model calls a person after a common noun
    ("the property consultancy Colliers Jardine") ends no title."""
    if last - 1 <= title or doc[last - 1].ent_type_ != "PERSON":
        return False
    start = last - 1
    while start > title and doc[start - 1].ent_type_ == "PERSON" and doc[start].ent_iob_ != "B":
        start -= 1
    before = doc[start - 1]
    return start - 1 >= title and (is_title_word(before.text) or before.text[:1].isupper())


def is_verb(token: Token) -> bool:
    return token.tag_ in FINITE_VERB_TAGS or token.pos_ in ("VERB", "AUX")


def is_noun_phrase(doc: Doc, first: int, last: int, title: int) -> bool:
    """Whether tokens ``first:last`` can be a role: no finite verb (when the document is
    tagged) or relative word, and no preposition or other person before the title word."""
    tagged = doc.has_annotation("TAG")
    for token in doc[first:last]:
        if token.lower_ in RELATIVE_WORDS or (tagged and token.tag_ in FINITE_VERB_TAGS):
            return False
        if token.i < title and (token.lower_ in PREPOSITIONS or token.ent_type_ == "PERSON"):
            return False
    return True


def role_of_span(doc: Doc, start: int, end: int) -> str | None:
    """The role attached to the name in tokens ``start:end`` of ``doc``, if any."""
    return (
        premodifier_role(doc, start)
        or appositive_before_role(doc, start, end)
        or appositive_after_role(doc, end)
    )
