from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Span

from dateline.annotate.entities import extract_mentions
from dateline.annotate.named_phrases import (
    coordinated_names,
    determined_names,
    repeated_proper_nouns,
)
from dateline.annotate.nlp import load_pipeline
from dateline.records import Article, Mention


@pytest.fixture(scope="module")
def tagged() -> Language:
    """The pipeline as the product runs it: tags and parse, which the rule needs."""
    return load_pipeline(parse=True)


def mentions(text: str, nlp: Language) -> list[Mention]:
    return extract_mentions(Article(id="t", text=text), nlp(text))


MARKETS = (
    "Stocks fell sharply on Monday in New York.\n"
    "The Dow Jones lost 3% by the close, while the Nasdaq Composite dropped 4%.\n"
    "Traders said the Dow Jones would stay weak, and the S&P 500 was down too.\n"
)


def test_names_after_the_that_the_model_missed_are_organisations(tagged: Language) -> None:
    found = {(m.text, m.label) for m in mentions(MARKETS, tagged)}
    # the model alone misses the Nasdaq and the S&P
    untagged = {m.text for m in mentions(MARKETS, load_pipeline())}
    assert not {"Nasdaq Composite", "S&P 500"} & untagged
    assert {("Dow Jones", "ORG"), ("Nasdaq Composite", "ORG"), ("S&P 500", "ORG")} <= found


def test_a_title_after_the_is_a_role_not_a_name(tagged: Language) -> None:
    text = "The Prime Minister met the Vice President in London on Tuesday, officials said.\n"
    assert {m.text for m in mentions(text, tagged)} == {"London"}


def test_a_headline_in_title_case_says_nothing(tagged: Language) -> None:
    doc = tagged(
        "Shares Slide As The Nasdaq Composite Falls\nThe shares of the firm fell on Monday.\n"
    )
    assert determined_names(doc, set()) == []
    doc = tagged("Shares slid on Monday as the Nasdaq Composite fell by a lot.\n")
    assert [doc[s:e].text for s, e, _ in determined_names(doc, set())] == ["Nasdaq Composite"]


def test_an_amount_after_a_name_is_not_part_of_it(tagged: Language) -> None:
    doc = tagged(
        "Shares of the firm rose and the Nikkei 300 points higher was a surprise to all.\n"
    )
    assert all("300" not in doc[s:e].text for s, e, _ in determined_names(doc, set()))


def test_without_tags_nothing_is_recovered() -> None:
    doc = load_pipeline()(MARKETS)
    assert determined_names(doc, set()) == []


def test_a_proper_noun_in_a_list_with_a_name_is_a_name_of_its_kind(tagged: Language) -> None:
    text = "Share prices fell sharply in Europe and Asia on Monday, traders said.\n"
    found = {(m.text, m.label) for m in mentions(text, tagged)}
    assert ("Asia", "PLACE") in found


def test_a_list_closed_by_and_takes_every_member(tagged: Language) -> None:
    doc = tagged("Stocks fell in Paris, Frankfurt, Madrid and Milan on Tuesday, traders said.\n")
    paris = next(i for i, token in enumerate(doc) if token.text == "Paris")
    doc.ents = [Span(doc, paris, paris + 1, label="GPE")]  # as if the model missed the rest
    found = {
        (doc[s:e].text, label)
        for s, e, label in coordinated_names(doc, [(paris, paris + 1, "PLACE")], {paris})
    }
    assert found == {("Frankfurt", "PLACE"), ("Madrid", "PLACE"), ("Milan", "PLACE")}


def test_a_comma_without_and_is_no_list(tagged: Language) -> None:
    text = "The company bought a stake in Ford, Detroit-based rivals said on Tuesday.\n"
    doc = tagged(text)
    ford = next(i for i, token in enumerate(doc) if token.text == "Ford")
    assert coordinated_names(doc, [(ford, ford + 1, "ORG")], {ford}) == []


def test_a_word_that_begins_a_longer_name_or_role_is_not_taken(tagged: Language) -> None:
    text = (
        "The union's chief Ron Gettelfinger and Vice President Gerald Bantom spoke.\n"
        "A deal between our Company and Aeroflot was signed, the airline said.\n"
    )
    taken = {m.text for m in mentions(text, tagged)}
    assert not {"Vice", "Company"} & taken


def test_a_name_after_a_names_possessive_is_a_name(tagged: Language) -> None:
    text = (
        "Shares fell across Europe on Tuesday: Frankfurt's DAX 30 lost 2% and Paris' CAC 40 "
        "lost 3%, while the UK's FTSE-100 index was flat.\n"
    )
    found = {(m.text, m.label) for m in mentions(text, tagged)}
    assert {("DAX 30", "ORG"), ("CAC 40", "ORG"), ("FTSE-100", "ORG")} <= found
    assert {"Frankfurt", "Paris", "UK"} <= {m.text for m in mentions(text, tagged)}


def test_a_generic_head_after_a_possessive_is_no_name(tagged: Language) -> None:
    doc = tagged("Critics said Britain's Parliament would vote on the plan next week.\n")
    britain = next(i for i, token in enumerate(doc) if token.text == "Britain")
    assert determined_names(doc, {britain}) == []


def test_an_acronym_in_brackets_after_a_recovered_name_and_its_copies(tagged: Language) -> None:
    text = (
        "The biggest drop was in the Dow Jones Industrial Average (DJIA), which fell 500 "
        "points on Monday.\nBy Friday the DJIA had recovered half of the loss, traders said.\n"
    )
    found = mentions(text, tagged)
    acronyms = [m for m in found if m.text == "DJIA"]
    assert len(acronyms) == 2
    assert {m.canonical for m in acronyms} == {"Dow Jones Industrial Average"}


def test_one_word_after_the_is_a_name_when_it_stands_alone(tagged: Language) -> None:
    doc = tagged(
        "On Sunday the ministers of the Eurogroup met in the capital, and the Zentrix fell.\n"
    )
    eurogroup = next(i for i, token in enumerate(doc) if token.text == "Eurogroup")
    doc.ents = []  # as if the model had missed every name
    found = {doc[s:e].text for s, e, _ in determined_names(doc, set())}
    assert "Eurogroup" in found
    assert eurogroup > 0


def test_one_word_after_the_is_no_name_when_a_longer_name_goes_on(tagged: Language) -> None:
    doc = tagged(
        "Shares fell and the Standard & Poor's 500 dropped 3%, while the Fund paid "
        "SGD1.75 a share and the A330s of the Airline stayed grounded.\n"
    )
    doc.ents = []
    found = {doc[s:e].text for s, e, _ in determined_names(doc, set())}
    assert not {"Standard", "Fund", "A330s", "Airline"} & found


def test_a_proper_noun_written_twice_in_running_text_is_a_name(tagged: Language) -> None:
    text = (
        "The carmaker said it would cut 9,000 jobs at Vauxor this year.\n"
        "Costs at Vauxor had risen by a third, and the unions at Vauxor were angry.\n"
    )
    doc = tagged(text)
    doc.ents = []  # as if the model had missed every name
    found = extract_mentions(Article(id="t", text=text), doc)
    assert [(m.text, m.label) for m in found] == [("Vauxor", "ORG")] * 3


def test_a_capitalised_common_noun_or_a_single_one_is_no_name(tagged: Language) -> None:
    text = (
        "The plan of the Government was approved, and the government said the Treaty held.\n"
        "Officials at Vauxor said the Treaty would stand; the government agreed.\n"
    )
    doc = tagged(text)
    doc.ents = []
    assert repeated_proper_nouns(doc, set()) == []
