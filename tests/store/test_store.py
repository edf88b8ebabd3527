from __future__ import annotations

from dataclasses import replace

import pytest

from dateline.records import (
    Annotations,
    Article,
    ClauseTense,
    Entity,
    Event,
    Mention,
    Quote,
    Story,
    TimeExpr,
)
from dateline.store.budget import QueryBudget, QueryInterrupted
from dateline.store.interface import HIT_END, HIT_START, ArticleFilter, StoreError
from dateline.store.sql import SQLStore
from tests.conftest import SEED_2014, SEED_2019


def seed_articles() -> list[Article]:
    return [
        Article(
            id="a2014",
            text=SEED_2014.read_text(encoding="utf-8"),
            title="Putin Invites Kim Jong-un to Moscow",
            published="2014-12-19",
            published_basis="inferred",
            published_range=("2014-12-19", "2014-12-26"),
            source=None,
        ),
        Article(
            id="a2019",
            text=SEED_2019.read_text(encoding="utf-8"),
            title="Upcoming Russia and North Korea summit approaches",
            published="2019-04-22",
            source="Panama Now",
            categories=("International Relations",),
        ),
    ]


def test_add_is_idempotent_and_round_trips(store: SQLStore) -> None:
    articles = seed_articles()
    assert store.add_articles(articles) == [True, True]
    assert store.add_articles(articles) == [False, False]
    assert store.count_articles() == 2
    assert store.get_article("a2019") == articles[1]
    assert store.get_article("a2014") == articles[0]
    assert store.resolve_article_id("a20") is None  # ambiguous prefix
    assert store.resolve_article_id("a201") is None
    assert store.resolve_article_id("a2019") == "a2019"
    assert store.resolve_article_id("%") is None
    # a whole id is that article, though a longer id starts with it
    store.add_articles([replace(articles[1], id="a2019-b")])
    assert store.resolve_article_id("a2019") == "a2019"
    assert store.resolve_article_id("a2019-") == "a2019-b"


def test_search_ignores_accents_and_case(store: SQLStore) -> None:
    store.add_articles(seed_articles())
    hits = store.search("ivashentsov")
    assert [h.article_id for h in hits] == ["a2019"]
    assert HIT_START in hits[0].snippet and HIT_END in hits[0].snippet
    assert [h.article_id for h in store.search("PIONYANG")] == ["a2019"]
    assert {h.article_id for h in store.search("Kim")} == {"a2014", "a2019"}
    assert store.search("Kim", filters=ArticleFilter(until="2015-01-01"))[0].article_id == "a2014"


def test_search_within_a_budget_and_its_interruption(store: SQLStore) -> None:
    store.add_articles(seed_articles())
    hits = store.search("ivashentsov", budget=QueryBudget(30))
    assert [h.article_id for h in hits] == ["a2019"]
    assert HIT_START in hits[0].snippet
    filtered = store.search("Kim", filters=ArticleFilter(until="2015-01-01"), budget=QueryBudget())
    assert [h.article_id for h in filtered] == ["a2014"]
    gone = QueryBudget(30)
    gone.cancel()
    with pytest.raises(QueryInterrupted, match="client has gone"):
        store.search("Kim", budget=gone)
    assert store.search("Kim", offset=1, limit=1, budget=QueryBudget())  # still usable


@pytest.mark.parametrize(
    "hostile", ['"', "NEAR(", "a OR", "*", "title:x", "'; DROP TABLE articles; --", "", "\x00"]
)
def test_search_never_raises_on_hostile_queries(store: SQLStore, hostile: str) -> None:
    store.add_articles(seed_articles())
    store.search(hostile)
    assert store.count_articles() == 2


def test_filters(store: SQLStore) -> None:
    store.add_articles(seed_articles())
    assert [a.id for a in store.iter_articles(ArticleFilter(since="2019-01-01"))] == ["a2019"]
    assert [a.id for a in store.iter_articles(ArticleFilter(until="2014-12-19"))] == ["a2014"]
    assert [a.id for a in store.iter_articles(ArticleFilter(source="Panama Now"))] == ["a2019"]
    assert [a.id for a in store.iter_articles(limit=1, offset=1)] == ["a2019"]
    assert store.count_articles(ArticleFilter(source="nobody")) == 0


def test_annotations_replace_and_link_by_span(store: SQLStore) -> None:
    store.add_articles(seed_articles())
    text = SEED_2019.read_text(encoding="utf-8")
    start = text.index("Gleb Ivashéntsov")
    end = start + len("Gleb Ivashéntsov")
    quote_start = text.index("good time")
    mention = Mention(
        "a2019", start, end, "Gleb Ivashéntsov", "PERSON", canonical="Gleb Ivashéntsov"
    )
    quote = Quote("a2019", quote_start, quote_start + 9, "good time", "partial", "tell", start, end)
    event = Event(
        "ev1", "a2019", end + 30, end + 34, "told", "statement", actor_spans=((start, end),)
    )
    timex = TimeExpr("a2019", 0, 4, "1990", "DATE", "1990", basis="stated")
    annotations = Annotations("a2019", (mention,), (timex,), (quote,), (event,))
    store.put_annotations([annotations])
    store.put_annotations([annotations])  # replacing, not adding
    assert store.get_annotations("a2019") == annotations
    tensed = replace(annotations, tenses=(ClauseTense(0, 4, "past"), ClauseTense(9, 12, "")))
    store.put_annotations([tensed])
    assert store.get_annotations("a2019") == tensed
    store.put_annotations([annotations])
    assert store.get_annotations("a2019").tenses == ()
    assert store.unannotated_article_ids() == ["a2014"]

    entity = Entity("e-iva", "Gleb Ivashentsov", "PERSON", (("Gleb Ivashéntsov", 1),))
    store.replace_entities([entity], [("a2019", start, end, "e-iva")])
    # an entity's articles are those its linked mentions lie in, whatever the record said
    assert store.get_entity("e-iva") == replace(entity, article_ids=("a2019",))
    assert [q.speaker_id for q in store.iter_quotes(speaker_id="e-iva")] == ["e-iva"]
    assert [e.actor_ids for e in store.iter_events(entity_id="e-iva")] == [("e-iva",)]
    # re-annotating keeps the links resolved against the current entity ids
    store.put_annotations([annotations])
    assert [q.speaker_id for q in store.iter_quotes(article_id="a2019")] == ["e-iva"]


def test_an_entity_filters_articles_searches_and_counts_in_the_store(store: SQLStore) -> None:
    store.add_articles(seed_articles())
    text = SEED_2019.read_text(encoding="utf-8")
    start = text.index("Gleb Ivashéntsov")
    end = start + len("Gleb Ivashéntsov")
    mention = Mention("a2019", start, end, "Gleb Ivashéntsov", "PERSON")
    store.put_annotations([Annotations("a2019", (mention,), (), (), ())])
    store.replace_entities(
        [Entity("e-iva", "Gleb Ivashentsov", "PERSON", (("Gleb Ivashéntsov", 1),))],
        [("a2019", start, end, "e-iva")],
    )
    named = ArticleFilter(entity_id="e-iva")
    assert [a.id for a in store.iter_articles(named)] == ["a2019"]
    assert store.count_articles(named) == 1
    assert [h.article_id for h in store.search("Kim", filters=named)] == ["a2019"]
    assert store.count_articles(ArticleFilter(entity_id="e-iva", until="2015-01-01")) == 0
    assert store.count_articles(ArticleFilter(entity_id="nobody")) == 0


def test_stories_vectors_corrections_meta(store: SQLStore) -> None:
    store.add_articles(seed_articles())
    stories = [
        Story("s1", "invitation", ("a2014",), "2014-12-19", "2014-12-19", "t1"),
        Story("s2", "summit", ("a2019",), "2019-04-22", "2019-04-22", "t1"),
    ]
    store.replace_stories(stories)
    assert list(store.iter_stories()) == stories
    assert store.story_of_article("a2019") == "s2"
    assert store.story_ids_starting("s") == ["s1", "s2"]  # ids in order, at most two
    assert store.story_ids_starting("s2") == ["s2"] and store.story_ids_starting("t") == []
    assert store.story_ids_starting("%") == [] and store.story_ids_starting("_1") == []
    store.put_vectors("article", [("a2014", b"\x00\x01"), ("a2019", b"\x02")])
    assert dict(store.iter_vectors("article")) == {"a2014": b"\x00\x01", "a2019": b"\x02"}
    correction = store.add_correction("merge", {"ids": ["e1", "e2"]})
    assert store.list_corrections() == [correction]
    store.set_meta("k", "v")
    assert store.get_meta("k") == "v"
    assert store.get_meta("missing") is None


def test_failed_batch_is_rolled_back(store: SQLStore) -> None:
    good, bad = seed_articles()
    bad = Article(id=good.id + "x", text=None)  # type: ignore[arg-type]  # violates NOT NULL
    with pytest.raises(StoreError):
        store.add_articles([good, bad])
    assert store.count_articles() == 0
    assert store.add_articles([good]) == [True]


def test_what_a_page_reads_at_once(store: SQLStore) -> None:
    """Citations without their text, article counts of several entities in one query, and
    the event clusters of a page's articles only."""
    from dataclasses import replace

    from dateline.link.event_linking import link_events
    from tests.store.test_event_links import _article

    _article(store, "a1", "2015-05-09")
    _article(store, "a2", "2015-05-09")
    _article(store, "b1", "2019-04-25", trigger="sanctioned")
    full = store.get_articles(["b1", "a1", "nope"])
    heads = store.get_articles(["b1", "a1", "nope"], text=False)
    assert [a.id for a in heads] == ["b1", "a1"]
    assert heads == [replace(a, text="", removed=()) for a in full]
    links = [(i, 0, 4, "E_lund") for i in ("a1", "a2", "b1")] + [("a1", 13, 17, "E_park")]
    store.replace_entities(
        [
            Entity("E_lund", "Lund", "PERSON", (("Lund", 3),), article_ids=("a1", "a2", "b1")),
            Entity("E_park", "Park", "PERSON", (("Park", 1),), article_ids=("a1",)),
        ],
        links,
    )
    assert store.entity_article_counts(["E_park", "E_lund", "E_none"]) == {
        "E_lund": 3,
        "E_park": 1,
    }
    store.replace_stories([Story("s1", "visit", ("a1", "a2")), Story("s2", "other", ("b1",))])
    link_events(store)
    clusters = store.event_clusters_of(["a1-e", "b1-e"])
    assert set(clusters) <= {"a1-e", "b1-e"} and "a1-e" in clusters
    assert store.event_clusters_of([]) == {}


def test_a_corrected_date_re_resolves_the_stored_annotations(
    store: SQLStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dateline.annotate.pipeline as pipeline
    from dateline.annotate.pipeline import annotate_articles
    from dateline.api import Corpus

    text = "Talks resumed on Tuesday, the union said. Next month the mine will reopen."
    article = Article(id="talks", text=text, published="2015-05-10", published_basis="metadata")
    store.add_articles([article])
    corpus = Corpus(store)
    corpus.annotate()
    assert store.get_annotations("talks").tenses  # what a corrected date reads
    monkeypatch.setattr(pipeline, "annotate_articles", None)  # not parsed again
    updated = corpus.set_published("talks", "2015-06-20")
    stored = store.get_annotations("talks")
    fresh = next(annotate_articles([updated]))[1]
    assert stored.times == fresh.times and stored.tenses == fresh.tenses
    assert [(e.id, e.when, e.when_basis) for e in stored.events] == [
        (e.id, e.when, e.when_basis) for e in fresh.events
    ]
    assert {t.value for t in stored.times} == {"2015-06-16", "2015-07"}


def test_reads_by_ids_go_a_page_at_a_time_in_every_backend(store: SQLStore) -> None:
    """More ids than one page: each page is read and sorted on its own (bounded work per
    statement), so every backend gives the same rows in the same order."""
    from dateline.store.paging import ID_PAGE

    store.add_articles([Article(id=i, text="Lund said: “Yes.” Monday.") for i in ("a", "b")])
    store.put_annotations(
        [
            Annotations(
                i,
                (),
                (TimeExpr(i, 18, 24, "Monday", "DATE", "2020-01-06"),),
                (Quote(i, 11, 17, "“Yes.”", "direct", "say", 0, 4, "Lund"),),
                (),
            )
            for i in ("a", "b")
        ]
    )
    ids = ["b", *(f"missing{n}" for n in range(ID_PAGE - 1)), "a"]  # b on the first page
    assert [t.article_id for t in store.times_in(ids)] == ["b", "a"]
    assert [q.article_id for q in store.quotes_in(ids)] == ["b", "a"]
    assert [t.article_id for t in store.times_in(sorted(ids))] == ["a", "b"]


def test_events_and_quotes_are_read_a_page_at_a_time_in_one_order(
    store: SQLStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pages of two rows give what one read gives: every event and quote once, by article
    and offset, with the filters in each page's SQL (a listing reads only what it shows)."""
    articles = [Article(id=f"a{i}", text="Kim met Putin and Peskov said yes.") for i in range(3)]
    store.add_articles(articles)
    store.put_annotations(
        [
            Annotations(
                a.id,
                quotes=tuple(Quote(a.id, s, s + 3, "yes", "partial", "said") for s in (30, 0)),
                events=(
                    Event(f"{a.id}-meet", a.id, 4, 7, "met", "consult"),
                    Event(f"{a.id}-said", a.id, 28, 32, "said", "statement"),
                    Event(f"{a.id}-tie", a.id, 28, 32, "said", "statement"),
                ),
            )
            for a in articles
        ]
    )
    whole_events = [e.id for e in store.iter_events()]
    whole_quotes = [(q.article_id, q.start) for q in store.iter_quotes()]
    monkeypatch.setattr("dateline.store.sql._PAGE", 2)
    assert [e.id for e in store.iter_events()] == whole_events
    assert whole_events == [
        f"a{i}-{kind}" for i in range(3) for kind in ("meet", "said", "tie")
    ]  # by article, trigger, then id
    assert [(q.article_id, q.start) for q in store.iter_quotes()] == whole_quotes
    assert whole_quotes == [(f"a{i}", s) for i in range(3) for s in (0, 30)]
    assert [e.id for e in store.iter_events(category="CONSULT")] == [
        "a0-meet",
        "a1-meet",
        "a2-meet",
    ]
    assert [e.id for e in store.iter_events(article_id="a1", category="statement")] == [
        "a1-said",
        "a1-tie",
    ]


def test_the_articles_in_other_languages_are_counted_by_language(store: SQLStore) -> None:
    """What the entity list says it skipped, counted by the language index: every language
    but English in any case, where the identification is sure or was given."""
    written = [
        ("en", 0.99),
        ("EN", 0.95),
        ("fr", 0.95),
        ("fr", None),
        ("de", 0.5),  # unsure: read as English
        ("es", None),  # given by the source: no confidence
        ("zz", 0.8),
        ("", None),
        (None, None),
    ]
    store.add_articles(
        [
            Article(id=f"l{i}", text="Text.", language=code, language_confidence=confidence)
            for i, (code, confidence) in enumerate(written)
        ]
    )
    assert store.other_language_counts("en", 0.8) == {"fr": 2, "es": 1, "zz": 1}
    # a language filter is the index's: any case of the code
    french = [a.id for a in store.iter_articles(ArticleFilter(language="FR"))]
    assert french == [
        f"l{i}" for i, (code, _) in enumerate(written) if code and code.lower() == "fr"
    ]
    assert store.count_articles(ArticleFilter(language="Fr")) == len(french)


def test_a_page_of_entities_is_the_order_every_list_has(store: SQLStore) -> None:
    """Most mentioned first, then by name and id, a page at a time by the order's index,
    of one label or all; the page's entities as whole as the full read's."""
    store.add_articles([Article(id="a1", text="Text.")])
    entities = [
        Entity(f"e{n}", name, label, ((name, count),))  # mentioned as its alias counts
        for n, (name, label, count) in enumerate(
            [("Oslo", "GPE", 3), ("Rossi", "PERSON", 7), ("Ada", "PERSON", 3), ("Bank", "ORG", 9)]
        )
    ]
    store.replace_entities(entities, [])
    whole = list(store.iter_entities(articles=False))
    assert [e.name for e in whole] == ["Bank", "Rossi", "Ada", "Oslo"]
    pages = [store.list_entities(limit=2, offset=start, articles=False) for start in (0, 2, 4)]
    assert [e for page in pages for e in page] == whole
    people = store.list_entities("PERSON", limit=5, articles=False)
    assert [e.name for e in people] == ["Rossi", "Ada"]
    assert store.count_entities() == 4 and store.count_entities("PERSON") == 2
    assert store.list_entities(offset=3, articles=False) == whole[3:]


def test_a_part_of_a_name_finds_what_reading_every_entity_finds(store: SQLStore) -> None:
    """The store picks out the entities that may hold the part (an ASCII match, or any
    outside ASCII, in the name or the aliases' JSON); each is then checked: accents and case
    folded, whatever the spelling stored."""
    from dateline.api import Corpus
    from dateline.link.names import fold

    store.add_articles([Article(id="a1", text="Text.")])
    named = [
        ("Gleb Ivashéntsov", "PERSON", (("Gleb Ivashéntsov", 3), ("Ivástentsov", 1))),
        ("Ivashentsov Fund", "ORG", (("Ivashentsov Fund", 2),)),
        ("Moscow", "GPE", (("Moscow", 5), ("Moskvá", 1))),
        ("50% Club", "ORG", (("50% Club", 1), ('The "Club"', 1))),
        ("Straße AG", "ORG", (("Straße AG", 1),)),
        ("Pyongyang", "GPE", (("Pyongyang", 4), ("P'yŏngyang", 1))),
    ]
    store.replace_entities(
        [Entity(f"e{n}", name, label, aliases) for n, (name, label, aliases) in enumerate(named)],
        [],
    )
    corpus = Corpus(store)
    everyone = list(store.iter_entities(articles=False))
    for part in (
        "ivashentsov",
        "IVAST",
        "moskva",
        "gleb",
        "%",
        "_",
        "50%",
        '"club"',
        "strasse",
        "straße",
        "pyongyang",
        "yŏng",
        "nobody",
    ):
        wanted = fold(part).strip()
        expected = [
            e.id
            for e in everyone
            if any(wanted in fold(name) for name in (e.name, *(a for a, _ in e.aliases)))
        ]
        found = corpus.entities(name_part=part, articles=False)
        assert [e.id for e in found] == expected, part
        assert corpus.count_entities(name_part=part) == len(expected)
    assert [e.id for e in corpus.entities(name_part="ivashentsov")] == ["e0", "e1"]
    assert [e.id for e in corpus.entities("ORG", name_part="club")] == ["e3"]


def test_an_entity_s_articles_in_a_date_range_are_those_the_dates_admit(store: SQLStore) -> None:
    """The entity's rows are read by a range of their dates (a superset), the articles'
    own dates then decide, a coarse one by its whole period: the same articles as the date
    filter alone keeps of the entity's."""
    dates = [None, "2018", "2019", "2019-04", "2019-04-20", "2019-06-02T10:00", "2020-01-01"]
    store.add_articles(
        [Article(id=f"d{i}", text="Report.", published=day) for i, day in enumerate(dates)]
    )
    store.put_annotations(
        [Annotations(f"d{i}", (Mention(f"d{i}", 0, 6, "Report", "ORG"),)) for i in range(7)]
    )
    named = [f"d{i}" for i in range(7) if i != 5]  # one article of the range does not name it
    store.replace_entities(
        [Entity("E1", "Report", "ORG", (("Report", 6),))], [(a, 0, 6, "E1") for a in named]
    )
    for since, until in [
        ("2019-04-10", None),
        ("2019-05-01", None),
        (None, "2019-04"),
        ("2019-04-01", "2019-04-30"),
        ("2019", "2019"),
        ("2021-01-01", None),
    ]:
        dated = [a.id for a in store.iter_articles(ArticleFilter(since=since, until=until))]
        filters = ArticleFilter(since=since, until=until, entity_id="E1")
        both = [a.id for a in store.iter_articles(filters)]
        assert both == [a for a in dated if a in named], (since, until)
        assert store.count_articles(filters) == len(both)
