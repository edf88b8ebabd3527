"""One raw document to one Article: clean, identify, hash, detect the language."""

from __future__ import annotations

from dateline.ingest import errors
from dateline.ingest.clean import clean_text
from dateline.ingest.errors import IngestError
from dateline.ingest.identity import article_id_from_hash, content_hash
from dateline.ingest.language import detect_language, normalise_language_code
from dateline.ingest.markup import extract_page
from dateline.ingest.options import IngestOptions
from dateline.ingest.raw import RawDocument
from dateline.records import Article


def _merge(first: tuple[str, ...], second: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys((*first, *second)))


def build_article(raw: RawDocument, options: IngestOptions | None = None) -> Article:
    """The cleaned Article of ``raw``; raises IngestError (E114, E141) when no text is left.

    Metadata from the reader wins over what cleaning lifts from the text (a JSON record's
    ``source`` over a byline). A language given in metadata wins over detection and has no
    confidence. ``published`` and its basis and range are what
    :func:`dateline.ingest.dating.date_raw_document` found; a raw document that did not go
    through it keeps a metadata date (``published_basis="metadata"``).
    """
    options = options or IngestOptions()
    text = raw.text
    if not text.strip() and raw.html:
        page = extract_page(raw.html, raw.url)
        text = page.text if page else ""
    if not text.strip():
        raise IngestError(errors.EMPTY_TEXT, "document without text")
    cleaned = clean_text(text, raw.title)
    if not cleaned.text.strip():
        raise IngestError(errors.ONLY_BOILERPLATE, "nothing left after removing boilerplate")
    digest = content_hash(cleaned.text)
    language = normalise_language_code(raw.language)
    confidence = None
    if language is None:
        language, confidence = detect_language(cleaned.text, options.min_language_chars)
    return Article(
        id=article_id_from_hash(digest),
        text=cleaned.text,
        title=cleaned.title,
        url=raw.url,
        path=raw.path,
        source=raw.source or cleaned.source,
        author=raw.author or cleaned.author,
        categories=_merge(raw.categories, cleaned.categories),
        published=raw.published,
        published_basis=raw.published_basis or ("metadata" if raw.published else None),
        published_range=raw.published_range,
        language=language,
        language_confidence=confidence,
        content_hash=digest,
        input_format=raw.input_format,
        removed=cleaned.removed,
    )
