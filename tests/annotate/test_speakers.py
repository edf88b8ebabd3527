"""Speaker phrases and their resolution to mentions, on the seed articles."""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc, Token

from dateline.annotate.entities import extract_mentions
from dateline.annotate.nlp import load_pipeline
from dateline.annotate.speakers import (
    SpeakerResolver,
    noun_phrase,
    plausible_speaker,
    proper_name_span,
)
from dateline.records import Article
from tests.conftest import SEED_2014, SEED_2019


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load_pipeline(parse=True)  # cached: one model load per test session


def first_token(doc: Doc, text: str) -> Token:
    return next(token for token in doc if token.text == text)


def test_a_role_with_a_name_in_apposition_reaches_to_the_name(nlp: Language) -> None:
    doc = nlp(SEED_2019.read_text(encoding="utf-8"))
    phrase = noun_phrase(first_token(doc, "spokesman"))
    assert phrase.text == "The presidential spokesman, Dmitri Peskov"
    assert plausible_speaker(phrase)


def test_a_hyphenated_name_is_one_proper_name(nlp: Language) -> None:
    doc = nlp(SEED_2014.read_text(encoding="utf-8"))
    # the title is a proper noun too; the resolver drops it where it matters
    assert proper_name_span(first_token(doc, "Choe")).text == "Marshal Choe Ryong-hae"


def test_pronouns_and_things_are_told_apart(nlp: Language) -> None:
    doc = nlp("He said the report was wrong, and it said nothing.")
    assert plausible_speaker(doc[0:1])  # "He"
    assert not plausible_speaker(doc[9:10])  # "it"


def test_a_role_phrase_resolves_to_the_person_introduced_with_that_role(nlp: Language) -> None:
    text = SEED_2014.read_text(encoding="utf-8")
    article = Article(id="seed-2014", text=text)
    doc = nlp(text)
    resolver = SpeakerResolver(doc, extract_mentions(article, doc))
    start = text.index("the North Korean official")
    phrase = doc.char_span(start, start + len("the North Korean official"))
    assert phrase is not None
    resolved = resolver.resolve(phrase)
    assert resolved is not None
    assert text[resolved[0] : resolved[1]] == "Choe Ryong-hae"


def test_he_is_the_one_person_the_article_named(nlp: Language) -> None:
    text = (
        "President Barack Obama presented a plan for General Motors on Monday. "
        "The plan gives the government a stake in the firm. Canada and Ontario will lend "
        "money too. The bankruptcy should be quick. He said that the firm would recover."
    )
    article = Article(id="sole-person", text=text)
    doc = nlp(text)
    resolver = SpeakerResolver(doc, extract_mentions(article, doc))
    he = doc[[t.text for t in doc].index("He") : [t.text for t in doc].index("He") + 1]
    resolved = resolver.resolve(he)
    assert resolved is not None and text[resolved[0] : resolved[1]] == "Barack Obama"
    # two people named before: "he" stays unresolved
    text = text.replace("on Monday.", "on Monday with Fritz Henderson.")
    doc = nlp(text)
    resolver = SpeakerResolver(doc, extract_mentions(Article(id="two", text=text), doc))
    he = doc[[t.text for t in doc].index("He") : [t.text for t in doc].index("He") + 1]
    assert resolver.resolve(he) is None
