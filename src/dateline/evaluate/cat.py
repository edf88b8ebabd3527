"""Read CAT XML documents (the MEANTIME / SemEval-2015 TimeLine token format).

A CAT file holds ``<token t_id sentence number>`` elements and a ``<Markables>`` block whose
``TIMEX3`` with ``functionInDocument="CREATION_TIME"`` gives the document creation time (DCT).
Only the raw layer (tokens and DCT) is read: the SemEval Track A input has nothing else.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

_DAY_FIRST = re.compile(r"^(\d{2})-(\d{2})-(\d{4})$")


class CatFormatError(ValueError):
    """A CAT file that cannot be read as tokens plus a creation time."""


@dataclass(frozen=True, slots=True)
class CatToken:
    """One token: its id, the sentence it is in (0 = the title) and its text."""

    t_id: int
    sentence: int
    text: str


@dataclass(frozen=True, slots=True)
class CatDocument:
    """One tokenised document with its creation date (``YYYY-MM-DD``) when it has one."""

    doc_id: str
    name: str
    url: str
    tokens: tuple[CatToken, ...]
    dct: str | None


def normalise_dct(value: str) -> str | None:
    """``YYYY-MM-DD`` for a creation-time value; day-first ``DD-MM-YYYY`` is turned round.

    One SemEval file writes its DCT as ``03-02-2009`` (3 February 2009).
    """
    text = value.strip()
    match = _DAY_FIRST.match(text)
    if match:
        text = f"{match.group(3)}-{match.group(2)}-{match.group(1)}"
    try:
        return dt.date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        return None


def parse_cat(source: str | bytes, name: str = "") -> CatDocument:
    """Parse one CAT XML document; raises :class:`CatFormatError` on malformed input."""
    try:
        root = ElementTree.fromstring(source)
    except ElementTree.ParseError as exc:
        raise CatFormatError(f"{name or 'CAT document'}: not well-formed XML ({exc})") from exc
    if root.tag != "Document":
        raise CatFormatError(f"{name or 'CAT document'}: root is <{root.tag}>, not <Document>")
    tokens: list[CatToken] = []
    for element in root.iter("token"):
        try:
            tokens.append(
                CatToken(
                    int(element.get("t_id", "")),
                    int(element.get("sentence", "")),
                    element.text or "",
                )
            )
        except ValueError as exc:
            raise CatFormatError(f"{name}: token without a numeric t_id/sentence") from exc
    dct: str | None = None
    for timex in root.iter("TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME":
            dct = normalise_dct(timex.get("value", ""))
            break
    return CatDocument(
        doc_id=root.get("doc_id", "") or name,
        name=root.get("doc_name", ""),
        url=root.get("src_url", ""),
        tokens=tuple(sorted(tokens, key=lambda token: token.t_id)),
        dct=dct,
    )


def read_cat(path: Path) -> CatDocument:
    return parse_cat(path.read_bytes(), path.name)


def iter_cat(directory: Path) -> Iterator[CatDocument]:
    """Every ``*.xml`` CAT document in a directory, in file-name order."""
    for path in sorted(directory.glob("*.xml")):
        yield read_cat(path)


# -- tokens <-> running text ------------------------------------------------------------------
_NO_SPACE_BEFORE = frozenset(
    {
        ",",
        ".",
        ";",
        ":",
        "!",
        "?",
        ")",
        "]",
        "%",
        "''",
        "'s",
        "'",
        "n't",
        "'re",
        "'ve",
        "'ll",
        "'d",
        "'m",
    }
)
_NO_SPACE_AFTER = frozenset({"(", "[", "$", "``"})
_PTB_QUOTES = {"``": '"', "''": '"'}


@dataclass(frozen=True, slots=True)
class DetokenisedText:
    """A document's running text (one paragraph per sentence) and where each token starts."""

    document: CatDocument
    text: str
    starts: tuple[int, ...]

    @property
    def title(self) -> str:
        """Sentence 0, the headline."""
        return self.text.split("\n", 1)[0]

    def token_at(self, offset: int) -> CatToken:
        """The token covering a character offset (or the nearest one before it)."""
        index = max(0, bisect.bisect_right(self.starts, offset) - 1)
        return self.document.tokens[index]

    def sentence_of(self, offset: int) -> int:
        return self.token_at(offset).sentence


def detokenise(document: CatDocument) -> DetokenisedText:
    """Rebuild running text: sentences as paragraphs, no space before ``,`` or ``'s``, and
    PTB quotes (````` ``''``) as ``"``."""
    parts: list[str] = []
    starts: list[int] = []
    length = 0
    previous: CatToken | None = None
    for token in document.tokens:
        if previous is not None:
            if token.sentence != previous.sentence:
                separator = "\n\n"
            elif token.text in _NO_SPACE_BEFORE or previous.text in _NO_SPACE_AFTER:
                separator = ""
            else:
                separator = " "
            parts.append(separator)
            length += len(separator)
        starts.append(length)
        surface = _PTB_QUOTES.get(token.text, token.text)
        parts.append(surface)
        length += len(surface)
        previous = token
    return DetokenisedText(document, "".join(parts), tuple(starts))
