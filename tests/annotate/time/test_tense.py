"""The tense readings of annotate/time/tense.py on parses written out by hand.

Each parse is the kind of mistake a statistical parser makes on news text; writing it out keeps
the test on the rule, whatever the installed model would make of the sentence today.
"""

from __future__ import annotations

from spacy.tokens import Doc

from dateline.annotate.time.tense import heuristic_tense, parsed_tense
from tests.annotate.time.handparse import Word, hand_parse, span_of


def test_a_time_in_a_since_phrase_is_past_whatever_the_verb_above() -> None:
    # "Calm will return after the unrest since the coup in June": the parse hangs "since" on
    # the unrest of a future clause; what something has gone on since lies behind
    doc, text = hand_parse(
        [
            Word("Calm", "NN", "NOUN", "nsubj", 2),
            Word("will", "MD", "AUX", "aux", 2),
            Word("return", "VB", "VERB", "ROOT", 2),
            Word("after", "IN", "ADP", "prep", 2),
            Word("the", "DT", "DET", "det", 5),
            Word("unrest", "NN", "NOUN", "pobj", 3),
            Word("since", "IN", "ADP", "prep", 5),
            Word("the", "DT", "DET", "det", 8),
            Word("coup", "NN", "NOUN", "pobj", 6),
            Word("in", "IN", "ADP", "prep", 8),
            Word("June", "NNP", "PROPN", "pobj", 9),
        ]
    )
    assert parsed_tense(doc, *span_of(text, "June"), text) == "past"


def test_a_since_conjunction_is_not_read_as_the_preposition() -> None:
    # "since" as a cause ("since talks resume in June"): no "prep" arc, the verb decides
    doc, text = hand_parse(
        [
            Word("Hopes", "NNS", "NOUN", "nsubj", 1),
            Word("rise", "VBP", "VERB", "ROOT", 1),
            Word("since", "IN", "SCONJ", "mark", 4),
            Word("talks", "NNS", "NOUN", "nsubj", 4),
            Word("resume", "VBP", "VERB", "advcl", 1),
            Word("in", "IN", "ADP", "prep", 4),
            Word("June", "NNP", "PROPN", "pobj", 5),
        ]
    )
    assert parsed_tense(doc, *span_of(text, "June"), text) == "present"


def test_a_name_particle_tagged_as_a_verb_is_no_evidence() -> None:
    # "Also on Wednesday, President Jose dos Santos named a cabinet" with "dos" as a present
    # verb at the root: the parse has no verb for the day, and the heuristic reads "named"
    doc, text = hand_parse(
        [
            Word("Also", "RB", "ADV", "advmod", 7),
            Word("on", "IN", "ADP", "prep", 7),
            Word("Wednesday", "NNP", "PROPN", "pobj", 1),
            Word(",", ",", "PUNCT", "punct", 7),
            Word("President", "NNP", "PROPN", "compound", 6),
            Word("Jose", "NNP", "PROPN", "compound", 6),
            Word("Eduardo", "NNP", "PROPN", "nsubj", 7),
            Word("dos", "VBZ", "VERB", "ROOT", 7),
            Word("Santos", "NNP", "PROPN", "nsubj", 9),
            Word("named", "VBD", "VERB", "ccomp", 7),
            Word("a", "DT", "DET", "det", 11),
            Word("cabinet", "NN", "NOUN", "dobj", 9),
        ]
    )
    span = span_of(text, "Wednesday")
    assert parsed_tense(doc, *span, text) is None
    assert heuristic_tense(text, *span) == "past"


def test_a_verb_tagged_inside_a_name_entity_is_no_evidence() -> None:
    doc, text = hand_parse(
        [
            Word("On", "IN", "ADP", "prep", 3),
            Word("Friday", "NNP", "PROPN", "pobj", 0),
            Word("Stand", "NNP", "PROPN", "compound", 3, "B-ORG"),
            Word("Up", "VBP", "VERB", "ROOT", 3, "I-ORG"),
            Word("Party", "NNP", "PROPN", "npadvmod", 3, "I-ORG"),
        ]
    )
    assert parsed_tense(doc, *span_of(text, "Friday"), text) is None


def test_a_verb_across_a_quotation_mark_does_not_govern_the_time() -> None:
    # 'He urged them to "never use violence" after a clash Wednesday': the parse hangs the
    # clash on the quoted "use"; the day is the narrator's, not the quotation's
    doc, text = hand_parse(
        [
            Word("He", "PRP", "PRON", "nsubj", 1),
            Word("urged", "VBD", "VERB", "ROOT", 1),
            Word("them", "PRP", "PRON", "dobj", 1),
            Word("to", "TO", "PART", "aux", 6),
            Word('"', "``", "PUNCT", "punct", 6),
            Word("never", "RB", "ADV", "neg", 6),
            Word("use", "VB", "VERB", "xcomp", 1),
            Word("violence", "NN", "NOUN", "dobj", 6),
            Word('"', "''", "PUNCT", "punct", 6),
            Word("after", "IN", "ADP", "prep", 6),
            Word("a", "DT", "DET", "det", 11),
            Word("clash", "NN", "NOUN", "pobj", 9),
            Word("Wednesday", "NNP", "PROPN", "npadvmod", 11),
        ]
    )
    span = span_of(text, "Wednesday")
    assert parsed_tense(doc, *span, text) is None
    assert heuristic_tense(text, *span) == "past"


def test_a_time_right_after_a_partial_quotation_continues_it() -> None:
    # '"A cabinet is likely before parliament resumes" on Monday, aides said': the quotation
    # breaks off inside the clause, and the day still belongs to its verb
    doc, text = hand_parse(
        [
            Word('"', "``", "PUNCT", "punct", 3),
            Word("A", "DT", "DET", "det", 2),
            Word("cabinet", "NN", "NOUN", "nsubj", 3),
            Word("is", "VBZ", "AUX", "ccomp", 13),
            Word("likely", "JJ", "ADJ", "acomp", 3),
            Word("before", "IN", "SCONJ", "mark", 7),
            Word("parliament", "NN", "NOUN", "nsubj", 7),
            Word("resumes", "VBZ", "VERB", "advcl", 3),
            Word('"', "''", "PUNCT", "punct", 3),
            Word("on", "IN", "ADP", "prep", 7),
            Word("Monday", "NNP", "PROPN", "pobj", 9),
            Word(",", ",", "PUNCT", "punct", 13),
            Word("aides", "NNS", "NOUN", "nsubj", 13),
            Word("said", "VBD", "VERB", "ROOT", 13),
        ]
    )
    assert parsed_tense(doc, *span_of(text, "Monday"), text) == "present"


def test_a_quotation_around_both_the_time_and_its_verb_is_no_crossing() -> None:
    # '"We will vote Thursday," he said': time and verb inside the same quotation
    doc, text = hand_parse(
        [
            Word('"', "``", "PUNCT", "punct", 7),
            Word("We", "PRP", "PRON", "nsubj", 3),
            Word("will", "MD", "AUX", "aux", 3),
            Word("vote", "VB", "VERB", "ccomp", 7),
            Word("Thursday", "NNP", "PROPN", "npadvmod", 3),
            Word(",", ",", "PUNCT", "punct", 7),
            Word('"', "''", "PUNCT", "punct", 7),
            Word("he", "PRP", "PRON", "nsubj", 7),
            Word("said", "VBD", "VERB", "ROOT", 7),
        ]
    )
    assert parsed_tense(doc, *span_of(text, "Thursday"), text) == "future"


def test_an_infinitive_as_the_subject_takes_the_clause_tense() -> None:
    # "The first countries to accede on Friday were Poland and Hungary": the infinitive is
    # the subject of "were", a past clause, not a look ahead
    doc, text = hand_parse(
        [
            Word("The", "DT", "DET", "det", 2),
            Word("first", "JJ", "ADJ", "amod", 2),
            Word("countries", "NNS", "NOUN", "nsubj", 4),
            Word("to", "TO", "PART", "aux", 4),
            Word("accede", "VB", "VERB", "csubj", 7),
            Word("on", "IN", "ADP", "prep", 4),
            Word("Friday", "NNP", "PROPN", "pobj", 5),
            Word("were", "VBD", "AUX", "ROOT", 7),
            Word("Poland", "NNP", "PROPN", "attr", 7),
            Word("and", "CC", "CCONJ", "cc", 8),
            Word("Hungary", "NNP", "PROPN", "conj", 8),
        ]
    )
    assert parsed_tense(doc, *span_of(text, "Friday"), text) == "past"


def test_an_infinitive_as_the_subject_of_a_future_clause_looks_ahead() -> None:
    # "To win on Sunday would be a miracle"
    doc, text = hand_parse(
        [
            Word("To", "TO", "PART", "aux", 1),
            Word("win", "VB", "VERB", "csubj", 5),
            Word("on", "IN", "ADP", "prep", 1),
            Word("Sunday", "NNP", "PROPN", "pobj", 2),
            Word("would", "MD", "AUX", "aux", 5),
            Word("be", "VB", "AUX", "ROOT", 5),
            Word("a", "DT", "DET", "det", 7),
            Word("miracle", "NN", "NOUN", "attr", 5),
        ]
    )
    assert parsed_tense(doc, *span_of(text, "Sunday"), text) == "future"


def _about_to_cross(be: Word) -> tuple[Doc, str]:
    # "<they> <be> about to cross the street on Wednesday"
    return hand_parse(
        [
            Word("they", "PRP", "PRON", "nsubj", 1),
            be,
            Word("about", "JJ", "ADJ", "acomp", 1),
            Word("to", "TO", "PART", "aux", 4),
            Word("cross", "VB", "VERB", "xcomp", 2),
            Word("the", "DT", "DET", "det", 6),
            Word("street", "NN", "NOUN", "dobj", 4),
            Word("on", "IN", "ADP", "prep", 4),
            Word("Wednesday", "NNP", "PROPN", "pobj", 7),
        ]
    )


def test_what_was_about_to_happen_is_past() -> None:
    # "The pupils were about to cross the street on Wednesday when a man attacked": what was
    # imminent in a past account happened (or nearly did) then
    doc, text = _about_to_cross(Word("were", "VBD", "AUX", "ROOT", 1))
    assert parsed_tense(doc, *span_of(text, "Wednesday"), text) == "past"


def test_what_is_about_to_happen_lies_ahead() -> None:
    doc, text = _about_to_cross(Word("are", "VBP", "AUX", "ROOT", 1))
    assert parsed_tense(doc, *span_of(text, "Wednesday"), text) == "future"


def test_a_quoted_infinitive_does_not_take_the_narrators_past() -> None:
    # 'Ideas put forward "to reflect the change of status on July 1" include ...': the
    # infinitive is quoted from the proposal, so "put" (the narrator's past) is not its time
    doc, text = hand_parse(
        [
            Word("Ideas", "NNS", "NOUN", "nsubj", 1),
            Word("put", "VBD", "VERB", "ROOT", 1),
            Word("forward", "RB", "ADV", "advmod", 1),
            Word('"', "``", "PUNCT", "punct", 1),
            Word("to", "TO", "PART", "aux", 5),
            Word("reflect", "VB", "VERB", "advcl", 1),
            Word("the", "DT", "DET", "det", 7),
            Word("change", "NN", "NOUN", "dobj", 5),
            Word("on", "IN", "ADP", "prep", 5),
            Word("July", "NNP", "PROPN", "pobj", 8),
            Word("1", "CD", "NUM", "nummod", 9),
            Word('"', "''", "PUNCT", "punct", 1),
        ]
    )
    assert parsed_tense(doc, *span_of(text, "July 1"), text) == "future"


def test_an_unquoted_infinitive_after_a_past_verb_shares_its_time() -> None:
    # "Crowds staged rallies to mark the day on Friday": no quotation, the past verb's time
    doc, text = hand_parse(
        [
            Word("Crowds", "NNS", "NOUN", "nsubj", 1),
            Word("staged", "VBD", "VERB", "ROOT", 1),
            Word("rallies", "NNS", "NOUN", "dobj", 1),
            Word("to", "TO", "PART", "aux", 4),
            Word("mark", "VB", "VERB", "advcl", 1),
            Word("the", "DT", "DET", "det", 6),
            Word("day", "NN", "NOUN", "dobj", 4),
            Word("on", "IN", "ADP", "prep", 4),
            Word("Friday", "NNP", "PROPN", "pobj", 7),
        ]
    )
    assert parsed_tense(doc, *span_of(text, "Friday"), text) == "past"
