"""Cues and the clause or phrase they attribute, on hand-made sentences."""

from __future__ import annotations

import pytest
from spacy.language import Language

from dateline.annotate.cues import find_cues, label_cues
from dateline.annotate.nlp import load_pipeline


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load_pipeline(parse=True)  # cached: one model load per test session


def cues_of(nlp: Language, text: str) -> list[tuple[str, str | None, str | None]]:
    """(cue, speaker phrase, attributed words) for each cue of ``text``."""
    found = []
    for cue in find_cues(nlp(text), text):
        said = text[cue.content[0] : cue.content[1]] if cue.content else None
        found.append((cue.lemma, cue.speaker.text if cue.speaker else None, said))
    return found


def test_a_belief_verb_attributes_its_clause(nlp: Language) -> None:
    text = "Senator Ruth Calder believes that the tax will hurt farmers."
    assert cues_of(nlp, text) == [
        ("believe", "Senator Ruth Calder", "that the tax will hurt farmers")
    ]


def test_an_intention_verb_needs_an_infinitive_or_a_for_object(nlp: Language) -> None:
    assert cues_of(nlp, "The mayor vowed to rebuild the bridge.") == [
        ("vow", "The mayor", "to rebuild the bridge")
    ]
    assert cues_of(nlp, "The union called for an inquiry into the crash.") == [
        ("call", "The union", "an inquiry into the crash")
    ]
    assert cues_of(nlp, "The mayor hopes.") == []


def test_a_position_verb_attributes_what_it_says_of_its_object(nlp: Language) -> None:
    text = "Governor Hale called the plan “a disaster for farmers.”"
    ((lemma, speaker, said),) = cues_of(nlp, text)
    assert (lemma, speaker) == ("call", "Governor Hale")
    assert said is not None and said.startswith("the plan") and "disaster" in said


def test_a_speaker_label_is_a_name_and_a_colon(nlp: Language) -> None:
    text = "Intro.\n\nPENCE: Well, look, this is a serious business.\n\nRating: 5.0 (1 votes)\n"
    (label,) = label_cues(nlp(text), text)
    assert label.speaker is not None and label.speaker.text == "PENCE"
    assert label.content is not None
    assert text[label.content[0] : label.content[1]] == "Well, look, this is a serious business."


def test_a_heading_with_a_colon_is_no_speaker_label(nlp: Language) -> None:
    text = (
        "Refugees.\n\nLittle Relief for Refugees: The crisis is the sort of issue the "
        "council was made to tackle.\n"
    )
    assert label_cues(nlp(text), text) == []


def test_the_subject_comes_from_the_verbs_own_line(nlp: Language) -> None:
    text = "9:30 p.m.\n\nDonald Hale says he may move to the South after the vote.\n"
    assert [(c[0], c[1]) for c in cues_of(nlp, text)] == [("say", "Donald Hale")]


def test_a_passive_reporting_verb_is_said_by_its_agent(nlp: Language) -> None:
    text = "The farmers were told by Senator Ruth Calder that the tax would be cut."
    assert cues_of(nlp, text) == [("tell", "Senator Ruth Calder", "that the tax would be cut")]
    assert cues_of(nlp, "It was reported that the tax would be cut.") == []


def test_decision_and_discussion_verbs_are_stances(nlp: Language) -> None:
    assert cues_of(nlp, "The mayor decided that the bridge must close.") == [
        ("decide", "The mayor", "that the bridge must close")
    ]
    assert cues_of(nlp, "The council discussed the bridge repairs.") == [
        ("discuss", "The council", "the bridge repairs")
    ]
