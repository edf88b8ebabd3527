"""From a raw document to an Article."""

from __future__ import annotations

import pytest

from dateline.ingest import errors
from dateline.ingest.build import build_article
from dateline.ingest.errors import IngestError
from dateline.ingest.raw import RawDocument
from tests.conftest import SEED_2019
from tests.ingest.samples import HARBOUR_STORY, html_page


def test_seed_article_fields() -> None:
    raw = RawDocument(
        location=str(SEED_2019),
        input_format="text",
        text=SEED_2019.read_text(encoding="utf-8"),
        path=str(SEED_2019),
    )
    article = build_article(raw)
    assert article.source == "Panama Now"
    assert article.title.startswith("Upcoming Russia and North Korea summit approaches")
    assert article.language == "en" and article.language_confidence is not None
    assert article.published is None and article.published_basis is None
    assert len(article.id) == 16 and article.content_hash.startswith(article.id)
    assert article.path == str(SEED_2019)
    assert article.removed
    assert build_article(raw).id == article.id


def test_metadata_wins_and_a_metadata_date_is_marked() -> None:
    raw = RawDocument(
        location="dump.jsonl:1",
        input_format="jsonl",
        text="By : Someone Else\n" + HARBOUR_STORY,
        title="Harbour opens",
        source="Valdora Herald",
        published="2025-03-03",
        language="en-GB",
    )
    article = build_article(raw)
    assert (article.source, article.author) == ("Valdora Herald", "Someone Else")
    assert (article.published, article.published_basis) == ("2025-03-03", "metadata")
    assert (article.language, article.language_confidence) == ("en", None)


def test_non_english_is_kept_and_flagged() -> None:
    text = "Le président russe a invité le dirigeant nord-coréen à Moscou pour le défilé du 9 mai."
    article = build_article(RawDocument(location="x", input_format="text", text=text))
    assert article.language == "fr"
    assert article.text == text


def test_html_payload_is_extracted() -> None:
    raw = RawDocument(location="x", input_format="html", html=html_page("Harbour", HARBOUR_STORY))
    assert "container terminal" in build_article(raw).text


@pytest.mark.parametrize(
    ("text", "code"),
    [("   ", errors.EMPTY_TEXT), ("No Comments\nShare | Print", errors.ONLY_BOILERPLATE)],
)
def test_empty_or_only_boilerplate_is_refused(text: str, code: str) -> None:
    with pytest.raises(IngestError) as caught:
        build_article(RawDocument(location="x", input_format="text", text=text))
    assert caught.value.code == code
