from __future__ import annotations

from dateline.link.kinds import (
    continues_organisation,
    corrected_label,
    ends_an_institution,
    is_generic_head,
    kind_by_head,
    kind_by_lead,
    names_another_body,
)


def test_an_organisation_or_place_head_word_tells_the_kind() -> None:
    assert kind_by_head("Manchester United") == "ORG"
    assert kind_by_head("Aer Lingus Group") == "ORG"
    assert kind_by_head("Lib Dems") == "ORG"
    assert kind_by_head("Wembley Stadium") == "PLACE"
    assert kind_by_head("Heathrow Airport") == "PLACE"
    # silver: the model called 11 "Ho Chi Minh City" a person, after the man it is named for
    assert kind_by_head("Ho Chi Minh City") == "PLACE"
    assert corrected_label("PERSON", ["Ho Chi Minh City"]) == "PLACE"


def test_a_personal_name_or_a_surname_like_head_tells_nothing() -> None:
    assert kind_by_head("Tony Blair") is None
    assert kind_by_head("Jisung Park") is None  # a surname, not a park
    assert kind_by_head("Barbara Castle") is None
    assert kind_by_head("Group") is None  # one word: no head to read
    assert kind_by_head("Manchester united") is None  # not capitalised: not part of the name


def test_a_club_s_mark_before_its_name_tells_an_organisation() -> None:
    """Silver: the model called "Atletico Madrid", "Deportivo La Coruna", "FC Santos",
    "Lokomotiv Moscow" and "Sporting Braga" people."""
    assert kind_by_lead("Atletico Madrid") == "ORG"
    assert kind_by_lead("FC Santos") == "ORG"
    assert corrected_label("PERSON", ["Lokomotiv Moscow"]) == "ORG"
    assert kind_by_lead("Real") is None  # one word: no name after the mark
    assert kind_by_lead("Dynamo Kiev") == "ORG"
    assert kind_by_lead("Olympique de Marseille") == "ORG"
    assert kind_by_lead("Real estate") is None
    assert corrected_label("PERSON", ["Tony Blair"]) == "PERSON"


def test_the_evidence_only_speaks_against_a_person() -> None:
    assert corrected_label("PERSON", ["Wembley Stadium"]) == "PLACE"
    assert corrected_label("PERSON", ["Yukos", "Yukos Oil Company"]) == "ORG"
    assert corrected_label("PLACE", ["West Bank"]) == "PLACE"
    assert corrected_label("PERSON", ["Tony Blair", "Blair"]) == "PERSON"


def test_what_may_follow_an_organisations_leading_words() -> None:
    assert continues_organisation("Dow Jones", "Dow Jones Industrial Average")
    assert continues_organisation("China Eastern", "China Eastern Airlines")
    assert not continues_organisation("General Motors", "General Motors Europe")  # a unit
    assert not continues_organisation("Boeing", "Boeing 787")  # a product
    assert not continues_organisation("Air Force", "Air Force for Acquisition")  # a phrase
    assert not continues_organisation("New Orleans Saints", "New Orleans Saints Twitter")
    assert not continues_organisation("New Orleans Saints", "New Orleans Saints RB")
    assert not continues_organisation("Bettie Page", "Bettie Page : Life")


def test_a_body_s_name_ends_with_its_institution_word() -> None:
    assert ends_an_institution("Supreme Court")
    assert ends_an_institution("Senate")
    assert ends_an_institution("the Army.")
    assert ends_an_institution("Deutsche Bank")
    assert not ends_an_institution("China Eastern")  # cut short before its head
    assert not ends_an_institution("Dow Jones")
    assert not ends_an_institution("")


def test_more_capitalised_words_after_a_whole_body_name_another() -> None:
    assert names_another_body("Senate", "Senate Foreign Relations Committee")
    assert names_another_body("Supreme Court", "Supreme Court Bar Association")
    assert names_another_body("Navy", "Navy Times")
    assert names_another_body("Group", "Group of 20")  # a numbered one
    assert not names_another_body("General Motors", "General Motors Corporation")  # legal form
    assert not names_another_body("Congress", "Congress Party")  # one head word
    assert not names_another_body("Assembly", "Assembly of Experts")  # its full name
    assert not names_another_body("China Eastern", "China Eastern Airlines")  # cut short


def test_more_capitalised_words_after_an_acronym_name_another_body() -> None:
    """On the silver newswire APEC's, FIFA's and UEFA's own mentions had been read as their
    business council, referees' committee and cup, and ASEAN had held its free trade area."""
    assert names_another_body("APEC", "APEC Business Advisory Council")
    assert names_another_body("FIFA", "FIFA Referees Committee")
    assert names_another_body("UEFA", "UEFA Cup")
    assert names_another_body("ASEAN", "ASEAN Free Trade Area")
    assert not names_another_body("MENA", "MENA news agency")  # a descriptor
    assert not names_another_body("HSBC", "HSBC Holdings")  # one head word
    assert not names_another_body("IBM", "IBM Corp.")  # a legal form


def test_a_head_word_alone_is_generic() -> None:
    assert is_generic_head("Group")
    assert is_generic_head("Party")
    assert not is_generic_head("Senate")  # a body's own name
    assert not is_generic_head("Boeing")
    assert not is_generic_head("Labour Party")
