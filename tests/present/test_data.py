"""Records as JSON data: fields kept as they are, nested records and tuples followed."""

from __future__ import annotations

import json

from dateline.present.data import to_data, to_json
from dateline.query.articles import ArticleRef
from dateline.query.points import TimelinePoint, parse_when


def test_a_record_becomes_its_fields() -> None:
    when = parse_when("2019-04-25")
    assert when is not None
    article = ArticleRef("a1", "Summit \u202e in Vladivostok", "2019-04-25", None, "metadata")
    point = TimelinePoint(when, "Putin met Kim", "event", article, source_count=2)
    data = to_data(point)
    assert data["when"] == {"year": 2019, "month": 4, "day": 25}
    assert data["article"]["id"] == "a1" and data["article"]["published_range"] is None
    assert data["source_count"] == 2 and data["lane"] == "dated"
    text = to_json([point])
    assert "\u202e" not in text and json.loads(text)[0]["article"]["title"].startswith("Summit")
