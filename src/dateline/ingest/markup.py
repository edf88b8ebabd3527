"""HTML to text: main-text extraction of whole pages and tag stripping of fragments.

Extraction work is bounded by the size of the markup: trafilatura's fallback extractors
(readability, jusText) cost far more than linear time on pages with many blocks, so pages
over ``FALLBACK_MARKUP`` characters are extracted without them (``fast``), after scripts,
styles and comments are dropped, and pages still over ``MAX_EXTRACT_MARKUP`` are refused
(E123). docs/benchmarks/ingest.md has the time per page against its size.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin

import lxml.etree  # type: ignore[import-untyped]
import lxml.html  # type: ignore[import-untyped]
import trafilatura

from dateline.ingest import errors
from dateline.ingest.errors import IngestError

_BLOCK_TAGS = frozenset(
    (
        *("p", "div", "br", "li", "ul", "ol", "dd", "dt", "pre", "tr", "table", "blockquote"),
        *("h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "header", "footer"),
        *("figure", "figcaption"),
    )
)
_DROPPED_TAGS = ("script", "style", "noscript", "template", "iframe", "object", "embed")
_DATE_PARAMS = {"extensive_search": False, "original_date": True}
#: characters of markup above which trafilatura runs without its fallback extractors
FALLBACK_MARKUP = 128 * 1024
#: characters of markup (scripts, styles and comments dropped) above which a page is refused
MAX_EXTRACT_MARKUP = 2 * 1024 * 1024
# Elements whose content is never article text; JSON-LD scripts are kept (page metadata).
_INERT_START = re.compile(r"<!--|<(?P<name>script|style|svg)\b[^>]*>?", re.IGNORECASE)
_INERT_END = {
    "": re.compile("-->"),
    **{name: re.compile(rf"</{name}\s*>", re.IGNORECASE) for name in ("script", "style", "svg")},
}
#: meta tags (property, name or itemprop, lower case) that declare when a page was published
_DATE_META = frozenset(
    (
        *("article:published_time", "og:published_time", "datepublished", "pubdate"),
        *("publishdate", "publish-date", "published_time", "dc.date", "dc.date.issued"),
        *("dcterms.created", "dcterms.issued", "sailthru.date", "parsely-pub-date"),
        *("article.published", "originalpublicationdate", "date"),
    )
)


@dataclass(frozen=True, slots=True)
class PageExtract:
    """The main text of an HTML page and the metadata found in its markup."""

    text: str
    title: str = ""
    url: str | None = None
    author: str | None = None
    sitename: str | None = None
    date: str | None = None
    declared_date: str | None = None
    language: str | None = None
    categories: tuple[str, ...] = ()


def fragment_to_text(html: str) -> str:
    """Strip tags from an HTML fragment (a feed item's content), one paragraph per block."""
    if "<" not in html:
        return html
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return html
    for element in root.iter(*_DROPPED_TAGS):
        element.drop_tree()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag in _BLOCK_TAGS:
            element.tail = "\n\n" + (element.tail or "")
    text: str = root.text_content()
    return text


def drop_inert_markup(html: str) -> str:
    """``html`` without comments, scripts (JSON-LD kept), styles and inline SVG, in linear time.

    An element left open runs to the end of the page, as a browser reads it.
    """
    kept: list[str] = []
    position = 0
    while match := _INERT_START.search(html, position):
        opening = match.group()
        kept.append(html[position : match.start()])
        if "ld+json" in opening.lower():
            kept.append(opening)
            position = match.end()
            continue
        closing = _INERT_END[(match["name"] or "").lower()].search(html, match.end())
        if closing is None:
            return "".join(kept)
        position = closing.end()
    kept.append(html[position:])
    return "".join(kept)


def _declared_date(root: lxml.html.HtmlElement) -> str | None:
    """The publication date a page's meta tags declare, as written."""
    for element in root.iter("meta"):
        key = element.get("property") or element.get("name") or element.get("itemprop") or ""
        if key.strip().lower() in _DATE_META and (element.get("content") or "").strip():
            return str(element.get("content")).strip()
    return None


def _page_hints(html: str, base_url: str | None) -> tuple[str | None, str | None, str | None]:
    """The canonical link, the ``<html lang>`` and the declared date of a page, if any."""
    try:
        root = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return None, None, None
    canonical = None
    for href in root.xpath("//link[@rel='canonical']/@href"):
        if str(href).strip():
            canonical = urljoin(base_url, str(href).strip()) if base_url else str(href).strip()
            break
    lang = root.get("lang") or root.get("xml:lang")
    return canonical, (lang.strip() or None) if lang else None, _declared_date(root)


def extract_page(html: str, url: str | None = None) -> PageExtract | None:
    """Main text and metadata of a page (trafilatura), or None when it has no main text.

    The url is the page's canonical link, else its og:url, else ``url``. The date comes from
    the page's metadata only (htmldate without searching the text). Raises IngestError (E123)
    for a page over the extraction bound (see the module).
    """
    if len(html) > FALLBACK_MARKUP:
        html = drop_inert_markup(html)
    if len(html) > MAX_EXTRACT_MARKUP:
        reason = (
            f"page has {len(html):,} characters of markup without scripts and styles, over "
            f"the extraction bound of {MAX_EXTRACT_MARKUP:,}"
        )
        raise IngestError(errors.PAGE_TOO_COSTLY, reason)
    extracted = trafilatura.bare_extraction(
        html,
        url=url,
        fast=len(html) > FALLBACK_MARKUP,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        date_extraction_params=_DATE_PARAMS,
    )
    if extracted is None:
        return None
    document = extracted if isinstance(extracted, dict) else extracted.as_dict()
    if not str(document.get("text") or "").strip():
        return None
    canonical, lang, declared = _page_hints(html, url)  # the page's markup, bounded as above
    found = document.get("categories") or []
    categories = tuple(str(c).strip() for c in found if str(c).strip())
    return PageExtract(
        text=str(document["text"]),
        title=str(document.get("title") or ""),
        url=canonical or document.get("url") or url,
        author=document.get("author") or None,
        sitename=document.get("sitename") or None,
        date=document.get("date") or None,
        declared_date=declared,
        language=lang,
        categories=categories,
    )
