"""The REST API under ``/api``: articles, search, entities, dossiers, timelines, quotes,
events, stories, the co-occurrence graph, uploads and entity corrections.

Every parameter is validated (bad input gives a 4xx with a ``detail`` line, never a 500);
every store query is parameterised by the store itself.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import islice
from typing import Annotated

from fastapi import (
    APIRouter,
    Depends,
    File,
    HTTPException,
    Path,
    Query,
    Request,
    Response,
    UploadFile,
)

from dateline.api import TIMELINE_ARTICLES, Corpus, CorrectionError
from dateline.query.events import EventItem
from dateline.records import Entity
from dateline.serve import schemas
from dateline.serve.filters import (
    CategoryQuery,
    EntityQuery,
    LanguageQuery,
    LimitQuery,
    NewSinceQuery,
    OffsetQuery,
    SinceQuery,
    SourceQuery,
    UntilQuery,
    in_date_range,
    make_filters,
    page_of_articles,
    search_page,
)
from dateline.serve.queries import run_query
from dateline.serve.threads import run_write
from dateline.serve.uploads import UploadError, ingest_uploads
from dateline.store.budget import QueryBudget
from dateline.store.interface import SearchHit

router = APIRouter()

IdPath = Annotated[str, Path(min_length=1, max_length=200)]


def get_corpus(request: Request) -> Corpus:
    corpus: Corpus = request.app.state.corpus
    return corpus


async def _corpus_dependency(request: Request) -> Corpus:
    """The corpus, as a coroutine: FastAPI runs a plain function dependency in its thread
    pool, a thread hop on every request for a lookup."""
    return get_corpus(request)


CorpusDep = Annotated[Corpus, Depends(_corpus_dependency)]


def require_entity(corpus: Corpus, entity_id: str, articles: bool = True) -> Entity:
    """The entity or 404; ``articles=False`` reads it without its article ids (a popular
    entity's list of them is long to read, and a page that only needs it to exist or its
    name has no use for them)."""
    entity = corpus.entity(entity_id, articles=articles)
    if entity is None:
        raise HTTPException(404, f"no entity with id {entity_id!r}")
    return entity


@router.get("/stats", response_model=schemas.StatsOut, tags=["corpus"])
def stats(corpus: CorpusDep) -> schemas.StatsOut:
    """How many articles, entities and stories the corpus holds."""
    overview = corpus.overview()
    return schemas.StatsOut(
        articles=overview.articles, entities=overview.entities, stories=overview.stories
    )


@router.get("/articles", response_model=schemas.ArticlePage, tags=["articles"])
def list_articles(
    corpus: CorpusDep,
    since: SinceQuery = None,
    until: UntilQuery = None,
    source: SourceQuery = None,
    language: LanguageQuery = None,
    entity: EntityQuery = None,
    category: CategoryQuery = None,
    new_since: NewSinceQuery = None,
    limit: LimitQuery = 20,
    offset: OffsetQuery = 0,
) -> schemas.ArticlePage:
    """Articles in storage order, filtered by date range, source, language, entity, category,
    and by when they were stored (``new_since``: what is new since a moment)."""
    filters = make_filters(corpus, since, until, source, language, entity, category, new_since)
    total, articles = page_of_articles(corpus, filters, limit, offset)
    return schemas.ArticlePage(
        total=total,
        limit=limit,
        offset=offset,
        items=[schemas.ArticleSummary.of(a) for a in articles],
    )


@router.get("/articles/{article_id}", response_model=schemas.ArticleDetail, tags=["articles"])
def get_article(corpus: CorpusDep, article_id: IdPath) -> schemas.ArticleDetail:
    """One article with its text; ``article_id`` may be a unique prefix of the id."""
    article = corpus.article(article_id)
    if article is None:
        raise HTTPException(404, f"no article with id {article_id!r} (or the prefix is ambiguous)")
    summary = schemas.ArticleSummary.of(article)
    return schemas.ArticleDetail(
        **summary.model_dump(),
        text=article.text,
        url=article.url,
        author=article.author,
        story_id=corpus.story_of(article.id),
    )


@router.get(
    "/articles/{article_id}/annotations",
    response_model=schemas.AnnotationsOut,
    tags=["articles"],
)
def get_annotations(corpus: CorpusDep, article_id: IdPath) -> schemas.AnnotationsOut:
    """Entity mentions, time expressions, quotes and events found in one article."""
    article = corpus.article(article_id)
    if article is None:
        raise HTTPException(404, f"no article with id {article_id!r}")
    found = corpus.annotations(article.id)
    return schemas.AnnotationsOut(
        article_id=article.id,
        mentions=[schemas.MentionOut.of(m) for m in found.mentions],
        times=[schemas.TimexOut.of(t) for t in found.times],
        quotes=[schemas.QuoteOut.of(q) for q in found.quotes],
        events=[schemas.EventOut.of(e) for e in found.events],
    )


@router.get("/search", response_model=schemas.SearchPage, tags=["search"])
async def search(
    request: Request,
    corpus: CorpusDep,
    q: Annotated[str, Query(min_length=1, max_length=500, description="words to find")],
    since: SinceQuery = None,
    until: UntilQuery = None,
    source: SourceQuery = None,
    language: LanguageQuery = None,
    entity: EntityQuery = None,
    category: CategoryQuery = None,
    limit: LimitQuery = 20,
    offset: Annotated[
        int,
        Query(
            ge=0,
            description="below ``ranked``: a search ranks the latest matches only "
            "(1,000 on SQLite, 200 on PostgreSQL), else 422",
        ),
    ] = 0,
) -> schemas.SearchPage:
    """Full-text search (accents and case ignored), best match first among the latest
    ``ranked`` matches. At most 16 different words, 4 of them prefixes (``word*``), and an
    ``offset`` below ``ranked``, else 422; a search over its time budget, 503."""
    ranked = corpus.search_candidates
    if offset >= ranked:
        raise HTTPException(
            422, f"offset: a search ranks the latest {ranked} matches; give an offset below that"
        )

    def find(budget: QueryBudget) -> list[SearchHit]:
        filters = make_filters(corpus, since, until, source, language, entity, category)
        return search_page(corpus, q, filters, limit, offset, budget)

    hits = await run_query(request, find)
    return schemas.SearchPage(
        query=q,
        limit=limit,
        offset=offset,
        ranked=ranked,
        items=[
            schemas.SearchHitOut(
                article_id=h.article_id,
                title=h.title,
                snippet=h.snippet,
                score=h.score,
                published=h.published,
                source=h.source,
            )
            for h in hits
        ],
    )


@router.get("/entities", response_model=schemas.EntityPage, tags=["entities"])
def list_entities(
    corpus: CorpusDep,
    q: Annotated[str | None, Query(max_length=300, description="part of a name")] = None,
    label: Annotated[str | None, Query(max_length=40, description="PERSON, ORG, GPE...")] = None,
    limit: LimitQuery = 50,
    offset: OffsetQuery = 0,
) -> schemas.EntityPage:
    """Entities, most mentioned first; ``q`` matches names and aliases ignoring accents."""
    # without their article ids: every entity's would be read for one page's counts
    total, page = corpus.entity_page(label or None, q or None, limit, offset)
    counts = corpus.article_counts(page)
    return schemas.EntityPage(
        total=total,
        limit=limit,
        offset=offset,
        items=[schemas.EntityOut.of(e, article_count=counts.get(e.id, 0)) for e in page],
    )


@router.get("/entities/lookup", response_model=schemas.EntityOut, tags=["entities"])
def lookup_entity(
    corpus: CorpusDep,
    name: Annotated[str, Query(min_length=1, max_length=300, description="a name or alias")],
) -> schemas.EntityOut:
    """The entity a name designates (any spelling the corpus has seen)."""
    entity = corpus.find_entity(name, articles=False)
    if entity is None:
        raise HTTPException(404, f"no entity matches {name!r}")
    return schemas.EntityOut.of(entity, corpus.article_counts([entity])[entity.id])


@router.get("/entities/{entity_id}", response_model=schemas.EntityOut, tags=["entities"])
def get_entity(corpus: CorpusDep, entity_id: IdPath) -> schemas.EntityOut:
    entity = require_entity(corpus, entity_id, articles=False)
    return schemas.EntityOut.of(entity, corpus.article_counts([entity])[entity.id])


def _related(corpus: Corpus, related: tuple[tuple[Entity, int], ...]) -> list[schemas.RelatedOut]:
    """Related entities (read without their article ids) with their stored article counts."""
    counts = corpus.store.entity_article_counts([entity.id for entity, _ in related])
    out = []
    for entity, shared in related:
        count = counts.get(entity.id, len(entity.article_ids))
        out.append(
            schemas.RelatedOut(
                entity=schemas.EntityOut.of(entity, article_count=count), shared_articles=shared
            )
        )
    return out


@router.get("/entities/{entity_id}/dossier", response_model=schemas.DossierOut, tags=["entities"])
def get_dossier(corpus: CorpusDep, entity_id: IdPath) -> schemas.DossierOut:
    """Names, roles, articles, quotes, events, timeline and company kept by one entity."""
    dossier = corpus.dossier(entity_id, entity_articles=False)
    if dossier is None:
        raise HTTPException(404, f"no entity with id {entity_id!r}")
    cite = schemas.Citations()
    return schemas.DossierOut(
        entity=schemas.EntityOut.of(dossier.entity, article_count=dossier.article_count),
        article_count=dossier.article_count,
        articles=[cite(a) for a in dossier.articles],
        quotes=[schemas.QuoteOut.of_item(q, cite) for q in dossier.quotes],
        events=[schemas.EventOut.of_item(e) for e in dossier.events],
        timeline=[schemas.TimelinePointOut.of(p, cite) for p in dossier.timeline],
        related=_related(corpus, dossier.related),
    )


@router.get(
    "/entities/{entity_id}/timeline",
    response_model=list[schemas.TimelinePointOut],
    tags=["entities"],
)
def get_timeline(
    request: Request,
    response: Response,
    corpus: CorpusDep,
    entity_id: IdPath,
    since: SinceQuery = None,
    until: UntilQuery = None,
    before: Annotated[
        str | None,
        Query(
            min_length=1,
            max_length=200,
            description="an article id: the page of the articles after it (latest first)",
        ),
    ] = None,
    articles: Annotated[
        int, Query(ge=1, le=TIMELINE_ARTICLES, description="articles read for this page")
    ] = TIMELINE_ARTICLES,
) -> list[schemas.TimelinePointOut]:
    """The dated events and quotes of the entity's latest ``articles`` articles (100), oldest
    first. Older ones come a page at a time: the ``Link`` header's ``rel="next"`` URL asks
    for the next page (``before``: the last article of this one); none after the oldest.
    """
    entity = require_entity(corpus, entity_id, articles=False)
    filters = make_filters(corpus, since, until)
    try:
        page = corpus.timeline_page(entity.id, articles, before)
    except KeyError as exc:
        raise HTTPException(422, f"before: {exc.args[0]}") from exc
    if page.next_before is not None:
        following = request.url.include_query_params(before=page.next_before)
        response.headers["Link"] = f'<{following.path}?{following.query}>; rel="next"'
    points = page.points
    cite = schemas.Citations()
    return [
        schemas.TimelinePointOut.of(p, cite)
        for p in points
        if in_date_range(p.when.iso, filters.since, filters.until)
    ]


@router.get("/quotes", response_model=schemas.QuotePage, tags=["quotes"])
def list_quotes(
    corpus: CorpusDep,
    speaker: Annotated[str | None, Query(max_length=200, description="speaker entity id")] = None,
    article: Annotated[str | None, Query(max_length=200, description="article id")] = None,
    limit: LimitQuery = 50,
    offset: OffsetQuery = 0,
) -> schemas.QuotePage:
    """Quotes with their speakers, by article."""
    if speaker:
        require_entity(corpus, speaker, articles=False)
    quoted = corpus.quotes_in(article_id=article or None, speaker_id=speaker or None)
    return schemas.QuotePage(
        limit=limit,
        offset=offset,
        items=[
            schemas.QuoteOut.quoted_in(item.quote, item.article)
            for item in islice(quoted, offset, offset + limit)
        ],
    )


@router.get("/events", response_model=schemas.EventPage, tags=["events"])
def list_events(
    corpus: CorpusDep,
    entity: Annotated[str | None, Query(max_length=200, description="participant id")] = None,
    article: Annotated[str | None, Query(max_length=200, description="article id")] = None,
    category: CategoryQuery = None,
    since: SinceQuery = None,
    until: UntilQuery = None,
    limit: LimitQuery = 50,
    offset: OffsetQuery = 0,
) -> schemas.EventPage:
    """Events (who did what to whom, when), filtered by participant, category and date."""
    if entity:
        require_entity(corpus, entity, articles=False)
    filters = make_filters(corpus, since, until)

    def wanted(item: EventItem) -> bool:
        when = item.when
        return when is not None and in_date_range(when.iso, filters.since, filters.until)

    found = corpus.events(
        article_id=article or None, entity_id=entity or None, category=category or None
    )
    if filters.since or filters.until:
        page = [item.event for item in islice(filter(wanted, found), offset, offset + limit)]
    else:  # the page's events alone, not an item (article, entities) for each one skipped
        page = [item.event for item in islice(found, offset, offset + limit)]
    return schemas.EventPage(
        limit=limit, offset=offset, items=[schemas.EventOut.of(event) for event in page]
    )


@router.get("/stories", response_model=schemas.StoryPage, tags=["stories"])
def list_stories(
    corpus: CorpusDep,
    new_since: NewSinceQuery = None,
    limit: LimitQuery = 50,
    offset: OffsetQuery = 0,
) -> schemas.StoryPage:
    """Stories (articles about one happening), biggest first, then newest; with ``new_since``,
    only those that gained an article stored since then."""
    added_since = make_filters(corpus, new_since=new_since).added_since if new_since else None
    stories = corpus.stories(limit=limit, offset=offset, new_since=added_since)
    return schemas.StoryPage(
        total=corpus.count_stories(new_since=added_since),
        limit=limit,
        offset=offset,
        items=[schemas.StoryOut.of(summary.story) for summary in stories],
    )


@router.get("/stories/{story_id}", response_model=schemas.StoryDetail, tags=["stories"])
def get_story(corpus: CorpusDep, story_id: IdPath) -> schemas.StoryDetail:
    view = corpus.story_view(story_id)
    if view is None:
        raise HTTPException(404, f"no story with id {story_id!r}")
    cite = schemas.Citations()
    return schemas.StoryDetail(
        **schemas.StoryOut.of(view.story).model_dump(),
        articles=[cite(a) for a in view.articles],
        entities=_related(corpus, view.entities),
        timeline=[schemas.TimelinePointOut.of(p, cite) for p in view.timeline],
    )


@router.get("/graph", response_model=schemas.GraphOut, tags=["entities"])
def get_graph(
    corpus: CorpusDep,
    limit: Annotated[int, Query(ge=1, le=200, description="most mentioned entities")] = 40,
) -> schemas.GraphOut:
    """Entity co-occurrence: the most mentioned entities and the articles they share."""
    graph = corpus.graph(limit)
    return schemas.GraphOut(
        nodes=[
            schemas.GraphNodeOut(
                id=n.entity.id, name=n.entity.name, label=n.entity.label, mentions=n.weight
            )
            for n in graph.nodes
        ],
        edges=[
            schemas.GraphEdgeOut(source=e.source, target=e.target, shared_articles=e.weight)
            for e in graph.edges
        ],
    )


@router.post("/ingest", response_model=schemas.IngestOut, status_code=201, tags=["ingest"])
async def ingest(
    request: Request,
    files: Annotated[list[UploadFile], File(description="article files (.txt, .html, .jsonl...)")],
    annotate: Annotated[bool, Query(description="annotate and re-link after ingesting")] = True,
) -> schemas.IngestOut:
    """Upload article files; each is size-limited and type-checked, then ingested."""
    corpus = get_corpus(request)
    settings = request.app.state.settings
    try:
        return await ingest_uploads(corpus, files, settings.max_upload_bytes, annotate)
    except UploadError as exc:
        raise HTTPException(exc.status, str(exc)) from exc


def _correct(kind: str, call: Callable[[], int]) -> schemas.CorrectionOut:
    try:
        entities = call()
    except CorrectionError as exc:
        raise HTTPException(422, str(exc)) from exc
    return schemas.CorrectionOut(kind=kind, entities=entities)


@router.get("/corrections", tags=["corrections"])
def list_corrections(corpus: CorpusDep) -> list[dict[str, object]]:
    """Corrections made so far, in order; they are re-applied on every re-link."""
    return [
        {"id": c.id, "kind": c.kind, "payload": schemas.repaired(c.payload), "created": c.created}
        for c in corpus.corrections()
    ]


@router.post("/corrections/merge", response_model=schemas.CorrectionOut, tags=["corrections"])
async def merge(corpus: CorpusDep, body: schemas.MergeIn) -> schemas.CorrectionOut:
    """Merge the entities named (names, aliases or ids) into the first."""
    return await run_write(_correct, "merge", lambda: corpus.merge_entities(body.names))


@router.post("/corrections/split", response_model=schemas.CorrectionOut, tags=["corrections"])
async def split(corpus: CorpusDep, body: schemas.SplitIn) -> schemas.CorrectionOut:
    """Move an entity's mentions written as ``aliases`` or in ``articles`` to a new entity."""
    return await run_write(
        _correct,
        "split",
        lambda: corpus.split_entity(body.name, aliases=body.aliases, articles=body.articles),
    )


@router.post("/corrections/rename", response_model=schemas.CorrectionOut, tags=["corrections"])
async def rename(corpus: CorpusDep, body: schemas.RenameIn) -> schemas.CorrectionOut:
    """Give an entity a new canonical name (its id stays)."""
    return await run_write(_correct, "rename", lambda: corpus.rename_entity(body.name, body.new))
