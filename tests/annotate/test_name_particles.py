"""Names the recogniser cuts at a lower-case particle are made whole (silver newswire)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from dateline.annotate.entities import extract_mentions
from dateline.annotate.name_particles import joined_at_particles, particles_at
from dateline.annotate.nlp import load_pipeline
from dateline.records import Article


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline()


def named(nlp: Language, text: str) -> list[tuple[str, str]]:
    article = Article(id="particles", text=text)
    return [(m.text, m.label) for m in extract_mentions(article, nlp(text))]


@pytest.mark.parametrize(
    ("text", "whole", "label"),
    [
        # the particle left out: one person had been "Jose Eduardo" and another "Santos"
        (
            "Also on Wednesday, President Jose Eduardo dos Santos appointed outgoing premier "
            "Fernando de Franca Van-Dunem as head of Angola's new government.",
            "Jose Eduardo dos Santos",
            "PERSON",
        ),
        # the particle at the start of the second name, or at the end of the first
        (
            "The riots and violence in Mar del Plata were yet to be explained.",
            "Mar del Plata",
            "PLACE",
        ),
        ("Surigao City in Surigao del Norte province was hit.", "Surigao del Norte", "PLACE"),
    ],
)
def test_a_name_cut_at_its_particle_is_one_mention(
    nlp: Language, text: str, whole: str, label: str
) -> None:
    found = named(nlp, text)
    assert (whole, label) in found
    parts = [name for name, _ in found if name != whole]
    assert not [name for name in parts if name in whole]  # no piece of it stays a name


def test_names_written_whole_are_left_as_they_are(nlp: Language) -> None:
    found = named(
        nlp,
        "Folha de Sao Paulo reported that Luiz Inacio Lula da Silva met Osama bin Laden's son "
        "in Rio de Janeiro.",
    )
    names = [name for name, _ in found]
    assert "Luiz Inacio Lula da Silva" in names and "Rio de Janeiro" in names
    assert "Osama bin Laden" in names


def test_a_particle_before_a_line_break_or_a_lower_case_word_joins_nothing(nlp: Language) -> None:
    doc = nlp("He met Pedro Pires de\nSantos. Troops of Jose Ramos da silva fled.")
    spans = [(e.start, e.end, e.label_) for e in doc.ents]
    assert joined_at_particles(spans, doc) == sorted(spans)


def test_particles_and_pairs() -> None:
    nlp = load_pipeline()
    doc = nlp.make_doc("Edwin van der Sar and Juan de la Cruz do Sul")
    assert [particles_at(doc, i) for i in range(len(doc))] == [0, 2, 1, 0, 0, 0, 2, 0, 0, 0, 0]


def test_a_surname_after_an_honorific_takes_its_particle() -> None:
    # silver newswire: "a second term of office for Mr de [Larosiere]", the recogniser's span
    doc = load_pipeline().make_doc("a second term of office for Mr de Larosiere , representing")
    surname = [t.text for t in doc].index("Larosiere")
    (joined,) = joined_at_particles([(surname, surname + 1, "PERSON")], doc)
    assert doc[joined[0] : joined[1]].text == "de Larosiere"  # "Mr" is the honorific's to add
