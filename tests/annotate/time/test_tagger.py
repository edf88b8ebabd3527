"""The temporal tagger on the seed articles and on small hand-written sentences."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from dateline.annotate.time.tagger import redate_times, tag_times
from dateline.records import TimeExpr
from tests.conftest import SEED_2014, SEED_2019


def _values(times: list[TimeExpr]) -> dict[str, str]:
    return {t.text: t.value for t in times}


@pytest.fixture(scope="module")
def seed_2014_times() -> list[TimeExpr]:
    return tag_times(SEED_2014.read_text(encoding="utf-8"), dt.date(2014, 12, 19), "seed-2014")


@pytest.fixture(scope="module")
def seed_2019_times() -> list[TimeExpr]:
    return tag_times(SEED_2019.read_text(encoding="utf-8"), dt.date(2019, 4, 22), "seed-2019")


@pytest.mark.parametrize(
    ("expression", "value"),
    [
        ("May 9, 2015", "2015-05-09"),
        ("Friday, December 19", "2014-12-19"),
        ("November 17 to 24", "2014-11-17/2014-11-24"),
        ("18 November", "2014-11-18"),
        ("February", "2014-02"),
        ("April", "2014-04"),
        ("2011", "2011"),
        ("Ten years ago", "2004"),
        ("1948", "1948"),
    ],
)
def test_seed_2014_values(seed_2014_times: list[TimeExpr], expression: str, value: str) -> None:
    assert _values(seed_2014_times)[expression] == value


@pytest.mark.parametrize(
    ("expression", "value"),
    [
        ("May 2015", "2015-05"),
        ("Last year", "2018"),
        ("November 2018", "2018-11"),
        ("the 1990s", "199X"),
        ("four years", "P4Y"),
        ("Thursday", "2019-04-25"),  # "The announced summit on Thursday ... is": the coming one
        ("the end of this year", "2019"),
    ],
)
def test_seed_2019_values(seed_2019_times: list[TimeExpr], expression: str, value: str) -> None:
    assert _values(seed_2019_times)[expression] == value


def test_spans_are_offsets_into_the_text(seed_2014_times: list[TimeExpr]) -> None:
    text = SEED_2014.read_text(encoding="utf-8")
    assert seed_2014_times
    for expression in seed_2014_times:
        assert text[expression.start : expression.end] == expression.text
        assert expression.article_id == "seed-2014"
    assert [t.start for t in seed_2014_times] == sorted(t.start for t in seed_2014_times)


def test_the_newspaper_named_daily_is_not_a_frequency(seed_2014_times: list[TimeExpr]) -> None:
    assert "daily" not in _values(seed_2014_times)


def test_a_group_named_after_its_day_is_no_date() -> None:
    """A silver report of Pierre Gemayel's murder put "the March 14 movement" on the
    timeline as 14 March 2006."""
    reference = dt.date(2006, 11, 21)
    for text in (
        "Gemayel was one of the leaders of the March 14 movement, who believed in it.",
        "The March 14 Alliance won most seats.",
        "Members of the April 6 Youth Movement called a strike.",
    ):
        assert tag_times(text, reference) == [], text
    dated = tag_times("On March 14 forces attacked the town.", reference)
    assert [t.value for t in dated] == ["2006-03-14"]


def test_basis_and_anchor(seed_2014_times: list[TimeExpr]) -> None:
    by_text = {t.text: t for t in seed_2014_times}
    assert by_text["May 9, 2015"].basis == "stated"
    assert by_text["May 9, 2015"].anchor is None
    assert by_text["Ten years ago"].basis == "resolved"
    assert by_text["Ten years ago"].anchor == "2014-12-19"


def test_inferred_reference_marks_relative_values_inferred() -> None:
    times = tag_times(
        "Last year the talks failed.", dt.date(2019, 4, 22), reference_basis="inferred"
    )
    assert [(t.value, t.basis) for t in times] == [("2018", "inferred")]


def test_without_reference_relative_values_keep_placeholders() -> None:
    text = "He said Friday, December 19, that the talks of last year and of May 9, 2015 mattered."
    times = tag_times(text, None)
    values = _values(times)
    assert values["Friday, December 19"] == "XXXX-12-19"
    assert values["last year"] == "XXXX"
    assert values["May 9, 2015"] == "2015-05-09"
    relative = [t for t in times if t.text != "May 9, 2015"]
    assert all(t.anchor is None and t.basis == "inferred" for t in relative)


def test_ranges_split_for_timeml() -> None:
    times = tag_times(
        "The visit lasted from November 17 to 24.", dt.date(2014, 12, 19), split_ranges=True
    )
    assert [(t.text, t.value) for t in times] == [
        ("November 17", "2014-11-17"),
        ("24", "2014-11-24"),
    ]


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("The ministers met on Friday in Geneva.", "2019-04-19"),
        ("The ministers will meet on Friday in Geneva.", "2019-04-26"),
        ("The ministers are to meet Friday.", "2019-04-26"),
        ("Friday's vote was close.", "2019-04-19"),
    ],
)
def test_weekday_follows_tense(sentence: str, value: str) -> None:
    assert _values(tag_times(sentence, dt.date(2019, 4, 22)))["Friday"] == value


@pytest.mark.parametrize(
    ("sentence", "expression", "value", "kind"),
    [
        ("Output will rise in the third quarter.", "the third quarter", "2019-Q3", "DATE"),
        ("Prices rose 5% over the past two months.", "the past two months", "P2M", "DURATION"),
        ("He has lived there for years.", "years", "PXY", "DURATION"),
        ("Trains run daily.", "daily", "P1D", "SET"),
        ("The vote is at 9 a.m. Tuesday.", "9 a.m. Tuesday", "2019-04-23T09:00", "TIME"),
        ("They spoke last night.", "last night", "2019-04-21TNI", "TIME"),
        ("Markets are calm now.", "now", "PRESENT_REF", "DATE"),
        ("It happened in the early 1980s.", "the early 1980s", "198X", "DATE"),
        ("He was born on 2001-09-11.", "2001-09-11", "2001-09-11", "DATE"),
        ("The plant opened in March last year.", "March last year", "2018-03", "DATE"),
        ("Yesterday the index fell.", "Yesterday", "2019-04-21", "DATE"),
        ("He left two weeks ago.", "two weeks ago", "2019-W15", "DATE"),
        ("The 20th century was violent.", "The 20th century", "19", "DATE"),
        ("Sales peaked at Christmas.", "Christmas", "2018-12-25", "DATE"),
    ],
)
def test_expression_kinds(sentence: str, expression: str, value: str, kind: str) -> None:
    found = {t.text: t for t in tag_times(sentence, dt.date(2019, 4, 22))}
    assert (found[expression].value, found[expression].type) == (value, kind)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Theresa May spoke to reporters.",
        "They may decide in 2,019 ways.",
        "It weighs 1990 kilograms.",
        "The 6-year-old boy smiled.",
        "The merger saves $500 million a year.",
        "The airline runs four flights a week.",
        "The date February 30 does not exist.",
        "<script>alert(1)</script><p onload='x'>",
    ],
)
def test_non_times_and_bad_input_yield_nothing(text: str) -> None:
    assert tag_times(text, dt.date(2019, 4, 22)) == []


def test_redate_moves_relative_values_and_keeps_spans(seed_2019_times: list[TimeExpr]) -> None:
    text = SEED_2019.read_text(encoding="utf-8")
    redated = redate_times(text, seed_2019_times, dt.date(2020, 1, 10))
    assert [(t.start, t.end) for t in redated] == [(t.start, t.end) for t in seed_2019_times]
    values = _values(redated)
    assert values["Last year"] == "2019"
    assert values["May 2015"] == "2015-05"
    assert {t.anchor for t in redated if t.basis == "resolved"} == {"2020-01-10"}


def test_parsed_tense_is_used_when_a_doc_is_given() -> None:
    from dateline.annotate.nlp import load_pipeline

    nlp = load_pipeline(parse=True)
    text = "The announced summit on Thursday between the two leaders is a date the Kremlin awaited."
    times = tag_times(text, dt.date(2019, 4, 22), doc=nlp(text))
    assert _values(times)["Thursday"] == "2019-04-25"


def test_an_infinitive_at_the_root_of_its_sentence_is_read_without_looping() -> None:
    """A headline-style "To meet on Friday, March 5." parses with the infinitive as root: the
    tense reader walks up to the governor of an infinitive, and spaCy's root is its own head
    (a new Token object each time, so only its index says so)."""
    from dateline.annotate.nlp import load_pipeline

    nlp = load_pipeline(parse=True)
    text = "To meet on Friday, March 5."
    times = tag_times(text, dt.date(2004, 3, 1), doc=nlp(text))
    assert _values(times)["Friday, March 5"] == "2004-03-05"


@pytest.mark.parametrize("path", [SEED_2014, SEED_2019], ids=["2014", "2019"])
def test_the_fast_search_finds_what_the_combined_pattern_finds(path: Path) -> None:
    from dateline.annotate.time.rules import _TRIGGER_WORDS, COMBINED, TRIGGER
    from dateline.annotate.time.tagger import _regions, _search

    text = path.read_text(encoding="utf-8")
    longest_first = "|".join(sorted({re.escape(w) for w in _TRIGGER_WORDS}, key=len, reverse=True))
    plain_trigger = re.compile(rf"\d+|\b(?:{longest_first})", re.I)
    assert [m.span() for m in TRIGGER.finditer(text)] == [
        m.span() for m in plain_trigger.finditer(text)
    ]
    searches = 0
    for region_start, region_end in _regions(text):
        start = region_start
        while (expected := COMBINED.search(text, start, region_end)) is not None:
            found = _search(text, start, region_end)
            assert found is not None
            index, match = found
            assert (match.span(), f"r{index}") == (expected.span(), expected.lastgroup)
            start = expected.start() + 1
            searches += 1
        assert _search(text, start, region_end) is None
    assert searches >= 10


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("Posted on DECEMBER 16 , 2008 by staff", "DECEMBER 16 , 2008", "2008-12-16"),
        ("It struck on Friday , November 20 , 2012 .", "Friday , November 20 , 2012", "2012-11-20"),
        ("It struck on November 20, 2012.", "November 20, 2012", "2012-11-20"),
    ],
)
def test_a_space_before_the_comma_still_joins_the_year(text: str, span: str, value: str) -> None:
    """Text rebuilt from tokens (ECB+, some feeds) writes "November 20 , 2012"."""
    (found,) = tag_times(text, None, "a")
    assert (found.text, found.value, found.basis) == (span, value, "stated")


@pytest.mark.parametrize(
    ("sentence", "expression", "value"),
    [
        ("The hearing lasted half an hour.", "half an hour", "PT30M"),
        ("The siege lasted two and a half years.", "two and a half years", "P2Y6M"),
        ("The siege lasted 2 1/2 years.", "2 1/2 years", "P2Y6M"),
        ("The talks ran 5 1/2 hours.", "5 1/2 hours", "PT5H30M"),
        ("He was jailed for a year and a half.", "a year and a half", "P1Y6M"),
        ("The dispute went on for half a century.", "half a century", "P50Y"),
    ],
)
def test_a_half_is_part_of_the_duration(sentence: str, expression: str, value: str) -> None:
    assert _values(tag_times(sentence, dt.date(2019, 4, 22)))[expression] == value


@pytest.mark.parametrize(
    ("sentence", "expression", "value"),
    [
        # the year is said ("last year"), so the tense does not pick it
        ("The law passed on February 3 last year.", "February 3 last year", "2018-02-03"),
        ("The vote is due on 12 October next year.", "12 October next year", "2020-10-12"),
        ("Profit rose in last year's fourth quarter.", "last year's fourth quarter", "2018-Q4"),
        (
            "Sales should recover in the second half of next year.",
            "the second half of next year",
            "2020-H2",
        ),
        (
            "Output fell in the third quarter of this year.",
            "the third quarter of this year",
            "2019-Q3",
        ),
        ("The plant closed in the last half of 1989.", "the last half of 1989", "1989-H2"),
    ],
)
def test_parts_of_a_relative_year_are_one_expression(
    sentence: str, expression: str, value: str
) -> None:
    assert _values(tag_times(sentence, dt.date(2019, 4, 22)))[expression] == value


def test_that_year_and_the_next_day_count_from_the_date_just_mentioned() -> None:
    text = (
        "She moved to Lyon on March 3, 2009. The next day she signed a lease, and later that "
        "day she met the mayor. The following year she left. That year was hard."
    )
    found = {t.text: t for t in tag_times(text, dt.date(2019, 4, 22))}
    assert found["The next day"].value == "2009-03-04"
    assert found["later that day"].value == "2009-03-04"
    assert found["The following year"].value == "2010"
    assert found["That year"].value == "2010"
    # counted from a stated date, the values do not depend on the article's date
    assert found["The next day"].basis == "stated"
    undated = {t.text: t.value for t in tag_times(text, None)}
    assert undated["The next day"] == "2009-03-04"


def test_that_year_without_a_date_before_it_is_left_alone() -> None:
    times = tag_times("That year was hard, and that day was worse.", dt.date(2019, 4, 22))
    assert times == []


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        # an infinitive after a past verb shares its time; after a verb that looks ahead it
        # does not
        ("Two bidders extended their offers to buy the firm Friday.", "2019-04-19"),
        ("The rebels planned to attack the town on Friday.", "2019-04-26"),
        ("The offer had been due to expire Friday.", "2019-04-19"),
        ("The offer had been scheduled to expire Friday.", "2019-04-19"),
        ("Officials said Friday's vote would be close.", "2019-04-19"),
        ("The banks will stay closed until Friday.", "2019-04-26"),
        ("Lawmakers rejected the plan on Friday, a day after it was announced.", "2019-04-19"),
        # "hurt" spelled the same in past and present: a present-tense tag is not evidence
        ("Weak banks hurt the market on Friday.", "2019-04-19"),
    ],
)
def test_parsed_tense_of_a_weekday(sentence: str, value: str) -> None:
    from dateline.annotate.nlp import load_pipeline

    times = tag_times(sentence, dt.date(2019, 4, 22), doc=load_pipeline(parse=True)(sentence))
    assert _values(times)["Friday"] == value


def test_a_plan_is_not_a_future_tense() -> None:
    sentence = "Lawmakers rejected the plan on Friday, a day after it was announced."
    assert _values(tag_times(sentence, dt.date(2019, 4, 22)))["Friday"] == "2019-04-19"


@pytest.mark.parametrize(
    ("sentence", "expression", "value"),
    [
        # "later" counts from some event of the story: the length is what the text states
        ("Three days later, he was freed.", "Three days", "P3D"),
        ("More than 40 years later, the case reopened.", "More than 40 years", "P40Y"),
        # so does "a day earlier" (not the day before the article); a year earlier keeps its date
        (
            "The plane crashed on October 30. A day earlier, it was grounded.",
            "A day earlier",
            "P1D",
        ),
        ("Two weeks earlier he had resigned.", "Two weeks earlier", "P2W"),
        ("Prices may rise in the coming weeks.", "the coming weeks", "PXW"),
        ("The days ahead will be hard.", "The days ahead", "PXD"),
        ("Over the years, the town grew.", "the years", "PXY"),
        ("The base stays for at least 20 more years.", "at least 20 more years", "P20Y"),
        ("He was given an additional year.", "an additional year", "P1Y"),
    ],
)
def test_stretches_of_time_are_durations(sentence: str, expression: str, value: str) -> None:
    found = {t.text: t for t in tag_times(sentence, dt.date(2019, 4, 22))}
    assert (found[expression].value, found[expression].type) == (value, "DURATION")


def test_a_year_earlier_is_still_the_year_before() -> None:
    found = _values(tag_times("Profit rose from $5 million a year earlier.", dt.date(2019, 4, 22)))
    assert found["a year earlier"] == "2018"


@pytest.mark.parametrize(
    ("sentence", "expression", "value"),
    [
        ("Troops will arrive by the end of the month.", "the end of the month", "2019-04"),
        ("The rest of the week was calm.", "The rest of the week", "2019-W17"),
        ("The firm's next fiscal year starts in July.", "next fiscal year", "2020"),
    ],
)
def test_edges_of_the_current_unit(sentence: str, expression: str, value: str) -> None:
    assert _values(tag_times(sentence, dt.date(2019, 4, 22)))[expression] == value


def test_a_clock_time_in_a_past_account_is_on_the_day_just_named() -> None:
    text = "The bomb exploded on March 3. Police arrived at 10 p.m. The vote is at 9 a.m."
    values = _values(tag_times(text, dt.date(2019, 4, 22)))
    assert values["10 p.m."] == "2019-03-03T22:00"
    assert values["9 a.m."] == "2019-04-22T09:00"  # present tense: the article's own day


@pytest.mark.parametrize(
    ("sentence", "expression", "value"),
    [
        # in April, a quarter or half that has not begun is last year's unless the clause
        # looks ahead
        ("The company reported fourth-quarter earnings.", "fourth-quarter", "2018-Q4"),
        ("Sales should rise in the fourth quarter.", "the fourth quarter", "2019-Q4"),
        ("Profit fell in the second half.", "the second half", "2018-H2"),
        ("Q3 revenue fell sharply.", "Q3", "2018-Q3"),
        ("Revenue fell in Q2 2012.", "Q2 2012", "2012-Q2"),
        ("The 1800s were different.", "The 1800s", "18"),
    ],
)
def test_quarters_halves_and_centuries(sentence: str, expression: str, value: str) -> None:
    assert _values(tag_times(sentence, dt.date(2019, 4, 22)))[expression] == value


@pytest.mark.parametrize(
    ("sentence", "expression", "value"),
    [
        ("Earlier this year, the firm grew.", "Earlier this year", "2019"),
        ("The bill passed early Friday.", "early Friday", "2019-04-19"),
    ],
)
def test_early_and_earlier_are_part_of_the_expression(
    sentence: str, expression: str, value: str
) -> None:
    assert _values(tag_times(sentence, dt.date(2019, 4, 22)))[expression] == value


@pytest.mark.parametrize(
    ("sentence", "expression", "value"),
    [
        ("The firm declared a dividend, payable Dec. 15.", "Dec. 15", "2019-12-15"),
        ("The new rules were announced, effective June 1.", "June 1", "2019-06-01"),
    ],
)
def test_a_date_set_ahead_is_in_the_future(sentence: str, expression: str, value: str) -> None:
    assert _values(tag_times(sentence, dt.date(2019, 4, 22)))[expression] == value


def test_a_plan_reported_in_the_past_is_for_the_nearest_day() -> None:
    """Silver: a plan reported in the past may have been for a day gone by, and a start or
    a pencilled-in day is most often near the report: the nearest one. A weekday a plan was
    for is still in the days ahead."""
    cases = {
        "The government had been initially scheduled for January 25, but was delayed.": (
            dt.date(1997, 4, 11),
            "January 25",
            "1997-01-25",
        ),
        "The dialogue was last scheduled for July 25. But the war has prevented it.": (
            dt.date(2006, 11, 6),
            "July 25",
            "2006-07-25",
        ),
        "Beginning July 1, unleaded petrol will be available, the report said.": (
            dt.date(1997, 4, 8),
            "July 1",
            "1997-07-01",
        ),
        "Talks have been pencilled in for May 23.": (dt.date(1997, 4, 7), "May 23", "1997-05-23"),
        "A meeting with Olmert was scheduled for Monday.": (
            dt.date(2006, 12, 3),
            "Monday",
            "2006-12-04",
        ),
    }
    for sentence, (reference, expression, value) in cases.items():
        assert _values(tag_times(sentence, reference))[expression] == value, sentence


def test_a_model_name_is_not_a_quarter() -> None:
    assert tag_times("She drove an Audi Q3 to work.", dt.date(2019, 4, 22)) == []


@pytest.mark.parametrize(
    ("reference", "sentence", "expression", "value"),
    [
        # "this summer" is the reference year's, whatever the clause's tense
        ("1998-03-22", "Nobody was left alone this summer.", "this summer", "1998-SU"),
        # in January the winter under way began in the December before
        ("1998-01-22", "It will snow this winter.", "this winter", "1997-WI"),
        ("1998-03-22", "Protests erupted this winter.", "this winter", "1997-WI"),
    ],
)
def test_this_season_is_the_current_one(
    reference: str, sentence: str, expression: str, value: str
) -> None:
    found = _values(tag_times(sentence, dt.date.fromisoformat(reference)))
    assert found[expression] == value


def test_a_year_ago_after_a_year_ago_names_the_same_quarter() -> None:
    text = (
        "Net fell in the third quarter. It earned $10 million in the year-ago quarter. "
        "The year-ago results were restated. In the year-ago period, it earned more."
    )
    values = [t.value for t in tag_times(text, dt.date(1989, 10, 26))]
    assert values == ["1989-Q3", "1988-Q3", "1988-Q3", "1988-Q3"]


def test_a_clock_time_takes_the_weekday_after_another_zones_time() -> None:
    text = "The blast occurred at about 10:35 a.m. (0735 GMT) Friday, toppling a building."
    found = _values(tag_times(text, dt.date(1998, 8, 8)))
    assert found["about 10:35 a.m."] == "1998-08-07T10:35"


@pytest.mark.parametrize(
    ("sentence", "expression", "value"),
    [
        ("Talks are set for the week of March 6.", "the week of March 6", "2000-W10"),
        ("January nineteen ninety-seven. A bomb.", "January nineteen ninety-seven", "1997-01"),
        ("He promised jobs by the year two thousand.", "the year two thousand", "2000"),
    ],
)
def test_weeks_of_a_date_and_spoken_years(sentence: str, expression: str, value: str) -> None:
    assert _values(tag_times(sentence, dt.date(2000, 2, 24)))[expression] == value


@pytest.mark.parametrize(
    ("sentence", "expression", "value"),
    [
        (
            "Officials postponed until Tuesday morning any action.",
            "Tuesday morning",
            "2000-04-04TMO",
        ),
        (
            "The INS extended its deadline until 9 a.m. Tuesday.",
            "9 a.m. Tuesday",
            "2000-04-04T09:00",
        ),
        ("The store remained closed until Tuesday.", "Tuesday", "2000-03-28"),
        # a month's day may name a deadline long past
        ("A resolution gave Iran until March 1 to stop.", "March 1", "2000-03-01"),
    ],
)
def test_what_is_put_off_until_a_day_ends_after_the_report(
    sentence: str, expression: str, value: str
) -> None:
    assert _values(tag_times(sentence, dt.date(2000, 3, 30)))[expression] == value


def test_that_before_a_past_verb_is_a_relative_pronoun() -> None:
    text = "Turnout hinges on the elite that boycotted the January 30 election."
    assert _values(tag_times(text, dt.date(2005, 12, 12)))["January 30"] == "2005-01-30"


@pytest.mark.parametrize(
    ("sentence", "expression", "value"),
    [
        ("They signed an accord in 2003, the year a war ended.", "the year", "2003"),
        ("The report was written in 2000, the year data was collected.", "the year", "2000"),
    ],
)
def test_the_year_after_a_stated_year_is_that_year(
    sentence: str, expression: str, value: str
) -> None:
    assert _values(tag_times(sentence, dt.date(2006, 12, 19)))[expression] == value


def test_an_award_of_the_year_is_not_a_time() -> None:
    text = "He was named player of the year and Asia's team of the year."
    assert tag_times(text, dt.date(2006, 12, 19)) == []


@pytest.mark.parametrize(
    ("sentence", "expression"),
    [
        ("In the nine months, net rose.", "the nine months"),
        ("The six months ended Oct. 1 were weak.", "The six months"),
        ("It was the eight-year war.", "eight-year"),
        ("They held the two day rally.", "two day"),
        ("It rose three years ago.", "three years ago"),
    ],
)
def test_a_duration_is_spanned_with_its_article_unless_it_modifies_a_noun(
    sentence: str, expression: str
) -> None:
    assert expression in _values(tag_times(sentence, dt.date(1989, 10, 26)))


@pytest.mark.parametrize(
    ("sentence", "expression", "value"),
    [
        ("Talks resume after Easter.", "Easter", "2000-04-23"),
        ("On Good Friday, 2014 they met.", "Good Friday, 2014", "2014-04-18"),
        ("Shops open on Boxing Day, 2008.", "Boxing Day, 2008", "2008-12-26"),
    ],
)
def test_movable_and_fixed_holidays(sentence: str, expression: str, value: str) -> None:
    assert _values(tag_times(sentence, dt.date(2000, 4, 17)))[expression] == value


def test_a_holiday_word_after_a_name_is_not_a_date() -> None:
    assert tag_times("Jermaine Easter scored twice.", dt.date(2006, 12, 21)) == []


@pytest.mark.parametrize(
    ("sentence", "expression", "value"),
    [
        ("It ended a decades-long feud.", "decades-long", "PXY"),
        ("They held a day-long rally.", "day-long", "P1D"),
        ("Workers began a weeklong strike.", "weeklong", "P1W"),
        ("It was a two-week-long trip.", "two-week-long", "P2W"),
        ("Shares fell for eight trading days.", "eight trading days", "P8D"),
    ],
)
def test_lengths_written_as_adjectives_and_working_days(
    sentence: str, expression: str, value: str
) -> None:
    assert _values(tag_times(sentence, dt.date(1989, 10, 26)))[expression] == value


@pytest.mark.parametrize(
    ("sentence", "expression", "value"),
    [
        ("Prices rose in the early 2000s.", "the early 2000s", "200X"),
        ("Mills were built in the 1800s.", "the 1800s", "18"),
        ("This past weekend he left.", "This past weekend", "2013-W11-WE"),
        ("They met this past Tuesday.", "this past Tuesday", "2013-03-19"),
        ("They meet this coming Sunday.", "this coming Sunday", "2013-03-24"),
    ],
)
def test_the_2000s_are_a_decade_and_this_past_is_one_expression(
    sentence: str, expression: str, value: str
) -> None:
    assert _values(tag_times(sentence, dt.date(2013, 3, 22)))[expression] == value


def test_a_day_put_off_until_follows_the_day_the_passage_named() -> None:
    text = "Polling began Sunday, but officials extended the vote until Monday."
    assert _values(tag_times(text, dt.date(1997, 4, 19)))["Monday"] == "1997-04-14"


@pytest.mark.parametrize(
    ("sentence", "expression", "kind", "value"),
    [
        ("Kidnappings have risen in recent years.", "recent years", "DURATION", "PXY"),
        ("Talks stalled in recent weeks.", "recent weeks", "DURATION", "PXW"),
        ("It took a couple of years.", "a couple of years", "DURATION", "P2Y"),
        (
            "Rates may rise over the next couple of months.",
            "the next couple of months",
            "DURATION",
            "P2M",
        ),
    ],
)
def test_recent_units_are_vague_stretches_and_a_couple_is_two(
    sentence: str, expression: str, kind: str, value: str
) -> None:
    times = {t.text: (t.type, t.value) for t in tag_times(sentence, dt.date(2013, 3, 21))}
    assert times[expression] == (kind, value)


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        # the parser hangs "on Wednesday" on the reported "would cut"; the day is the saying's
        ("The central bank said on Wednesday it would cut rates.", "2013-03-20"),
        # a refusal or failure to answer is reported after it happened
        ("He could not be reached for comment Wednesday.", "2013-03-20"),
        ("Neither he nor his wife could be located Wednesday.", "2013-03-20"),
        ("A spokesman would not comment on Wednesday.", "2013-03-20"),
        # what lies ahead stays ahead
        ("Officials said Wednesday would be the deadline.", "2013-03-27"),
        ("He could not comment until Wednesday.", "2013-03-27"),
        ("Officials would comment on the plan Wednesday.", "2013-03-27"),
        ("The bank will stay closed until Wednesday.", "2013-03-27"),
    ],
)
def test_a_weekday_after_a_past_verb_or_a_refusal_is_past(sentence: str, value: str) -> None:
    from dateline.annotate.nlp import load_pipeline

    nlp = load_pipeline(parse=True)
    times = tag_times(sentence, dt.date(2013, 3, 21), doc=nlp(sentence))
    assert _values(times)["Wednesday"] == value


@pytest.mark.parametrize(
    ("sentence", "expression", "value"),
    [
        ("Women's Day is this Sunday, March eighth.", "March eighth", "1998-03-08"),
        ("The vote is on the twenty-first of May.", "the twenty-first of May", "1998-05-21"),
        ("They met on March first and again in April.", "March first", "1998-03-01"),
    ],
)
def test_days_of_the_month_spoken_as_ordinals(sentence: str, expression: str, value: str) -> None:
    assert _values(tag_times(sentence, dt.date(1998, 3, 5)))[expression] == value


@pytest.mark.parametrize(
    "sentence",
    [
        "In March first lady Michelle Obama visited the school.",
        "Protesters joined the annual March for Life on Capitol Hill.",
        "She walked at the head of the March of the Mothers.",
    ],
)
def test_an_ordinal_noun_or_a_procession_is_not_a_day(sentence: str) -> None:
    values = _values(tag_times(sentence, dt.date(1998, 3, 5)))
    assert not any(text.startswith("March ") for text in values)
    assert values.get("March", "1998-03") == "1998-03"  # "In March" is still the month
    if "Life" in sentence or "Mothers" in sentence:
        assert "March" not in values


@pytest.mark.parametrize(
    ("sentence", "expression", "value"),
    [
        # a part of the day is the day the passage is about, as a bare clock time is
        (
            "Shares fell on Friday. Dealers sold heavily in the morning.",
            "the morning",
            "2013-03-15TMO",
        ),
        ("Results will be announced in the afternoon.", "the afternoon", "2013-03-21TAF"),
        ("The meeting starts at 3 in the afternoon.", "3 in the afternoon", "2013-03-21T15:00"),
        # the day inside the bracket dates the clock time before it
        (
            "He will leave at 4 in the morning (4 a.m. EDT Saturday).",
            "4 in the morning",
            "2013-03-23T04:00",
        ),
    ],
)
def test_parts_of_the_day(sentence: str, expression: str, value: str) -> None:
    found = {t.text: t for t in tag_times(sentence, dt.date(2013, 3, 21))}
    assert (found[expression].type, found[expression].value) == ("TIME", value)


def test_a_morning_session_is_not_a_time() -> None:
    assert tag_times("Stocks fell in the morning session.", dt.date(2013, 3, 21)) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Profit forecasts for the year to March 1998 were cut.",
        "Its earnings were higher than the year just ended.",
        "Food prices rose 43 percent during the year to March.",
    ],
)
def test_a_fiscal_year_to_a_month_is_twelve_months(sentence: str) -> None:
    found = {t.text: t for t in tag_times(sentence, dt.date(1997, 4, 16))}
    assert (found["the year"].type, found["the year"].value) == ("DURATION", "P1Y")


def test_film_of_the_year_is_a_title() -> None:
    assert tag_times("It was named best film of the year.", dt.date(2005, 12, 12)) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Children sang Christmas carols near the Christmas tree.",
        "The Good Friday agreement was signed in Belfast.",
        "Candidates campaigned hard before Super Tuesday.",
    ],
)
def test_holiday_things_and_named_weekdays_are_not_days(sentence: str) -> None:
    assert tag_times(sentence, dt.date(2013, 3, 21)) == []


def test_a_holiday_before_a_time_word_is_still_a_day() -> None:
    assert _values(tag_times("Sales rose before Christmas.", dt.date(2013, 3, 21))) == {
        "Christmas": "2012-12-25"
    }


@pytest.mark.parametrize(
    "sentence", ["Output held at 28 million barrels per day.", "Winds reached 100 km per hour."]
)
def test_a_rate_per_unit_is_not_a_time(sentence: str) -> None:
    assert tag_times(sentence, dt.date(2005, 12, 10)) == []


def test_every_weekday_is_still_a_set() -> None:
    found = tag_times("He visits every Thursday.", dt.date(2005, 12, 10))
    assert [(t.type, t.value) for t in found] == [("SET", "XXXX-WXX-4")]


def test_formerly_is_not_a_time() -> None:
    # TimeBank, AQUAINT and the silver set tag none of its 17 uses: it qualifies a role
    assert tag_times("He was formerly a banker in London.", dt.date(2005, 12, 10)) == []


def test_the_same_period_without_a_quarter_before_it_is_left_alone() -> None:
    text = "Prices rose 43 percent in the year to March, after 17 percent in the same period."
    assert "the same period" not in _values(tag_times(text, dt.date(1997, 4, 16)))
    text = "Profit in the third quarter rose from the same period of 1995."
    assert _values(tag_times(text, dt.date(1997, 4, 16)))["the same period"] == "1995-Q3"
    text = "Profit in the first quarter rose from the same period last year."
    assert _values(tag_times(text, dt.date(1997, 4, 16)))["the same period"] == "1996-Q1"


@pytest.mark.parametrize(
    "sentence",
    [
        "Revenue will increase by 20% annually.",
        "The plant would produce about 10,000 units annually.",
        "It is 5% of the average daily volume.",
        "The firm has been doubling its profits annually.",
    ],
)
def test_a_frequency_word_after_an_amount_is_a_rate(sentence: str) -> None:
    assert tag_times(sentence, dt.date(1989, 10, 30)) == []


@pytest.mark.parametrize(
    ("sentence", "expression", "value"),
    [
        ("Rallies are held almost daily.", "daily", "P1D"),
        ("Clinton said in his weekly radio address.", "weekly", "P1W"),
        ("Commemorations are held here annually.", "annually", "P1Y"),
    ],
)
def test_a_frequency_word_is_a_set(sentence: str, expression: str, value: str) -> None:
    found = {t.text: t for t in tag_times(sentence, dt.date(1989, 10, 30))}
    assert (found[expression].type, found[expression].value) == ("SET", value)


@pytest.mark.parametrize(
    "sentence",
    [
        "Maybank led the fall in banking stocks.",
        "The fall of Lubumbashi came as Zambia refused.",
        "The fall was caused by a maturing market.",
    ],
)
def test_a_fall_that_is_a_drop_is_not_autumn(sentence: str) -> None:
    assert tag_times(sentence, dt.date(1997, 4, 14)) == []


@pytest.mark.parametrize(
    ("sentence", "expression", "value"),
    [
        ("The school opens in the fall.", "the fall", "1997-FA"),
        ("Elections are due this fall.", "this fall", "1997-FA"),
        ("He left last fall.", "last fall", "1996-FA"),
    ],
)
def test_the_fall_after_a_preposition_is_autumn(sentence: str, expression: str, value: str) -> None:
    assert _values(tag_times(sentence, dt.date(1997, 4, 14)))[expression] == value


def test_the_following_week_needs_a_date_to_follow() -> None:
    assert "The following week" not in _values(
        tag_times("The following week, prices fell.", dt.date(2013, 3, 21))
    )
    text = "Talks began on March 4. The following week, prices fell."
    assert _values(tag_times(text, dt.date(2013, 3, 21)))["The following week"] == "2013-W11"


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        (
            "Net rose in the third quarter. Its insurance arm earned $24 million, "
            "compared with a loss of $3 million last year.",
            "1988-Q3",
        ),
        ("Sales in the latest quarter rose 13% from last year's $1.55 billion.", "1988-Q3"),
        # no quarter named: the calendar year; no comparison: the calendar year too
        ("Its unit earned $24 million, compared with a loss last year.", "1988"),
        ("Net rose in the third quarter. The firm was founded last year.", "1988"),
    ],
)
def test_last_year_in_a_comparison_after_a_quarter_is_that_quarter(
    sentence: str, value: str
) -> None:
    assert _values(tag_times(sentence, dt.date(1989, 10, 26)))["last year"] == value


@pytest.mark.parametrize(
    ("sentence", "expression", "value"),
    [
        # "trips" is a noun the tagger reads as a present-tense verb: the tense comes from
        # the verb above it ("went")
        (
            "The agency said the leader went on one of his field trips to an army unit on "
            "Thursday to congratulate it.",
            "Thursday",
            "2013-03-21",
        ),
    ],
)
def test_a_noun_read_as_a_verb_does_not_set_the_tense(
    sentence: str, expression: str, value: str
) -> None:
    from dateline.annotate.nlp import load_pipeline

    nlp = load_pipeline(parse=True)
    times = tag_times(sentence, dt.date(2013, 3, 22), doc=nlp(sentence))
    assert _values(times)[expression] == value


@pytest.mark.parametrize(
    ("sentence", "expression", "kind", "value"),
    [
        ("The firm left the league one year earlier than planned.", "one year", "DURATION", "P1Y"),
        ("The plant opened two weeks later than expected.", "two weeks", "DURATION", "P2W"),
        ("Profit rose from $5 million a year earlier.", "a year earlier", "DATE", "2005"),
    ],
)
def test_earlier_or_later_than_is_a_length_of_time(
    sentence: str, expression: str, kind: str, value: str
) -> None:
    times = {t.text: (t.type, t.value) for t in tag_times(sentence, dt.date(2006, 12, 10))}
    assert times[expression] == (kind, value)


@pytest.mark.parametrize(
    "sentence",
    [
        "He scored on a seven-yard run late in the second quarter to build a 28-3 lead.",
        "The striker headed the only goal six minutes into the second half.",
        "The guard scored eight points in a row in the third quarter.",
        "Liverpool will play Arsenal in the last quarter-final.",
        "Australia, upset by Canada in the quarter-finals, finished fifth.",
    ],
)
def test_a_quarter_or_half_of_a_game_is_not_a_date(sentence: str) -> None:
    assert not [
        t for t in tag_times(sentence, dt.date(2006, 12, 10)) if "Q" in t.value or "H" in t.value
    ]


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("Net profit rose 5% in the second quarter.", "2006-Q2"),
        ("The club's revenue rose in the first half, the team said.", "2006-H1"),
        ("Sales fell by 8 million units in the third quarter, the league said.", "2006-Q3"),
    ],
)
def test_a_quarter_of_company_figures_stays_a_date(sentence: str, value: str) -> None:
    assert [t.value for t in tag_times(sentence, dt.date(2006, 12, 10))] == [value]


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("Voters must register by the end of June, officials said.", "2013-06"),
        ("He must have known about the plan in June.", "2012-06"),
    ],
)
def test_must_looks_ahead_unless_it_looks_back(sentence: str, value: str) -> None:
    from dateline.annotate.nlp import load_pipeline

    nlp = load_pipeline(parse=True)
    times = tag_times(sentence, dt.date(2013, 4, 19), doc=nlp(sentence))
    assert [t.value for t in times] == [value]


@pytest.mark.parametrize(
    ("sentence", "expression", "value"),
    [
        (
            "Net rose in the third quarter. In the 1988 period, it earned $20.6 million.",
            "the 1988 period",
            "1988-Q3",
        ),
        (
            "Net rose in the second quarter, up from the 1988 quarter.",
            "the 1988 quarter",
            "1988-Q2",
        ),
        # no quarter named: the year alone
        ("In the 1988 period, it earned $20.6 million.", "1988", "1988"),
        # an amount after "of" is the quarter's figure, not a share of something
        (
            "The bank posted a loss for the third quarter of $226.3 million.",
            "the third quarter",
            "1989-Q3",
        ),
    ],
)
def test_a_stated_years_period_is_the_quarter_just_named(
    sentence: str, expression: str, value: str
) -> None:
    assert _values(tag_times(sentence, dt.date(1989, 10, 26)))[expression] == value


def test_a_quarter_of_the_vote_is_not_a_time() -> None:
    assert tag_times("The party won a quarter of the vote.", dt.date(1989, 10, 26)) == []


def test_a_stated_years_period_without_a_reference_keeps_the_stated_year() -> None:
    """Document dating reads stated years from undated text: "the 1988 period" says 1988."""
    text = "Net rose in the third quarter. In the 1988 period, it earned more."
    stated = [t.value for t in tag_times(text, None) if t.basis == "stated"]
    assert stated == ["1988"]


@pytest.mark.parametrize(
    ("sentence", "reference", "value"),
    [
        (
            "Rival factions clashed ahead of the presidential election in December.",
            "1997-04-11",
            "1997-12",
        ),
        ("Leaders campaigned ahead of Thursday's general election.", "2005-12-13", "2005-12-15"),
        ("Violence rose in the run-up to elections on December 15.", "2005-12-06", "2005-12-15"),
        (
            "Tensions rose ahead of a speech by the president on Saturday.",
            "2006-12-15",
            "2006-12-16",
        ),
        # the phrase ends at the comma: Tuesday is the report's own day
        (
            "Working hard ahead of the poll, the left on Tuesday reached a deal.",
            "1997-04-30",
            "1997-04-29",
        ),
    ],
)
def test_what_a_report_is_ahead_of_lies_ahead(sentence: str, reference: str, value: str) -> None:
    times = tag_times(sentence, dt.date.fromisoformat(reference))
    assert [t.value for t in times] == [value]


def test_what_something_has_gone_on_since_is_past() -> None:
    from dateline.annotate.nlp import load_pipeline

    text = "The minister will make his first visit to the country since August."
    times = tag_times(text, dt.date(2005, 12, 12), doc=load_pipeline(parse=True)(text))
    assert [t.value for t in times] == ["2005-08"]


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        # a scheduled event a clause looks ahead to lies ahead
        ("Up to 27,000 runners are expected to take part in Sunday's race.", "1997-04-13"),
        ("The coaches will all be at Sunday's draw.", "1997-04-13"),
        # what happened on the day stays past, whatever is said of it later
        ("Sunday's declaration angered the rebels.", "1997-04-06"),
        ("Officials will look for ways to get around Sunday's ruling.", "1997-04-06"),
    ],
)
def test_a_weekdays_scheduled_event_ahead_of_the_clause_lies_ahead(
    sentence: str, value: str
) -> None:
    from dateline.annotate.nlp import load_pipeline

    times = tag_times(sentence, dt.date(1997, 4, 12), doc=load_pipeline(parse=True)(sentence))
    assert [t.value for t in times] == [value]


@pytest.mark.parametrize("reference", ["2006-12-30", "2006-12-31"])
def test_the_weekend_written_at_the_weekend_is_the_one_under_way(reference: str) -> None:
    times = tag_times("The talks will go on over the weekend.", dt.date.fromisoformat(reference))
    assert [t.value for t in times] == ["2006-W52-WE"]


@pytest.mark.parametrize(
    ("sentence", "reference", "expression", "value"),
    [
        # TimeBank (wsj/AP): "the past year" is the year before the article's
        (
            "There has been a dramatic rise in the growth of hate groups in the United "
            "States over the past year.",
            "1998-03-03",
            "the past year",
            "1997",
        ),
        # TempEval-3 silver (AFP): the month, the ISO week before the reference's
        (
            "Violence has swept several Java towns in the past month.",
            "1997-04-21",
            "the past month",
            "1997-03",
        ),
        (
            "Some 250 swans had died of bird flu in the southern region of Astrakhan in "
            "the past week.",
            "2005-11-22",
            "the past week",
            "2005-W46",
        ),
        (
            "He has been in Bethesda, Md., for the last week.",
            "2000-04-14",
            "the last week",
            "2000-W14",
        ),
    ],
)
def test_the_past_unit_is_the_unit_before_the_references(
    sentence: str, reference: str, expression: str, value: str
) -> None:
    found = {t.text: t for t in tag_times(sentence, dt.date.fromisoformat(reference))}
    assert (found[expression].type, found[expression].value) == ("DATE", value)


@pytest.mark.parametrize(
    ("sentence", "expression"),
    [
        ("Prices rose 5% over the past decade.", "the past decade"),
        ("He left in the last week of March.", "the last week"),
    ],
)
def test_the_past_decade_and_the_last_week_of_a_month_stay_lengths(
    sentence: str, expression: str
) -> None:
    found = {t.text: t for t in tag_times(sentence, dt.date(2005, 11, 22))}
    assert found[expression].type == "DURATION"


def test_a_year_earlier_as_an_adjective_is_the_earlier_period() -> None:
    # TimeBank (wsj): "a year-earlier loss" after a quarter is that quarter a year back
    text = (
        "It had a loss of $158,666, or 10 cents a share, in the third quarter, compared "
        "with a year-earlier loss of $26,956, or two cents a share."
    )
    found = _values(tag_times(text, dt.date(1989, 10, 27)))
    assert found["year-earlier"] == "1988-Q3"
    assert "a year" not in found


@pytest.mark.parametrize(
    "sentence",
    [
        # TimeBank (AP, VOA): programmes and a film, not times
        'Secretary of State James Baker, speaking on ABC News\' "This Week," said the request '
        "gives the U.S. a legal basis.",
        "Gonzalez said on CBS's ''60 Minutes.''",
        "The poster showed a picture of Gary Cooper from the film ``High Noon.''",
        "This is VOA Today.",
        # TempEval-3 silver (AFP): a newspaper
        "However, USA Today quoted the deputy director.",
    ],
)
def test_a_time_word_capitalised_inside_a_sentence_is_a_title(sentence: str) -> None:
    assert tag_times(sentence, dt.date(1998, 3, 31)) == []


@pytest.mark.parametrize(
    ("sentence", "expression", "value"),
    [
        ("Today the talks resume.", "Today", "1998-03-31"),
        ('He said: "This week we will vote."', "This week", "1998-W14"),
        ("Shops close on Labor Day.", "Labor Day", "1998-09-07"),
        ("The offer expired at midnight Friday.", "midnight Friday", "1998-03-27T24:00"),
    ],
)
def test_a_time_at_a_sentences_start_or_a_holiday_is_still_a_time(
    sentence: str, expression: str, value: str
) -> None:
    assert _values(tag_times(sentence, dt.date(1998, 3, 31)))[expression] == value


@pytest.mark.parametrize(
    ("sentence", "expression", "kind", "value"),
    [
        # TimeBank (AP): the coming months are TimeML's vague future, as in the silver set
        (
            "The Federal Reserve expects the economy to slow in coming months.",
            "coming months",
            "DATE",
            "FUTURE_REF",
        ),
        # TimeBank (wsj)
        (
            '"It doesn\'t bode well for coming quarters," he said.',
            "coming quarters",
            "DATE",
            "FUTURE_REF",
        ),
        (
            "It recently achieved profitability after several quarters of losses.",
            "several quarters",
            "DURATION",
            "PXQ",
        ),
        ("Talks will go on in the coming weeks.", "the coming weeks", "DURATION", "PXW"),
    ],
)
def test_coming_months_look_ahead_and_several_quarters_are_a_stretch(
    sentence: str, expression: str, kind: str, value: str
) -> None:
    found = {t.text: t for t in tag_times(sentence, dt.date(1989, 10, 27))}
    assert (found[expression].type, found[expression].value) == (kind, value)


def test_three_quarters_of_a_vote_is_a_fraction() -> None:
    assert tag_times("He won three quarters of the vote.", dt.date(1989, 10, 27)) == []


def test_a_year_earlier_after_a_length_compares_with_the_quarter_just_named() -> None:
    # TimeBank (wsj): the nine months name no date, so "a year earlier" goes back from the
    # quarter the passage named before them
    text = (
        "Two segments posted lower earnings for the quarter. Profit from coal fell.\n\n"
        "For the nine months, Du Pont earned $2 billion, or $8.46 a share, up 18% from "
        "$1.69 billion, or $7.03 a share, a year earlier."
    )
    found = _values(tag_times(text, dt.date(1989, 10, 26)))
    assert found["the quarter"] == "1989-Q3"
    assert found["a year earlier"] == "1988-Q3"


def test_a_year_earlier_after_a_month_named_since_the_quarter_is_a_year() -> None:
    # TempEval-3 silver (AFP): a month named after the quarter is the comparison's own date
    text = (
        "Growth slowed in the third quarter. Core consumer prices rose just 0.1 percent in "
        "October from a year earlier."
    )
    found = _values(tag_times(text, dt.date(2005, 11, 25)))
    assert found["a year earlier"] == "2004"
