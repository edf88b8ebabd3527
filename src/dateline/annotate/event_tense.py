"""Whether an event told as having happened can have happened by the day it was reported.

A time that lies wholly after the article's date cannot date something that has already
happened: either the event lies ahead ("Campaigning ends on May 23", "a hearing on 17
November", "the May 1 general election") or the time belongs to something else in the
clause ("the court adjourned the session until Tuesday", "FIFA has announced World Cup
2014"). Which of the two it is shows in the verb: a past form tells of what is done, so the
time is another's; anything else (a noun, an infinitive, a present tense) tells of what is
to come. Only a firm date of the article says what lies ahead of it: against a guessed one,
a past verb with a later time is evidence that the guess is wrong.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from dateline.records import Article
from dateline.timevalues import calendar_span

if TYPE_CHECKING:  # the redating of a stored article reads this module without spaCy
    from spacy.tokens import Token

#: auxiliaries of a past or perfect verb ("was forecast", "has announced", "had left")
PAST_AUXILIARIES = frozenset({"was", "were", "had", "has", "have", "'ve", "been"})


def report_day(article: Article) -> str | None:
    """The day ``article`` was reported, where it is known rather than guessed."""
    return article.published[:10] if article.published and article.firmly_dated else None


def lies_ahead(when: str | None, published: str | None) -> bool:
    """Whether the time ``when`` starts after the day ``published`` (both ISO values)."""
    if not when or not published:
        return False
    span = calendar_span(when)
    try:
        day = dt.date.fromisoformat(published[:10])
    except ValueError:
        return False
    return span is not None and span[0] > day


def told_as_past(token: Token) -> bool:
    """Whether ``token`` is a verb in a past form: a simple past ("adjourned"), a participle
    with a past or perfect auxiliary ("was forecast", "have been brought"), or a participle
    that modifies a noun ("the summit held on January 9")."""
    if token.pos_ not in ("VERB", "AUX"):
        return False
    if token.tag_ == "VBD":
        return True
    if token.tag_ != "VBN":
        return False
    auxiliaries = [c.lower_ for c in token.children if c.dep_ in ("aux", "auxpass")]
    if auxiliaries:
        return any(word in PAST_AUXILIARIES for word in auxiliaries)
    return token.dep_ == "acl"
