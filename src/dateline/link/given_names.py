"""Familiar forms of common given names ("Fritz" for "Frederick", "Bill" for "William").

A person asked for by the full given name is often written with a familiar one (and the other
way round); no spelling rule relates "Bill" to "William", so the common English (and a few
German) pairs are listed here.
"""

from __future__ import annotations

from typing import Final

FAMILIAR_FORMS: Final[dict[str, frozenset[str]]] = {
    name: frozenset(forms.split())
    for name, forms in {
        "alexander": "alex sandy sasha", "andrew": "andy drew", "anthony": "tony",
        "benjamin": "ben benny", "charles": "charlie chuck chas", "christopher": "chris kit",
        "daniel": "dan danny", "david": "dave davy", "edward": "ed eddie ted ned",
        "elizabeth": "liz beth betty eliza lisa", "frederick": "fred freddie fritz",
        "friedrich": "fritz", "gregory": "greg", "henry": "harry hank", "james": "jim jimmy jamie",
        "jennifer": "jen jenny", "john": "jack johnny", "jonathan": "jon", "joseph": "joe joey",
        "katherine": "kate kathy katie", "catherine": "cathy kate", "kenneth": "ken kenny",
        "lawrence": "larry", "margaret": "maggie meg peggy", "matthew": "matt",
        "michael": "mike mick mickey", "nicholas": "nick nicky", "patricia": "pat patty trish",
        "patrick": "pat paddy", "peter": "pete", "philip": "phil", "richard": "rick dick rich",
        "robert": "bob bobby rob robbie bert", "ronald": "ron ronnie", "samuel": "sam",
        "stephen": "steve", "steven": "steve", "susan": "sue susie", "thomas": "tom tommy",
        "timothy": "tim", "victoria": "vicky", "walter": "walt", "william": "bill will billy",
    }.items()
}  # fmt: skip


def same_given_name(a: str, b: str) -> bool:
    """Whether two given names (lower case) name one person's: equal, or one is a familiar
    form of the other ("fritz", "frederick")."""
    return a == b or b in FAMILIAR_FORMS.get(a, frozenset()) or a in FAMILIAR_FORMS.get(b, ())
