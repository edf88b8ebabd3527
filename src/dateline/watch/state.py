"""What a watch remembers about one source between polls and across restarts."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

#: how many item keys a feed remembers: far more than any feed carries at once
MAX_SEEN_ITEMS = 5000


@dataclass(slots=True)
class SourceState:
    """One feed's or folder's state, saved in the store as JSON after each batch.

    ``interval`` is the wait between polls this source last got: the watch's interval, or
    longer when the server's Cache-Control max-age asks for it. ``seen`` holds the keys of
    feed items already handed to ingest (oldest first), ``files`` the size and modification
    time of each folder file already ingested. Times are Unix seconds; ``next_poll`` is when
    the source is due again (back-off included).
    """

    etag: str | None = None
    last_modified: str | None = None
    seen: list[str] = field(default_factory=list)
    files: dict[str, list[int]] = field(default_factory=dict)
    failures: int = 0
    next_poll: float = 0.0
    interval: float | None = None
    last_poll: float | None = None
    last_status: str | None = None
    last_new: int = 0
    total_new: int = 0
    last_error: str | None = None

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> SourceState:
        """The state saved as ``text``; unknown keys (from a newer version) are ignored."""
        data: dict[str, Any] = json.loads(text)
        known = {name: data[name] for name in cls.__dataclass_fields__ if name in data}
        return cls(**known)

    def remember(self, keys: list[str]) -> None:
        """Add item keys to ``seen``, keeping the newest :data:`MAX_SEEN_ITEMS`."""
        known = set(self.seen)
        self.seen.extend(key for key in dict.fromkeys(keys) if key not in known)
        del self.seen[:-MAX_SEEN_ITEMS]


def next_poll_after_failure(
    now: float, interval: float, failures: int, max_backoff: float, retry_after: float | None
) -> float:
    """When a source that failed ``failures`` times in a row is due again.

    The wait doubles with each failure from ``interval`` up to ``max_backoff``; a server's
    Retry-After is honoured when it asks for longer (but never beyond ``max_backoff``).
    """
    wait: float = min(interval * 2.0 ** max(failures - 1, 0), max_backoff)
    if retry_after is not None:
        wait = max(wait, min(retry_after, max_backoff))
    return now + wait
