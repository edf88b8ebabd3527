"""Quotation-mark pairing on hand-made text."""

from __future__ import annotations

from dateline.annotate.quote_marks import find_quoted_spans, is_heading


def test_balanced_marks_pair() -> None:
    text = "“It is true,” said Peskov. He called them “partners”."
    spans = find_quoted_spans(text)
    assert [text[s.start : s.end] for s in spans] == ["“It is true,”", "“partners”"]


def test_opening_mark_used_to_close() -> None:
    text = "He said that “he forced him to talk. “\nNext paragraph."
    spans = find_quoted_spans(text)
    assert [text[s.inner_start : s.inner_end] for s in spans] == ["he forced him to talk. "]


def test_quote_left_open_at_line_end_is_dropped() -> None:
    text = "He said “this never closes\nand “this does” here."
    spans = find_quoted_spans(text)
    assert [text[s.start : s.end] for s in spans] == ["“this does”"]


def test_heading_in_quotes_is_a_heading() -> None:
    text = "Intro.\n\n“Constructive talks”\n\nBody."
    (span,) = find_quoted_spans(text)
    assert is_heading(text, span)


def test_double_apostrophes_pair_and_keep_nested_single_marks() -> None:
    text = "''We called it 'a disaster' from the start,'' he said."
    (span,) = find_quoted_spans(text)
    assert (span.open_width, span.close_width) == (2, 2)
    assert text[span.inner_start : span.inner_end] == "We called it 'a disaster' from the start,"


def test_a_quote_over_several_paragraphs_is_one_run() -> None:
    text = "“First part.\n\n“Second part.\n\n“Last part.”\n"
    spans = find_quoted_spans(text)
    assert [s.continues for s in spans] == [False, True, True]
    assert [s.close_width for s in spans] == [0, 0, 1]
    assert not any(is_heading(text, s) for s in spans)


def test_single_marks_outside_double_ones_are_quotes() -> None:
    text = "Blair: ‘We will win’ and don’t forget the voters’ views."
    (span,) = find_quoted_spans(text)
    assert text[span.start : span.end] == "‘We will win’"
