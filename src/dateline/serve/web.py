"""The web pages for a person: search, article, dossier, timeline, story, graph, upload.

Server-rendered with Jinja2 (autoescape on); the only markup built in Python comes from
:mod:`dateline.present.safe_html` and :mod:`dateline.present.charts`, which escape every piece of
article text before wrapping it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, File, HTTPException, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape

from dateline.api import Corpus, entities_withheld, in_other_language
from dateline.present import charts
from dateline.present.safe_html import annotation_spans, display, highlight_snippet, mark_text
from dateline.query.dates import published_shown
from dateline.query.render import describe_value
from dateline.serve.filters import (
    CategoryQuery,
    EntityQuery,
    NewSinceQuery,
    SinceQuery,
    SourceQuery,
    UntilQuery,
    make_filters,
    search_page,
)
from dateline.serve.queries import run_query
from dateline.serve.uploads import UploadError, ingest_uploads
from dateline.store.budget import QueryBudget
from dateline.store.interface import SearchHit

TEMPLATES_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"
PAGE_SIZE = 20
STORIES_PER_PAGE = 100


def article_href(article_id: str) -> str:
    return "/articles/" + quote(article_id, safe="")


def entity_href(entity_id: str) -> str:
    return "/entities/" + quote(entity_id, safe="")


def story_href(story_id: str) -> str:
    return "/stories/" + quote(story_id, safe="")


def make_templates() -> Jinja2Templates:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(default=True, default_for_string=True),
        finalize=display,
    )
    env.globals.update(
        article_href=article_href,
        entity_href=entity_href,
        story_href=story_href,
        highlight=highlight_snippet,
    )
    env.filters["when"] = describe_value
    env.filters["dated"] = published_shown
    return Jinja2Templates(env=env)


templates = make_templates()
router = APIRouter(default_response_class=HTMLResponse, include_in_schema=False)


def _corpus(request: Request) -> Corpus:
    corpus: Corpus = request.app.state.corpus
    return corpus


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> Response:
    return templates.TemplateResponse(request, name, context, status_code=status_code)


@router.get("/")
def home(request: Request, new_since: NewSinceQuery = None) -> Response:
    """The corpus at a glance; with ``?new_since=``, the articles stored since then and the
    stories they joined (what is new while ``dateline watch`` runs)."""
    corpus = _corpus(request)
    new = make_filters(corpus, new_since=new_since) if new_since else None
    entities = corpus.entities(articles=False, limit=24)
    added_since = new.added_since if new else None
    stories = [summary.story for summary in corpus.stories(limit=30, new_since=added_since)]
    return render(
        request,
        "index.html",
        title="dateline",
        article_count=corpus.count_articles(),
        entities=entities,
        stories=stories,
        story_count=corpus.count_stories(new_since=added_since),
        recent=list(corpus.articles(new.store_filter if new else None, limit=20)),
        new_since=added_since,
        new_count=corpus.count_articles(new.store_filter) if new else None,
    )


@router.get("/search")
async def search(
    request: Request,
    q: Annotated[str, Query(max_length=500)] = "",
    since: SinceQuery = None,
    until: UntilQuery = None,
    source: SourceQuery = None,
    entity: EntityQuery = None,
    category: CategoryQuery = None,
    page: Annotated[int, Query(ge=1, le=500)] = 1,
) -> Response:
    corpus = _corpus(request)
    # a search ranks the latest `ranked` matches: no page, nor link to one, beyond them
    ranked = corpus.search_candidates
    last_page = max(1, -(-ranked // PAGE_SIZE))
    if page > last_page:
        raise HTTPException(
            422,
            f"page: a search ranks the latest {ranked} matches, {last_page} pages; "
            "narrow it by date or source to reach older ones",
        )

    def find(budget: QueryBudget) -> tuple[list[SearchHit], dict[str, str]]:
        filters = make_filters(corpus, since, until, source, None, entity, category)
        if not q.strip():
            return [], {}
        hits = search_page(corpus, q, filters, PAGE_SIZE + 1, (page - 1) * PAGE_SIZE, budget)
        found = (corpus.article(hit.article_id) for hit in hits[:PAGE_SIZE])
        return hits, {article.id: published_shown(article) for article in found if article}

    hits, dates = await run_query(request, find)
    return render(
        request,
        "search.html",
        title=f"search: {q}" if q else "search",
        q=q,
        since=since or "",
        until=until or "",
        source=source or "",
        entity=entity or "",
        category=category or "",
        hits=hits[:PAGE_SIZE],
        dates=dates,
        page=page,
        has_next=len(hits) > PAGE_SIZE and page < last_page,
        ranked_end=page == last_page and bool(hits),
        ranked=ranked,
    )


@router.get("/articles/{article_id}")
def article(request: Request, article_id: str) -> Response:
    corpus = _corpus(request)
    found = corpus.article(article_id)
    if found is None:
        raise HTTPException(404, f"no article with id {article_id!r}")
    annotations = corpus.annotations(found.id)
    stored = corpus.entity_names([m.entity_id for m in annotations.mentions if m.entity_id])
    names = {}
    for mention in annotations.mentions:
        if mention.entity_id and mention.entity_id not in names:
            names[mention.entity_id] = stored.get(mention.entity_id, mention.text)
    spans = annotation_spans(annotations, entity_href, names)
    story_id = corpus.story_of(found.id)
    return render(
        request,
        "article.html",
        title=found.title or found.id,
        article=found,
        body=mark_text(found.text, spans),
        annotations=annotations,
        entity_names=names,
        story=corpus.story_record(story_id) if story_id else None,
        other_language=in_other_language(found),
        entities_withheld=entities_withheld(found),
    )


@router.get("/entities")
def entities(
    request: Request,
    q: Annotated[str, Query(max_length=300)] = "",
    page: Annotated[int, Query(ge=1, le=1000)] = 1,
) -> Response:
    corpus = _corpus(request)
    start = (page - 1) * 50
    total, shown = corpus.entity_page(None, q or None, 50, start)
    return render(
        request,
        "entities.html",
        title="entities",
        q=q,
        entities=shown,
        article_counts=corpus.article_counts(shown),
        total=total,
        page=page,
        has_next=total > start + 50,
    )


@router.get("/entity")
def entity_by_name(request: Request, name: Annotated[str, Query(max_length=300)] = "") -> Response:
    """Jump to the dossier of the entity a name designates (any spelling seen)."""
    found = _corpus(request).find_entity(name, articles=False)
    if found is None:
        raise HTTPException(404, f"no entity matches {name!r}")
    return RedirectResponse(entity_href(found.id), status_code=303)


@router.get("/entities/{entity_id}")
def dossier(request: Request, entity_id: str) -> Response:
    found = _corpus(request).dossier(entity_id, entity_articles=False)  # a count shows them
    if found is None:
        raise HTTPException(404, f"no entity with id {entity_id!r}")
    return render(
        request,
        "dossier.html",
        title=found.entity.name,
        dossier=found,
        chart=charts.timeline_svg(found.timeline, article_href, width=900, label_chars=40),
    )


@router.get("/entities/{entity_id}/timeline")
def timeline(
    request: Request,
    entity_id: str,
    before: Annotated[str | None, Query(min_length=1, max_length=200)] = None,
) -> Response:
    """The timeline of the entity's latest articles; ``before`` (an article id) pages back."""
    corpus = _corpus(request)
    entity = corpus.entity(entity_id, articles=False)
    if entity is None:
        raise HTTPException(404, f"no entity with id {entity_id!r}")
    try:
        page = corpus.timeline_page(entity.id, before=before)
    except KeyError as exc:
        raise HTTPException(422, f"before: {exc.args[0]}") from exc
    older = None
    if page.next_before is not None:
        older = f"{entity_href(entity.id)}/timeline?before={quote(page.next_before, safe='')}"
    return render(
        request,
        "timeline.html",
        title=f"timeline: {entity.name}",
        entity=entity,
        points=page.points,
        paged=before is not None,
        older=older,
        chart=charts.timeline_svg(page.points, article_href, width=1100, label_chars=60),
    )


@router.get("/stories")
def stories(request: Request, page: Annotated[int, Query(ge=1, le=1000)] = 1) -> Response:
    corpus = _corpus(request)
    start = (page - 1) * STORIES_PER_PAGE
    found = [s.story for s in corpus.stories(limit=STORIES_PER_PAGE, offset=start)]
    total = corpus.count_stories()
    return render(
        request,
        "stories.html",
        title="stories",
        stories=found,
        total=total,
        page=page,
        has_next=total > start + STORIES_PER_PAGE,
    )


@router.get("/stories/{story_id}")
def story(request: Request, story_id: str) -> Response:
    view = _corpus(request).story_view(story_id)
    if view is None:
        raise HTTPException(404, f"no story with id {story_id!r}")
    return render(
        request,
        "story.html",
        title=view.story.title or view.story.id,
        view=view,
        chart=charts.timeline_svg(view.timeline, article_href, width=900, label_chars=40),
    )


@router.get("/graph")
def graph(request: Request, limit: Annotated[int, Query(ge=2, le=120)] = 40) -> Response:
    found = _corpus(request).graph(limit)
    return render(
        request,
        "graph.html",
        title="who appears with whom",
        graph=found,
        chart=charts.graph_svg(found, entity_href),
        limit=limit,
    )


@router.get("/upload")
def upload_form(request: Request) -> Response:
    return render(
        request,
        "upload.html",
        title="add articles",
        result=None,
        error=None,
    )


@router.post("/upload")
async def upload(request: Request, files: Annotated[list[UploadFile], File()]) -> Response:
    settings = request.app.state.settings
    try:
        result = await ingest_uploads(_corpus(request), files, settings.max_upload_bytes, True)
    except UploadError as exc:
        return render(
            request,
            "upload.html",
            exc.status,
            title="add articles",
            result=None,
            error=str(exc),
        )
    return render(
        request,
        "upload.html",
        title="add articles",
        result=result,
        error=None,
    )
