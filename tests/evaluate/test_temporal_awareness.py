from __future__ import annotations

from pathlib import Path

import pytest

from dateline.evaluate.temporal_awareness import (
    AwarenessCounts,
    Relation,
    Timeline,
    TimelineFormatError,
    closure_and_reduction,
    format_timeline,
    micro_total,
    parse_timeline,
    score_directories,
    score_files,
    score_timeline,
    timeline_file_name,
    timeline_relations,
)

GOLD = "E\n1\t2010-01-01\td-1-a\n2\t2010-02-01\td-2-b\n"
SEMEVAL = "semeval2015-task4-timeline"


def timeline(text: str) -> Timeline:
    return parse_timeline(text, "test")


def test_parse_and_format_round_trip() -> None:
    text = (
        "iPhone 4\n0\tXXXX-XX-XX\t16844-16-use\n1\t2010-06-07\t16844-2-unveiled\t16844-0-unveils\n"
    )
    parsed = timeline(text)
    assert parsed.entity == "iPhone 4"
    assert [row.order for row in parsed.rows] == [0, 1]
    assert parsed.rows[1].events == ("16844-2-unveiled", "16844-0-unveils")
    assert format_timeline(parsed) == text


def test_malformed_timelines_get_a_clear_error() -> None:
    with pytest.raises(TimelineFormatError, match="empty"):
        parse_timeline("", "x.txt")
    with pytest.raises(TimelineFormatError, match=r"x\.txt:2: order 'one'"):
        parse_timeline("E\none\t2010\td-1-a\n", "x.txt")
    assert timeline("E\n1\t2010\n\n").rows == ()  # a row without events is ignored


def test_file_names_follow_the_official_scheme() -> None:
    assert timeline_file_name("S&P 500") == "s_and_p_500.txt"
    assert timeline_file_name("Boeing 787 Dreamliner") == "boeing_787_dreamliner.txt"


def test_graph_links_events_to_anchors_then_in_order() -> None:
    relations = timeline_relations(timeline(GOLD + "2\t2010-02-01\td-3-c\n"))
    assert relations == [
        Relation("e:d-1-a#1", "SIMULTANEOUS", "t:2010-01-01"),
        Relation("e:d-2-b#1", "SIMULTANEOUS", "t:2010-02-01"),
        Relation("e:d-3-c#1", "SIMULTANEOUS", "t:2010-02-01"),
        Relation("e:d-1-a#1", "BEFORE", "e:d-2-b#1"),
        Relation("e:d-2-b#1", "SIMULTANEOUS", "e:d-3-c#1"),
    ]
    # b = c follows from both sharing an anchor, so the reduced graph drops it
    closure, reduced = closure_and_reduction(relations)
    assert len(reduced) == 4
    assert closure.entails(Relation("e:d-1-a#1", "BEFORE", "e:d-3-c#1"))
    assert closure.entails(Relation("t:2010-01-01", "BEFORE", "t:2010-02-01"))
    assert not closure.entails(Relation("e:d-3-c#1", "BEFORE", "e:d-1-a#1"))


def test_identical_timelines_score_one() -> None:
    counts = score_timeline(timeline(GOLD), timeline(GOLD))
    assert counts == AwarenessCounts(3, 3, 3, 3)
    assert counts.f1 == 1.0


def test_merging_two_dates_into_one_is_half_right_and_a_third_complete() -> None:
    # system: a = T1, b = T1 (a = b is implied). Gold closure has a = T1 but b after T1.
    # gold reduced: a = T1, b = T2, a < b; the system closure only has a = T1.
    counts = score_timeline(timeline(GOLD), timeline("E\n1\t2010-01-01\td-1-a\td-2-b\n"))
    assert counts == AwarenessCounts(1, 2, 1, 3)
    assert counts.precision == pytest.approx(1 / 2)
    assert counts.recall == pytest.approx(1 / 3)
    assert counts.f1 == pytest.approx(0.4)


def test_precision_uses_the_gold_closure() -> None:
    gold = timeline("E\n1\t2001\td-1-a\n2\t2002\td-1-b\n3\t2003\td-1-c\n")
    system = timeline("E\n1\t2001\td-1-a\n2\t2003\td-1-c\n")
    counts = score_timeline(gold, system)
    # a < c is implied by a < b < c: all three system links are right
    assert (counts.system_matched, counts.system_total) == (3, 3)
    assert (counts.gold_matched, counts.gold_total) == (2, 5)


def test_order_zero_rows_are_ignored() -> None:
    system = timeline("E\n0\t2010-01-01\td-1-a\n0\tXXXX-XX-XX\td-2-b\n")
    assert score_timeline(timeline(GOLD), system) == AwarenessCounts(0, 0, 0, 3)


def test_repeated_mentions_are_matched_in_turn() -> None:
    gold = timeline("E\n1\t2001\td-1-a\n2\t2002\td-1-a\n")
    system = timeline("E\n1\t2001\td-1-a\n")
    assert score_timeline(gold, system) == AwarenessCounts(1, 1, 1, 3)


def test_contradictory_gold_still_scores_one_against_itself() -> None:
    # the gold files give events of one date different order numbers
    gold = timeline("E\n1\t2008-10-06\td-1-a\n2\t2008-10-06\td-2-b\n")
    assert score_timeline(gold, gold).f1 == 1.0


def test_ordering_only_mode_leaves_anchors_out() -> None:
    counts = score_timeline(timeline(GOLD), timeline(GOLD), anchors=False)
    assert counts == AwarenessCounts(1, 1, 1, 1)


def test_micro_average_sums_counts_and_a_missing_file_scores_zero() -> None:
    gold = {"e.txt": timeline(GOLD), "f.txt": timeline("F\n1\t2001\td-1-x\n")}
    scores = score_files(gold, {"e.txt": timeline(GOLD)})
    assert scores["f.txt"] == AwarenessCounts(0, 0, 0, 1)
    total = micro_total(scores.values())
    assert total == AwarenessCounts(3, 3, 3, 4)
    assert total.recall == pytest.approx(3 / 4)


@pytest.mark.parametrize(
    "gold_dir",
    [
        "TimeLines_trial_data_task4_v1.2",
        "SemEval_Task4_data/corpus_1/TimeLines_Gold_Standard",
        "SemEval_Task4_data/corpus_2/TimeLines_Gold_Standard",
        "SemEval_Task4_data/corpus_3/TimeLines_Gold_Standard",
    ],
)
def test_gold_against_itself_scores_one(datasets_dir: Path, gold_dir: str) -> None:
    directory = datasets_dir / SEMEVAL / gold_dir
    scores = score_directories(directory, directory)
    assert len(scores) >= 6
    total = micro_total(scores.values())
    assert total.gold_total > 200
    assert total.f1 == 1.0
