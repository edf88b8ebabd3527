from __future__ import annotations

from dateline.link.shared_surnames import SHARED_SURNAMES, block_key, is_shared_surname


def test_a_shared_surname_alone_is_keyed_within_its_article() -> None:
    assert block_key("a1", "Wang", "ORG") == "wang@a1"
    assert block_key("a1", "Mr Kim", "PERSON") == "mr kim@a1"
    assert block_key("a1", "Wang Yi", "PERSON") == "wang yi"  # a full name says who
    assert block_key("a1", "Han", "NORP") == "han"  # a people
    assert block_key("a1", "Mandela", "PERSON") == "mandela"


def test_the_list_holds_surnames_not_common_words_or_firms() -> None:
    assert {"wang", "kim", "nguyen", "singh", "smith", "santos"} <= SHARED_SURNAMES
    assert not {"sun", "song", "king", "green", "suzuki"} & SHARED_SURNAMES
    assert is_shared_surname("Dr. Lee", "PERSON")
    assert not is_shared_surname("Lee", "DATE")
