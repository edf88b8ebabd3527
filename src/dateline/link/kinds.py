"""What kind of thing a name is, by its own last word: evidence that outvotes the model.

The entity recogniser often calls a company, a club or a stadium a person ("Manchester
United", "Wembley Stadium", "Aer Lingus Group", "Lib Dems"). A name of two or more words whose
last word is the head noun of an organisation ("Airlines", "Group", "Party", "United") or of a
place ("Stadium", "Airport", "Square") is not a person's name, whatever one mention's label
says. The word lists leave out words that are also common surnames ("Park", "Bridge",
"Castle", "Lake", "Bay", "Hall"), so "Jisung Park" and "Barbara Castle" stay people.

The evidence only ever speaks *against* PERSON: a name the model called a place or an
organisation keeps that label ("West Bank" stays a place).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from functools import lru_cache

from dateline.link.gazetteer import names_place
from dateline.link.names import is_acronym_shaped, name_key, name_parts

ORG_HEADS = frozenset(
    """
    inc incorporated corp corporation co company ltd limited llc plc group nv ag sa gmbh
    bank airlines airline airways party union university college council committee agency
    association federation fc club motors industries holdings technologies ministry
    department commission institute foundation society network organisation organization
    authority exchange united rovers athletic wanderers albion dems democrats republicans
    tories conservatives liberals
    """.split()  # noqa: SIM905
)
PLACE_HEADS = frozenset(
    """
    stadium airport arena square avenue road street river mountains island islands valley
    sea ocean county province region district village palace cathedral
    """.split()  # noqa: SIM905
)
#: heads of a settlement's name ("Ho Chi Minh City", which the model calls a person after the
#: man it is named for): read by :func:`kind_by_head` only, as "the City" alone is a name
SETTLEMENT_HEADS = frozenset({"city", "town", "township", "prefecture", "municipality"})


#: the words that close a whole body's name: the organisation heads, and institutions' own
#: words that also stand alone or are surnames ("Army", "Senate", "Court"), so that they are
#: no evidence against a person, but end a body's name all the same
INSTITUTION_WORDS = ORG_HEADS | frozenset(
    """
    court army navy government senate parliament congress police assembly cabinet office
    bureau
    """.split()  # noqa: SIM905
)


def ends_an_institution(name: str) -> bool:
    """Whether ``name`` ends with a word that closes a body's name ("Supreme Court", "Senate",
    "Deutsche Bank"). A longer name that goes on after it names another body: "Supreme Court
    Bar Association", "Senate Foreign Relations Committee", "Army Times Publications"."""
    words = [word.strip(".,'’").lower() for word in name.split()]
    words = [word for word in words if word]
    return bool(words) and words[-1] in INSTITUTION_WORDS


@lru_cache(maxsize=65536)
def kind_by_head(text: str) -> str | None:
    """ "ORG" or "PLACE" when the last word of a name of two or more words is the head noun
    of an organisation or of a place ("Aer Lingus Group", "Wembley Stadium"), else None."""
    words = [word.strip(".,'’") for word in text.split()]
    words = [word for word in words if word]
    if len(words) < 2 or not words[-1][:1].isupper():
        return None
    head = words[-1].lower()
    if head in ORG_HEADS:
        return "ORG"
    if head in PLACE_HEADS or head in SETTLEMENT_HEADS:
        return "PLACE"
    return None


#: first words that mark a sports club's name in the languages of European football
#: ("FC Porto", "Atletico Madrid", "Olympique de Marseille", "Lokomotiv Moscow"): a club the
#: model calls a person is an organisation all the same
CLUB_LEADS = frozenset(
    """
    fc ac sc sv as cf cd ud vfb vfl tsv fk nk sk atletico athletic real sporting dynamo
    dinamo lokomotiv spartak olympique olympiakos olympiacos deportivo borussia eintracht
    racing steaua partizan
    """.split()  # noqa: SIM905
)


@lru_cache(maxsize=65536)
def kind_by_lead(text: str) -> str | None:
    """ "ORG" when a name of two or more words begins with a club's mark ("FC Santos",
    "Atletico Madrid"), else None."""
    words = [word.strip(".,'’") for word in text.split()]
    if len(words) < 2 or not words[0][:1].isupper() or not words[-1][:1].isupper():
        return None  # "Olympique de Marseille", not "Real estate"
    return "ORG" if words[0].lower() in CLUB_LEADS else None


def corrected_label(label: str, names: Iterable[str] | Mapping[str, int]) -> str:
    """``label``, unless it is PERSON and one of ``names`` (each name once for each time
    it is used, or a name -> how many times) is, by its head word, an organisation or a
    place, or by its first word a club; then the kind most of those names say."""
    if label != "PERSON":
        return label
    counted = names if isinstance(names, Mapping) else Counter(names)
    kinds: Counter[str] = Counter()
    for name, count in counted.items():
        kind = kind_by_head(name) or kind_by_lead(name)
        if kind:
            kinds[kind] += count
    if not kinds:
        return label
    return max(sorted(kinds), key=kinds.__getitem__)


def continues_organisation(short: str, full: str) -> bool:
    """Whether ``full`` is ``short`` followed by more of one organisation's name: words that end
    in an organisation's head ("China Eastern" + "Airlines") or two or more capitalised words
    ("Dow Jones" + "Industrial Average"). Not a unit in a place ("General Motors Europe"), a
    product ("Boeing 787"), a longer phrase ("Air Force for Acquisition ..."), or another name
    or a role glued on by the recogniser ("New Orleans Saints Twitter", "... Saints RB")."""
    words = full.split()
    if len(words) <= len(short.split()) or not all(name_parts(word) for word in words):
        return False  # "Bettie Page : Life"
    rest = words[len(short.split()) :]
    text = " ".join(rest)
    if not all(word[:1].isupper() for word in rest) or any(ch.isdigit() for ch in text):
        return False
    if names_place(text):
        return False
    return kind_by_head(full) == "ORG" or (len(rest) > 1 and not any(w.isupper() for w in rest))


COMPANY_SUFFIXES = frozenset(
    "inc incorporated corp corporation co company ltd limited llc plc group nv ag sa".split()  # noqa: SIM905
)


def without_company_suffix(key: str) -> str:
    """A name key without trailing legal-form words ("apple inc" -> "apple")."""
    parts = key.split()
    while len(parts) > 1 and parts[-1] in COMPANY_SUFFIXES:
        parts.pop()
    return " ".join(parts)


def names_another_body(short: str, full: str) -> bool:
    """Whether ``full``, a longer name that begins with ``short``, names another body than
    the one ``short`` names whole (:func:`ends_an_institution`): more capitalised words go on
    after it ("Senate Foreign Relations Committee", "Supreme Court Bar Association", "Navy
    Times"), or a number ("Group of 20"). Not a legal form or one head word ("General Motors
    Corporation", "Congress Party"), nor the body's full name ("Assembly of Experts", "Court
    of Appeals"). An acronym names a whole body too: "ASEAN Free Trade Area" and "FIFA
    Referees Committee" are other bodies, "MENA news agency" and "HSBC Holdings" the same."""
    if not (ends_an_institution(short) or is_acronym_shaped(short.strip())):
        return False
    rest = full.split()[len(short.split()) :]
    if any(ch.isdigit() for word in rest for ch in word):
        return True  # a numbered one: "Group of 20", "Group 20"
    if not rest or not all(word[:1].isupper() for word in rest):
        return False
    # a rest of legal forms alone keeps its first, an organisation head like any one word
    core = without_company_suffix(name_key(" ".join(rest))).split()
    return len(core) > 1 or (len(core) == 1 and core[0] not in ORG_HEADS)


def is_generic_head(name: str) -> bool:
    """Whether ``name`` is an organisation's head word alone ("Group", "Party", "Bank"): in
    its article the body it stands for is named otherwise, so across articles it names none."""
    words = name.split()
    return len(words) == 1 and words[0].strip(".,'’").lower() in ORG_HEADS
