"""Each story's number of articles, stored on its row and kept by triggers (schema 19).

The story list is biggest first. Counting every story's members for it read the whole
corpus (3 s at 1,000,000 articles) to show one page; with the count stored and indexed, a
page reads its own stories. Triggers on ``story_articles`` keep the count (a member added,
removed or moved to another story), and a story row inserted counts the members already
there, so no writer has to remember to. On the upgrade every story is counted once, and the
stale marks of stories no longer stored (which a removed story used to leave) are dropped.
"""

from __future__ import annotations

from typing import Any

from dateline.store.interface import StoryFilter

STORY_SIZE_COLUMN = """
        ALTER TABLE stories ADD COLUMN article_count INTEGER NOT NULL DEFAULT 0;
        UPDATE stories SET article_count = (
            SELECT count(*) FROM story_articles s WHERE s.story_id = stories.id
        );
        CREATE INDEX stories_size ON stories(article_count);
        DELETE FROM story_thread_stale_entities
            WHERE story_id NOT IN (SELECT id FROM stories);
"""

_COUNT_MEMBERS = "(SELECT count(*) FROM story_articles s WHERE s.story_id = {row}.id)"
_ADD = "UPDATE stories SET article_count = article_count + 1 WHERE id = NEW.story_id;"
_TAKE = "UPDATE stories SET article_count = article_count - 1 WHERE id = OLD.story_id;"


def sqlite_story_sizes() -> str:
    """Schema 19 on SQLite: the column, filled, its index and the triggers that keep it."""
    counted = _COUNT_MEMBERS.format(row="NEW")
    return (
        STORY_SIZE_COLUMN
        + f"""
        CREATE TRIGGER story_sizes_story AFTER INSERT ON stories BEGIN
            UPDATE stories SET article_count = {counted} WHERE id = NEW.id;
        END;
        CREATE TRIGGER story_sizes_added AFTER INSERT ON story_articles BEGIN {_ADD} END;
        CREATE TRIGGER story_sizes_removed AFTER DELETE ON story_articles BEGIN {_TAKE} END;
        CREATE TRIGGER story_sizes_moved AFTER UPDATE OF story_id ON story_articles
        WHEN OLD.story_id IS NOT NEW.story_id BEGIN {_TAKE} {_ADD} END;
"""
    )


def postgres_story_sizes() -> str:
    """Schema 19 on PostgreSQL: the same column and index, a story row counted as it goes
    in, and one trigger function for the members."""
    counted = _COUNT_MEMBERS.format(row="NEW")
    return (
        STORY_SIZE_COLUMN
        + f"""
        CREATE FUNCTION story_sizes_story() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            NEW.article_count := {counted};
            RETURN NEW;
        END $$;
        CREATE TRIGGER story_sizes_story BEFORE INSERT ON stories
        FOR EACH ROW EXECUTE FUNCTION story_sizes_story();
        CREATE FUNCTION story_sizes_members() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP <> 'INSERT' THEN {_TAKE} END IF;
            IF TG_OP <> 'DELETE' THEN {_ADD} END IF;
            RETURN NULL;
        END $$;
        CREATE TRIGGER story_sizes_members AFTER INSERT OR DELETE ON story_articles
        FOR EACH ROW EXECUTE FUNCTION story_sizes_members();
        CREATE TRIGGER story_sizes_moved AFTER UPDATE OF story_id ON story_articles
        FOR EACH ROW WHEN (OLD.story_id IS DISTINCT FROM NEW.story_id)
        EXECUTE FUNCTION story_sizes_members();
"""
    )


#: a story's last date as the day its period ends, so that a year ("2019") sorts as its
#: last day and after the days within it; :func:`last_day_key` is the same in Python
_LAST_DAY = (
    "CASE length(substr(last_date, 1, 10)) WHEN 4 THEN last_date || '-12-31' "
    "WHEN 7 THEN last_date || '-31' ELSE substr(last_date, 1, 10) END"
)

#: the story list's order: biggest first, then the latest last day, then id
STORY_ORDER = f"article_count DESC, COALESCE({_LAST_DAY}, '') DESC, id"


def last_day_key(last: str | None) -> str:
    """The sort key of a story's last date that :data:`STORY_ORDER` uses ("" when undated)."""
    if not last:
        return ""
    day = last[:10]
    return day + {4: "-12-31", 7: "-31"}.get(len(day), "")


def story_filter_sql(filters: StoryFilter | None) -> tuple[str, list[Any]]:
    """The WHERE clauses (each after `` AND ``) and parameters of ``filters``: at least
    ``min_size`` articles, and dates overlapping ``since``..``until``, where a coarse story
    date (``2019``, ``2019-04``) covers its whole year or month and an undated story is
    left out once either bound is given."""
    if filters is None:
        return "", []
    clauses = ["article_count >= ?"]
    params: list[Any] = [int(filters.min_size)]
    if filters.since is not None or filters.until is not None:
        clauses.append("first_date IS NOT NULL AND last_date IS NOT NULL")
    if filters.since is not None:
        clauses.append("last_date >= substr(CAST(? AS TEXT), 1, length(last_date))")
        params.append(filters.since)
    if filters.until is not None:
        clauses.append("substr(first_date, 1, length(CAST(? AS TEXT))) <= ?")
        params += [filters.until, filters.until]
    return " AND " + " AND ".join(clauses), params
