"""Independent reports: syndicated copies of one story count once."""

from __future__ import annotations

from dateline.link.sources import SourceArticle, independent_reports
from tests.conftest import SEED_2019

WIRE = SEED_2019.read_text(encoding="utf-8")


def test_a_repost_with_extra_widgets_is_a_copy_and_its_outlet_is_listed() -> None:
    body = WIRE.split("\n", 4)[-1]  # the wire text without the rating widget and byline
    reports = independent_reports(
        [
            SourceArticle("efe", body, source="EFE", published="2019-04-22"),
            SourceArticle("panama", WIRE, source="Panama Now", published="2019-04-23"),
            SourceArticle(
                "other",
                "Kim Jong-un arrived in Vladivostok by armoured train for his first summit "
                "with Vladimir Putin, state media said.",
                source="Reuters",
                published="2019-04-24",
            ),
        ]
    )
    assert len(reports) == 2
    first = reports[0]
    assert first.original == "efe"
    assert first.article_ids == ("efe", "panama")
    assert first.outlets == ("EFE", "Panama Now")
    assert first.copies == 1
    assert reports[1].article_ids == ("other",)


def test_duplicate_of_groups_whatever_the_text() -> None:
    reports = independent_reports(
        [
            SourceArticle("a", "First text entirely.", source="A"),
            SourceArticle("b", "Different words here.", source="B", duplicate_of="a"),
        ]
    )
    assert [report.article_ids for report in reports] == [("a", "b")]


def test_empty_and_short_texts_do_not_crash() -> None:
    reports = independent_reports([SourceArticle("a", ""), SourceArticle("b", "two words")])
    assert len(reports) == 2
    assert independent_reports([]) == []
