"""Escape-then-wrap marking of article text and search snippets."""

from __future__ import annotations

from dateline.present.safe_html import Span, annotation_spans, highlight_snippet, mark_text
from dateline.records import Annotations, Mention, Quote, TimeExpr
from dateline.store.interface import HIT_END, HIT_START


def test_snippet_escapes_then_marks() -> None:
    snippet = f"a <b>{HIT_START}Kim{HIT_END}</b> & {HIT_START}Putin{HIT_END}"
    assert highlight_snippet(snippet) == (
        "a &lt;b&gt;<mark>Kim</mark>&lt;/b&gt; &amp; <mark>Putin</mark>"
    )


def test_unbalanced_markers_never_leave_a_tag_open() -> None:
    assert highlight_snippet(f"{HIT_END}x{HIT_START}y") == "x<mark>y</mark>"
    assert highlight_snippet(f"{HIT_START}{HIT_START}x{HIT_END}{HIT_END}") == "<mark>x</mark>"
    assert highlight_snippet("\x00bell\x07") == "bell"


def test_quote_wraps_the_mention_inside_it() -> None:
    text = "He said “Kim <will> come” on May 9."
    kim = text.index("Kim")
    quote_start, quote_end = text.index("“") + 1, text.index("”")
    spans = [
        Span(quote_start, quote_end, "quote", layer=0),
        Span(kim, kim + 3, "mention", href="/entities/E1", title="Kim Jong-un"),
        Span(text.index("May"), len(text) - 1, "timex", title="DATE 2015-05-09"),
    ]
    html = mark_text(text, spans)
    assert html == (
        'He said “<span class="quote"><a class="mention" href="/entities/E1" '
        'title="Kim Jong-un">Kim</a></span><span class="quote"> &lt;will&gt; come</span>” on '
        '<span class="timex" title="DATE 2015-05-09">May 9</span>.'
    )


def test_overlapping_and_out_of_range_spans_are_dropped() -> None:
    text = "Vladimir Putin met Kim"
    spans = [
        Span(0, 14, "a"),
        Span(9, 18, "b"),  # overlaps the first: dropped
        Span(19, 99, "c"),  # beyond the text: dropped
        Span(5, 5, "d"),  # empty: dropped
    ]
    assert mark_text(text, spans) == '<span class="a">Vladimir Putin</span> met Kim'


def test_hostile_attributes_are_escaped() -> None:
    text = "Mallory spoke"
    spans = [Span(0, 7, 'x" onclick="alert(1)', href='/e/"><script>', title='"><img>')]
    html = mark_text(text, spans)
    assert "<script>" not in html and "<img>" not in html and 'onclick="' not in html


def test_annotation_spans_link_entities() -> None:
    found = Annotations(
        "a1",
        mentions=(Mention("a1", 0, 5, "Putin", "PERSON", entity_id="E9"),),
        times=(TimeExpr("a1", 10, 16, "Friday", "DATE", "2014-12-19"),),
        quotes=(Quote("a1", 20, 30, "it is true", "direct", speaker_text="Peskov"),),
    )
    spans = annotation_spans(found, lambda i: f"/entities/{i}", {"E9": "Vladimir Putin"})
    by_css = {s.css.split()[0]: s for s in spans}
    assert by_css["mention"].href == "/entities/E9"
    assert by_css["mention"].title == "Vladimir Putin (PERSON)"
    assert by_css["timex"].title == "DATE 2014-12-19"
    assert by_css["quote"].layer == 0 and by_css["quote"].title == "Peskov"
