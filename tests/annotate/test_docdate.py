"""Document dating: metadata first, then a date line, then an inference from the content."""

from __future__ import annotations

import datetime as dt

import pytest

from dateline.annotate.docdate import (
    DocumentDate,
    date_document,
    find_date_line,
    infer_date,
    tag_article_times,
)
from dateline.annotate.time.tagger import tag_times
from dateline.records import Article
from tests.conftest import SEED_2014, SEED_2019


def test_seed_2014_is_dated_to_friday_december_19() -> None:
    dated = date_document(Article(id="seed-2014", text=SEED_2014.read_text(encoding="utf-8")))
    assert dated.basis == "inferred"
    assert dated.published is not None
    published = dt.date.fromisoformat(dated.published)
    assert dt.date(2014, 12, 19) <= published <= dt.date(2014, 12, 26)
    assert dated.range == ("2014-12-12", "2014-12-26")
    assert 0 < dated.confidence < 1


def test_seed_2019_has_no_evidence_of_its_day_and_is_undated() -> None:
    # "By November 2018", "in May 2015" and "Last year" bound it but do not date it
    dated = date_document(Article(id="seed-2019", text=SEED_2019.read_text(encoding="utf-8")))
    assert dated == DocumentDate(None, "undated", None, 0.0)


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
    assert dated == DocumentDate("2014-12-19", "text", ("2014-12-18", "2014-12-20"), 0.97)


def test_wire_datelines_are_date_lines() -> None:
    assert (
        find_date_line("", "MOSCOW, Dec. 19, 2014 (Reuters) - Putin said on Friday") == "2014-12-19"
    )


def test_a_date_inside_a_sentence_is_not_a_date_line() -> None:
    assert find_date_line("Putin Invites Kim", SEED_2014.read_text(encoding="utf-8")) is None


def test_text_without_any_date_gives_no_date() -> None:
    assert infer_date("") == DocumentDate(None, "undated", None, 0.0)
    assert (
        date_document(Article(id="a", text="Nobody knows when this was written.")).published is None
    )


@pytest.mark.parametrize(
    "text",
    [
        "Markets closed at 1800 GMT on Monday after a quiet session.",
        "The talks resumed at 1650 GMT.",
        "The government promised to balance the budget by 2007.",
        "In the year 2050 the city will need twice the water it uses.",
        "Survivors of Auschwitz, liberated in 1945, gathered at the memorial.",
        "The 74-year-old mayor said the 2,000 jobs were safe.",
        "Sales rose in 1997 and fell in 1998, the company said on Tuesday.",
        # relative years beside explicit dates name the writing year too rarely to date a text
        # (docs/time.md, Document dates, step 4)
        "This year's May 5 vote follows the May 5, 2005 poll, officials said this year.",
        "Earlier this year, in 2004, turnout fell; last year it rose.",
    ],
)
def test_clock_times_targets_history_ages_and_amounts_leave_a_text_undated(text: str) -> None:
    dated = date_document(Article(id="a", text=text))
    assert (dated.published, dated.basis) == (None, "undated")


def test_a_weekday_date_is_dated_to_its_week_in_the_year_the_text_allows() -> None:
    text = "Sales fell in 2008. The board met on Tuesday, March 3 and approved the plan."
    dated = date_document(Article(id="a", text=text))
    assert dated.basis == "inferred"
    assert dated.published == "2009-03-03"  # Tuesday in 2009 (in 2008 it was a Monday)
    assert dated.range == ("2009-02-24", "2009-03-10")
    assert 0.5 < dated.confidence < 1


def test_a_weekday_date_before_a_year_the_text_looks_back_on_is_no_evidence() -> None:
    # 1992-10-26 was a Monday, but a text that reports 1995 was not written in 1992
    text = "Profits peaked in 1995. On Monday, Oct. 26 the firm cut 300 jobs."
    assert date_document(Article(id="a", text=text)).published is None


def test_the_window_ingest_gave_bounds_the_inference_and_an_undated_text() -> None:
    window = ("2004-01-01", "2005-12-31")
    text = "The minister resigned on Friday, March 5, the party said."
    dated = date_document(Article(id="a", text=text, published_range=window))
    assert (dated.published, dated.basis) == ("2004-03-05", "inferred")
    plain = date_document(Article(id="b", text="Rates rose at 1800 GMT.", published_range=window))
    assert plain == DocumentDate(None, "undated", window, 0.0)


def test_a_date_line_outside_the_window_is_not_taken() -> None:
    article = Article(
        id="a",
        text="Published: December 19, 2014\nThe talks ended.",
        published_range=("2004-01-01", "2005-12-31"),
    )
    assert date_document(article).published is None


def test_url_path_and_corpus_dates_are_kept() -> None:
    for basis in ("url", "path", "corpus"):
        article = Article(
            id="a",
            text="Sales rose on Friday, December 19.",
            published="2019-04-25",
            published_basis=basis,  # type: ignore[arg-type]
            published_range=("2019-04-25", "2019-04-25"),
        )
        assert date_document(article).published == "2019-04-25"


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


def test_a_year_from_the_file_name_is_refined_to_the_day_the_text_pins() -> None:
    text = SEED_2014.read_text(encoding="utf-8")
    window = ("2014-01-01", "2014-12-31")
    seed = Article(
        id="a", text=text, published="2014", published_basis="path", published_range=window
    )
    dated = date_document(seed)
    assert (dated.published, dated.basis) == ("2014-12-19", "inferred")
    plain = Article(
        id="b",
        text="Rates rose at 1800 GMT.",
        published="2019",
        published_basis="path",
        published_range=("2019-01-01", "2019-12-31"),
    )
    assert date_document(plain) == DocumentDate("2019", "path", ("2019-01-01", "2019-12-31"), 1.0)
