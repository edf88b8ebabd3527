"""Parses written out by hand, for tests of what a rule makes of a given (mis)parse."""

from __future__ import annotations

from dataclasses import dataclass

import spacy
from spacy.tokens import Doc


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    tag: str
    pos: str
    dep: str
    head: int  # index of the head word (itself for the root)
    ent: str = "O"


def hand_parse(words: list[Word]) -> tuple[Doc, str]:
    doc = Doc(
        spacy.blank("en").vocab,
        words=[w.text for w in words],
        tags=[w.tag for w in words],
        pos=[w.pos for w in words],
        deps=[w.dep for w in words],
        heads=[w.head for w in words],
        ents=[w.ent for w in words],
    )
    return doc, doc.text


def span_of(text: str, expression: str) -> tuple[int, int]:
    start = text.index(expression)
    return start, start + len(expression)
