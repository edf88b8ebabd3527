"""The TimeML loader, the TempEval-3 scorer, and score floors on the TempEval-3 data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dateline.evaluate.tempeval import TimexCounts, evaluate, timeml_value
from dateline.evaluate.timeml import GoldTimex, TimeMLError, parse_timeml
from dateline.records import TimeExpr

SAMPLE = (
    '<?xml version="1.0" ?><TimeML><DOCID>x</DOCID>\n<DCT><TIMEX3 functionInDocument="CREATION"'
    ' tid="t0" type="DATE" value="2013-03-22">March 22, 2013</TIMEX3></DCT>\n<TEXT>\nIt'
    ' <EVENT eid="e1" class="OCCURRENCE">started</EVENT> <TIMEX3 tid="t1" type="DURATION"'
    ' value="P1M">a month</TIMEX3> earlier &amp; ended <TIMEX3 tid="t2" type="DATE"'
    ' value="2013-03-22">Friday</TIMEX3>.\n</TEXT></TimeML>'
)


def test_parse_timeml_strips_tags_and_keeps_offsets() -> None:
    document = parse_timeml(SAMPLE, "x.tml")
    assert document.dct == dt.date(2013, 3, 22)
    assert [(t.text, t.type, t.value) for t in document.timexes] == [
        ("a month", "DURATION", "P1M"),
        ("Friday", "DATE", "2013-03-22"),
    ]
    for timex in document.timexes:
        assert document.text[timex.start : timex.end] == timex.text
    assert "&amp;" not in document.text and "<EVENT" not in document.text


def test_parse_timeml_rejects_documents_without_text_or_dct() -> None:
    with pytest.raises(TimeMLError):
        parse_timeml("<TimeML><DCT></DCT></TimeML>", "bad.tml")
    with pytest.raises(TimeMLError):
        parse_timeml("<TimeML><TEXT>x</TEXT></TimeML>", "bad.tml")


def _system(start: int, end: int, kind: str, value: str) -> TimeExpr:
    return TimeExpr("d", start, end, "", kind, value)  # type: ignore[arg-type]


def test_scorer_follows_the_tempeval3_definitions() -> None:
    gold = [
        GoldTimex(0, 10, "", "DATE", "2013"),
        GoldTimex(20, 30, "", "DATE", "2012"),
        GoldTimex(40, 45, "", "DURATION", "P1D"),
    ]
    system = [
        _system(0, 10, "DATE", "2013"),
        _system(22, 30, "DATE", "2011"),
        _system(50, 55, "DATE", "2010"),
    ]
    counts = TimexCounts()
    counts.add(gold, system)
    scores = counts.scores()
    assert scores["strict_precision"] == pytest.approx(1 / 3)
    assert scores["strict_recall"] == pytest.approx(1 / 3)
    assert scores["relaxed_precision"] == pytest.approx(2 / 3)
    assert scores["relaxed_recall"] == pytest.approx(2 / 3)
    assert scores["relaxed_f1"] == pytest.approx(2 / 3)
    assert scores["type_accuracy"] == pytest.approx(1.0)
    assert scores["value_accuracy"] == pytest.approx(0.5)
    # value F1 = relaxed F1 x value accuracy = 2PR/(P+R) with P = 1/3, R = 1/3
    assert scores["value_f1"] == pytest.approx(1 / 3)


def test_timeml_value_writes_decades_with_three_digits() -> None:
    assert timeml_value("199X") == "199"
    assert timeml_value("2015-05") == "2015-05"
    assert timeml_value("XXXX") == "XXXX"


# Floors a little below the scores measured when they were pinned (docs/time.md has the figures):
# TimeBank + AQUAINT (the development set) and the platinum test set, heuristic tense, no spaCy.
TRAIN_FLOORS = {"relaxed_f1": 0.93, "strict_f1": 0.85, "type_accuracy": 0.955, "value_f1": 0.78}
PLATINUM_FLOORS = {"relaxed_f1": 0.895, "strict_f1": 0.80, "type_accuracy": 0.88, "value_f1": 0.78}


@pytest.mark.parametrize(
    ("split", "documents", "floors"),
    [("train", 256, TRAIN_FLOORS), ("platinum", 20, PLATINUM_FLOORS)],
)
def test_score_floors(
    datasets_dir: Path, split: str, documents: int, floors: dict[str, float]
) -> None:
    scores = evaluate(split)
    assert scores["documents"] == documents
    for measure, floor in floors.items():
        assert scores[measure] >= floor, (measure, scores[measure])
