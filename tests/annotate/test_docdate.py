"""Document dating: metadata first, then a date line, then an inference from the content."""

from __future__ import annotations

import datetime as dt

from dateline.annotate.docdate import (
    DocumentDate,
    date_document,
    find_date_line,
    infer_date,
    tag_article_times,
)
from dateline.annotate.times import tag_times
from dateline.records import Article
from tests.conftest import SEED_2014, SEED_2019


def test_seed_2014_is_dated_to_friday_december_19() -> None:
    dated = date_document(Article(id="seed-2014", text=SEED_2014.read_text(encoding="utf-8")))
    assert dated.basis == "inferred"
    assert dated.published is not None
    published = dt.date.fromisoformat(dated.published)
    assert dt.date(2014, 12, 19) <= published <= dt.date(2014, 12, 26)
    assert dated.range is not None and dated.range[0] == "2014-12-19"
    assert 0 < dated.confidence < 1


def test_seed_2019_is_dated_to_a_range_inside_late_2018_to_2019() -> None:
    dated = date_document(Article(id="seed-2019", text=SEED_2019.read_text(encoding="utf-8")))
    assert dated.basis == "inferred"
    assert dated.range is not None
    low, high = (dt.date.fromisoformat(day) for day in dated.range)
    assert dt.date(2018, 11, 1) <= low <= high <= dt.date(2019, 12, 31)
    assert dated.published is not None and low <= dt.date.fromisoformat(dated.published) <= high
    assert 0 < dated.confidence < 1


def test_given_times_are_used_instead_of_retagging() -> None:
    text = SEED_2014.read_text(encoding="utf-8")
    assert date_document(Article(id="a", text=text), tag_times(text, None)) == date_document(
        Article(id="a", text=text)
    )


def test_metadata_and_user_dates_are_returned_unchanged() -> None:
    article = Article(
        id="a",
        text="Nothing dated here.",
        published="2020-02-03T10:00:00",
        published_basis="metadata",
    )
    assert date_document(article) == DocumentDate(
        "2020-02-03T10:00:00", "metadata", ("2020-02-03", "2020-02-03"), 1.0
    )
    user = Article(
        id="b",
        text="Last year was hard.",
        published="2021-05-01",
        published_basis="user",
        published_range=("2021-05-01", "2021-05-01"),
        published_confidence=1.0,
    )
    assert date_document(user) == DocumentDate(
        "2021-05-01", "user", ("2021-05-01", "2021-05-01"), 1.0
    )


def test_a_date_line_in_the_text_wins_over_inference() -> None:
    text = "Published: December 19, 2014 10:02\nPutin invited Kim to attend May 9, 2015 ceremonies."
    dated = date_document(Article(id="a", text=text))
    assert dated == DocumentDate("2014-12-19", "text", ("2014-12-19", "2014-12-19"), 0.9)


def test_wire_datelines_are_date_lines() -> None:
    assert (
        find_date_line("", "MOSCOW, Dec. 19, 2014 (Reuters) - Putin said on Friday") == "2014-12-19"
    )


def test_a_date_inside_a_sentence_is_not_a_date_line() -> None:
    assert find_date_line("Putin Invites Kim", SEED_2014.read_text(encoding="utf-8")) is None


def test_text_without_any_date_gives_no_date() -> None:
    assert infer_date("") == DocumentDate(None, None, None, 0.0)
    assert (
        date_document(Article(id="a", text="Nobody knows when this was written.")).published is None
    )


def test_tag_article_times_resolves_against_the_inferred_date() -> None:
    article = Article(id="seed-2014", text=SEED_2014.read_text(encoding="utf-8"))
    dated, times = tag_article_times(article)
    assert dated.published == "2014-12-19"
    by_text = {t.text: t for t in times}
    assert by_text["18 November"].value == "2014-11-18"
    assert by_text["18 November"].basis == "inferred"
    assert by_text["18 November"].anchor == "2014-12-19"
    assert by_text["May 9, 2015"].basis == "stated"


def test_tag_article_times_uses_metadata_dates() -> None:
    article = Article(
        id="a",
        text="Last year the talks failed.",
        published="2019-04-22",
        published_basis="metadata",
    )
    dated, times = tag_article_times(article)
    assert dated.basis == "metadata"
    assert [(t.value, t.basis, t.anchor) for t in times] == [("2018", "resolved", "2019-04-22")]


def test_tag_article_times_on_an_undated_text_keeps_placeholders() -> None:
    dated, times = tag_article_times(Article(id="a", text="Last year the talks failed."))
    assert dated.published is None
    assert [(t.value, t.anchor) for t in times] == [("XXXX", None)]
