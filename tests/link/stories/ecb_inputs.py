"""ECB+ documents as story-clusterer inputs, for the tests of the story passes themselves.

The passes (:mod:`dateline.link.stories.splits`, ``merges``, ``reassign``) are tested on their own,
one at a time, so these tests build :class:`StoryInput` records straight from dateline's
annotators. The benchmark (``dateline evaluate ecbplus``) never does: it runs the whole
product through ``Corpus``.
"""

from __future__ import annotations

from collections.abc import Sequence

from dateline.annotate import DEFAULT_MODEL
from dateline.annotate.entities import extract_mentions
from dateline.annotate.nlp import load_pipeline, parse_texts
from dateline.annotate.time.tagger import tag_times
from dateline.evaluate.ecbplus import EcbDocument
from dateline.link.stories.features import StoryInput
from dateline.records import Article


def story_inputs(documents: Sequence[EcbDocument], model: str = DEFAULT_MODEL) -> list[StoryInput]:
    """Documents as clusterer inputs: entity keys from dateline's entity extraction, the
    dates the text states outright from its time tagger (no reference date), no publication
    date."""
    nlp = load_pipeline(model)
    articles = [
        Article(id=document.name, title=document.title, text=f"{document.title}\n\n{document.text}")
        for document in documents
    ]
    parsed = parse_texts((article.text for article in articles), nlp)
    return [
        StoryInput(
            article_id=document.name,
            title=document.title,
            text=document.text,
            entity_keys=tuple(
                mention.canonical or mention.text for mention in extract_mentions(article, doc)
            ),
            dates=tuple(
                time.value
                for time in tag_times(article.text, None, article.id, doc)
                if time.type == "DATE" and time.basis == "stated"
            ),
        )
        for document, article, doc in zip(documents, articles, parsed, strict=True)
    ]
