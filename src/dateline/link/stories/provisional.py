"""Merges and moves a later batch may take back: decided while their stories could still grow.

The merging pass (:mod:`.merges`) joins a story of one to three articles to the larger story
it clearly belongs to. A full run decides with hindsight: a story that grows past a fragment
over the following weeks is never merged. A batch run decides on the articles linked so far,
so a story founded in this batch is a fragment by its size alone, and once merged, the
articles of the following batches that would have grown it join the larger story instead: on
newswire linked in daily batches, a new happening's first report is merged into a running
story of the same kind, and the happening's later reports follow it there. (A story founded
within ``window_days`` of the batch receives no fragment at all in a batch run: its sum is
still narrow, see :mod:`.merges`; so the stories that do are older ones still running.)

So a batch run keeps the merges whose fragment is dated within ``window_days`` of the articles
still arriving as *provisional* (meta :data:`PROVISIONAL_KEY`): when a later batch reaches
the story the fragment joined, the fragment's articles are clustered again with that batch, as
if they arrived with it, and the merging pass decides once more with what is known then. The
moving pass (:mod:`.reassign`) has the same timing: an article moved to a story that was
founded days before, or away from one, is weighed against stories still growing, so its move
is kept open the same way. A decision becomes final (leaves the list) once the batches have
moved more than ``window_days`` past the newest date of its articles: no article dated near
it is expected any more. An undated fragment's merge, or an undated article's move, is final
at once (no date tells when its stories could stop growing).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dateline.link.stories.features import StoryInput
from dateline.link.stories.merges import Merge
from dateline.link.stories.reassign import Move

if TYPE_CHECKING:
    from dateline.store.interface import Store

PROVISIONAL_KEY = "stories.provisional"


@dataclass(frozen=True, slots=True)
class Provisional:
    """Dated articles a merge or a move placed in ``story_id``; ``last``: the ordinal of
    their newest date."""

    story_id: str
    article_ids: tuple[str, ...]
    last: int

    def to_json(self) -> dict[str, object]:
        return {"story": self.story_id, "articles": list(self.article_ids), "last": self.last}


def read_provisional(store: Store) -> list[Provisional]:
    """The provisional decisions stored (none when the meta value is missing or malformed)."""
    try:
        raw = json.loads(store.get_meta(PROVISIONAL_KEY) or "[]")
    except json.JSONDecodeError:
        return []
    if not isinstance(raw, list):
        return []
    found = []
    for entry in raw:
        try:
            articles = tuple(str(article_id) for article_id in entry["articles"])
            found.append(Provisional(str(entry["story"]), articles, int(entry["last"])))
        except (KeyError, TypeError, ValueError):
            continue
    return found


def write_provisional(store: Store, entries: Iterable[Provisional]) -> None:
    ordered = sorted(entries, key=lambda entry: (entry.last, entry.story_id, entry.article_ids))
    store.set_meta(PROVISIONAL_KEY, json.dumps([entry.to_json() for entry in ordered]))


def _days(items: Sequence[StoryInput]) -> list[int]:
    return [item.published.toordinal() for item in items if item.published is not None]


def still_open(
    entries: Iterable[Provisional], batch: Sequence[StoryInput], window_days: int
) -> list[Provisional]:
    """The decisions a batch article may still change: their articles' newest date lies
    within ``window_days`` of the batch's earliest dated article (an undated batch keeps them
    all)."""
    days = _days(batch)
    return list(entries) if not days else _since(entries, min(days) - window_days)


def growing_since(items: Sequence[StoryInput], window_days: int) -> int | None:
    """The first day (an ordinal) a story's newest article may have for the next batch of
    news to reach it after ``items``: ``window_days`` before the newest of them (None when
    none is dated)."""
    days = _days(items)
    return max(days) - window_days if days else None


def open_after(
    entries: Iterable[Provisional], items: Sequence[StoryInput], window_days: int
) -> list[Provisional]:
    """The decisions of a run over ``items`` that the next batch of news may still reach:
    their articles' newest date lies within ``window_days`` of the newest of ``items``."""
    since = growing_since(items, window_days)
    return [] if since is None else _since(entries, since)


def _since(entries: Iterable[Provisional], day: int) -> list[Provisional]:
    """The decisions whose articles' newest date is ``day`` or later."""
    return [entry for entry in entries if entry.last >= day]


def placed_now(
    merges: Iterable[Merge],
    moves: Iterable[Move],
    items: Sequence[StoryInput],
    assignments: Mapping[str, str],
) -> list[Provisional]:
    """The merges and moves of a run whose articles are dated, with those of their articles
    still in the story they joined after the passes that followed (``assignments``)."""
    published = {item.article_id: item.published for item in items}
    placed = [(merge.story_id, merge.moved) for merge in merges]
    placed += [(move.to_story, (move.article_id,)) for move in moves]
    found = []
    for story_id, article_ids in placed:
        kept = tuple(a for a in article_ids if assignments.get(a) == story_id)
        days = [day.toordinal() for a in kept if (day := published.get(a)) is not None]
        if days:
            found.append(Provisional(story_id, kept, max(days)))
    return found
