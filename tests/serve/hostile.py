"""A small corpus whose every field is an attack: script tags, attribute breakouts, markers.

Built by hand through the store interface (no model needed), so the escaping tests run
whatever stage modules are installed.
"""

from __future__ import annotations

from pathlib import Path

from dateline.api import Corpus, open_corpus
from dateline.records import Annotations, Article, Entity, Event, Mention, Quote, Story, TimeExpr
from dateline.store.interface import HIT_END, HIT_START

SCRIPT = "<script>alert('xss')</script>"
IMG = '<img src=x onerror="alert(1)">'
BREAKOUT = '"><svg onload=alert(2)>'
HOSTILE_NAME = f"Evil {IMG} Corp"
HOSTILE_PERSON = f"Mallory {SCRIPT}"
ARTICLE_ID = "badc0ffee0000001"
PERSON_ID = "Ehostileperson01"
ORG_ID = "Ehostileorg00001"
STORY_ID = "Shostilestory001"

TITLE = f"Breaking {SCRIPT} news {BREAKOUT}"
TEXT = (
    f"Mallory {SCRIPT} said on 2019-04-25 that “the {IMG} plan works”. "
    f"Evil {IMG} Corp denied it {HIT_START}twice{HIT_END} and {HIT_END}stray markers{HIT_START}. "
    "A javascript:alert(3) link and &lt;escaped&gt; entities & ampersands stay text."
)

#: Strings that must never appear unescaped in any page or report.
RAW_ATTACKS = (SCRIPT, IMG, BREAKOUT, "<svg onload", 'onerror="alert')


def _span(text: str) -> tuple[int, int]:
    start = TEXT.index(text)
    return start, start + len(text)


def build_hostile_corpus(path: Path) -> Corpus:
    corpus = open_corpus(path)
    article = Article(
        id=ARTICLE_ID,
        text=TEXT,
        title=TITLE,
        url=f"javascript:alert(4)//{BREAKOUT}",
        source=f"The {SCRIPT} Times",
        author=IMG,
        categories=(f"cat{SCRIPT}",),
        published="2019-04-25",
        published_basis="metadata",
        language="en",
    )
    corpus.store.add_articles([article])
    person_start, person_end = _span(f"Mallory {SCRIPT}")
    org_start, org_end = _span(f"Evil {IMG} Corp")
    quote_start, quote_end = _span(f"the {IMG} plan works")
    time_start, time_end = _span("2019-04-25")
    trigger_start, trigger_end = _span("denied")
    corpus.store.put_annotations(
        [
            Annotations(
                article_id=ARTICLE_ID,
                mentions=(
                    Mention(
                        ARTICLE_ID,
                        person_start,
                        person_end,
                        TEXT[person_start:person_end],
                        "PERSON",
                        canonical=HOSTILE_PERSON,
                    ),
                    Mention(
                        ARTICLE_ID,
                        org_start,
                        org_end,
                        TEXT[org_start:org_end],
                        "ORG",
                        canonical=HOSTILE_NAME,
                    ),
                ),
                times=(
                    TimeExpr(
                        ARTICLE_ID,
                        time_start,
                        time_end,
                        "2019-04-25",
                        "DATE",
                        f"2019-04-25{SCRIPT}",
                    ),
                ),
                quotes=(
                    Quote(
                        ARTICLE_ID,
                        quote_start,
                        quote_end,
                        TEXT[quote_start:quote_end],
                        "direct",
                        cue="said",
                        speaker_start=person_start,
                        speaker_end=person_end,
                        speaker_text=TEXT[person_start:person_end],
                    ),
                ),
                events=(
                    Event(
                        f"ev{ARTICLE_ID}",
                        ARTICLE_ID,
                        trigger_start,
                        trigger_end,
                        "denied",
                        f"deny{SCRIPT}",
                        when="2019-04-25",
                        sentence=TEXT[org_start : trigger_end + 10],
                        actor_spans=((org_start, org_end),),
                        target_spans=((person_start, person_end),),
                    ),
                ),
            )
        ]
    )
    entities = [
        Entity(
            PERSON_ID,
            HOSTILE_PERSON,
            "PERSON",
            ((HOSTILE_PERSON, 1),),
            (f"spokes{BREAKOUT}man",),
            (ARTICLE_ID,),
        ),
        Entity(ORG_ID, HOSTILE_NAME, "ORG", ((HOSTILE_NAME, 1),), (), (ARTICLE_ID,)),
    ]
    corpus.store.replace_entities(
        entities,
        [
            (ARTICLE_ID, person_start, person_end, PERSON_ID),
            (ARTICLE_ID, org_start, org_end, ORG_ID),
        ],
    )
    corpus.store.replace_stories(
        [
            Story(
                STORY_ID,
                f"Story {SCRIPT}",
                (ARTICLE_ID,),
                "2019-04-25",
                "2019-04-25",
                f"thread{BREAKOUT}",
            )
        ]
    )
    return corpus
