from __future__ import annotations

from dateline.query.dates import describe_date_basis, describe_published


def test_article_dates_say_how_they_were_obtained() -> None:
    assert describe_published("metadata") == "metadata"
    assert describe_published("text") == "from a date line"
    assert describe_published("user") == "given by the user"
    assert describe_published(None) == "undated"
    assert (
        describe_published("inferred", 0.3, ("2018-11-01", "2019-11-01"))
        == "inferred, 30% sure, between 2018-11-01 and 2019-11-01"
    )


def test_timeline_dates_say_whether_they_were_stated_resolved_or_inferred() -> None:
    assert describe_date_basis("stated") == "stated in the text"
    assert describe_date_basis("resolved") == "resolved from the article date"
    assert describe_date_basis("inferred") == "resolved from an inferred article date"
    assert describe_date_basis("article") == "article date"
    assert describe_date_basis("article", "inferred", 0.6) == "article date, inferred, 60% sure"
