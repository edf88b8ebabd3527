from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from dateline.cli.app import app
from dateline.cli.semeval_cmd import semeval_timeline_command
from dateline.evaluate.cat import CatFormatError, detokenise, iter_cat, parse_cat, read_cat
from dateline.evaluate.semeval_timeline import (
    UNKNOWN_ANCHOR,
    OffsetMap,
    StoredDocument,
    TimelineEvent,
    anchor_of,
    article_records,
    build_timelines,
    corpus_names,
    corpus_paths,
    order_rows,
    target_entities,
)
from dateline.evaluate.temporal_awareness import (
    Timeline,
    micro_total,
    read_timelines,
    score_files,
)

# measured on the product's timelines: 34.30 (P 39.66, R 30.21) on the trial corpus and
# 25.36 (P 30.64, R 21.63) micro over trial, airbus and gm (the non-held-out corpora); see
# docs/semeval.md
TRIAL_F1_FLOOR = 0.335
DEV_F1_FLOOR = 0.25


@pytest.fixture(scope="module")
def trial_timelines(datasets_dir: Path) -> dict[str, Timeline]:
    paths = corpus_paths(datasets_dir, "trial")
    return build_timelines(list(iter_cat(paths.documents)), target_entities(paths))


def test_anchors_are_dates_with_unknown_parts() -> None:
    assert anchor_of("2008-06-09") == "2008-06-09"
    assert anchor_of("2007-10") == "2007-10-XX"
    assert anchor_of("2003") == "2003-XX-XX"
    assert anchor_of("2008-06-09T10:00") == "2008-06-09"
    for vague in ("PRESENT_REF", "P4Y", "2008-W23", "200X", None, ""):
        assert anchor_of(vague) in (UNKNOWN_ANCHOR, "2008-XX-XX")
    assert anchor_of("2008-W23") == "2008-XX-XX"


def test_rows_are_ordered_by_anchor_with_unknowns_unordered() -> None:
    events = [
        TimelineEvent("2-3-sold", "2008-06-09", "2008-06-09", 10),
        TimelineEvent("1-2-won", "2007-XX-XX", "2008-01-01", 5),
        TimelineEvent("1-4-lost", "2007-03-01", "2008-01-01", 50),
        TimelineEvent("2-5-plans", UNKNOWN_ANCHOR, "2008-06-09", 70),
        TimelineEvent("2-6-bought", "2008-06-09", "2008-06-09", 90),
        TimelineEvent("2-3-sold", "2008-06-09", "2008-06-09", 10),  # the same mention twice
        TimelineEvent("3-1-opened", "2008-06-09", "2008-06-09", 3),
    ]
    rows = [(r.order, r.anchor, r.events) for r in order_rows("X", events).rows]
    # one row per anchor; the earliest sentences start and end it (the scorer links the last
    # event of a row BEFORE the first of the next)
    assert rows == [
        (0, UNKNOWN_ANCHOR, ("2-5-plans",)),
        (1, "2007-XX-XX", ("1-2-won",)),
        (2, "2007-03-01", ("1-4-lost",)),
        (3, "2008-06-09", ("3-1-opened", "2-6-bought", "2-3-sold")),
    ]


def test_documents_go_in_as_the_products_records(datasets_dir: Path) -> None:
    paths = corpus_paths(datasets_dir, "airbus")
    text = detokenise(read_cat(next(paths.documents.glob("3307_*.xml"))))
    (record,) = article_records([text])
    assert record == {
        "url": "semeval:3307",
        "title": "Airbus launches world's largest passenger plane",
        "text": text.text,
        "published": "2005-01-18",
    }


def test_stored_offsets_map_back_to_cat_tokens(datasets_dir: Path) -> None:
    """Ingest drops the headline line from the stored text; offsets still find the tokens,
    and a phrasal verb keeps its particle as the gold writes it."""
    paths = corpus_paths(datasets_dir, "airbus")
    text = detokenise(read_cat(next(paths.documents.glob("276079_*.xml"))))
    stored = text.text.split("\n\n", 1)[1]
    document = StoredDocument(text, OffsetMap(stored, text.text), stored)
    offset = stored.index(" ", 20) + 1
    word = stored[offset:].split()[0].strip(",.")
    doc_id, sentence, name = (document.event_mention(offset, offset + len(word)) or "").split(
        "-", 2
    )
    assert (doc_id, sentence, name) == (
        "276079",
        str(text.token_at(len(text.title) + 2 + offset).sentence),
        word,
    )
    rolls = text.text.index("rolls out")
    headline = StoredDocument(text, OffsetMap(text.text, text.text), text.text)
    assert headline.event_mention(rolls, rolls + len("rolls out")) == "276079-0-rolls_out"
    assert OffsetMap("abc", "xyz")(1) is None


def test_cat_documents_rebuild_text_that_maps_back_to_tokens(datasets_dir: Path) -> None:
    paths = corpus_paths(datasets_dir, "airbus")
    path = next(paths.documents.glob("3307_*.xml"))
    text = detokenise(read_cat(path))
    assert text.document.doc_id == "3307"
    assert text.document.dct == "2005-01-18"
    assert text.title == "Airbus launches world's largest passenger plane"
    offset = text.text.index("unveiled")
    token = text.token_at(offset)
    assert (token.sentence, token.text) == (2, "unveiled")
    assert text.token_at(offset + 3) == token
    for token, start in zip(text.document.tokens, text.starts, strict=True):
        assert text.text[start : start + len(token.text)] in (token.text, '"')


def test_day_first_creation_date_is_turned_round(datasets_dir: Path) -> None:
    paths = corpus_paths(datasets_dir, "gm")
    document = read_cat(next(paths.documents.glob("120578_*.xml")))
    assert document.dct == "2009-02-03"


def test_malformed_cat_is_a_clear_error() -> None:
    with pytest.raises(CatFormatError, match="not well-formed"):
        parse_cat("<Document><token", "broken.xml")
    with pytest.raises(CatFormatError, match="not <Document>"):
        parse_cat("<TimeML/>", "other.xml")
    empty = parse_cat('<Document doc_id="7"></Document>')
    assert (empty.doc_id, empty.tokens, empty.dct) == ("7", (), None)


def test_corpus_names() -> None:
    assert corpus_names("test") == ("airbus", "gm", "stock")
    assert corpus_names("gm") == ("gm",)
    with pytest.raises(ValueError, match="unknown SemEval corpus"):
        corpus_names("ecb")


def test_trial_targets_come_from_the_gold_files(datasets_dir: Path) -> None:
    targets = target_entities(corpus_paths(datasets_dir, "trial"))
    assert "Steve Jobs" in targets and "iPhone 4" in targets and len(targets) == 6


def test_trial_timelines_name_real_tokens_and_use_the_official_format(
    datasets_dir: Path, trial_timelines: dict[str, Timeline]
) -> None:
    paths = corpus_paths(datasets_dir, "trial")
    tokens = {
        (document.doc_id, token.sentence, token.text)
        for document in iter_cat(paths.documents)
        for token in document.tokens
    }
    assert set(trial_timelines) == set(read_timelines(paths.gold))
    rows = [row for timeline in trial_timelines.values() for row in timeline.rows]
    assert len(rows) > 15
    for row in rows:
        for event in row.events:
            doc_id, sentence, words = event.split("-", 2)
            for word in words.split("_"):  # a phrasal verb: "rolled_out"
                assert (doc_id, int(sentence), word) in tokens
        assert (row.order == 0) == (row.anchor == UNKNOWN_ANCHOR)
        assert len(row.anchor) == 10


def test_trial_score_stays_above_its_floor(
    datasets_dir: Path, trial_timelines: dict[str, Timeline]
) -> None:
    gold = read_timelines(corpus_paths(datasets_dir, "trial").gold)
    total = micro_total(score_files(gold, trial_timelines).values())
    assert total.f1 >= TRIAL_F1_FLOOR
    # "iTunes Store" and "iTunes Music Store" are one entity since the seventh round (right by
    # MEANTIME), so that timeline gained nine dated events the SemEval key does not list:
    # precision 0.396 -> 0.371, recall 0.298 -> 0.306 (docs/semeval.md).
    assert total.precision >= 0.365 and total.recall >= 0.30


def test_dev_micro_score_stays_above_its_floor(
    datasets_dir: Path, trial_timelines: dict[str, Timeline]
) -> None:
    """Trial, airbus and gm together (never the held-out stock-market corpus)."""
    counts = list(
        score_files(
            read_timelines(corpus_paths(datasets_dir, "trial").gold), trial_timelines
        ).values()
    )
    for name in ("airbus", "gm"):
        paths = corpus_paths(datasets_dir, name)
        timelines = build_timelines(list(iter_cat(paths.documents)), target_entities(paths))
        counts += score_files(read_timelines(paths.gold), timelines).values()
    total = micro_total(counts)
    assert total.f1 >= DEV_F1_FLOOR
    assert total.precision >= 0.295 and total.recall >= 0.21


def test_cli_rejects_an_unknown_corpus() -> None:
    assert semeval_timeline_command is not None  # registers the command
    result = CliRunner().invoke(app, ["evaluate", "semeval-timeline", "--corpus", "nope"])
    assert result.exit_code == 2
    assert "unknown SemEval corpus 'nope'" in result.output
