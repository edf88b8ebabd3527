"""TimelineJS JSON: dated events citing their sources, HTML-escaped text."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from dateline.api import open_corpus
from dateline.export.timelinejs import timelinejs_document, write_timelinejs
from dateline.query.dossier import find_entity
from tests.serve.hostile import PERSON_ID, build_hostile_corpus
from tests.serve.seed import build_seed_corpus


def test_kim_jong_un_timeline() -> None:
    seed = build_seed_corpus()
    seed.require_linked()
    with open_corpus(seed.path) as corpus:
        kim = find_entity(corpus.store, "Kim Jong-un")
        assert kim is not None
        out = io.StringIO()
        count = write_timelinejs(corpus.store, out, entity_id=kim.id)
        document = json.loads(out.getvalue())
        corpus_doc = timelinejs_document(corpus.store)
        with pytest.raises(KeyError):
            timelinejs_document(corpus.store, entity_id="missing")
    assert document["title"]["text"]["headline"] == "Kim Jong-un"
    assert count == len(document["events"]) >= 2
    years = [e["start_date"]["year"] for e in document["events"]]
    assert years == sorted(years) and years[0] <= 2015 and years[-1] == 2019
    invited = [e for e in document["events"] if "invited" in e["text"]["headline"]]
    assert invited and all("Source:" in e["text"]["text"] for e in invited)
    assert len({e["unique_id"] for e in document["events"]}) == count
    assert [e["start_date"]["year"] for e in corpus_doc["events"]] == [2014, 2019]


def test_hostile_text_is_escaped_and_javascript_urls_dropped(tmp_path: Path) -> None:
    corpus = build_hostile_corpus(tmp_path / "hostile.db")
    document = timelinejs_document(corpus.store, entity_id=PERSON_ID)
    corpus.close()
    dumped = json.dumps(document)
    assert "<script>" not in dumped and "<img" not in dumped
    assert "javascript:" not in dumped
    assert "&lt;script&gt;" in document["title"]["text"]["headline"]
