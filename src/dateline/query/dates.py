"""How a date shown to a person was obtained, in words: every view says when it had to guess."""

from __future__ import annotations

TEXT_BASIS_WORDS = {
    "stated": "stated in the text",
    "resolved": "resolved from the article date",
    "inferred": "resolved from an inferred article date",
}


def describe_published(
    basis: str | None,
    confidence: float | None = None,
    date_range: tuple[str, str] | None = None,
) -> str:
    """An article date's basis: "metadata", "from a date line", "inferred, 60% sure, …"."""
    if basis == "text":
        return "from a date line"
    if basis == "user":
        return "given by the user"
    if basis != "inferred":
        return basis or "undated"
    words = "inferred"
    if confidence is not None:
        words += f", {confidence:.0%} sure"
    if date_range is not None:
        words += f", between {date_range[0]} and {date_range[1]}"
    return words


def describe_date_basis(
    basis: str,
    article_basis: str | None = None,
    article_confidence: float | None = None,
) -> str:
    """A timeline date's basis; an event dated by its article says how the article was dated."""
    if basis == "article":
        if article_basis is None:
            return "article date"
        return "article date, " + describe_published(article_basis, article_confidence)
    return TEXT_BASIS_WORDS.get(basis, basis)
