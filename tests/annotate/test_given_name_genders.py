from __future__ import annotations

from dateline.annotate.given_name_genders import GIVEN_NAME_GENDERS, gender_of_given_name


def test_the_first_word_of_a_name_tells_a_gender() -> None:
    assert gender_of_given_name("Saddam Hussein") == "male"
    assert gender_of_given_name("Angela Merkel") == "female"
    assert gender_of_given_name("Segolene Royal") == "female"
    assert gender_of_given_name("Lubna Hussein") is None  # "Hussein" is her father's name
    assert gender_of_given_name("Wu Yi") is None
    assert gender_of_given_name("") is None


def test_names_of_either_gender_tell_none() -> None:
    assert not {"jean", "andrea", "nicola", "michele", "kim", "jan"} & set(GIVEN_NAME_GENDERS)
