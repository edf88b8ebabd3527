"""The one interface every storage backend implements.

Nothing above this layer writes SQL. Writes of one call are one transaction: either all of
the batch is committed or none of it, so a crash loses at most the batch in flight.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from dateline.records import Annotations, Article, Entity, Event, Mention, Quote, Story, TimeExpr
from dateline.store.errors import StoreError as StoreError

if TYPE_CHECKING:
    from dateline.store.budget import QueryBudget


class SearchQueryError(ValueError):
    """A search refused before it runs because it would cost too much (too many words)."""


#: Markers around matched words in :attr:`SearchHit.snippet`. Presenters escape the snippet
#: first and then turn these into highlighting, so article text can never inject markup.
HIT_START = "\x02"
HIT_END = "\x03"


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One full-text hit: the article and a snippet with the matched words marked."""

    article_id: str
    title: str
    snippet: str
    score: float
    published: str | None
    source: str | None


@dataclass(frozen=True, slots=True)
class Correction:
    """A user's correction to entity resolution, re-applied on every re-link."""

    id: int
    kind: str  # "merge" | "split" | "rename"
    payload: dict[str, Any]
    created: str


@dataclass(frozen=True, slots=True)
class EntitySummary:
    """What linking counted for one entity over the whole corpus (kept up to date by the
    store whenever links change, so a query reads one row instead of every mention)."""

    entity_id: str
    article_count: int
    mention_count: int
    quote_count: int
    event_count: int
    first_published: str | None
    last_published: str | None


@dataclass(frozen=True, slots=True)
class EntityLinkState:
    """Rows of entity linking's state (see :mod:`dateline.store.sql_entity_links`)."""

    articles: Sequence[tuple[str, str, str]] = ()  # (article id, annotated at, mention digest)
    blocks: Sequence[tuple[str, str]] = ()  # (name key, article id)
    keys: Mapping[str, str] = field(default_factory=dict)  # name key -> automatic cluster
    tokens: Sequence[tuple[str, str]] = ()  # (blocking token, name key)


#: a stored mention's values in :class:`dateline.records.Mention`'s field order
#: (``Mention(*row)`` builds it): article id, start, end, text, label, entity id, role, canonical
MentionRow = tuple[str, int, int, str, str, "str | None", "str | None", str]

#: what :meth:`Store.story_postings` reads: (feature -> the stories posting it, story -> its
#: first and last article day as ordinals, for the dated stories found)
StoryPostings = tuple[dict[str, set[str]], dict[str, tuple[int, int]]]


@dataclass(frozen=True, slots=True)
class EntityLinkUpdate:
    """What one incremental entity link writes: entities new or changed (``entities``) and
    gone (``removed``), the mention links that changed ((article, start, end, entity id or
    None)), the entities whose summaries change, and the state of the re-linked articles
    (their blocks are replaced) and keys (their cluster is replaced; the state's tokens are
    added, and a key left without a block loses its own)."""

    entities: Sequence[Entity]
    removed: Sequence[str]
    links: Sequence[tuple[str, int, int, str | None]]
    refresh: Sequence[str]
    state: EntityLinkState
    articles_replaced: Sequence[str]
    keys_replaced: Sequence[str]
    # entities whose aliases, roles, articles and mention count are counted again from the
    # stored mentions once the links are written (their clusters were linked from a sample)
    recount: Sequence[str] = ()
    # old entity id -> new: every stored mention, quote and event role of the old entity
    # moves to the new one (a merge of a block read from a sample)
    remap: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ArticleFilter:
    """Filters shared by article listing, search and the API."""

    since: str | None = None
    until: str | None = None
    source: str | None = None
    language: str | None = None
    include_duplicates: bool = True
    #: stored on or after this UTC time (``2026-12-03`` or ``2026-12-03T14:05``): what is new
    added_since: str | None = None
    #: naming this entity (its id), as linking counted its articles
    entity_id: str | None = None
    #: filed under this category (case folded: "Économie" finds "ÉCONOMIE")
    category: str | None = None


@dataclass(frozen=True, slots=True)
class StoryFilter:
    """Which stories a listing shows: those with at least ``min_size`` articles whose dates
    overlap ``since``..``until`` (a coarse date covers its whole year or month)."""

    since: str | None = None
    until: str | None = None
    min_size: int = 1


class Store(Protocol):
    """A corpus store. Implementations: :class:`dateline.store.sqlite.SQLiteStore`."""

    location: str

    def close(self) -> None: ...

    # -- articles -------------------------------------------------------------
    def add_articles(
        self, articles: Sequence[Article], signatures: Sequence[bytes | None] | None = None
    ) -> list[bool]:
        """Insert articles (and optional MinHash signatures); True where newly added."""
        ...

    def has_article(self, article_id: str) -> bool: ...

    def get_article(self, article_id: str) -> Article | None: ...

    def resolve_article_id(self, prefix: str) -> str | None:
        """The article id ``prefix`` is, or the one id starting with it (ids are long; users
        type a few characters)."""
        ...

    def iter_articles(
        self, filters: ArticleFilter | None = None, limit: int | None = None, offset: int = 0
    ) -> Iterator[Article]: ...

    def articles_passing(self, article_ids: Sequence[str], filters: ArticleFilter) -> set[str]:
        """Those of ``article_ids`` that ``filters`` admit, read by key (a page of search
        hits checked against an entity or a category, not every article of either)."""
        ...

    def count_articles(self, filters: ArticleFilter | None = None) -> int: ...

    def update_article(self, article: Article) -> None:
        """Replace an article's metadata (e.g. a corrected or inferred publication date)."""
        ...

    def iter_signatures(self) -> Iterator[tuple[str, bytes]]:
        """MinHash signatures of stored articles, for near-duplicate detection across runs."""
        ...

    def get_signatures(self, article_ids: Sequence[str]) -> dict[str, bytes]:
        """The stored MinHash signatures of these articles (absent ids are left out)."""
        ...

    def replace_signatures(self, items: Sequence[tuple[str, bytes | None]]) -> None:
        """Set the MinHash signatures of these articles (None deletes one), in one transaction.

        A replaced signature keeps its place in :meth:`iter_signatures`' order.
        """
        ...

    def put_lsh_bands(self, items: Sequence[tuple[str, Sequence[bytes]]]) -> None:
        """Index articles by their LSH band digests: (article id, digest of band 0, 1, ...).

        Putting the same article and bands again (a batch retried after a crash) changes no
        lookup.
        """
        ...

    def lsh_candidates(self, bands: Sequence[bytes], limit: int = 50) -> list[str]:
        """Ids of indexed articles sharing at least one band (same number, same digest).

        At most ``limit``: those sharing the most bands, returned in the order they were put.
        At most ``limit`` x ``len(bands)`` matching rows are read, so a pathological bucket
        (thousands of articles with one equal band) costs a bounded lookup.
        """
        ...

    def clear_lsh_bands(self) -> None:
        """Forget every band digest (before re-deriving them under another band layout)."""
        ...

    @property
    def search_candidates(self) -> int:
        """Most matches a search ranks (the latest found): a page from an offset at or past
        this is empty, so the REST API refuses such an offset."""
        ...

    def search(
        self,
        query: str,
        limit: int = 20,
        offset: int = 0,
        filters: ArticleFilter | None = None,
        budget: QueryBudget | None = None,
    ) -> list[SearchHit]:
        """Full-text search, accent- and case-insensitive ("ivashentsov" finds "Ivashéntsov"),
        ranking the latest :attr:`search_candidates` matches.

        Raises :class:`SearchQueryError` for a query with too many words, and
        :class:`~dateline.store.budget.QueryInterrupted` when ``budget`` runs out first.
        """
        ...

    # -- per-article annotations ----------------------------------------------
    def put_annotations(self, annotations: Sequence[Annotations]) -> None:
        """Store annotations, replacing what each article had (idempotent)."""
        ...

    def get_annotations(self, article_id: str) -> Annotations: ...

    def unannotated_article_ids(self, limit: int | None = None) -> list[str]: ...

    def iter_mentions(self, article_id: str | None = None) -> Iterator[Mention]: ...

    def iter_times(self, article_id: str | None = None) -> Iterator[TimeExpr]: ...

    def iter_quotes(
        self, article_id: str | None = None, speaker_id: str | None = None
    ) -> Iterator[Quote]: ...

    def iter_events(
        self,
        article_id: str | None = None,
        entity_id: str | None = None,
        category: str | None = None,
    ) -> Iterator[Event]: ...

    # -- corpus-level links -----------------------------------------------------
    def replace_entities(
        self, entities: Sequence[Entity], links: Sequence[tuple[str, int, int, str]]
    ) -> None:
        """Replace all entities; ``links`` sets (article_id, start, end) mentions' entity id."""
        ...

    def get_entity(self, entity_id: str, articles: bool = True) -> Entity | None:
        """The entity; ``articles=False`` reads it without its article ids (a popular
        entity's run to hundreds of thousands; its summary has their count)."""
        ...

    # -- entity linking's state (see store/sql_entity_links.py) ----------------------------
    def entity_link_state_ready(self) -> bool: ...

    def changed_entity_articles(self, every: bool = False) -> dict[str, tuple[str, str | None]]: ...

    def mentions_in(self, article_ids: Sequence[str]) -> list[Mention]: ...

    def mention_rows_in(self, article_ids: Sequence[str]) -> list[MentionRow]:
        """The mentions of ``article_ids`` as :data:`MentionRow` tuples, by article id then
        offset: for a reader that builds few of the many mentions it reads."""
        ...

    def entity_keys_of_articles(self, article_ids: Sequence[str]) -> set[str]: ...

    def articles_of_entity_keys(self, keys: Sequence[str]) -> set[str]: ...

    def sampled_entity_block_articles(
        self, keys: Sequence[str], limit: int
    ) -> tuple[set[str], set[str]]:
        """(the articles of the name keys ``keys``, at most ``limit`` of each key, the keys
        that have more than ``limit``)."""
        ...

    def entity_key_clusters(self, keys: Sequence[str]) -> dict[str, str]: ...

    def entity_cluster_keys(self, clusters: Sequence[str]) -> dict[str, str]: ...

    def entity_keys_with_tokens(self, tokens: Sequence[str]) -> list[tuple[str, str]]: ...

    def entity_tokens_of_keys(self, keys: Sequence[str]) -> list[tuple[str, str]]: ...

    def entity_ids_of_articles(self, article_ids: Sequence[str]) -> set[str]: ...

    def existing_entity_ids(self, entity_ids: Sequence[str]) -> set[str]: ...

    def replace_entity_link_state(self, state: EntityLinkState) -> None: ...

    def forget_entity_link_state(self) -> None: ...

    def update_entity_links(self, update: EntityLinkUpdate) -> None: ...

    def get_entities(self, entity_ids: Sequence[str], articles: bool = True) -> dict[str, Entity]:
        """The stored entities among ``entity_ids``, by id (``articles=False``: see
        :meth:`iter_entities`)."""
        ...

    def entity_names(self, entity_ids: Sequence[str]) -> dict[str, str]:
        """The canonical name of each stored entity among ``entity_ids``, by id: what
        linking needs of the entities an article names (no aliases, roles or articles)."""
        ...

    def iter_entities(self, label: str | None = None, articles: bool = True) -> Iterator[Entity]:
        """Entities, most mentioned first; with ``articles=False`` their ``article_ids`` are
        left empty (a name lookup over every entity need not read them)."""
        ...

    def entities_named_in_blocks(
        self, keys: Sequence[str], spelling: str = ""
    ) -> list[tuple[str, str, str]]:
        """(entity id, mention text, mention canonical form), each once, for the linked
        mentions in the articles of the entity blocks ``keys``: the entities a name lookup by
        alias may find, without reading every entity (one named so is found by
        :meth:`entities_with_every_part_key`). With ``spelling``, only the mentions whose text
        or canonical form holds its characters in that order, ignoring ASCII case (a form
        with any character outside ASCII is always kept): every form whose name
        key is the spelling with spaces added holds it, so the few names looked up are
        picked out in SQL from the many a block's articles hold."""
        ...

    def entities_with_every_part_key(self, keys: Collection[str]) -> list[tuple[str, str]]:
        """(entity id, name) of the entities whose names (name and aliases) hold every one of
        ``keys`` (:func:`dateline.link.names.part_keys`), read by the keys' rows: among them,
        every entity whose name key is that of a name with these keys."""
        ...

    def replace_stories(self, stories: Sequence[Story]) -> None: ...

    # -- summaries kept by linking, for bounded queries ---------------------------------
    def refresh_summaries(
        self, entity_ids: Sequence[str] | None = None, story_ids: Sequence[str] | None = None
    ) -> None:
        """Rebuild the summaries of ``entity_ids`` and ``story_ids`` (None: all; ``[]``: none).

        :meth:`replace_entities` and :meth:`replace_stories` do it themselves; a linker that
        changes links another way calls it with every entity of the articles it touched (so
        that counts of shared articles stay exact on both sides) and their stories.
        """
        ...

    def entity_summary(self, entity_id: str) -> EntitySummary | None: ...

    def entity_article_counts(self, entity_ids: Sequence[str]) -> dict[str, int]:
        """How many articles each of these entities is named in, from their summaries (an
        entity without one is left out)."""
        ...

    def entity_article_ids(
        self, entity_id: str, limit: int = 50, offset: int = 0, before: str | None = None
    ) -> list[str]:
        """Ids of the articles naming the entity, latest publication date first (undated
        last): one page of them, read from an index. ``before``: an article of the entity;
        the page starts after it in that order (a cursor that stays put as articles are
        added). Raises KeyError when ``before`` is not one of the entity's articles."""
        ...

    def co_occurring(self, entity_id: str, limit: int = 15) -> list[tuple[str, int]]:
        """(entity id, number of shared articles) of the entities named most often in the
        same articles as ``entity_id``, most first (at most 100 are kept per entity)."""
        ...

    def story_entities(self, story_id: str, limit: int = 20) -> list[tuple[str, int]]:
        """(entity id, number of the story's articles naming it), most first."""
        ...

    def get_articles(self, article_ids: Sequence[str], text: bool = True) -> list[Article]:
        """The stored articles among ``article_ids``, in that order (one query a page);
        ``text=False`` leaves their texts (and removed spans) empty: enough to cite them."""
        ...

    def events_in(self, article_ids: Sequence[str], entity_id: str | None = None) -> list[Event]:
        """The events of these articles (those ``entity_id`` takes part in, when given)."""
        ...

    def quotes_in(self, article_ids: Sequence[str], speaker_id: str | None = None) -> list[Quote]:
        """The quotes of these articles (those of ``speaker_id``, when given)."""
        ...

    def times_in(self, article_ids: Sequence[str]) -> list[TimeExpr]:
        """The time expressions of these articles."""
        ...

    def iter_stories(self) -> Iterator[Story]: ...

    def get_story(self, story_id: str) -> Story | None: ...

    def story_ids_starting(self, prefix: str, limit: int = 2) -> list[str]:
        """The first ``limit`` story ids (in id order) that start with ``prefix``."""
        ...

    def story_of_article(self, article_id: str) -> str | None: ...

    def put_vectors(self, kind: str, items: Sequence[tuple[str, bytes]]) -> None:
        """Keep per-item vectors (e.g. article embeddings for story clustering), by kind."""
        ...

    def iter_vectors(self, kind: str) -> Iterator[tuple[str, bytes]]: ...

    # -- story linking's state, threads, reports and logs (see store/sql_links.py) ----------
    def get_vectors(self, kind: str, item_ids: Sequence[str]) -> dict[str, bytes]: ...

    def clear_story_links(self) -> None: ...

    def unlinked_article_ids(self) -> list[str]: ...

    def stories_of_articles(self, article_ids: Sequence[str]) -> dict[str, str]: ...

    def get_stories(self, story_ids: Sequence[str]) -> list[Story]: ...

    def other_language_counts(self, language: str, min_confidence: float) -> dict[str, int]:
        """Language code -> how many articles are identified as written in it, for every
        language but ``language`` (in any case), where the identification's confidence is at
        least ``min_confidence`` or was given (no confidence)."""
        ...

    def count_stories(self, filters: StoryFilter | None = None) -> int:
        """How many stories pass ``filters`` (all when None)."""
        ...

    def list_stories(
        self, filters: StoryFilter | None = None, limit: int | None = None, offset: int = 0
    ) -> list[Story]:
        """A page of the stories passing ``filters``: the most articles first, then the
        latest last date (a coarse one counts as its period's end), then by id."""
        ...

    def count_threads(self) -> int:
        """How many threads (stories linked over time, two or more each) there are."""
        ...

    def count_entities(self, label: str | None = None) -> int:
        """How many entities there are (of ``label`` only, when given)."""
        ...

    def entities_maybe_named(self, part: str, label: str | None = None) -> list[Entity]:
        """The entities (of ``label``) whose name or an alias may contain ``part`` (lower
        case, without accents): a superset the caller checks, in :meth:`iter_entities`'
        order, without their article ids. Any with a character outside ASCII is kept."""
        ...

    def entities_with_part_keys(self, keys: Collection[str]) -> list[Entity]:
        """The entities one of whose names (name or alias) has a part with one of ``keys``
        (:func:`dateline.link.names.part_keys`), in :meth:`iter_entities`' order, without
        their article ids."""
        ...

    def list_entities(
        self,
        label: str | None = None,
        limit: int | None = None,
        offset: int = 0,
        articles: bool = True,
    ) -> list[Entity]:
        """A page of the entities (of ``label``) in :meth:`iter_entities`' order, most
        mentioned first, read by that order's index."""
        ...

    def link_watermark(self) -> str: ...

    def update_stories(self, stories: Sequence[Story], removed: Sequence[str] = ()) -> None: ...

    def remove_story_members(self, article_ids: Sequence[str]) -> list[str]: ...

    def set_thread_ids(self, thread_of: Mapping[str, str | None]) -> None: ...

    def story_link_df(self, kind: str, features: Sequence[str]) -> dict[str, int]: ...

    def add_story_link_df(self, kind: str, counts: Mapping[str, int]) -> None: ...

    def replace_story_link_index(
        self,
        keys: Mapping[str, Iterable[str]],
        days: Mapping[str, Iterable[int]],
        names: Mapping[str, Mapping[str, int]],
    ) -> None: ...

    def story_postings(
        self,
        features: Sequence[str],
        max_posting: int,
        meeting: Sequence[tuple[int, int]] | None = None,
    ) -> StoryPostings: ...

    def stories_on_days(self, first: int, last: int) -> set[str]: ...

    def story_day_spans(self, story_ids: Sequence[str]) -> dict[str, tuple[int, int]]: ...

    def story_name_postings(
        self, names: Sequence[str], max_stories: int
    ) -> dict[str, set[str]]: ...

    def story_name_counts(self, names: Sequence[str], max_stories: int) -> dict[str, int]:
        """Each of ``names`` some story uses -> how many stories use it, counted up to
        ``max_stories + 1``."""
        ...

    def stories_naming_among(
        self, names: Sequence[str], story_ids: Sequence[str]
    ) -> dict[str, list[str]]:
        """Each of ``names`` -> the stories of ``story_ids`` whose articles name it (read
        story by story: for names too common for their postings to be read whole)."""
        ...

    def stories_in_threads(self, thread_ids: Sequence[str]) -> set[str]: ...

    def replace_thread_links(
        self,
        story_ids: Sequence[str] | None,
        links: Sequence[Mapping[str, Any]],
        removed: Sequence[str] = (),
        among: Iterable[str] = (),
    ) -> None: ...

    def thread_link_pairs(self, story_ids: Sequence[str]) -> list[tuple[str, str]]: ...

    def thread_links(self, story_id: str | None = None) -> list[dict[str, Any]]: ...

    def put_story_reports(self, reports: Mapping[str, Sequence[Mapping[str, Any]]]) -> None: ...

    def story_reports(self, story_ids: Sequence[str] | None = None) -> dict[str, list[Any]]: ...

    def append_story_log(
        self, kind: str, records: Sequence[Mapping[str, Any]], keep: int, story_key: str
    ) -> None: ...

    def story_log(self, kind: str) -> list[dict[str, Any]]: ...

    # -- each story's thread profile (see dateline.store.sql_thread_profiles) ---------------
    def put_thread_profiles(self, profiles: Mapping[str, tuple[bytes, str]]) -> None: ...

    def put_thread_profile_entities(self, entities: Mapping[str, str]) -> None: ...

    def thread_profiles(self, story_ids: Sequence[str]) -> dict[str, tuple[bytes, str | None]]: ...

    def mention_names_in(
        self, article_ids: Sequence[str]
    ) -> list[tuple[str, str, str | None, str | None]]: ...

    # -- cross-article event clusters (see dateline.store.sql_events) ------------------
    def event_link_changes(self) -> tuple[list[str], list[str]]: ...

    def events_by_id(self, event_ids: Sequence[str]) -> list[Event]: ...

    def events_with_participants(
        self, entity_ids: Sequence[str], stories: Collection[str], threads: Collection[str]
    ) -> list[str]:
        """The ids of the events with one of ``entity_ids`` as actor or target whose article
        is in one of ``stories`` or in a story of one of ``threads``."""
        ...

    def event_block_members(
        self, blocks: Sequence[str], max_members: int
    ) -> tuple[dict[str, list[str]], dict[str, int]]: ...

    def event_clusters_of(self, event_ids: Sequence[str]) -> dict[str, str]: ...

    def event_cluster_members(self, cluster_ids: Sequence[str]) -> dict[str, list[str]]: ...

    def save_event_clusters(
        self,
        clusters: Sequence[Mapping[str, Any]],
        links: Sequence[Mapping[str, str]],
        *,
        removed: Iterable[str] = (),
        unclustered: Iterable[str] = (),
        blocks: Mapping[str, Sequence[str]] | None = None,
        replace_all: bool = False,
    ) -> None: ...

    def stored_event_clusters(self) -> list[dict[str, Any]]: ...

    def stored_event_links(self) -> list[dict[str, str]]: ...

    # -- corrections and metadata -------------------------------------------------
    def add_correction(self, kind: str, payload: dict[str, Any]) -> Correction: ...

    def list_corrections(self) -> list[Correction]: ...

    def get_meta(self, key: str) -> str | None: ...

    def set_meta(self, key: str, value: str) -> None: ...

    # -- watched sources (``dateline watch``) -----------------------------------------
    def get_watch_states(self) -> dict[str, str]:
        """The saved state (a JSON text) of every watched feed or folder, by source."""
        ...

    def put_watch_state(self, source: str, state: str) -> None:
        """Save one watched source's state; committed when this returns."""
        ...
