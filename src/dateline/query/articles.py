"""Articles as every answer cites them: a small reference (id, title, date, outlet), looked
up once per question."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from dateline.query.dates import describe_published, published_shown
from dateline.records import Article, Entity
from dateline.store.interface import Store


@dataclass(frozen=True, slots=True)
class ArticleRef:
    """Enough of an article to cite it: id, title, date, outlet."""

    id: str
    title: str
    published: str | None
    source: str | None
    published_basis: str | None = None
    published_confidence: float | None = None
    published_range: tuple[str, str] | None = None

    @property
    def published_shown(self) -> str:
        """The date as every view shows it: ``2019``, ``~2004-03-05 (75%)``, ``undated (…)``."""
        return published_shown(self)

    @property
    def published_how(self) -> str:
        """How the article's date was obtained ("inferred", "from the file name"); empty for
        metadata and for an undated article, whose shown date already says so."""
        if self.published is None or self.published_basis in (None, "metadata"):
            return ""
        return describe_published(self.published_basis)


def article_ref(article: Article) -> ArticleRef:
    return ArticleRef(
        article.id,
        article.title,
        article.published,
        article.source,
        article.published_basis,
        article.published_confidence,
        article.published_range,
    )


class ArticleCache:
    """Looks up articles once per view; a missing one becomes a placeholder reference."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._refs: dict[str, ArticleRef] = {}
        self._absent: set[str] = set()  # looked up and not stored (a placeholder stands in)
        self._full: dict[str, Article] = {}  # read with their text (a view that needs it)

    def full(self, article_ids: Sequence[str]) -> dict[str, Article]:
        """The stored ones of these articles with their text, read once per view (their
        references come with them)."""
        missing = [
            i for i in dict.fromkeys(article_ids) if i not in self._full and i not in self._absent
        ]
        for article in self._store.get_articles(missing):
            self._full[article.id] = article
            self._refs.setdefault(article.id, article_ref(article))
        for article_id in missing:
            if article_id not in self._full:
                self._absent.add(article_id)
                self._refs[article_id] = ArticleRef(article_id, "", None, None)
        return {i: self._full[i] for i in article_ids if i in self._full}

    def load(self, article_ids: Sequence[str]) -> set[str]:
        """Look these articles up together (one query a page) before they are asked for;
        returns those of them that are stored."""
        missing = [i for i in dict.fromkeys(article_ids) if i not in self._refs]
        for article in self._store.get_articles(missing, text=False):
            self._refs[article.id] = article_ref(article)
        for article_id in missing:
            if article_id not in self._refs:
                self._absent.add(article_id)
                self._refs[article_id] = ArticleRef(article_id, "", None, None)
        return {i for i in article_ids if i not in self._absent}

    def ref(self, article_id: str) -> ArticleRef:
        if article_id not in self._refs:
            article = self._store.get_article(article_id)
            if article is None:
                self._absent.add(article_id)
            self._refs[article_id] = (
                article_ref(article) if article else ArticleRef(article_id, "", None, None)
            )
        return self._refs[article_id]


def entity_articles(
    store: Store, entity: Entity, limit: int | None = None, cache: ArticleCache | None = None
) -> list[ArticleRef]:
    """The entity's articles, the latest ``limit`` when given, oldest first."""
    cache = cache or ArticleCache(store)
    ids = entity.article_ids if limit is None else store.entity_article_ids(entity.id, limit)
    cache.load(ids)
    refs = [cache.ref(article_id) for article_id in ids]
    return sorted(refs, key=lambda ref: (ref.published or "", ref.id))
