from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path

import pytest

from dateline.annotate.entities import extract_mentions
from dateline.annotate.nlp import load_pipeline, parse_texts
from dateline.link.aliases import (
    EntityLinking,
    LocalEntity,
    link_entities,
    local_entities,
    local_labels,
    majority_label,
    may_be_clipping,
    require_entity,
)
from dateline.link.corrections import CorrectionError
from dateline.link.entity_edits import (
    designated_entities,
    merge_entities,
    relink,
    rename_entity,
    split_entity,
)
from dateline.link.names import name_key
from dateline.records import Annotations, Article, Entity, Mention
from dateline.store.interface import Correction
from dateline.store.sqlite import SQLiteStore
from tests.conftest import SEED_2014, SEED_2019


def seed_articles() -> list[Article]:
    return [
        Article(id=path.stem, text=path.read_text(encoding="utf-8"), title=path.stem)
        for path in (SEED_2014, SEED_2019)
    ]


@pytest.fixture(scope="module")
def seed_mentions() -> list[Mention]:
    articles = seed_articles()
    docs = parse_texts([a.text for a in articles], load_pipeline())
    return [m for a, d in zip(articles, docs, strict=True) for m in extract_mentions(a, d)]


@pytest.fixture(scope="module")
def linking(seed_mentions: list[Mention]) -> EntityLinking:
    return link_entities(seed_mentions)


def entity_with_alias(linking: EntityLinking, alias: str) -> Entity:
    owners = [e for e in linking.entities if alias in dict(e.aliases)]
    assert len(owners) == 1, (alias, [e.name for e in owners])
    return owners[0]


def test_every_variant_lands_on_one_entity(linking: EntityLinking) -> None:
    families = {
        "Gleb Ivashéntsov": ["Ivashéntsov", "Iváshentsov", "Ivástentsov", "Ivashentsov"],
        "Pyongyang": ["Piongyang", "Pionyang"],
        "Dmitri Peskov": ["Dmitry Peskov"],
        "Sergei Lavrov": ["Sergey Lavrov", "Lavrov"],
        "Vladimir Putin": ["Putin"],
        "Kim Jong-un": ["Kim"],
    }
    for canonical, variants in families.items():
        entity = entity_with_alias(linking, canonical)
        assert entity.name == canonical
        for variant in variants:
            assert entity_with_alias(linking, variant) is entity
    assert entity_with_alias(linking, "Ivástentsov").label == "PERSON"
    assert entity_with_alias(linking, "Piongyang").label == "PLACE"
    assert set(entity_with_alias(linking, "Pyongyang").article_ids) == {
        SEED_2014.stem,
        SEED_2019.stem,
    }


def test_the_four_kims_stay_four_people(linking: EntityLinking) -> None:
    kims = {
        entity_with_alias(linking, name).id
        for name in ("Kim Jong-un", "Kim Jong-Il", "Kim Il-sung", "Kim Yong Nam")
    }
    assert len(kims) == 4
    assert entity_with_alias(linking, "Kim Il-sung").article_ids == (SEED_2014.stem, SEED_2019.stem)


def test_roles_are_collected(linking: EntityLinking) -> None:
    peskov = entity_with_alias(linking, "Dmitri Peskov")
    assert set(peskov.roles) == {"Kremlin spokesman", "presidential spokesman"}


def test_every_mention_is_linked_and_ids_are_stable(
    seed_mentions: list[Mention], linking: EntityLinking
) -> None:
    assert len(linking.links) == len(seed_mentions)
    ids = {e.id for e in linking.entities}
    assert {link[3] for link in linking.links} == ids
    again = link_entities(list(reversed(seed_mentions)))
    assert {e.id: e.name for e in again.entities} == {e.id: e.name for e in linking.entities}
    # growth: the 2014 article alone keeps the ids its entities have in the full corpus
    alone = link_entities([m for m in seed_mentions if m.article_id == SEED_2014.stem])
    putin = entity_with_alias(alone, "Vladimir Putin")
    assert putin.id == entity_with_alias(linking, "Vladimir Putin").id


def correction(id_: int, kind: str, payload: dict[str, object]) -> Correction:
    return Correction(id=id_, kind=kind, payload=dict(payload), created="2026-01-01T00:00:00")


def test_corrections_merge_split_rename(seed_mentions: list[Mention]) -> None:
    corrections = [
        correction(1, "merge", {"names": ["North Korea", "DPRK"]}),
        correction(2, "split", {"name": "Kim Jong-un", "aliases": ["Kim"]}),
        correction(3, "rename", {"name": "Ivastentsov", "new": "Gleb Ivashentsov"}),
        correction(4, "merge", {"names": ["no such entity", "Moscow"]}),  # no-op
        correction(5, "split", {"name": "Moscow"}),  # malformed: ignored
    ]
    corrected = link_entities(seed_mentions, corrections)
    north_korea = entity_with_alias(corrected, "DPRK")
    assert entity_with_alias(corrected, "North Korea") is north_korea
    assert north_korea.name == "North Korea"
    assert entity_with_alias(corrected, "Kim") is not entity_with_alias(corrected, "Kim Jong-un")
    renamed = entity_with_alias(corrected, "Ivástentsov")
    assert renamed.name == "Gleb Ivashentsov"
    original = link_entities(seed_mentions)
    assert renamed.id == entity_with_alias(original, "Ivástentsov").id
    assert len({e.id for e in corrected.entities}) == len(corrected.entities)
    both = link_entities(
        seed_mentions,
        [correction(1, "split", {"name": "Kim", "aliases": ["Kim"], "articles": [SEED_2019.stem]})],
    )
    assert entity_with_alias(both, "Kim").article_ids == (SEED_2019.stem,)
    # six: "the dynasty of the Kim" names a family, not a person
    assert dict(entity_with_alias(both, "Kim").aliases) == {"Kim": 6}


@pytest.fixture
def store(tmp_path: Path, seed_mentions: list[Mention]) -> Iterator[SQLiteStore]:
    db = SQLiteStore(tmp_path / "corpus.db")
    articles = seed_articles()
    db.add_articles(articles[:1])
    db.put_annotations(
        [
            Annotations(
                articles[0].id, tuple(m for m in seed_mentions if m.article_id == articles[0].id)
            )
        ]
    )
    yield db
    db.close()


def test_corrections_are_stored_and_survive_growth(
    store: SQLiteStore, seed_mentions: list[Mention]
) -> None:
    relink(store)
    rename_entity(store, "Sergei Lavrov", "Sergey Viktorovich Lavrov")
    split_entity(store, "Kim Jong-un", articles=[SEED_2019.stem[:8]])
    assert [(c.kind, c.payload["name"]) for c in store.list_corrections()] == [
        ("rename", "Sergei Lavrov"),
        ("split", "Kim Jong-un"),
    ]
    # the corpus grows: the 2019 article arrives and everything is re-linked
    article_2019 = seed_articles()[1]
    store.add_articles([article_2019])
    store.put_annotations(
        [
            Annotations(
                article_2019.id,
                tuple(m for m in seed_mentions if m.article_id == article_2019.id),
            )
        ]
    )
    linking = relink(store)
    lavrov = entity_with_alias(linking, "Sergey Lavrov")
    assert lavrov.name == "Sergey Viktorovich Lavrov"
    assert set(lavrov.article_ids) == {SEED_2014.stem, SEED_2019.stem}
    kim_2019 = [
        e
        for e in linking.entities
        if e.article_ids == (SEED_2019.stem,) and "Kim" in dict(e.aliases)
    ]
    assert len(kim_2019) == 1
    stored = store.get_entity(lavrov.id)
    assert stored is not None and stored.name == "Sergey Viktorovich Lavrov"
    linked = {m.entity_id for m in store.iter_mentions() if m.text in ("Lavrov", "Sergey Lavrov")}
    assert linked == {lavrov.id}


def test_corrections_of_unknown_entities_are_refused(store: SQLiteStore) -> None:
    relink(store)
    with pytest.raises(CorrectionError, match="no entity named"):
        merge_entities(store, ["Vladimir Putin", "Nobody Atall"])
    with pytest.raises(CorrectionError, match="aliases"):
        split_entity(store, "Vladimir Putin")
    with pytest.raises(CorrectionError, match="already one entity"):
        merge_entities(store, ["Putin", "Vladimir Putin"])
    assert store.list_corrections() == []


def test_corrections_find_each_name_s_entity_as_require_entity_does(store: SQLiteStore) -> None:
    relink(store)
    entities = list(store.iter_entities())
    names = [entities[0].id, entities[1].name, "putin", "Kim Jong-un", entities[-1].id]
    names += [alias for alias, _ in entities[2].aliases]
    found = designated_entities(store, names)
    assert [e.id for e in found] == [require_entity(store, name).id for name in names]
    assert [e.name for e in found] == [require_entity(store, name).name for name in names]
    with pytest.raises(CorrectionError, match="no entity named 'Nobody'"):
        designated_entities(store, ["putin", "Nobody"])


def test_a_name_is_found_among_the_entities_that_may_hold_it(
    store: SQLiteStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    relink(store)
    rename_entity(store, "Sergei Lavrov", "Sergey Viktorovich Lavrov")
    entities = list(store.iter_entities())
    names = [e.name for e in entities] + [a.upper() for e in entities for a, _ in e.aliases]
    expected = [require_entity(store, name).id for name in names]
    monkeypatch.setattr(store, "iter_entities", None)  # no name needs every entity read
    assert [e.id for e in designated_entities(store, names)] == expected


def test_an_alias_is_found_by_its_part_keys_where_the_link_state_is_not_written(
    store: SQLiteStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the entity-link state there are no blocks to read a mention's form from: an
    alias is found among the entities holding every key of its parts, and a name no entity
    holds is refused, neither by reading every entity."""
    relink(store)
    entities = list(store.iter_entities())
    names = [a for e in entities for a, _ in e.aliases] + [e.name.lower() for e in entities]
    expected = [require_entity(store, name).id for name in names]
    store.forget_entity_link_state()
    monkeypatch.setattr(store, "iter_entities", None)  # no name needs every entity read
    assert [e.id for e in designated_entities(store, names)] == expected
    with pytest.raises(CorrectionError, match="no entity named 'Vladimir Poutine'"):
        designated_entities(store, ["Vladimir Poutine"])


def test_an_entity_s_own_name_is_found_without_reading_mentions(
    store: SQLiteStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A name that is some entity's name (by its key) designates that entity before any
    alias: found among the entities' names, no block's mentions read. A name that is only
    an alias is still found through the blocks."""
    relink(store)
    entities = list(store.iter_entities())
    own = [e.name for e in entities] + [e.name.upper() for e in entities]
    by_alias = [
        alias
        for e in entities
        for alias, _ in e.aliases
        if all(name_key(alias) != name_key(other.name) for other in entities)
    ]
    assert by_alias  # the seeds have names that are only aliases ("Putin")
    expected = [require_entity(store, name).id for name in own + by_alias]
    read_blocks: list[str] = []
    in_blocks = store.entities_named_in_blocks

    def counted(keys: Sequence[str], spelling: str = "") -> object:
        read_blocks.append(spelling)
        return in_blocks(keys, spelling)

    monkeypatch.setattr(store, "entities_named_in_blocks", counted)
    assert [e.id for e in designated_entities(store, own)] == expected[: len(own)]
    assert read_blocks == []
    assert [e.id for e in designated_entities(store, by_alias)] == expected[len(own) :]
    assert len(read_blocks) == len(by_alias)


def test_no_mentions_no_entities() -> None:
    assert link_entities([]) == EntityLinking(entities=[], links=[])


def typed(article: str, start: int, text: str, label: str) -> Mention:
    return Mention(article, start, start + len(text), text, label, canonical=text)


def first_mention_owners(mentions: list[Mention]) -> dict[str, str]:
    """Each article's entity of its mention at offset 0, as :func:`link_entities` links it."""
    return {m[0]: m[3] for m in link_entities(mentions).links if m[1] == 0}


def test_numbered_names_are_different_entities() -> None:
    mentions = [
        typed("n1", 0, "Apollo 11", "ORG"),
        typed("n2", 0, "Apollo 1", "ORG"),
        typed("n3", 0, "G7", "ORG"),
        typed("n4", 0, "G77", "ORG"),
        typed("n5", 0, "Apollo 11", "ORG"),
    ]
    entities = link_entities(mentions).entities
    assert sorted(entity.name for entity in entities) == ["Apollo 1", "Apollo 11", "G7", "G77"]


def test_one_mislabelled_mention_does_not_decide_the_type() -> None:
    mentions = [
        typed("a1", 0, "Yukos", "ORG"),
        typed("a1", 40, "Yukos", "ORG"),
        typed("a2", 0, "Yukos", "ORG"),
        typed("a3", 0, "Yukos", "PERSON"),  # the model's one bad label
    ]
    (yukos,) = link_entities(mentions).entities
    assert yukos.label == "ORG"


def test_a_company_or_stadium_called_a_person_is_typed_by_its_name() -> None:
    mentions = [
        typed("b1", 0, "Wembley Stadium", "PERSON"),
        typed("b2", 0, "Wembley Stadium", "PERSON"),
        typed("c1", 0, "Aer Lingus Group", "PERSON"),
        typed("d1", 0, "Jisung Park", "PERSON"),
    ]
    labels = {e.name: e.label for e in link_entities(mentions).entities}
    assert labels == {
        "Wembley Stadium": "PLACE",
        "Aer Lingus Group": "ORG",
        "Jisung Park": "PERSON",
    }


def test_a_title_is_evidence_of_a_person() -> None:
    mentions = [
        typed("e1", 0, "Mr Kennedy", "ORG"),
        typed("e2", 0, "Mr Kennedy", "PERSON"),
        typed("e3", 0, "Mr Kennedy", "ORG"),
    ]
    (kennedy,) = link_entities(mentions).entities
    assert kennedy.label == "PERSON"


def test_a_surname_the_model_calls_a_place_is_the_person_s() -> None:
    """On the silver newswire "Pinochet" (54 mentions the model calls a place, beside five
    of "Augusto Pinochet"), "Singh" (beside "Manmohan Singh") and "Kasuri" (beside "Mr.
    Kasuri") had made their people places, shown by the surname alone."""

    def surname(article: str, start: int, label: str) -> Mention:
        return Mention(article, start, start + 8, "Pinochet", label, canonical="Augusto Pinochet")

    mentions = [
        typed("p1", 0, "Augusto Pinochet", "PERSON"),
        *(surname("p1", 40 * n, "PLACE") for n in range(1, 5)),
        typed("p2", 0, "Augusto Pinochet", "PERSON"),
        surname("p2", 40, "PLACE"),
    ]
    (pinochet,) = link_entities(mentions).entities
    assert (pinochet.name, pinochet.label) == ("Augusto Pinochet", "PERSON")
    kasuri = [
        typed("k1", 0, "Mr. Kasuri", "PERSON"),
        *(typed("k1", n, "Kasuri", "PLACE") for n in (20, 40)),
    ]
    assert majority_label(kasuri) == "PERSON"
    # a country stays a place beside a person named after it
    jordan = [
        typed("j1", 0, "Michael Jordan", "PERSON"),
        *(typed("j1", n, "Jordan", "PLACE") for n in (20, 40)),
    ]
    assert majority_label(jordan) == "PLACE"


def test_a_continent_is_shown_by_its_name_not_its_demonym() -> None:
    """ "African" (188 mentions) outnumbered "Africa" (180) on the silver newswire, and named
    the place."""
    mentions = [
        *(Mention(f"a{n}", 0, 7, "African", "NORP", canonical="Africa") for n in range(1, 4)),
        *(typed(f"b{n}", 0, "Africa", "PLACE") for n in range(1, 3)),
    ]
    (africa,) = link_entities(mentions).entities
    assert (africa.name, africa.label) == ("Africa", "PLACE")


def test_a_country_code_in_an_organisation_name_meets_the_spelled_out_name() -> None:
    mentions = [
        typed("f1", 0, "US Air Force", "ORG"),
        typed("f1", 30, "Boeing", "ORG"),
        typed("f2", 0, "United States Air Force", "ORG"),
        typed("f2", 30, "Boeing", "ORG"),
        typed("f3", 0, "GM Europe", "ORG"),
        typed("f3", 30, "Boeing", "ORG"),
    ]
    owners = first_mention_owners(mentions)
    assert owners["f1"] == owners["f2"]
    assert owners["f3"] != owners["f1"]


def test_a_model_named_alone_meets_its_product_with_shared_context() -> None:
    def article(name: str, start: int, text: str, label: str) -> Mention:
        return typed(name, start, text, label)

    mentions = [
        article("g1", 0, "Tupolev T410", "PRODUCT"),
        article("g1", 20, "Aeroflot", "ORG"),
        article("g1", 40, "Moscow", "PLACE"),
        article("g2", 0, "T410", "PRODUCT"),
        article("g2", 20, "Aeroflot", "ORG"),
        article("g2", 40, "Moscow", "PLACE"),
        article("h1", 0, "Ilyushin K550", "PRODUCT"),
        article("h1", 20, "Paris", "PLACE"),
        article("h2", 0, "K550", "PRODUCT"),  # no shared context: stays apart
        article("h2", 20, "Berlin", "PLACE"),
    ]
    owners = first_mention_owners(mentions)
    assert owners["g1"] == owners["g2"]
    assert owners["h1"] != owners["h2"]


def test_places_named_alike_join_on_shared_names_other_than_nations() -> None:
    """The model calls two Korean people, "Hwang Jang-Yop" and "Hwang Woo-Suk", places, and
    each article names them "Hwang" most: beside only the Koreas, which every place in them
    stands beside, the two stay apart (on silver the cloning scientist's 20 mentions had
    joined the defector)."""

    def surname(article: str, full: str) -> list[Mention]:
        return [
            typed(article, 0, full, "PLACE"),
            *(Mention(article, n, n + 5, "Hwang", "PLACE", canonical=full) for n in (40, 80, 120)),
            typed(article, 200, "South Korea", "PLACE"),
            typed(article, 240, "North Korea", "PLACE"),
        ]

    mentions = surname("k1", "Hwang Jang-Yop") + surname("k2", "Hwang Woo-Suk")
    owners = first_mention_owners(mentions)
    assert owners["k1"] != owners["k2"]
    # two places named alike beside two specific names are one
    mentions = [
        *(typed(a, 0, "Georgia", "PLACE") for a in ("g1", "g2")),
        *(typed(a, 40, "Atlanta", "PLACE") for a in ("g1", "g2")),
        *(typed(a, 80, "Savannah", "PLACE") for a in ("g1", "g2")),
    ]
    owners = first_mention_owners(mentions)
    assert owners["g1"] == owners["g2"]


def test_an_organisation_named_by_its_leading_words_in_another_article() -> None:
    def article(name: str, *names: tuple[str, str]) -> list[Mention]:
        return [typed(name, 40 * i, text, label) for i, (text, label) in enumerate(names)]

    mentions = [
        *article(
            "h1",
            ("Dow Jones Industrial Average", "ORG"),
            ("Nasdaq", "ORG"),
            ("Wall Street", "PLACE"),
        ),
        *article("h2", ("Dow Jones", "ORG"), ("Nasdaq", "ORG"), ("Wall Street", "PLACE")),
        *article("h3", ("China Eastern Airlines", "ORG"), ("Boeing", "ORG"), ("Shanghai", "PLACE")),
        *article("h8", ("China Eastern", "ORG"), ("Boeing", "ORG")),  # one shared entity: apart
        *article("h4", ("General Motors Europe", "ORG"), ("Opel", "ORG"), ("Germany", "PLACE")),
        *article("h5", ("General Motors", "ORG"), ("Opel", "ORG"), ("Germany", "PLACE")),
        *article(
            "h6", ("Air Force for Acquisition", "ORG"), ("Boeing", "ORG"), ("Pentagon", "ORG")
        ),
        *article("h7", ("Air Force", "ORG"), ("Boeing", "ORG"), ("Pentagon", "ORG")),
        # Beijing's leaders, which the model calls an organisation, are not its army
        *article(
            "h9",
            ("Chinese People's Liberation Army", "ORG"),
            ("Jiang Zemin", "PERSON"),
            ("Taiwan", "PLACE"),
        ),
        *article("h10", ("Chinese", "ORG"), ("Jiang Zemin", "PERSON"), ("Taiwan", "PLACE")),
    ]
    owner = {m[0]: m[3] for m in link_entities(mentions).links if m[1] == 0}
    assert owner["h1"] == owner["h2"]
    assert owner["h3"] != owner["h8"]
    assert owner["h4"] != owner["h5"]  # a unit in a place is another organisation
    assert owner["h6"] != owner["h7"]  # a longer phrase, not a longer name
    assert owner["h9"] != owner["h10"]  # a nationality word is not an organisation's name


def test_a_country_s_government_is_the_country() -> None:
    mentions = [
        typed("k1", 0, "the United States", "PLACE"),
        typed("k1", 30, "United States", "PLACE"),
        typed("k2", 0, "the US Government", "ORG"),
        typed("k3", 0, "the Canadian government", "ORG"),
        typed("k4", 0, "Canada", "PLACE"),
        typed("k5", 0, "the Ford Government", "ORG"),  # no country: stays apart
        typed("k6", 0, "Ford", "ORG"),
    ]
    linking = link_entities(mentions)
    owner = {(m[0], m[1]): m[3] for m in linking.links}
    assert owner[("k2", 0)] == owner[("k1", 0)]
    assert owner[("k3", 0)] == owner[("k4", 0)]
    assert owner[("k5", 0)] != owner[("k6", 0)]
    names = {e.id: (e.name, e.label) for e in linking.entities}
    assert names[owner[("k1", 0)]] == ("United States", "PLACE")
    assert names[owner[("k4", 0)]] == ("Canada", "PLACE")


def test_a_company_s_first_word_under_another_label_joins_by_the_full_name_s_head() -> None:
    def article(name: str, first: tuple[str, str]) -> list[Mention]:
        return [
            typed(name, 0, *first),
            typed(name, 30, "Denver", "PLACE"),
            typed(name, 50, "Lufthansa", "ORG"),
        ]

    mentions = [
        *article("m1", ("Skyvale Airways", "ORG")),
        *article("m2", ("Skyvale", "PLACE")),  # the model's slip: a place
        *article("m3", ("Orbix Corporation", "ORG")),
        *article("m4", ("Orbix", "PRODUCT")),
        *article("m5", ("Qatar Airways", "ORG")),
        *article("m6", ("Qatar", "PLACE")),  # a country stays the country
        # and a point of the compass stays a direction: on the silver newswire "North" (the
        # North of Korea, "North and South") had joined NATO and, as its most written
        # name, named it
        *article("m7", ("North Atlantic Treaty Organization", "ORG")),
        *article("m8", ("North", "PLACE")),
        *article("m9", ("Southern Baptist Convention", "ORG")),
        *article("m10", ("Southern", "PLACE")),
    ]
    owner = {m[0]: m[3] for m in link_entities(mentions).links if m[1] == 0}
    assert owner["m1"] == owner["m2"]
    assert owner["m3"] == owner["m4"]
    assert owner["m5"] != owner["m6"]
    assert owner["m7"] != owner["m8"]
    assert owner["m9"] != owner["m10"]


def test_a_wire_service_s_acronym_stays_the_agency_across_articles() -> None:
    """On the silver newswire one article wrote "Armed Forces of the Philippines (AFP)" and
    then "AFP", and every "told AFP" of 133 others joined the army: a wire service's acronym
    written alone is the agency. An acronym that is no agency's still joins the body an
    article spells out and then writes so."""

    def spelled_out(article: str, full: str, short: str) -> list[Mention]:
        return [
            typed(article, 0, full, "ORG"),
            Mention(article, 40, 40 + len(short), short, "ORG", canonical=full),
            Mention(article, 60, 60 + len(short), short, "ORG", canonical=full),
            typed(article, 80, "Manila", "PLACE"),
            typed(article, 100, "United States", "PLACE"),
        ]

    def alone(article: str, short: str) -> list[Mention]:
        return [
            typed(article, 0, short, "ORG"),
            typed(article, 40, "Manila", "PLACE"),
            typed(article, 60, "United States", "PLACE"),
        ]

    mentions = [
        *spelled_out("m1", "Armed Forces of the Philippines", "AFP"),
        *alone("m2", "AFP"),
        *alone("m3", "AFP"),
        *spelled_out("m4", "Asian Development Bank", "ADB"),
        *alone("m5", "ADB"),
    ]
    owner = {(m[0], m[1]): m[3] for m in link_entities(mentions).links}
    assert owner[("m1", 0)] == owner[("m1", 60)]  # within its article, the army
    assert owner[("m2", 0)] == owner[("m3", 0)] != owner[("m1", 0)]
    assert owner[("m5", 0)] == owner[("m4", 0)]


def test_an_ampersand_short_form_joins_its_name_with_a_shared_entity() -> None:
    mentions = [
        typed("n1", 0, "Standard & Poor's 500", "ORG"),
        typed("n1", 40, "Wall Street", "PLACE"),
        typed("n2", 0, "S&P 500", "ORG"),
        typed("n2", 40, "Wall Street", "PLACE"),
        typed("n3", 0, "Stone & Pike 500", "ORG"),  # nothing shared: stays apart
        typed("n3", 40, "Leeds", "PLACE"),
        typed("n4", 0, "S&P 500", "ORG"),
    ]
    owner = {m[0]: m[3] for m in link_entities(mentions).links if m[1] == 0}
    assert owner["n1"] == owner["n2"] == owner["n4"]
    assert owner["n3"] != owner["n1"]


def test_a_name_without_inner_words_joins_the_fuller_name_with_shared_context() -> None:
    def article(name: str, first: str, *others: str, label: str = "ORG") -> list[Mention]:
        return [typed(name, 0, first, label)] + [
            typed(name, 40 * (i + 1), other, "ORG") for i, other in enumerate(others)
        ]

    mentions = [
        *article("p1", "Tunebox Music Store", "Orchard Computer", "Jon Sparks"),
        *article("p2", "Tunebox Store", "Orchard Computer", "Jon Sparks"),
        *article("p3", "Tunebox Video Store", "Orchard Computer"),  # one shared entity: apart
        *article("p4", "Bank of New England", "Federal Deposit Corporation", "Boston Trust"),
        *article("p5", "Bank of England", "Federal Deposit Corporation", "Boston Trust"),
        *article(
            "p6", "Cravell West Convention Center", "Orchard Computer", "Jon Sparks", label="PLACE"
        ),
        *article("p7", "Cravell Center", "Orchard Computer", "Jon Sparks", label="PLACE"),
        # each written with an acronym of its own: two bodies (as the EU and the EMU)
        *article("p8", "Nordic Monetary Union", "Orchard Computer", "Jon Sparks"),
        named("p8", 200, "NMU", "ORG", "Nordic Monetary Union"),
        *article("p9", "Nordic Union", "Orchard Computer", "Jon Sparks"),
        named("p9", 200, "NU", "ORG", "Nordic Union"),
        # an acronym the article defines in its own language: "Croatian Social and Liberal
        # Party (HSLS)", of which the model tagged "Liberal Party"
        *article("p10", "Liberal Democratic Party", "Orchard Computer", "Jon Sparks"),
        named("p10", 200, "LDP", "ORG", "Liberal Democratic Party"),
        *article("p11", "Liberal Party", "Orchard Computer", "Jon Sparks"),
        named("p11", 200, "HSLS", "ORG", "Liberal Party"),
    ]
    owner = {m[0]: m[3] for m in link_entities(mentions).links if m[1] == 0}
    assert owner["p1"] == owner["p2"]
    assert owner["p3"] != owner["p1"]
    assert owner["p4"] != owner["p5"]  # "New" tells two banks apart
    assert owner["p6"] != owner["p7"]  # so does "West"
    assert owner["p8"] != owner["p9"]
    assert owner["p10"] != owner["p11"]


def named(article: str, start: int, text: str, label: str, canonical: str) -> Mention:
    return Mention(article, start, start + len(text), text, label, canonical=canonical)


def test_a_clipped_name_joins_the_one_name_it_clips_in_its_article() -> None:
    mentions = [
        named("q1", 0, "US Federal Reserve", "ORG", "United States Federal Reserve"),
        named("q1", 30, "Federal Reserve", "ORG", "United States Federal Reserve"),
        typed("q1", 60, "Fed", "ORG"),
        typed("q1", 80, "Wall Street", "PLACE"),
        typed("q2", 0, "Penske Automotive Group", "ORG"),
        typed("q2", 40, "Penske Auto", "ORG"),
        typed("q3", 0, "MacBook", "PRODUCT"),  # a compound, not a clipping
        typed("q3", 20, "Mac", "ORG"),
        typed("q4", 0, "Intelsat", "ORG"),  # a name of its own
        typed("q4", 20, "Intel", "ORG"),
        typed("q5", 0, "Genmarkt Foods", "ORG"),  # two names it may clip: neither
        typed("q5", 20, "Genwellon Labs", "ORG"),
        typed("q5", 40, "Gen", "ORG"),
        typed("q6", 0, "Federal Express", "ORG"),  # another article: the string is not enough
        typed("q7", 0, "Fed", "ORG"),
        typed("q8", 0, "Rob", "PERSON"),  # a person's name is nobody's clipping
        typed("q8", 20, "Robert Ashdown", "PERSON"),
        # Italy's mission to Albania, "codenamed Alba": a nationality word is not clipped
        named("q9", 0, "Albania", "PLACE", "Albania"),
        named("q9", 20, "Albanian", "NORP", "Albania"),
        typed("q9", 40, "Alba", "PERSON"),
    ]
    owner = {(m[0], m[1]): m[3] for m in link_entities(mentions).links}
    assert owner[("q1", 60)] == owner[("q1", 0)] == owner[("q1", 30)]
    assert owner[("q2", 40)] == owner[("q2", 0)]
    assert owner[("q3", 20)] != owner[("q3", 0)]
    assert owner[("q4", 20)] != owner[("q4", 0)]
    assert owner[("q5", 40)] not in {owner[("q5", 0)], owner[("q5", 20)]}
    assert owner[("q6", 0)] != owner[("q1", 0)]
    assert owner[("q8", 0)] != owner[("q8", 20)]
    assert owner[("q9", 40)] != owner[("q9", 0)] == owner[("q9", 20)]


def test_an_office_named_either_way_round_is_one_organisation() -> None:
    mentions = [
        typed("r1", 0, "US Labor Department", "ORG"),
        typed("r1", 40, "Wall Street", "PLACE"),
        typed("r2", 0, "U.S. Department of Labor", "ORG"),
        typed("r2", 40, "Wall Street", "PLACE"),
        typed("r3", 0, "Department of Energy", "ORG"),
        typed("r3", 40, "Wall Street", "PLACE"),
    ]
    owner = {m[0]: m[3] for m in link_entities(mentions).links if m[1] == 0}
    assert owner["r1"] == owner["r2"]
    assert owner["r3"] != owner["r1"]


def test_a_product_by_its_model_words_or_plural_joins_the_product() -> None:
    def article(name: str, first: tuple[str, str], *others: str) -> list[Mention]:
        return [typed(name, 0, *first)] + [
            typed(name, 40 * (i + 1), other, "ORG") for i, other in enumerate(others)
        ]

    mentions = [
        *article("s1", ("Corvan 848 Skyliner", "PRODUCT"), "Corvan", "Lufthansa"),
        named("s1", 200, "Corvan 848", "PRODUCT", "Corvan 848 Skyliner"),
        *article("s2", ("Skyliner", "PERSON"), "Corvan", "Lufthansa"),  # the model's slip
        *article("s3", ("848 Skyliner", "ORG"), "Corvan", "Lufthansa"),
        *article("s4", ("Corvan 848", "PRODUCT"), "Corvan", "Lufthansa"),
        *article("s5", ("848s", "PRODUCT"), "Corvan", "Lufthansa"),
        *article("s6", ("Skyrider", "PERSON"), "Delta"),  # nothing shared: apart
        *article("s8", ("Corvan 949 Skyrider", "PRODUCT"), "Corvan", "Lufthansa"),
        *article("s7", ("Corvan 747", "PRODUCT"), "Corvan", "Lufthansa"),
    ]
    owner = {m[0]: m[3] for m in link_entities(mentions).links if m[1] == 0}
    assert owner["s1"] == owner["s2"] == owner["s3"] == owner["s4"] == owner["s5"]
    assert owner["s6"] != owner["s8"]
    assert owner["s7"] != owner["s1"]


def test_local_labels_are_each_local_entity_s_majority_label(
    seed_mentions: list[Mention],
) -> None:
    """Worked out once for each way of writing a local entity's mentions, as each alone."""
    locals_ = local_entities(seed_mentions)
    assert len({tuple(m.label for m in local.mentions) for local in locals_}) > 1
    assert local_labels(locals_) == [majority_label(local.mentions) for local in locals_]


def test_only_a_short_name_without_digits_or_a_place_may_be_a_clipping() -> None:
    def local(name: str) -> LocalEntity:
        return LocalEntity("a", name)

    assert may_be_clipping(local("Fed")) and may_be_clipping(local("Penske Auto"))
    assert not may_be_clipping(local("Penske Automotive Group"))  # three words
    assert not may_be_clipping(local("A380")) and not may_be_clipping(local("Europe"))


def test_a_ministry_every_country_has_joins_a_country_s_only_where_its_articles_name_it() -> None:
    """Silver's 31 mentions of "Foreign Ministry" were Russia's, Iran's, Denmark's, Turkey's and
    China's; joined to "Chinese Foreign Ministry", every one of them spoke for Beijing."""

    def article(name: str, *names: tuple[str, str]) -> list[Mention]:
        return [typed(name, 40 * i, text, label) for i, (text, label) in enumerate(names)]

    shared = (("Xinhua", "ORG"), ("United Nations", "ORG"))
    mentions = [
        *article(
            "c1",
            ("Chinese Foreign Ministry", "ORG"),
            ("China", "PLACE"),
            ("Qin Gang", "PERSON"),
            *shared,
        ),
        *article("t1", ("Turkish Foreign Ministry", "ORG"), ("Ankara", "PLACE"), *shared),
        *article("u1", ("Foreign Ministry", "ORG"), ("Russia", "PLACE"), *shared),
        *article("u2", ("Foreign Ministry", "ORG"), ("Iranian", "NORP"), *shared),
        *article("u3", ("Foreign Ministry", "ORG"), ("Qin Gang", "PERSON"), *shared),
        # articles that name the country: their "Federal Reserve" is the one it qualifies
        *article("f1", ("US Federal Reserve", "ORG"), ("Wall Street", "PLACE"), *shared),
        *article("f2", ("Federal Reserve", "ORG"), ("American", "NORP"), *shared),
        *article("f3", ("Federal Reserve", "ORG"), ("United States", "PLACE"), *shared),
        # nor does one country's name make every "Parliament" that country's
        *article("p1", ("Bulgarian Parliament", "ORG"), ("Sofia", "PLACE"), *shared),
        *article("p2", ("Parliament", "ORG"), ("London", "PLACE"), *shared),
    ]
    owner = {m[0]: m[3] for m in link_entities(mentions).links if m[1] == 0}
    assert owner["u1"] == owner["u2"] == owner["u3"]
    assert owner["u1"] not in (owner["c1"], owner["t1"])
    assert owner["f1"] == owner["f2"] == owner["f3"]
    assert owner["p1"] != owner["p2"]
    # where the articles name China: their "Foreign Ministry" is China's
    chinese = [
        *mentions[:9],
        *article("u4", ("Foreign Ministry", "ORG"), ("Qin Gang", "PERSON"), ("China", "PLACE")),
        *article("u5", ("Foreign Ministry", "ORG"), ("Chinese", "NORP"), *shared),
        *article("u6", ("Foreign Ministry", "ORG"), ("Chinese", "NORP"), *shared),
    ]
    owner = {m[0]: m[3] for m in link_entities(chinese).links if m[1] == 0}
    assert owner["u4"] == owner["u5"] == owner["u6"] == owner["c1"] != owner["t1"]


def test_a_longer_name_after_a_whole_institution_s_is_another_body() -> None:
    """On the silver newswire the Senate held its Foreign Relations Committee, the Supreme
    Court the Supreme Court Bar Association, the Army the "Army Times Publications"."""

    def article(name: str, *names: tuple[str, str]) -> list[Mention]:
        return [typed(name, 40 * i, text, label) for i, (text, label) in enumerate(names)]

    shared = (("Washington", "PLACE"), ("Barack Obama", "PERSON"))
    mentions = [
        *article("s1", ("Senate", "ORG"), *shared),
        *article("s2", ("Senate Foreign Relations Committee", "ORG"), *shared),
        *article("c1", ("Supreme Court", "ORG"), *shared),
        *article("c2", ("Supreme Court Bar Association", "ORG"), *shared),
        *article("a1", ("Army", "ORG"), *shared),
        *article("a2", ("Army Times Publications", "ORG"), *shared),
        # a name cut short before its head still joins
        *article("e1", ("China Eastern", "ORG"), *shared),
        *article("e2", ("China Eastern Airlines", "ORG"), *shared),
    ]
    owner = {m[0]: m[3] for m in link_entities(mentions).links if m[1] == 0}
    assert owner["s1"] != owner["s2"]
    assert owner["c1"] != owner["c2"]
    assert owner["a1"] != owner["a2"]
    assert owner["e1"] == owner["e2"]


def test_similar_names_sharing_only_their_country_stay_apart() -> None:
    """On the silver newswire the provinces Shanxi and Shaanxi and the cities Nanjing and
    Nanning had become one place each: every place in China is written beside "China". A
    spelling variant written beside the same specific names still joins."""

    def article(name: str, *names: tuple[str, str]) -> list[Mention]:
        return [typed(name, 40 * i, text, label) for i, (text, label) in enumerate(names)]

    mentions = [
        *article("p1", ("Shanxi", "PLACE"), ("China", "PLACE"), ("Chinese", "NORP")),
        *article("p2", ("Shaanxi", "PLACE"), ("China", "PLACE"), ("Chinese", "NORP")),
        *article("t1", ("Tehran", "PLACE"), ("Mahmoud Ahmadinejad", "PERSON"), ("IAEA", "ORG")),
        *article("t2", ("Teheran", "PLACE"), ("Mahmoud Ahmadinejad", "PERSON"), ("IAEA", "ORG")),
    ]
    owner = {m[0]: m[3] for m in link_entities(mentions).links if m[1] == 0}
    assert owner["p1"] != owner["p2"]
    assert owner["t1"] == owner["t2"]


def test_a_place_does_not_join_an_organisation_one_article_called_by_its_name() -> None:
    """One article read "Kathmandu" as its "Kathmandu Post"; the city of the other articles
    is not the newspaper, however much they share."""
    shared = (("Nepal", "PLACE"), ("Maoists", "NORP"), ("Gyanendra", "PERSON"))

    def article(name: str, *names: tuple[str, str, str]) -> list[Mention]:
        return [
            Mention(name, 40 * i, 40 * i + len(text), text, label, canonical=canonical)
            for i, (text, label, canonical) in enumerate(names)
        ]

    mentions = [
        *article(
            "k1",
            ("Kathmandu Post", "ORG", "Kathmandu Post"),
            ("Kathmandu", "ORG", "Kathmandu Post"),
            *((text, label, text) for text, label in shared),
        ),
        *article("k2", ("Kathmandu", "PLACE", "Kathmandu"), *((t, lb, t) for t, lb in shared)),
        *article("k3", ("Kathmandu", "PLACE", "Kathmandu"), *((t, lb, t) for t, lb in shared)),
    ]
    owner = {(m[0], m[1]): m[3] for m in link_entities(mentions).links}
    assert owner[("k2", 0)] == owner[("k3", 0)]
    assert owner[("k1", 0)] != owner[("k2", 0)]


def test_a_people_has_no_acronym() -> None:
    """A Nepalese article's "CA" (its Constituent Assembly) had joined "Central Asian",
    whose initials it spells, on one shared name."""
    mentions = [
        typed("c1", 0, "CA", "ORG"),
        typed("c1", 10, "Nepal", "PLACE"),
        typed("c2", 0, "Central Asian", "NORP"),
        typed("c2", 20, "Nepal", "PLACE"),
    ]
    owner = {m[0]: m[3] for m in link_entities(mentions).links if m[1] == 0}
    assert owner["c1"] != owner["c2"]


def test_a_place_named_alone_more_often_than_a_company_is_the_place() -> None:
    """A company's first word the model calls a place joins the company ("AirTran" of
    "AirTran Airways"); on the silver newswire the same rule had given the London, Tokyo and
    Shanghai stock exchanges' articles to their cities, and Jiangsu to a Jiangsu company."""
    shared = (("China", "PLACE"), ("Xinhua", "ORG"))
    mentions = [typed("g1", 0, "JiangSu Changfa Group", "ORG")]
    mentions += [typed("g1", 40 + 20 * i, t, lb) for i, (t, lb) in enumerate(shared)]
    for number in range(3):
        article = f"j{number}"
        mentions.append(typed(article, 0, "Jiangsu", "PLACE"))
        mentions += [typed(article, 40 + 20 * i, t, lb) for i, (t, lb) in enumerate(shared)]
    owner = {m[0]: m[3] for m in link_entities(mentions).links if m[1] == 0}
    assert owner["g1"] != owner["j0"]
    assert owner["j0"] == owner["j1"] == owner["j2"]


def test_a_shared_surname_alone_names_no_one_across_articles() -> None:
    """Silver: "Wang" alone in a report of a mine rescue ("a rescued miner called Wang"), in
    one of a UN ambassador, and "Wang Yi" in a third, the model calling all three
    organisations, had become one entity; so had an official greeting a delegation in Taipei
    ("Chang") and the tennis player Michael Chang. Beside nothing but a country they stay
    apart; a distinctive surname still joins its full name so."""

    def report(article: str, surname: str, *context: str) -> list[Mention]:
        return [
            *(typed(article, n, surname, "ORG") for n in (0, 40, 80)),
            *(typed(article, 200 + 40 * i, name, "PLACE") for i, name in enumerate(context)),
        ]

    mentions = [
        typed("yi", 0, "Wang Yi", "ORG"),
        *(Mention("yi", n, n + 4, "Wang", "ORG", canonical="Wang Yi") for n in (40, 80)),
        typed("yi", 200, "China", "PLACE"),
        typed("yi", 240, "United States", "PLACE"),
        *report("miner", "Wang", "China", "Lanzhou"),
        *report("ambassador", "Wang", "China", "United States"),
        typed("tennis", 0, "Michael Chang", "PERSON"),
        typed("tennis", 40, "United States", "PLACE"),
        *report("taipei", "Chang", "United States", "Taipei"),
        typed("madiba", 0, "Nelson Mandela", "PERSON"),
        typed("madiba", 40, "South Africa", "PLACE"),
        *report("pretoria", "Mandela", "South Africa"),
    ]
    owners = first_mention_owners(mentions)
    assert len({owners["yi"], owners["miner"], owners["ambassador"]}) == 3
    assert owners["tennis"] != owners["taipei"]
    assert owners["madiba"] == owners["pretoria"]


def test_a_shared_surname_joins_the_one_its_context_names() -> None:
    """Two reports of one mine accident, each naming the rescued "Wang" and two places of
    it, are one Wang; a shared surname as a people's name ("Han" Chinese) is linked as
    any name is."""
    mentions = [
        *(typed(a, 0, "Wang", "PERSON") for a in ("r1", "r2")),
        *(typed(a, 40, "Lanzhou", "PLACE") for a in ("r1", "r2")),
        *(typed(a, 80, "Deshun Coal Mine", "ORG") for a in ("r1", "r2")),
        *(typed(a, 0, "Han", "NORP") for a in ("h1", "h2")),
    ]
    owners = first_mention_owners(mentions)
    assert owners["r1"] == owners["r2"]
    assert owners["h1"] == owners["h2"]


def test_a_monarch_by_his_given_name_is_no_one_s_surname() -> None:
    """Silver: nine "King Hussein" of Jordan had joined Saddam Hussein, "Hussein" being
    Saddam's surname; a king's name after his title is his given name. A full name with a
    royal title of its own is still his ("King Sihanouk", "Norodom Sihanouk")."""
    mentions = [
        typed("iraq", 0, "Saddam Hussein", "PERSON"),
        typed("iraq", 40, "Jordan", "PLACE"),
        typed("iraq", 80, "Baghdad", "PLACE"),
        replace(typed("amman", 0, "Hussein", "PERSON"), role="King"),
        typed("amman", 40, "Jordan", "PLACE"),
        typed("amman", 80, "Baghdad", "PLACE"),
        replace(typed("phnom", 0, "Norodom Sihanouk", "PERSON"), role="King"),
        typed("phnom", 40, "Cambodia", "PLACE"),
        typed("phnom", 80, "Phnom Penh", "PLACE"),
        replace(typed("penh", 0, "Sihanouk", "PERSON"), role="King"),
        typed("penh", 40, "Phnom Penh", "PLACE"),
    ]
    owners = first_mention_owners(mentions)
    assert owners["iraq"] != owners["amman"]
    assert owners["phnom"] == owners["penh"]


def test_a_country_is_spelled_as_the_gazetteer_spells_it() -> None:
    """Silver: three "Taiyuan" (a city in Shanxi), one edit from "Taiwan" and beside the
    same ministries, had joined Taiwan. A misspelling joins a country only where its
    article also writes the country's name ("Aregentina" beside "Argentina")."""
    mentions = [
        *(typed(a, 0, "Taiwan", "PLACE") for a in ("t1", "t2")),
        typed("y1", 0, "Taiyuan", "PLACE"),
        *(typed(a, 40, "State Council", "ORG") for a in ("t1", "t2", "y1")),
        *(typed(a, 80, "Ministry of Commerce", "ORG") for a in ("t1", "t2", "y1")),
        typed("a1", 0, "Argentina", "PLACE"),
        typed("a2", 0, "Aregentina", "PERSON"),
        Mention("a2", 20, 29, "Argentina", "PLACE", canonical="Aregentina"),
        *(typed(a, 40, "Buenos Aires", "PLACE") for a in ("a1", "a2")),
        *(typed(a, 80, "Mercosur", "ORG") for a in ("a1", "a2")),
    ]
    owners = first_mention_owners(mentions)
    assert owners["t1"] == owners["t2"] != owners["y1"]
    assert owners["a1"] == owners["a2"]
