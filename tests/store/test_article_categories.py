"""Articles' categories as case-folded rows, and the category filter read by them, on every
backend."""

from __future__ import annotations

import json
from pathlib import Path

from dateline.records import Article
from dateline.store.interface import ArticleFilter
from dateline.store.sql import SQLStore
from tests.store.conftest import postgres_at_version, sqlite_upgraded_from

#: (id, published, categories): cases and scripts differ, as feeds file them
FILED = (
    ("a1", "2019-04-01", ("Économie", "World")),
    ("a2", "2019-04-20", ("ÉCONOMIE",)),
    ("a3", "2019-05-02", ("Sport",)),
    ("a4", "2019-05-03", ("STRASSE", "Économie ")),  # a trailing space is another category
    ("a5", "2019-05-04", ("Straße",)),
    ("a6", "2019-05-05", ()),
)


def _filed(store: SQLStore) -> None:
    store.add_articles(
        [Article(id=i, text=f"Report {i}.", published=p, categories=c) for i, p, c in FILED]
    )


def _listed(store: SQLStore, category: str, since: str | None = None) -> list[str]:
    filters = ArticleFilter(since=since, category=category)
    found = [article.id for article in store.iter_articles(filters)]
    assert store.count_articles(filters) == len(found)
    return found


def _folded(category: str) -> list[str]:
    """What the filter found when it compared every article in Python."""
    wanted = category.casefold()
    return [i for i, _, cats in FILED if any(c.casefold() == wanted for c in cats)]


def test_a_category_is_found_whatever_its_case(store: SQLStore) -> None:
    _filed(store)
    for category in ("économie", "ÉCONOMIE", "world", "straße", "Strasse", "sport", "news"):
        assert _listed(store, category) == _folded(category)
    assert _listed(store, "économie") == ["a1", "a2"]
    assert _listed(store, "STRASSE") == ["a4", "a5"]  # "ß" folds to "ss"
    assert _listed(store, "économie", since="2019-04-10") == ["a2"]
    assert [a.id for a in store.iter_articles(ArticleFilter(category="world"), limit=1)] == ["a1"]


def test_an_article_written_again_is_filed_anew_and_a_removed_one_goes(store: SQLStore) -> None:
    _filed(store)
    (a1,) = store.get_articles(["a1"])
    store.update_article(Article(**{**_fields(a1), "categories": ("Sport",)}))
    assert _listed(store, "sport") == ["a1", "a3"]
    assert _listed(store, "world") == []
    store.add_articles([Article(id="a1", text="Report a1.", categories=("World",))])  # stored
    assert _listed(store, "world") == []
    with store._transaction() as db:
        db.execute("DELETE FROM articles WHERE id = ?", ("a3",))
    assert _listed(store, "sport") == ["a1"]
    assert (
        store._query("SELECT count(*) AS n FROM article_categories WHERE article_id = 'a3'")[0]["n"]
        == 0
    )


def _fields(article: Article) -> dict[str, object]:
    return {name: getattr(article, name) for name in Article.__dataclass_fields__}


def _stored_rows(store: SQLStore) -> list[tuple[str, str]]:
    rows = store._query("SELECT category, article_id FROM article_categories")
    return sorted((str(row["category"]), str(row["article_id"])) for row in rows)


#: what the upgrade files: every category of every article, folded (a6 has none)
UPGRADED = sorted({(c.casefold(), i) for i, _, cats in FILED for c in cats})


_OLD_ARTICLE = (
    "INSERT INTO articles (id, text, categories, added_at) VALUES (?, ?, ?, '2026-01-01')"
)


def _old_articles() -> list[tuple[str, str, str]]:
    """The articles as an older store holds them, with two whose categories column no
    dateline wrote (not JSON; a JSON object): the upgrade files neither and goes on."""
    written = [(i, f"Report {i}.", json.dumps(list(c))) for i, _, c in FILED]
    return [*written, ("x1", "Broken.", "Politics]"), ("x2", "Odd.", '{"a": 1}')]


def test_a_schema_19_sqlite_store_files_its_articles_on_the_upgrade(tmp_path: Path) -> None:
    store = sqlite_upgraded_from(tmp_path / "old.db", 19, [(_OLD_ARTICLE, _old_articles())])
    assert _stored_rows(store) == UPGRADED
    assert _listed(store, "économie") == ["a1", "a2"]
    assert _listed(store, "politics") == []
    store.close()


def test_a_schema_19_postgres_store_files_its_articles_on_the_upgrade(
    postgres_admin_url: str,
) -> None:
    from dateline.store.postgres import PostgresStore

    rows = [(_OLD_ARTICLE, _old_articles())]
    store = PostgresStore(postgres_at_version(postgres_admin_url, 19, rows))
    assert _stored_rows(store) == UPGRADED
    assert _listed(store, "économie") == ["a1", "a2"]
    store.close()


def test_a_page_of_ids_is_checked_against_a_category_and_an_entity(store: SQLStore) -> None:
    """What a search with a category or an entity keeps of its window of hits."""
    from dateline.records import Annotations, Entity, Mention

    _filed(store)
    store.put_annotations(
        [
            Annotations(i, (Mention(i, 0, 6, "Report", "ORG"),), (), (), ())
            for i in ("a1", "a3", "a5")
        ]
    )
    links = [(i, 0, 6, "E1") for i in ("a1", "a3")] + [("a5", 0, 6, "E2")]
    store.replace_entities(
        [Entity("E1", "Report", "ORG", (("Report", 2),)), Entity("E2", "Other", "ORG")], links
    )
    page = ["a6", "a5", "a4", "a3", "a2", "a1", "nope"]
    assert store.articles_passing(page, ArticleFilter(category="économie")) == {"a1", "a2"}
    assert store.articles_passing(page, ArticleFilter(category="ÉCONOMIE ")) == {"a4"}
    assert store.articles_passing(page, ArticleFilter(entity_id="E1")) == {"a1", "a3"}
    both = ArticleFilter(entity_id="E1", category="world")
    assert store.articles_passing(page, both) == {"a1"}
    dated = ArticleFilter(category="économie", since="2019-04-10")
    assert store.articles_passing(page, dated) == {"a2"}
    assert store.articles_passing(page, ArticleFilter()) == set(page) - {"nope"}
    for hostile in ("%", "' OR 1=1 --", "_conomie"):
        assert store.articles_passing(page, ArticleFilter(category=hostile)) == set()
    assert store.articles_passing([], ArticleFilter(category="sport")) == set()
