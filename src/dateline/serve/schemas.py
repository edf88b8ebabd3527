"""The REST API's response bodies (pydantic models, so the OpenAPI schema describes them)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any, Generic, Self, TypeVar, get_args

from pydantic import AfterValidator, AliasChoices, BaseModel, ConfigDict, Field

from dateline.query.articles import ArticleRef
from dateline.query.events import EventItem
from dateline.query.points import TimelinePoint
from dateline.query.quotes import QuoteItem
from dateline.records import Entity, Quote


class RecordOut(BaseModel):
    """A response body read straight off a record's attributes (tuples become lists)."""

    model_config = ConfigDict(from_attributes=True)

    @classmethod
    def of(cls, record: object) -> Self:
        return cls.model_validate(record)


Item = TypeVar("Item", bound=RecordOut)


class Page(BaseModel, Generic[Item]):
    """One page of a longer listing: ``total`` items in all, ``limit`` from ``offset`` here."""

    total: int
    limit: int
    offset: int
    items: list[Item]

    @classmethod
    def of_slice(cls, records: Sequence[object], limit: int, offset: int) -> Self:
        """The page of ``records`` (all of them, in order) from ``offset``."""
        (item_type,) = get_args(cls.model_fields["items"].annotation)
        return cls(
            total=len(records),
            limit=limit,
            offset=offset,
            items=[item_type.of(record) for record in records[offset : offset + limit]],
        )


class ArticleSummary(RecordOut):
    id: str
    title: str
    published: str | None
    published_basis: str | None = None
    source: str | None
    language: str | None = None
    categories: list[str] = Field(default_factory=list)
    duplicate_of: str | None = None


class Citations:
    """The :class:`ArticleSummary` of each article an answer cites, made once however often
    it is cited (a dossier cites its latest articles in its list, quotes, events and
    timeline)."""

    def __init__(self) -> None:
        self._made: dict[str, ArticleSummary] = {}

    def __call__(self, article: ArticleRef) -> ArticleSummary:
        made = self._made.get(article.id)
        if made is None:
            made = self._made[article.id] = ArticleSummary.of(article)
        return made


class ArticleDetail(ArticleSummary):
    text: str
    url: str | None
    author: str | None
    story_id: str | None


class ArticlePage(Page[ArticleSummary]):
    pass


class SearchHitOut(BaseModel):
    article_id: str
    title: str
    snippet: str = Field(description="matched words between \\u0002 and \\u0003 markers")
    score: float
    published: str | None
    source: str | None


class SearchPage(BaseModel):
    query: str
    limit: int
    offset: int
    ranked: int = Field(
        description="most matches a search ranks (the latest found): pages stop there"
    )
    items: list[SearchHitOut]


class AliasOut(BaseModel):
    name: str
    count: int


class EntityOut(RecordOut):
    id: str
    name: str
    label: str
    aliases: list[AliasOut]
    roles: list[str]
    article_count: int

    @classmethod
    def of(cls, record: object, article_count: int | None = None) -> Self:
        """``article_count``: for an entity read without its article ids (the count linking
        stored in its summary)."""
        if not isinstance(record, Entity):
            raise TypeError(f"an EntityOut is made from an Entity, not {type(record).__name__}")
        entity = record
        return cls(
            id=entity.id,
            name=entity.name,
            label=entity.label,
            aliases=[AliasOut(name=n, count=c) for n, c in entity.aliases],
            roles=list(entity.roles),
            article_count=len(entity.article_ids) if article_count is None else article_count,
        )


class EntityPage(Page[EntityOut]):
    pass


class MentionOut(RecordOut):
    article_id: str
    start: int
    end: int
    text: str
    label: str
    entity_id: str | None


class TimexOut(RecordOut):
    article_id: str
    start: int
    end: int
    text: str
    type: str
    value: str
    basis: str


class QuoteOut(RecordOut):
    article_id: str
    start: int
    end: int
    text: str
    kind: str
    cue: str | None
    speaker_text: str | None
    speaker_id: str | None
    article: ArticleSummary | None = None

    @classmethod
    def quoted_in(
        cls, quote: Quote, article: ArticleRef | None, cite: Citations | None = None
    ) -> QuoteOut:
        found = cls.of(quote)
        found.article = (cite or ArticleSummary.of)(article) if article else None
        return found

    @classmethod
    def of_item(cls, item: QuoteItem, cite: Citations | None = None) -> QuoteOut:
        return cls.quoted_in(item.quote, item.article, cite)


class EventOut(RecordOut):
    id: str
    article_id: str
    trigger: str
    category: str
    modality: str
    actor_ids: list[str]
    target_ids: list[str]
    place_id: str | None
    when: str | None
    when_basis: str
    sentence: str
    start: int = Field(validation_alias=AliasChoices("start", "trigger_start"))
    end: int = Field(validation_alias=AliasChoices("end", "trigger_end"))

    @classmethod
    def of_item(cls, item: EventItem) -> EventOut:
        return cls.of(item.event)


class QuotePage(BaseModel):
    limit: int
    offset: int
    items: list[QuoteOut]


class EventPage(BaseModel):
    limit: int
    offset: int
    items: list[EventOut]


class AnnotationsOut(BaseModel):
    article_id: str
    mentions: list[MentionOut]
    times: list[TimexOut]
    quotes: list[QuoteOut]
    events: list[EventOut]


class TimelinePointOut(BaseModel):
    date: str = Field(description="ISO date, possibly only year or year-month")
    kind: str
    label: str
    detail: str
    category: str
    modality: str
    source_count: int = Field(description="articles reporting the same event")
    lane: str = Field(description="dated, or approximate: the only date is a guessed article date")
    article: ArticleSummary

    @classmethod
    def of(cls, point: TimelinePoint, cite: Citations | None = None) -> TimelinePointOut:
        return cls(
            date=point.when.iso,
            kind=point.kind,
            label=point.label,
            detail=point.detail,
            category=point.category,
            modality=point.modality,
            source_count=point.source_count,
            lane=point.lane,
            article=(cite or ArticleSummary.of)(point.article),
        )


class RelatedOut(BaseModel):
    entity: EntityOut
    shared_articles: int


class DossierOut(BaseModel):
    entity: EntityOut
    article_count: int = Field(description="all the entity's articles; `articles` lists the latest")
    articles: list[ArticleSummary]
    quotes: list[QuoteOut]
    events: list[EventOut]
    timeline: list[TimelinePointOut]
    related: list[RelatedOut]


class StoryOut(RecordOut):
    id: str
    title: str
    article_ids: list[str]
    first: str | None
    last: str | None
    thread_id: str | None


class StoryPage(Page[StoryOut]):
    pass


class StoryDetail(StoryOut):
    articles: list[ArticleSummary]
    entities: list[RelatedOut]
    timeline: list[TimelinePointOut]


class GraphNodeOut(BaseModel):
    id: str
    name: str
    label: str
    mentions: int


class GraphEdgeOut(BaseModel):
    source: str
    target: str
    shared_articles: int


class GraphOut(BaseModel):
    nodes: list[GraphNodeOut]
    edges: list[GraphEdgeOut]


class SkippedOut(BaseModel):
    file: str
    reason: str
    code: str


class IngestOut(BaseModel):
    added: list[str]
    unchanged: list[str]
    duplicates: list[list[str]]
    skipped: list[SkippedOut]
    annotated: int
    linked: bool


def proper_unicode(text: str) -> str:
    """Refuse text that is not Unicode: JSON may spell a lone surrogate (``"\\ud800"``),
    which no UTF-8 store or response can hold."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError(f"not valid Unicode (a lone surrogate at {exc.start})") from None
    return text


def repaired(value: Any) -> Any:
    """``value`` (JSON-like) with every lone surrogate in its strings made U+FFFD, for text
    stored before input was checked."""
    if isinstance(value, str):
        return value.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    if isinstance(value, list | tuple):
        return [repaired(item) for item in value]
    if isinstance(value, dict):
        return {repaired(key): repaired(item) for key, item in value.items()}
    return value


#: Text from a request body: checked to be proper Unicode.
InText = Annotated[str, AfterValidator(proper_unicode)]


class MergeIn(BaseModel):
    names: list[InText] = Field(min_length=2, max_length=50, description="entities to merge")


class SplitIn(BaseModel):
    name: InText = Field(min_length=1, max_length=300)
    aliases: list[InText] = Field(default_factory=list, max_length=100)
    articles: list[InText] = Field(default_factory=list, max_length=1000)


class RenameIn(BaseModel):
    name: InText = Field(min_length=1, max_length=300)
    new: InText = Field(min_length=1, max_length=300)


class CorrectionOut(BaseModel):
    kind: str
    entities: int = Field(description="number of entities after re-linking")


class StatsOut(BaseModel):
    articles: int
    entities: int
    stories: int
