"""Products named by a maker and a model designator: "Airbus A380", "Boeing 787 Dreamliner",
"iPhone 4". The model often splits them into the company plus a number, or misses them; the
product is its own entity, never the company's name.

A designator is a short token with a digit, letters allowed around it ("A380", "3G", "X5",
"787"). Precision first: years and decades, numbers inside a date, money, percent or
quantity, numbers with a unit glued on ("5pm", "10bn", "2nd"), numbers followed by a unit,
another number or a plural noun, and scores ("2-1") are not models;
a one- or two-digit designator ("iPhone 4") counts only when the whole name is repeated.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from dateline.annotate.offsets import (
    capitalised_words_outside_entities,
    document_text,
    indices_with,
)

DESIGNATOR = re.compile(r"^[A-Za-z]{0,3}\d{1,4}[A-Za-z]{0,3}$")
YEAR_OR_DECADE = re.compile(r"^(\d{4}s?|\d{2}s)$")  # "2008", "1990s", "80s"
UNIT_SUFFIX = re.compile(r"^\d+[a-z]+$")  # "5pm", "10bn", "2nd": a time, amount or rank
PLURAL_MODEL = re.compile(r"^(.*\d)s$")  # "A380s", "787s"
# a model named with no maker: one capital and three digits ("A380", "A320s"), a form few
# other things take (a road is "M25", a plane "B-52", a summit "G20")
STANDALONE_MODEL = re.compile(r"^[A-Z]\d{3}s?$")
# the shapes of the words it matches ("A380", "A380s"): only these are read as tokens
MODEL_SHAPES = ("Xddd", "Xdddx")
NOT_MODEL_ENTITIES = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"})
MAKER_LABELS = frozenset({"ORG", "PERSON", "PRODUCT"})
UNIT_WORDS = frozenset({"%", "percent", "per", "million", "billion", "trillion", "thousand"})
SCORE_DASHES = frozenset({"-", "–", "—", ":"})
MIN_VARIANT_SIDE = 3
LONE_DESIGNATOR_LEADS = frozenset({"the", "a", "an", "its", "their", "his", "her", "our"})


def designator_end(doc: Doc, index: int) -> int | None:
    """The end of a model designator starting at ``index`` ("A380"; "3" + "G" glued), or None."""
    end = index
    while end < len(doc) and (end == index or doc[end - 1].whitespace_ == ""):
        if not doc[end].text.isalnum():
            break
        end += 1
    if end == index:
        return None
    text = "".join(token.text for token in doc[index:end])
    if not DESIGNATOR.match(text) or doc[index].ent_type_ in NOT_MODEL_ENTITIES:
        return None
    if YEAR_OR_DECADE.match(text) or (UNIT_SUFFIX.match(text) and not PLURAL_MODEL.match(text)):
        return None
    if is_variant_suffix(doc, end, text):
        text = doc[index : end + 2].text
        end += 2  # "737-800", "777-200LR": a variant of the model, not a score
    if end < len(doc):
        following = doc[end]
        if following.text.lower() in UNIT_WORDS or following.like_num:
            return None
        if following.text in SCORE_DASHES and end + 1 < len(doc) and doc[end + 1].like_num:
            return None
        if (
            text.isdigit()
            and following.is_lower
            and following.text.endswith("s")
            and not following.is_stop
        ):
            return None  # "Boeing 300 jobs": a count of things

    return end


def is_variant_suffix(doc: Doc, index: int, designator: str) -> bool:
    """Whether a dash glued to a designator of three or more characters and another one
    follow at ``index`` ("737" + "-800"); a score ("2-1") has shorter sides."""
    if index + 1 >= len(doc) or len(designator) < MIN_VARIANT_SIDE:
        return False
    dash, variant = doc[index], doc[index + 1]
    return (
        dash.text in ("-", "–")
        and not doc[index - 1].whitespace_
        and not dash.whitespace_
        and len(variant.text) >= MIN_VARIANT_SIDE
        and DESIGNATOR.match(variant.text) is not None
        and not YEAR_OR_DECADE.match(variant.text)
    )


SENTENCE_ENDS = frozenset({".", "!", "?", ":", '"', "“", "”", "'", "(", "-", "—", "–"})


def starts_sentence(token: Token) -> bool:
    """Whether a token opens a sentence or line (the pipeline may have no parser)."""
    if token.i == 0:
        return True
    before = token.doc[token.i - 1]
    return before.text in SENTENCE_ENDS or "\n" in before.text_with_ws


def is_untagged_maker(token: Token) -> bool:
    """A capitalised word outside any entity ("iPhone", "Dreamliner"); at a sentence's start
    only with a capital inside it, since any word is capitalised there."""
    if token.ent_type_ != "" or not token.is_alpha or token.is_stop or token.is_lower:
        return False
    if token.text.isupper() and len(token.text) <= 1:
        return False
    if any(ch.isupper() for ch in token.text[1:]):
        return True
    return token.text[0].isupper() and not starts_sentence(token)


def product_spans(doc: Doc, names: list[tuple[int, int, str | None]]) -> list[tuple[int, int, int]]:
    """Products as ``(start, maker end, end)`` token indices: a name (``(start, end, label)``,
    or an untagged capitalised word) directly followed by a designator, and a capitalised
    model word after it when the whole repeats."""
    starts: dict[int, tuple[int, str | None]] = {s: (e, label) for s, e, label in names}
    taken = {i for s, e, _ in names for i in range(s, e)}
    # only these can be untagged makers: the others are never read as tokens
    for index in capitalised_words_outside_entities(doc):
        if index not in taken and is_untagged_maker(doc[index]):
            starts[index] = (index + 1, None)
    spans = []
    for start, (end, label) in sorted(starts.items()):
        if label is not None and label not in MAKER_LABELS:
            continue
        if label == "PERSON" and end - start > 1:
            continue  # "Tony Blair 2" is no product
        if any(any(ch.isdigit() for ch in doc[i].text) for i in range(start, end)):
            continue  # already carries a number ("Chelsea 2 Arsenal 1")
        if start > 0 and doc[start - 1].tag_ == "$":
            continue
        stop = designator_end(doc, end)
        if stop is None:
            continue
        whole = doc[start:stop].text
        designator = "".join(token.text for token in doc[end:stop])
        if designator.isdigit() and len(designator) <= 2 and document_text(doc).count(whole) < 2:
            continue  # "Apple 4" once is more likely a score or a count
        if (
            stop < len(doc)
            and is_untagged_maker(doc[stop])
            and not starts_sentence(doc[stop])
            and document_text(doc).count(doc[start : stop + 1].text) >= 2
        ):
            stop += 1  # "Boeing 787 Dreamliner", named so more than once
        spans.append((start, end, stop))
    return spans


def lone_designators(doc: Doc, products: list[tuple[int, int, int]]) -> list[tuple[int, int]]:
    """Later mentions of a product by its designator alone ("the A380" after "Airbus A380").

    A designator that two makers share, or a bare number without a determiner before it,
    is left alone."""
    first_seen: dict[str, int] = {}
    maker_names: dict[str, set[str]] = {}
    for start, end, _ in products:
        stop = designator_end(doc, end)
        if stop is None:
            continue
        text = model_singular("".join(token.text for token in doc[end:stop]))
        first_seen[text] = min(first_seen.get(text, start), start)
        maker_names.setdefault(text, set()).add(doc[start:end].text.lower())
    inside = {i for s, _, e in products for i in range(s, e)}
    found = []
    for text, first in first_seen.items():
        if len(maker_names[text]) > 1:
            continue
        for token in doc[first + 1 :]:
            if token.i in inside or token.text[:1] != text[:1]:
                continue
            stop = designator_end(doc, token.i)
            if stop is None or model_singular("".join(t.text for t in doc[token.i : stop])) != text:
                continue
            before = doc[token.i - 1]
            if is_untagged_maker(before) or before.ent_type_:
                continue  # another maker's model
            if text.isdigit() and (
                token.i == 0 or doc[token.i - 1].text.lower() not in LONE_DESIGNATOR_LEADS
            ):
                continue
            found.append((token.i, stop))
    return found


def model_singular(part: str) -> str:
    """A model designator without a plural "s": "A380s" -> "A380" ("the airline's 787s")."""
    plural = PLURAL_MODEL.match(part)
    return plural.group(1) if plural else part


def standalone_models(doc: Doc, taken: set[int]) -> list[tuple[int, int]]:
    """Model designators named without their maker ("The first A380 prototype"), outside the
    tokens in ``taken`` and outside dates, amounts and the like."""
    return [
        (index, index + 1)
        for index in indices_with(doc, shapes=MODEL_SHAPES)
        if index not in taken
        and STANDALONE_MODEL.match(doc[index].text)
        and doc[index].ent_type_ not in NOT_MODEL_ENTITIES
    ]
