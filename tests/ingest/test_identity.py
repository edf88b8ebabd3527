"""Content-derived ids and hashes."""

from __future__ import annotations

from dateline.ingest.identity import ID_LENGTH, article_id_from_hash, content_hash


def test_whitespace_and_composition_do_not_change_the_hash() -> None:
    first = content_hash("Café owners protested.\n\nThe council listened.")
    second = content_hash("Cafe\u0301 owners  protested. The council\tlistened. ")
    assert first == second
    assert len(first) == 64


def test_id_is_a_prefix_of_the_hash_and_text_changes_change_it() -> None:
    digest = content_hash("The council listened.")
    assert article_id_from_hash(digest) == digest[:ID_LENGTH]
    assert content_hash("The council did not listen.") != digest
