"""Names the recogniser cuts at a lower-case particle: "Jose Eduardo | dos | Santos",
"Mar | del | Plata", "Mr de | Larosiere".

Portuguese, Spanish, Italian, French, Dutch, German and Arabic names join their parts with a
lower-case word that the recogniser, trained on English, often leaves out, so that one person
becomes two ("Jose Eduardo" and "Santos"), or a surname loses the particle it is written with.
A recognised name followed by a particle and a capitalised word takes both, and the name
those start, if any; a name after an honorific and a particle ("Mr de Larosiere") takes the
particle.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Token

from dateline.link.names import honorific_of

#: particles written in lower case inside a name ("do", "la", "le" and "al" are left out: as
#: English words or in titles they stand before capitalised words that are no name's part)
NAME_PARTICLES = frozenset(
    {"da", "das", "de", "del", "della", "der", "den", "di", "dos", "du", "van", "von", "bin",
     "ibn", "ter"}
)  # fmt: skip
#: two particles that open a name together ("van der Sar", "de la Hoya")
PARTICLE_PAIRS = frozenset(
    {("de", "la"), ("de", "las"), ("de", "los"), ("van", "der"), ("van", "den"), ("von", "der")}
)
#: the recogniser's labels of what may be named with a particle
JOINABLE_LABELS = frozenset({"PERSON", "GPE", "LOC", "FAC", "ORG"})

Span = tuple[int, int, str]


def particles_at(doc: Doc, index: int) -> int:
    """How many tokens from ``index`` are a name particle (0, 1 or a pair's 2)."""
    if index >= len(doc) or doc[index].text not in NAME_PARTICLES:
        return 0
    if index + 1 < len(doc) and (doc[index].text, doc[index + 1].text) in PARTICLE_PAIRS:
        return 2
    return 1


def _name_word(token: Token) -> bool:
    return token.is_alpha and token.text[:1].isupper() and not token.is_upper


def _run_end(doc: Doc, index: int) -> int:
    end = index
    while end < len(doc) and _name_word(doc[end]):
        end += 1
    return end


def joined_at_particles(spans: Sequence[Span], doc: Doc) -> list[Span]:
    """``spans`` (token start, end, label) with each name cut at a particle made whole: the
    particle and the name after it joined to the name before, whether the recogniser left
    the particle out ("Jose Eduardo | dos | Santos"), put it at the end of the first name
    ("Surigao del | Norte") or at the start of the second ("Mar | del Plata")."""
    starting = {start: (start, end, label) for start, end, label in spans}
    taken: set[Span] = set()
    joined: list[Span] = []
    for span in sorted(spans):
        if span in taken:
            continue
        start, end, label = span
        if label in JOINABLE_LABELS:
            if (
                start >= 2
                and particles_at(doc, start - 1) == 1
                and honorific_of(doc[start - 2].text)
            ):
                start -= 1  # "Mr de Larosiere"
            joined_end, following = _joined_end(doc, start, end, starting, taken)
            if following is not None and following[1] - following[0] > end - start:
                label = following[2]  # the longer part was read with more of the name
            end = joined_end
        joined.append((start, end, label))
    return joined


def _joined_end(
    doc: Doc, start: int, end: int, starting: dict[int, Span], taken: set[Span]
) -> tuple[int, Span | None]:
    """Where the name ending at ``end`` ends once joined at a particle, and the recognised
    name it took, if it took one."""
    inside = end
    while inside > start + 1 and doc[inside - 1].text in NAME_PARTICLES:
        inside -= 1  # "Surigao del": the particle ends the name
    after = end if inside < end else end + particles_at(doc, end)
    if after == end == inside or after >= len(doc) or not _name_word(doc[after]):
        return end, None
    if any(doc[i].whitespace_ != " " for i in range(inside - 1, after)):
        return end, None  # a line break or a mark between them: two names
    following = starting.get(end) if after > end else None  # "Mar | del Plata"
    following = following or starting.get(after)  # "Jose Eduardo dos | Santos"
    if following is not None:
        taken.add(following)
        return max(following[1], after + 1), following
    return _run_end(doc, after), None
