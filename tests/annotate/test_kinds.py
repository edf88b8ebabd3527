from __future__ import annotations

import pytest
from spacy.language import Language

from dateline.annotate.entities import extract_mentions
from dateline.annotate.kinds import kind_in_context
from dateline.annotate.nlp import load_pipeline
from dateline.records import Article


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline(parse=True)


def kind_of(nlp: Language, text: str, name: str) -> str | None:
    doc = nlp(text)
    start = text.index(name)
    span = doc.char_span(start, start + len(name))
    assert span is not None
    return kind_in_context(doc, span.start, span.end)


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        ("The oil company Yukos owes billions in taxes.", "Yukos", "ORG"),
        ("Shares in the Irish airline, Ryanair, rose.", "Ryanair", "ORG"),
        ("Yukos, the Russian oil group, filed for bankruptcy.", "Yukos", "ORG"),
        ("BAA, the airports operator, said numbers rose.", "BAA", "ORG"),
        ("Manchester United manager Alex Ferguson praised them.", "Manchester United", "ORG"),
        ("Fans filled the new stadium Wembley on Saturday.", "Wembley", "PLACE"),
    ],
)
def test_the_sentence_says_what_a_name_is(nlp: Language, text: str, name: str, kind: str) -> None:
    assert kind_of(nlp, text, name) == kind


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Gordon Brown, the chancellor, spoke in Leeds.", "Gordon Brown"),  # a title: a role
        ("Tony Blair met Gordon Brown in London.", "Tony Blair"),
        ("Alex Ferguson, the United manager, praised them.", "Alex Ferguson"),
        ("Kremlin spokesman Dmitry Peskov said so.", "Dmitry Peskov"),
        # a nation's president is its head of state, not its employee
        ("Chinese President Hu Jintao made the remarks on Tuesday.", "Chinese"),
        ("US President George W. Bush met him.", "US"),
    ],
)
def test_people_and_plain_names_get_no_kind(nlp: Language, text: str, name: str) -> None:
    assert kind_of(nlp, text, name) is None


def test_the_evidence_outvotes_the_model_in_the_article(nlp: Language) -> None:
    text = (
        "Yukos said on Monday it would appeal. Yukos shares fell 5% in Moscow. "
        "The oil company Yukos owes billions in taxes."
    )
    mentions = extract_mentions(Article(id="yukos", text=text), nlp(text))
    assert {m.label for m in mentions if m.text == "Yukos"} == {"ORG"}


def test_a_name_ending_in_a_place_word_is_not_a_person(nlp: Language) -> None:
    text = "Wembley Stadium said on Monday that Wembley Stadium would host the final."
    mentions = extract_mentions(Article(id="wembley", text=text), nlp(text))
    assert {m.label for m in mentions if m.text == "Wembley Stadium"} <= {"PLACE", "ORG"}
