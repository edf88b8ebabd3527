"""Surnames that millions of people share, so that one of them alone names no one person.

A lone "Wang" in one report and a lone "Wang" in another are two people until something
says otherwise: a fifth of China's people share its ten commonest surnames, half of Korea's
its three commonest, four in ten of Vietnam's "Nguyen". The same name alone in two articles
(the link's first pass joins equal names) is therefore no evidence here, and a lone name
from this list is linked within its own article only; it may still join a full name by the
short-form pass (:func:`dateline.link.aliases.abbreviates`), which needs shared context and
lets no tie decide. Listed: the commonest surnames of the largest naming traditions in
wire copy, as romanised there, leaving out those that are also common words or names of
other things a recogniser tags ("Song", "King", "Green", "Suzuki").
"""

from __future__ import annotations

from typing import Final

from dateline.link.names import name_key, split_honorific

#: by naming tradition, as wire copy romanises them
SURNAMES_BY_TRADITION: Final[dict[str, str]] = {
    "Chinese": (
        "wang li zhang liu chen yang huang zhao wu zhou xu zhu hu guo lin gao luo zheng "
        "liang xie tang feng deng cao peng zeng xiao tian dong pan yuan cai jiang du ye cheng "
        "wei su lu ding ren shen yao cui zhong tan fan jin shi liao jia xia fu fang zou xiong "
        "qin qiu hou yin xue yan duan lei mao hao gu gong shao qian kong"
    ),
    "Korean": (
        "kim lee yi park pak choi choe jung jeong chung kang cho jo yoon yun jang chang lim im "
        "han oh seo shin kwon hwang ahn yoo hong ko bae baek nam"
    ),
    "Vietnamese": "nguyen tran le pham hoang huynh phan vu vo dang bui ngo duong",
    "South Asian": "singh kumar sharma patel gupta khan das reddy rao",
    "English": (
        "smith jones williams brown taylor davies wilson evans johnson roberts miller davis "
        "moore anderson jackson thompson robinson lewis walker"
    ),
    "Spanish": (
        "garcia rodriguez martinez hernandez lopez gonzalez perez sanchez ramirez gomez diaz "
        "fernandez"
    ),
    "Portuguese": "santos silva oliveira souza sousa pereira ferreira",
    "German": "mueller muller schmidt schneider fischer weber meyer wagner becker",
    "Japanese": "sato takahashi tanaka watanabe yamamoto nakamura kobayashi",
    "Russian": "ivanov smirnov kuznetsov popov petrov",
    "Turkish": "yilmaz kaya demir",
}

SHARED_SURNAMES: Final[frozenset[str]] = frozenset(
    name for names in SURNAMES_BY_TRADITION.values() for name in names.split()
)

#: the labels under which a lone surname is a person's (the model often calls it an
#: organisation or a place); as a people's name ("Han" Chinese) it is not one
PERSON_LIKE_LABELS: Final[frozenset[str]] = frozenset({"PERSON", "ORG", "PLACE"})


def is_shared_surname(name: str, label: str) -> bool:
    """Whether ``name`` (a title before it aside) is one surname of :data:`SHARED_SURNAMES`
    written alone, under a label a person's name may have."""
    return label in PERSON_LIKE_LABELS and name_key(split_honorific(name)[1]) in SHARED_SURNAMES


def block_key(article_id: str, name: str, label: str) -> str:
    """The key of the block of local entities a mention's name belongs to: its name key, or
    for a shared surname alone that key within its article (``"wang@<article id>"``), so
    that equal names join across articles only where the name says who is meant."""
    key = name_key(name)
    if key.rpartition(" ")[2] in SHARED_SURNAMES and is_shared_surname(name, label):
        return f"{key}@{article_id}"
    return key
