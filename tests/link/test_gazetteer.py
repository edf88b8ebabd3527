from __future__ import annotations

import pytest

from dateline.link.gazetteer import (
    country_and_rest,
    country_named,
    country_of_demonym,
    names_direction,
    names_nation,
    names_place,
    news_agency,
    region_of_demonym,
)


@pytest.mark.parametrize(
    ("name", "country"),
    [
        ("North Korea", "North Korea"),
        ("Democratic People's Republic of Korea", "North Korea"),
        ("Democratic People’s Republic of Korea", "North Korea"),
        ("DPRK", "North Korea"),
        ("UK", "United Kingdom"),
        ("Britain", "United Kingdom"),
        ("Great Britain", "United Kingdom"),
        ("the United States", "United States"),
        ("U.S.", "United States"),
        ("Russian Federation", "Russia"),
        # a country's own name, though another record (Burma's) lists it as a spelling
        ("Myanmar", "Myanmar"),
        ("Leeds", None),
        ("Korea", None),
        # a renamed state's former names, and the package's two records of one state
        ("Burma", "Myanmar"),
        ("Zaire", "Democratic Republic of the Congo"),
        ("Ceylon", "Sri Lanka"),
        ("Upper Volta", "Burkina Faso"),
        # accents folded, "the" left out of an official name, short forms
        ("Côte d'Ivoire", "Ivory Coast"),
        ("Cote d'Ivoire", "Ivory Coast"),
        ("Democratic Republic of Congo", "Democratic Republic of the Congo"),
        ("Republic of Congo", "Republic of the Congo"),
        ("Bosnia", "Bosnia and Herzegovina"),
        ("the Vatican", "Holy See (Vatican City State)"),
        # two states' shared name, and a federation that broke up, name no state of today
        ("Congo", None),
        ("Yugoslavia", None),
        ("Federal Republic of Yugoslavia", "Serbia and Montenegro"),
        ("Soviet Union", None),
    ],
)
def test_every_name_of_a_country_gives_its_short_name(name: str, country: str | None) -> None:
    assert country_named(name) == country


def test_codes_can_be_left_out() -> None:
    assert country_named("IT") == "Italy"
    assert country_named("IT", codes=False) is None
    assert country_named("Italy", codes=False) == "Italy"


@pytest.mark.parametrize(
    ("demonym", "country"),
    [
        ("North Korean", "North Korea"),
        ("British", "United Kingdom"),
        ("American", "United States"),  # not the Northern Mariana Islands
        ("Russian", "Russia"),
        ("Korean", None),  # two Koreas
        ("Burmese", "Myanmar"),
        ("Zairean", "Democratic Republic of the Congo"),
        ("Persian", None),  # a language, a gulf
        ("European", None),  # not a country
    ],
)
def test_demonyms_name_their_country(demonym: str, country: str | None) -> None:
    assert country_of_demonym(demonym) == country


def test_a_leading_country_code_is_spelled_out_only_when_the_article_backs_it() -> None:
    from dateline.link.gazetteer import with_country_spelled_out

    assert with_country_spelled_out("U.S. Air Force", frozenset()) == "United States Air Force"
    assert with_country_spelled_out("US Air Force", frozenset()) == "US Air Force"
    assert (
        with_country_spelled_out("US Air Force", frozenset({"United States"}))
        == "United States Air Force"
    )
    assert with_country_spelled_out("GM Europe", frozenset({"Germany"})) == "GM Europe"
    assert with_country_spelled_out("Mac OS X", frozenset()) == "Mac OS X"
    assert with_country_spelled_out("Indian Navy", frozenset()) == "Indian Navy"


def test_continents_by_demonym_and_by_name() -> None:
    assert region_of_demonym("European") == "Europe"
    assert region_of_demonym("North American") == "North America"
    assert region_of_demonym("Korean") is None
    assert names_place("Europe")
    assert names_place("US")
    assert not names_place("Mac")  # Macau's code only counts in capitals
    assert not names_place("Industrial Average")
    # a nation: its country, its continent or its people's word
    assert names_nation("Chinese") and names_nation("European") and names_nation("Japan")
    assert not names_nation("Boeing") and not names_nation("Dow Jones")


def test_points_of_the_compass_are_directions_not_names() -> None:
    assert all(map(names_direction, ["North", "the West", "SOUTHERN", "Northeast"]))
    assert not any(map(names_direction, ["North Korea", "Norther", "Westminster", "Central Bank"]))


def test_a_wire_service_is_named_by_its_acronym_in_capitals() -> None:
    assert news_agency("AFP") == "Agence France-Presse"
    assert news_agency("A.P.") == "Associated Press"
    assert news_agency("Ap") is None and news_agency("NATO") is None


def test_a_name_begins_with_a_country_by_its_name_demonym_or_code_in_capitals() -> None:
    assert country_and_rest("Indian Navy") == ("India", "Navy")
    assert country_and_rest("US Air Force") == ("United States", "Air Force")
    assert country_and_rest("U.S. Air Force") == ("United States", "Air Force")
    assert country_and_rest("Chinese Foreign Ministry") == ("China", "Foreign Ministry")
    # a word that merely spells a code is no country: "Al" is not AL (Albania)
    assert country_and_rest("Al Aqsa Martyrs Brigades") is None
    assert country_and_rest("An African Union") is None
    assert country_and_rest("Foreign Ministry") is None
