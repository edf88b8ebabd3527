from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from dateline.annotate.entities import extract_mentions
from dateline.annotate.nlp import load_pipeline, parse_texts
from dateline.link.entity_edits import relink
from dateline.query.dossier import build_dossier, find_entity
from dateline.records import Annotations, Article, Entity
from dateline.store.sqlite import SQLiteStore
from tests.conftest import SEED_2014, SEED_2019


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SQLiteStore]:
    db = SQLiteStore(Path(tmp_path_factory.mktemp("dossier")) / "corpus.db")
    articles = [
        Article(
            id=SEED_2014.stem,
            text=SEED_2014.read_text(encoding="utf-8"),
            title="Putin Invites Kim Jong-un to Moscow",
            published="2014-12-19",
            published_basis="metadata",
        ),
        Article(
            id=SEED_2019.stem,
            text=SEED_2019.read_text(encoding="utf-8"),
            title="Upcoming Russia and North Korea summit approaches",
            published="2019-04-22",
            published_basis="metadata",
        ),
    ]
    db.add_articles(articles)
    docs = parse_texts([a.text for a in articles], load_pipeline())
    db.put_annotations(
        [
            Annotations(article.id, tuple(extract_mentions(article, doc)))
            for article, doc in zip(articles, docs, strict=True)
        ]
    )
    relink(db)
    yield db
    db.close()


@pytest.mark.parametrize(
    "query",
    ["Ivashéntsov", "ivashentsov", "IVÁSTENTSOV", "Gleb Ivashentsov", "Ivashentzov", "Ivashentsof"],
)
def test_any_alias_or_misspelling_finds_the_entity(store: SQLiteStore, query: str) -> None:
    entity = find_entity(store, query)
    assert entity is not None and entity.name == "Gleb Ivashéntsov"


def test_short_names_and_ids(store: SQLiteStore) -> None:
    kim = find_entity(store, "Kim")
    assert kim is not None and kim.name == "Kim Jong-un"
    assert find_entity(store, kim.id) == kim
    il_sung = find_entity(store, "kim il sung")
    assert il_sung is not None and il_sung.name == "Kim Il-sung"
    assert find_entity(store, "Pyeongchang") is None
    assert find_entity(store, "") is None


def test_dossier(store: SQLiteStore) -> None:
    peskov = find_entity(store, "Dmitry Peskov")
    assert peskov is not None
    dossier = build_dossier(store, peskov.id)
    assert dossier.entity.name == "Dmitri Peskov"
    assert dict(dossier.aliases) == {"Dmitri Peskov": 1, "Dmitry Peskov": 1}
    assert set(dossier.roles) == {"Kremlin spokesman", "presidential spokesman"}
    assert [a.published for a in dossier.articles] == ["2014-12-19", "2019-04-22"]
    assert dossier.articles[0].title == "Putin Invites Kim Jong-un to Moscow"
    company = {entity.name: count for entity, count in dossier.co_occurring}
    assert company["Vladimir Putin"] == 2
    assert company["Kim Jong-un"] == 2
    assert company["Gleb Ivashéntsov"] == 1
    assert peskov.id not in {entity.id for entity, _ in dossier.co_occurring}


def test_unknown_entity_id(store: SQLiteStore) -> None:
    with pytest.raises(KeyError):
        build_dossier(store, "Enope")


def test_a_surname_alone_finds_the_person(store: SQLiteStore) -> None:
    found = find_entity(store, "Peskov")
    assert found is not None and found.name.endswith("Peskov")
    lavrov = find_entity(store, "lavrov")
    assert lavrov is not None and "Lavrov" in lavrov.name


def test_a_familiar_first_name_and_a_qualified_name_find_their_entity(tmp_path: Path) -> None:
    db = SQLiteStore(tmp_path / "names.db")
    people = [
        Entity("E1", "Fritz Henderson", "PERSON", (("Fritz Henderson", 2), ("Henderson", 3))),
        Entity("E2", "Apple Corps", "ORG", (("Apple Corps", 15),)),
        Entity("E3", "Beatles", "ORG", (("Beatles", 8),)),
        Entity("E4", "General Motors", "ORG", (("General Motors", 40), ("GM", 90))),
        Entity("E5", "Boeing 787", "PRODUCT", (("Boeing 787", 3), ("787s", 2))),
        Entity("E6", "Dreamliner", "PERSON", (("Dreamliner", 1),)),
        Entity("E7", "Rob Smith", "PERSON", (("Rob Smith", 1),)),
        Entity("E8", "Ruth Smith", "PERSON", (("Ruth Smith", 1),)),
        Entity("E9", "Bill Jones", "PERSON", (("Bill Jones", 1),)),
        Entity("E10", "Billy Jones", "PERSON", (("Billy Jones", 1),)),
    ]
    db.replace_entities(people, [])
    found = {
        name: (entity.name if (entity := find_entity(db, name)) else None)
        for name in (
            "Frederick Henderson",
            "Beatles Apple Corps",
            "Boeing 787 Dreamliner",
            "General Motors creditors",
            "Robert Smith",
            "Rupert Smith",
            "William Jones",
        )
    }
    assert found == {
        "Frederick Henderson": "Fritz Henderson",
        "Beatles Apple Corps": "Apple Corps",
        "Boeing 787 Dreamliner": "Boeing 787",
        "General Motors creditors": None,  # the creditors are not the company
        "Robert Smith": "Rob Smith",
        "Rupert Smith": None,  # Ruth is not a form of Rupert
        "William Jones": None,  # Bill or Billy: two people would fit
    }
    db.close()


def test_every_name_and_alias_finds_what_reading_every_entity_finds(store: SQLiteStore) -> None:
    """A name or alias is looked up among the entities that may hold it, not every entity:
    on the seeds, each finds what the full read finds."""
    from dateline.link.aliases import resolve_entity_name

    entities = list(store.iter_entities(articles=False))
    names = {entity.name for entity in entities} | {
        alias for entity in entities for alias, _ in entity.aliases
    }
    assert len(names) > 20
    for name in sorted(names):
        whole = resolve_entity_name(entities, name)
        found = find_entity(store, name)
        assert whole is not None and found is not None, name
        assert found.id == whole.id, name


def _misspelt(name: str) -> str:
    """``name`` with one letter inside its longest word changed, as a hurried typist would."""
    words = name.split()
    longest = max(range(len(words)), key=lambda i: len(words[i]))
    word = words[longest]
    if len(word) < 4:
        return name
    middle = len(word) // 2
    words[longest] = word[:middle] + ("x" if word[middle] != "x" else "z") + word[middle + 1 :]
    return " ".join(words)


def test_surnames_and_misspellings_find_what_reading_every_entity_finds(
    store: SQLiteStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A name no entity holds is compared with the entities sharing one of its part keys
    (the store's rows), never every entity: on the seeds, each surname, misspelling and
    unknown name finds what comparing every entity finds."""
    from dateline.query.dossier import _find_among

    entities = list(store.iter_entities(articles=False))
    names = {alias for entity in entities for alias, _ in entity.aliases}
    queries = {name.split()[-1] for name in names} | {_misspelt(name) for name in names}
    queries |= {"Ivashentsof", "Vladimir Poutine", "Gleb Ivanov", "Nobody Atall", "Xq"}

    def every_entity(*args: object, **kwargs: object) -> None:
        raise AssertionError("find_entity read every entity")

    expected = {}
    for query in sorted(queries):
        whole = _find_among(entities, query)
        expected[query] = None if whole is None else whole.id
    monkeypatch.setattr(store, "iter_entities", every_entity)
    found = {}
    for query in sorted(queries):
        entity = find_entity(store, query)
        found[query] = None if entity is None else entity.id
    assert found == expected
    assert sum(1 for entity_id in found.values() if entity_id is not None) > len(queries) / 2
