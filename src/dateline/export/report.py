"""A self-contained HTML report (one file, opens offline) on a corpus, an entity or a story.

The page carries its own CSS and SVG charts, links only within itself, and declares a
Content-Security-Policy that allows no script at all. Article text is escaped by Jinja2's
autoescape and by the chart and markup helpers, which escape every piece before wrapping it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from dateline.present import charts
from dateline.present.safe_html import display
from dateline.query.articles import ArticleRef
from dateline.query.dates import published_shown
from dateline.query.dossier import RELATED_SHOWN, build_dossier
from dateline.query.graph import cooccurrence_graph
from dateline.query.points import corpus_timeline
from dateline.query.quotes import quotes_of
from dateline.query.stories import story_view
from dateline.store.interface import Store

TEMPLATES_DIR = Path(__file__).parent / "templates"
STYLE_SHEET = Path(__file__).resolve().parents[1] / "serve" / "static" / "style.css"


def _anchor(prefix: str) -> Callable[[str], str]:
    return lambda item_id: f"#{prefix}-{item_id}"


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(default=True, default_for_string=True),
        finalize=display,
    )
    env.globals.update(
        article_href=_anchor("article"), entity_href=_anchor("entity"), story_href=_anchor("story")
    )
    env.filters["dated"] = published_shown
    return env


_article_href = _anchor("article")
_entity_href = _anchor("entity")


def _cited(refs: list[ArticleRef]) -> list[ArticleRef]:
    """Each cited article once, oldest first."""
    unique = {ref.id: ref for ref in refs}
    return sorted(unique.values(), key=lambda r: (r.published or "", r.id))


def render_report(
    store: Store, *, entity_id: str | None = None, story_id: str | None = None
) -> str:
    """The report's HTML. Raises ``KeyError`` for an unknown entity or story."""
    env = _environment()
    template = env.get_template("report.html")
    generated = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    style = Markup(STYLE_SHEET.read_text(encoding="utf-8").replace("</", "<\\/"))
    if entity_id is not None:
        dossier = build_dossier(store, entity_id, co_occurring_limit=RELATED_SHOWN)
        cited = _cited(
            [
                *dossier.articles,
                *(q.article for q in dossier.quotes),
                *(p.article for p in dossier.timeline),
            ]
        )
        return template.render(
            kind="entity",
            title=dossier.entity.name,
            generated=generated,
            style=style,
            dossier=dossier,
            chart=charts.timeline_svg(dossier.timeline, _article_href, width=1000),
            cited=cited,
        )
    if story_id is not None:
        view = story_view(store, story_id)
        if view is None:
            raise KeyError(f"no story with id {story_id!r}")
        return template.render(
            kind="story",
            title=view.story.title or view.story.id,
            generated=generated,
            style=style,
            view=view,
            chart=charts.timeline_svg(view.timeline, _article_href, width=1000),
            cited=_cited(list(view.articles)),
        )
    graph = cooccurrence_graph(store, limit=30)
    entities = [node.entity for node in graph.nodes]
    speakers: Counter[str] = Counter(q.speaker_id for q in store.iter_quotes() if q.speaker_id)
    quoted = []
    for speaker_id, count in speakers.most_common(8):
        entity = store.get_entity(speaker_id)
        if entity is not None:
            quoted.append((entity, count, quotes_of(store, speaker_id, limit=3)))
    timeline = corpus_timeline(store, limit=300)
    stories = list(store.iter_stories())
    cited = _cited(
        [*(p.article for p in timeline), *(q.article for _, _, qs in quoted for q in qs)]
    )
    return template.render(
        kind="corpus",
        title="Corpus report",
        generated=generated,
        style=style,
        article_count=store.count_articles(),
        entities=entities,
        stories=stories,
        quoted=quoted,
        graph_chart=charts.graph_svg(graph, _entity_href),
        chart=charts.timeline_svg(timeline, _article_href, width=1000),
        cited=cited,
    )


def write_report(
    store: Store, path: Path, *, entity_id: str | None = None, story_id: str | None = None
) -> Path:
    """Write the report to ``path`` (one HTML file); returns the path."""
    path.write_text(render_report(store, entity_id=entity_id, story_id=story_id), encoding="utf-8")
    return path
