from __future__ import annotations

import pytest
from spacy.language import Language

from dateline.annotate import DEFAULT_MODEL
from dateline.annotate.nlp import load_pipeline
from dateline.annotate.roles import role_of_span


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline(DEFAULT_MODEL, parse=True)


def role(nlp: Language, text: str, name: str) -> str | None:
    doc = nlp(text)
    start = next(t.i for t in doc if doc[t.i : t.i + len(name.split())].text == name)
    return role_of_span(doc, start, start + len(name.split()))


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("And Chancellor Gordon Brown said so.", "Gordon Brown", "Chancellor"),
        ("But Foreign Secretary Jack Straw disagreed.", "Jack Straw", "Foreign Secretary"),
        ("The Kremlin spokesman Dmitry Peskov said so.", "Dmitry Peskov", "Kremlin spokesman"),
        (
            "Michael Howard, the Conservative leader, spoke.",
            "Michael Howard",
            "Conservative leader",
        ),
        (
            "the Russian ambassador to Seoul, Gleb Ivashentsov, said so.",
            "Gleb Ivashentsov",
            "Russian ambassador to Seoul",
        ),
        # a post named by its portfolio, and a country in capitals before it
        (
            "It came after mediation by US Secretary of State Condoleezza Rice.",
            "Condoleezza Rice",
            "US Secretary of State",
        ),
        (
            "Secretary of the Treasury Henry Paulson said the dollar was strong.",
            "Henry Paulson",
            "Secretary of the Treasury",
        ),
        # silver: a role read off a prefix's object, a weekday or a dateline had been its part
        ("Venezuela's anti-US President Hugo Chavez won.", "Hugo Chavez", "President"),
        (
            "On Monday Peruvian President Alberto Fujimori met the mediator.",
            "Alberto Fujimori",
            "Peruvian President",
        ),
        (
            "WASHINGTON, Nov. 11 (Xinhua)-- US President George W. Bush on Friday called.",
            "George W. Bush",
            "US President",
        ),
        # a preposition's object set off on both sides is still the name's apposition
        (
            "He met the Russian foreign minister, Sergei Lavrov, on Monday.",
            "Sergei Lavrov",
            "Russian foreign minister",
        ),
        (
            "Congress will ratify the nomination of the first US ambassador to Hanoi, Douglas "
            "Peterson later this week.",
            "Douglas Peterson",
            "first US ambassador to Hanoi",
        ),
        # only an object's prefix drops its word: "ex-" does not
        ("He is tried with fellow ex-Nazi officer Erich Priebke.", "Erich Priebke", "Nazi officer"),
        # a firm the model calls a person, after a common noun, ends no title
        (
            "Chan Hiap Kong, senior director of the property consultancy Colliers Jardine, told "
            "the Sunday Times.",
            "Chan Hiap Kong",
            "senior director of the property consultancy Colliers Jardine",
        ),
    ],
)
def test_a_role_is_a_title_phrase_attached_to_the_name(
    nlp: Language, text: str, name: str, expected: str
) -> None:
    assert role(nlp, text, name) == expected


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a clause, not a noun phrase
        (
            "David Blunkett, the home secretary considered that it was wrong, left.",
            "David Blunkett",
        ),
        # the title after a preposition describes something else
        ("Tony Blair, in his second term as US President, spoke.", "Tony Blair"),
        # another person's role
        ("Tony Blair, Gordon Brown and the foreign secretary met.", "Tony Blair"),
        # ordinary apposition without a title
        ("Anatoly Viktorov, Russia was there, said so.", "Anatoly Viktorov"),
        # silver: a title that goes on to another person's name is that person's
        (
            "Among the audience were Hu Jintao, Chairman of the Commission of the African "
            "Union Alpha Oumar Konare, and others.",
            "Hu Jintao",
        ),
        # a preposition's object before the name, not its apposition
        ("According to the spokesman, Mubarak is to meet the president.", "Mubarak"),
        ("In a statement released by his spokesman, Annan said he was shocked.", "Annan"),
    ],
)
def test_fragments_clauses_and_other_peoples_roles_are_not_roles(
    nlp: Language, text: str, name: str
) -> None:
    assert role(nlp, text, name) is None
