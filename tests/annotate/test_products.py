from __future__ import annotations

from spacy.language import Language

from dateline.annotate.nlp import load_pipeline
from dateline.annotate.products import designator_end, lone_designators, product_spans


def test_designators_and_what_is_not_one() -> None:
    nlp: Language = load_pipeline()
    doc = nlp(
        "The Tupolev X5 flew. Tupolev 2009 was bad. Tupolev 400 jobs went. The X5 landed. "
        "Tupolev 10bn."
    )
    words = [token.text for token in doc]
    assert designator_end(doc, words.index("X5")) == words.index("X5") + 1
    assert designator_end(doc, words.index("2009")) is None  # a year
    assert designator_end(doc, words.index("400")) is None  # a count of things
    assert designator_end(doc, words.index("10bn")) is None  # an amount
    tupolev = words.index("Tupolev")
    found = product_spans(doc, [(tupolev, tupolev + 1, "ORG")])
    assert [doc[start:end].text for start, _, end in found] == ["Tupolev X5"]
    assert [doc[start:end].text for start, end in lone_designators(doc, found)] == ["X5"]


def test_a_model_named_without_its_maker() -> None:
    from dateline.annotate.products import standalone_models

    nlp: Language = load_pipeline()
    doc = nlp("The first A350 flew over the M25 past two B-52s in May 2009. Three A350s followed.")
    found = [doc[start:end].text for start, end in standalone_models(doc, set())]
    assert found == ["A350", "A350s"]  # not a road, a hyphenated name or a year
    words = [token.text for token in doc]
    assert standalone_models(doc, {words.index("A350")}) == [
        (words.index("A350s"), words.index("A350s") + 1)
    ]


def test_a_variant_after_a_dash_belongs_to_the_model() -> None:
    nlp = load_pipeline()
    doc = nlp("Ryanair ordered ten Boeing 737-800 jets, and the 777-200LR flew far.")
    (boeing,) = [t.i for t in doc if t.text == "Boeing"]
    end = designator_end(doc, boeing + 1)
    assert end is not None and doc[boeing + 1 : end].text == "737-800"
    (long_range,) = [t.i for t in doc if t.text == "777"]
    end = designator_end(doc, long_range)
    assert end is not None and doc[long_range:end].text == "777-200LR"
    score = nlp("Chelsea beat Arsenal 2-1 on Sunday.")
    assert designator_end(score, [t.text for t in score].index("2")) is None
