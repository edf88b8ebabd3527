"""The self-contained HTML report: one file, no script, no outside links, escaped text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dateline.api import open_corpus
from dateline.export.report import render_report, write_report
from dateline.query.dossier import find_entity
from tests.serve.hostile import PERSON_ID, RAW_ATTACKS, STORY_ID, build_hostile_corpus
from tests.serve.seed import build_seed_corpus


def _self_contained(html: str) -> None:
    assert not re.search(r"<script[\s>]", html, re.IGNORECASE)
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert "<link" not in html and "@import" not in html
    assert "default-src 'none'" in html


def test_entity_corpus_and_story_reports(tmp_path: Path) -> None:
    seed = build_seed_corpus()
    seed.require_linked()
    with open_corpus(seed.path) as corpus:
        ivashentsov = find_entity(corpus.store, "Ivashentsov")
        assert ivashentsov is not None
        path = write_report(corpus.store, tmp_path / "ivashentsov.html", entity_id=ivashentsov.id)
        corpus_html = render_report(corpus.store)
        story = next(corpus.store.iter_stories(), None)
        story_html = render_report(corpus.store, story_id=story.id) if story else ""
        with pytest.raises(KeyError):
            render_report(corpus.store, entity_id="missing")
    html = path.read_text(encoding="utf-8")
    _self_contained(html)
    assert "Ivash" in html and html.count('<blockquote class="quote') >= 3
    assert "<svg" in html and 'href="#article-' in html and 'id="article-' in html
    _self_contained(corpus_html)
    assert "Kim Jong-un" in corpus_html and corpus_html.count("<svg") == 2
    if story_html:
        _self_contained(story_html)


def test_hostile_report_is_escaped(tmp_path: Path) -> None:
    corpus = build_hostile_corpus(tmp_path / "hostile.db")
    pages = [
        render_report(corpus.store),
        render_report(corpus.store, entity_id=PERSON_ID),
        render_report(corpus.store, story_id=STORY_ID),
    ]
    corpus.close()
    for html in pages:
        _self_contained(html)
        for attack in RAW_ATTACKS:
            assert attack not in html


def test_report_shows_dates_as_the_cli_does() -> None:
    """The story reports of the seeds: the 2019 seed's year from its file name stays a year
    (never the middle day stories cluster on), the 2014 seed's guessed day shows as a guess
    with its basis."""
    seed = build_seed_corpus()
    seed.require_linked()
    with open_corpus(seed.path) as corpus:
        stories = list(corpus.store.iter_stories())
        pages = [render_report(corpus.store, story_id=story.id) for story in stories]
        corpus_html = render_report(corpus.store)
    assert len(pages) == 2
    both = "\n".join(pages)
    assert "2019 – 2019" in both and "2019 (from the file name)" in both
    assert "~2014-12-19 (75%) (inferred)" in both
    assert "2019-07-02" not in both and "2019-07-02" not in corpus_html
    assert '<td class="mono">2019</td>' in corpus_html
