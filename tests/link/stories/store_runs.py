"""Linking stories through a store in two runs, as a growing corpus is linked."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from dateline.link.stories.conductor import link_stories
from dateline.link.stories.features import StoryInput
from dateline.link.stories.reassign import ReassignParams
from dateline.records import Article
from dateline.store.sqlite import SQLiteStore


def story_of_each_article(
    store: SQLiteStore, reassign: ReassignParams | None = None
) -> dict[str, str]:
    """Link the stored articles once more; article id -> story id (of every stored story)."""
    link_stories(store, reassign_params=reassign)
    return {
        article_id: story.id for story in store.iter_stories() for article_id in story.article_ids
    }


def linked_in_two_runs(
    items: Sequence[StoryInput], path: Path, reassign: ReassignParams | None = None
) -> tuple[SQLiteStore, dict[str, str]]:
    """Store the first half of the articles and link them, then the rest and link again (no
    entity annotation); the open store and the second run's story of each article."""
    store = SQLiteStore(path)
    articles = [Article(id=item.article_id, title=item.title, text=item.text) for item in items]
    store.add_articles(articles[: len(articles) // 2])
    link_stories(store, reassign_params=reassign)
    store.add_articles(articles[len(articles) // 2 :])
    return store, story_of_each_article(store, reassign)
