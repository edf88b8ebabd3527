"""How the tagger weighs the parse's tense against the nearest verb's (time/normalise.py)."""

from __future__ import annotations

import datetime as dt

from dateline.annotate.time.tagger import (
    CONTESTED,
    tag_times,
    tag_times_and_tenses,
    tag_times_unparsed,
)
from dateline.annotate.time.tense import governed_by_a_noun
from tests.annotate.time.handparse import Word, hand_parse, span_of

SATURDAY = dt.date(2013, 3, 23)


def _value(text: str, doc: object, expression: str, reference: dt.date = SATURDAY) -> str:
    times = tag_times(text, reference, doc=doc)  # type: ignore[arg-type]
    return next(t.value for t in times if t.text == expression)


def _dismissed_warnings() -> tuple[object, str]:
    """ "Officials dismissed warnings on Thursday that strikes could follow", parsed with
    "dismissed" as an adjective and the warnings under "could follow"."""
    return hand_parse(
        [
            Word("Officials", "NNS", "NOUN", "nsubj", 8),
            Word("dismissed", "JJ", "ADJ", "amod", 2),
            Word("warnings", "NNS", "NOUN", "dobj", 8),
            Word("on", "IN", "ADP", "prep", 2),
            Word("Thursday", "NNP", "PROPN", "pobj", 3),
            Word("that", "IN", "SCONJ", "mark", 8),
            Word("strikes", "NNS", "NOUN", "nsubj", 8),
            Word("could", "MD", "AUX", "aux", 8),
            Word("follow", "VB", "VERB", "ROOT", 8),
        ]
    )


def test_a_weekday_under_a_noun_whose_verbs_disagree_is_the_nearest_one() -> None:
    # "Officials dismissed warnings on Thursday that strikes could follow", parsed with
    # "dismissed" as an adjective and the warnings under "could follow" (a future), while the
    # verb next to the day, "dismissed", is past: which one dates the day is not known, and
    # the nearest Thursday (two days back) is the likeliest
    doc, text = _dismissed_warnings()
    assert _value(text, doc, "Thursday") == "2013-03-21"


def test_a_weekday_under_a_verb_tagged_as_an_adjective_is_contested_too() -> None:
    # "Officials glossed over warnings on Thursday that air strikes by the allies could
    # follow", with "glossed" tagged as an adjective: the parse reaches "could follow"
    doc, text = hand_parse(
        [
            Word("Officials", "NNS", "NOUN", "nsubj", 13),
            Word("glossed", "JJ", "ADJ", "advmod", 13),
            Word("over", "IN", "ADP", "prep", 1),
            Word("warnings", "NNS", "NOUN", "pobj", 2),
            Word("on", "IN", "ADP", "prep", 1),
            Word("Thursday", "NNP", "PROPN", "pobj", 4),
            Word("that", "IN", "SCONJ", "mark", 13),
            Word("air", "NN", "NOUN", "compound", 8),
            Word("strikes", "NNS", "NOUN", "nsubj", 13),
            Word("by", "IN", "ADP", "prep", 8),
            Word("the", "DT", "DET", "det", 11),
            Word("allies", "NNS", "NOUN", "pobj", 9),
            Word("could", "MD", "AUX", "aux", 13),
            Word("follow", "VB", "VERB", "ROOT", 13),
        ]
    )
    assert _value(text, doc, "Thursday") == "2013-03-21"


def test_a_month_under_a_noun_whose_verbs_disagree_is_the_nearest_one() -> None:
    # "The board will vote on the findings of an inquiry in May that ended": the parse dates
    # May by "will vote", the verb next to it ("ended") is past; written in September, the
    # nearest May (this year's) stands, not next year's
    doc, text = hand_parse(
        [
            Word("The", "DT", "DET", "det", 1),
            Word("board", "NN", "NOUN", "nsubj", 3),
            Word("will", "MD", "AUX", "aux", 3),
            Word("vote", "VB", "VERB", "ROOT", 3),
            Word("on", "IN", "ADP", "prep", 3),
            Word("the", "DT", "DET", "det", 6),
            Word("findings", "NNS", "NOUN", "pobj", 4),
            Word("of", "IN", "ADP", "prep", 6),
            Word("an", "DT", "DET", "det", 9),
            Word("inquiry", "NN", "NOUN", "pobj", 7),
            Word("in", "IN", "ADP", "prep", 9),
            Word("May", "NNP", "PROPN", "pobj", 10),
            Word("that", "WDT", "PRON", "nsubj", 13),
            Word("ended", "VBD", "VERB", "relcl", 9),
        ]
    )
    assert _value(text, doc, "May", dt.date(2013, 9, 15)) == "2013-05"


def test_a_day_planned_in_a_noun_phrase_of_a_past_clause_is_the_nearest_one() -> None:
    # "A memorial service planned for Saturday was canceled", written on a Sunday: "planned"
    # only modifies the service, the clause is past; the nearest Saturday (yesterday), not the
    # next one, as when the same words are written on a Wednesday (the coming Saturday)
    doc, text = hand_parse(
        [
            Word("A", "DT", "DET", "det", 2),
            Word("memorial", "JJ", "ADJ", "amod", 2),
            Word("service", "NN", "NOUN", "nsubjpass", 8),
            Word("planned", "VBN", "VERB", "acl", 2),
            Word("at", "IN", "ADP", "prep", 3),
            Word("Rochester", "NNP", "PROPN", "pobj", 4),
            Word("for", "IN", "ADP", "prep", 3),
            Word("Saturday", "NNP", "PROPN", "pobj", 6),
            Word("was", "VBD", "AUX", "auxpass", 9),
            Word("canceled", "VBN", "VERB", "ROOT", 9),
        ]
    )
    assert _value(text, doc, "Saturday", dt.date(2013, 3, 24)) == "2013-03-23"
    assert _value(text, doc, "Saturday", dt.date(2013, 3, 20)) == "2013-03-23"


def test_a_participle_with_an_auxiliary_keeps_its_own_tense() -> None:
    # "The service was planned for Saturday": a verb of its own clause, not a modifier
    doc, text = hand_parse(
        [
            Word("The", "DT", "DET", "det", 1),
            Word("service", "NN", "NOUN", "nsubjpass", 3),
            Word("was", "VBD", "AUX", "auxpass", 3),
            Word("planned", "VBN", "VERB", "ROOT", 3),
            Word("for", "IN", "ADP", "prep", 3),
            Word("Saturday", "NNP", "PROPN", "pobj", 4),
        ]
    )
    assert not governed_by_a_noun(doc, *span_of(text, "Saturday"))


def test_a_time_the_verb_governs_directly_keeps_the_parse_reading() -> None:
    # "The bank said it would reopen on Thursday": no noun between the day and "would
    # reopen"; the parse's future stands against the nearer "said"
    doc, text = hand_parse(
        [
            Word("The", "DT", "DET", "det", 1),
            Word("bank", "NN", "NOUN", "nsubj", 2),
            Word("said", "VBD", "VERB", "ROOT", 2),
            Word("it", "PRP", "PRON", "nsubj", 5),
            Word("would", "MD", "AUX", "aux", 5),
            Word("reopen", "VB", "VERB", "ccomp", 2),
            Word("on", "IN", "ADP", "prep", 5),
            Word("Thursday", "NNP", "PROPN", "pobj", 6),
        ]
    )
    assert _value(text, doc, "Thursday") == "2013-03-28"


def test_a_contested_tense_is_stored_and_read_back_without_the_parse() -> None:
    # a corrected article date re-resolves its times from the tenses stored at annotation
    # (set-date loads no parser): a contested reading must come back contested, so that the
    # re-dated weekday is the nearest one, as a fresh parse would make it
    doc, text = _dismissed_warnings()
    _, tenses = tag_times_and_tenses(text, SATURDAY, doc=doc)  # type: ignore[arg-type]
    assert [t.tense for t in tenses] == ["future" + CONTESTED]
    friday = dt.date(2013, 3, 22)
    parsed, _ = tag_times_and_tenses(text, friday, doc=doc)  # type: ignore[arg-type]
    replayed = tag_times_unparsed(text, friday, tenses=tenses)
    assert replayed is not None
    assert [t.value for t in replayed[0]] == [t.value for t in parsed] == ["2013-03-21"]
