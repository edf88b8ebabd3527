"""Each article's categories as rows keyed by their case-folded form (schema 20).

A category filter (``/api/articles?category=``) matched every article's categories in
Python, so a listing read the whole corpus: 0.9 s at 100,000 articles, 9 s at 1,000,000. With
a row per article and category, the filter is a key lookup in the store's SQL. The key is
Python's ``str.casefold``, as the filter always compared, which neither SQL dialect has: so
the store writes the rows as it writes an article, and the upgrade fills them in Python, a
page of articles at a time. A trigger takes an article's rows away with it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from dateline.records import Article
from dateline.store.session import Session

#: the schema version whose upgrade fills the rows (:func:`fill_article_categories`)
CATEGORY_ROWS_VERSION = 20
_FILL_PAGE = 5_000

ARTICLE_CATEGORY_TABLE = """
        CREATE TABLE article_categories (
            category TEXT NOT NULL, article_id TEXT NOT NULL,
            PRIMARY KEY (category, article_id)
        );
        CREATE INDEX article_categories_article ON article_categories(article_id);
"""
_FORGET = "DELETE FROM article_categories WHERE article_id = OLD.id;"
_INSERT_ROWS = (
    "INSERT INTO article_categories (category, article_id) VALUES (?, ?) "
    "ON CONFLICT (category, article_id) DO NOTHING"
)


def sqlite_article_categories() -> str:
    """Schema 20 on SQLite: the table (filled after the script) and the delete trigger."""
    return ARTICLE_CATEGORY_TABLE + (
        f"        CREATE TRIGGER article_categories_gone AFTER DELETE ON articles "
        f"BEGIN {_FORGET} END;\n"
    )


def postgres_article_categories() -> str:
    """Schema 20 on PostgreSQL: the same table, and the delete trigger's function."""
    return (
        ARTICLE_CATEGORY_TABLE
        + f"""
        CREATE FUNCTION article_categories_gone() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            {_FORGET}
            RETURN NULL;
        END $$;
        CREATE TRIGGER article_categories_gone AFTER DELETE ON articles
        FOR EACH ROW EXECUTE FUNCTION article_categories_gone();
"""
    )


def category_key(category: str) -> str:
    """What a category is stored and looked up by: "Économie" and "ÉCONOMIE" are one."""
    return category.casefold()


def category_rows(article_id: str, categories: Iterable[str]) -> list[tuple[str, str]]:
    """The (key, article id) rows of one article's categories, each key once."""
    return [(key, article_id) for key in sorted({category_key(c) for c in categories if c})]


def write_article_categories(db: Session, articles: Sequence[Article], *, replace: bool) -> None:
    """Store the rows of ``articles``' categories (``replace``: their earlier rows go)."""
    if replace:
        db.executemany(
            "DELETE FROM article_categories WHERE article_id = ?", [(a.id,) for a in articles]
        )
    rows = [row for article in articles for row in category_rows(article.id, article.categories)]
    if rows:
        db.executemany(_INSERT_ROWS, rows)


def fill_article_categories(db: Session, seq: str) -> None:
    """Schema 20's upgrade: the rows of every stored article with a category, read a page
    at a time in storage order (``seq``, the backend's row order column)."""
    last = -1
    while True:
        page = db.fetchtuples(
            f"SELECT {seq}, id, categories FROM articles WHERE {seq} > ? "
            f"ORDER BY {seq} LIMIT {_FILL_PAGE}",
            (last,),
        )
        if not page:
            return
        last = int(page[-1][0])
        rows = [
            row
            for _, article_id, categories in page
            if categories and categories != "[]"
            for row in category_rows(article_id, _categories(categories))
        ]
        if rows:
            db.executemany(_INSERT_ROWS, rows)


def _categories(stored: str) -> list[str]:
    try:
        found = json.loads(stored)
    except ValueError:
        return []
    return [c for c in found if isinstance(c, str)] if isinstance(found, list) else []
