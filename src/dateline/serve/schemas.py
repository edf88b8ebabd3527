"""The REST API's response bodies (pydantic models, so the OpenAPI schema describes them)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from dateline.records import Article, Entity, Event, Mention, Quote, Story, TimeExpr
from dateline.serve.views import ArticleRef, EventItem, QuoteItem, TimelinePoint


class ArticleSummary(BaseModel):
    id: str
    title: str
    published: str | None
    published_basis: str | None = None
    source: str | None
    language: str | None = None
    categories: list[str] = Field(default_factory=list)
    duplicate_of: str | None = None

    @classmethod
    def of(cls, article: Article) -> ArticleSummary:
        return cls(
            id=article.id,
            title=article.title,
            published=article.published,
            published_basis=article.published_basis,
            source=article.source,
            language=article.language,
            categories=list(article.categories),
            duplicate_of=article.duplicate_of,
        )

    @classmethod
    def of_ref(cls, ref: ArticleRef) -> ArticleSummary:
        return cls(id=ref.id, title=ref.title, published=ref.published, source=ref.source)


class ArticleDetail(ArticleSummary):
    text: str
    url: str | None
    author: str | None
    story_id: str | None


class ArticlePage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[ArticleSummary]


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
    items: list[SearchHitOut]


class AliasOut(BaseModel):
    name: str
    count: int


class EntityOut(BaseModel):
    id: str
    name: str
    label: str
    aliases: list[AliasOut]
    roles: list[str]
    article_count: int

    @classmethod
    def of(cls, entity: Entity) -> EntityOut:
        return cls(
            id=entity.id,
            name=entity.name,
            label=entity.label,
            aliases=[AliasOut(name=n, count=c) for n, c in entity.aliases],
            roles=list(entity.roles),
            article_count=len(entity.article_ids),
        )


class EntityPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[EntityOut]


class MentionOut(BaseModel):
    article_id: str
    start: int
    end: int
    text: str
    label: str
    entity_id: str | None

    @classmethod
    def of(cls, mention: Mention) -> MentionOut:
        return cls(
            article_id=mention.article_id,
            start=mention.start,
            end=mention.end,
            text=mention.text,
            label=mention.label,
            entity_id=mention.entity_id,
        )


class TimexOut(BaseModel):
    article_id: str
    start: int
    end: int
    text: str
    type: str
    value: str
    basis: str

    @classmethod
    def of(cls, timex: TimeExpr) -> TimexOut:
        return cls(
            article_id=timex.article_id,
            start=timex.start,
            end=timex.end,
            text=timex.text,
            type=timex.type,
            value=timex.value,
            basis=timex.basis,
        )


class QuoteOut(BaseModel):
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
    def of(cls, quote: Quote, article: ArticleRef | None = None) -> QuoteOut:
        return cls(
            article_id=quote.article_id,
            start=quote.start,
            end=quote.end,
            text=quote.text,
            kind=quote.kind,
            cue=quote.cue,
            speaker_text=quote.speaker_text,
            speaker_id=quote.speaker_id,
            article=ArticleSummary.of_ref(article) if article else None,
        )

    @classmethod
    def of_item(cls, item: QuoteItem) -> QuoteOut:
        return cls.of(item.quote, item.article)


class EventOut(BaseModel):
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
    start: int
    end: int

    @classmethod
    def of(cls, event: Event) -> EventOut:
        return cls(
            id=event.id,
            article_id=event.article_id,
            trigger=event.trigger,
            category=event.category,
            modality=event.modality,
            actor_ids=list(event.actor_ids),
            target_ids=list(event.target_ids),
            place_id=event.place_id,
            when=event.when,
            when_basis=event.when_basis,
            sentence=event.sentence,
            start=event.trigger_start,
            end=event.trigger_end,
        )

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
    article: ArticleSummary

    @classmethod
    def of(cls, point: TimelinePoint) -> TimelinePointOut:
        return cls(
            date=point.when.iso,
            kind=point.kind,
            label=point.label,
            detail=point.detail,
            category=point.category,
            modality=point.modality,
            source_count=point.source_count,
            article=ArticleSummary.of_ref(point.article),
        )


class RelatedOut(BaseModel):
    entity: EntityOut
    shared_articles: int


class DossierOut(BaseModel):
    entity: EntityOut
    articles: list[ArticleSummary]
    quotes: list[QuoteOut]
    events: list[EventOut]
    timeline: list[TimelinePointOut]
    related: list[RelatedOut]


class StoryOut(BaseModel):
    id: str
    title: str
    article_ids: list[str]
    first: str | None
    last: str | None
    thread_id: str | None

    @classmethod
    def of(cls, story: Story) -> StoryOut:
        return cls(
            id=story.id,
            title=story.title,
            article_ids=list(story.article_ids),
            first=story.first,
            last=story.last,
            thread_id=story.thread_id,
        )


class StoryPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[StoryOut]


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


class MergeIn(BaseModel):
    names: list[str] = Field(min_length=2, max_length=50, description="entities to merge")


class SplitIn(BaseModel):
    name: str = Field(min_length=1, max_length=300)
    aliases: list[str] = Field(default_factory=list, max_length=100)
    articles: list[str] = Field(default_factory=list, max_length=1000)


class RenameIn(BaseModel):
    name: str = Field(min_length=1, max_length=300)
    new: str = Field(min_length=1, max_length=300)


class CorrectionOut(BaseModel):
    kind: str
    entities: int = Field(description="number of entities after re-linking")


class StatsOut(BaseModel):
    articles: int
    entities: int
    stories: int
