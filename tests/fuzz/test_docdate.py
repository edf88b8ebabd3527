"""Document dating on random and hostile articles: a real date or none, never a crash."""

from __future__ import annotations

import datetime as dt

from hypothesis import example, given
from hypothesis import strategies as st

from dateline.annotate.docdate import date_document, find_date_line, infer_date
from dateline.records import Article
from tests.fuzz.strategies import any_text, fast, hostile_text

FAST = fast(150)
published_values = st.one_of(
    st.none(),
    st.dates().map(dt.date.isoformat),
    st.sampled_from(["", "2019-02-30", "0000-00-00", "9999-12-31T23:59:60Z", "yesterday"]),
    st.text(max_size=12),
)
bases = st.sampled_from([None, "metadata", "text", "inferred", "user"])


def assert_iso_day(value: str) -> dt.date:
    return dt.date.fromisoformat(value[:10])


@FAST
@given(any_text, st.one_of(st.just(""), hostile_text(6)), published_values, bases)
@example("MOSCOW, April 31 (Reuters) - talks ended.", "", None, None)
@example("Posted on 29 February 2021\n\nThe summit ended.", "", None, None)
@example("In the 000s and the 990s, before 10000.", "", None, "inferred")
def test_date_document_gives_a_date_or_none(
    text: str, title: str, published: str | None, basis: str | None
) -> None:
    article = Article(
        id="a1",
        text=text,
        title=title,
        published=published,
        published_basis=basis,  # type: ignore[arg-type]
    )
    dated = date_document(article)
    assert 0.0 <= dated.confidence <= 1.0
    if dated.basis in ("text", "inferred") and dated.published is not None:
        day = assert_iso_day(dated.published)
        assert dated.range is not None
        first, last = (assert_iso_day(end) for end in dated.range)
        assert first <= day <= last


@FAST
@given(hostile_text(40), hostile_text(6))
def test_find_date_line_returns_iso_days(text: str, title: str) -> None:
    found = find_date_line(title, text)
    if found is not None:
        assert_iso_day(found)


@FAST
@given(hostile_text(60))
def test_infer_date_keeps_its_window_ordered(text: str) -> None:
    inferred = infer_date(text)
    if inferred.range is not None:
        first, last = (assert_iso_day(end) for end in inferred.range)
        assert first <= last
