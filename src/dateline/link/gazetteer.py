"""Countries by any of their names, from the offline ``countryinfo`` package.

One country has many names in the news: its short name ("North Korea"), official names and
other spellings ("Democratic People's Republic of Korea"), codes ("UK", "USA"), the initials
of a long official name ("DPRK") and a demonym ("North Korean", "British"). Each is mapped to
the package's short name, so every form names one place. A form several countries share
maps to the most populous when it has ten times the people of the next ("American": the
United States, not the Northern Mariana Islands), else to none.

An archive spans renamings: a state's former name ("Zaire", "Burma", "Ceylon") names the same
state as its present one, so both give one country. The name of a federation that broke up
("Yugoslavia", "Czechoslovakia") names no state of today, and a name two states share ("Congo")
names neither.
"""

from __future__ import annotations

from functools import cache, lru_cache

from dateline.link.names import initials, name_key

# English short forms the package lists only inside a longer name ("Great Britain"), or not
# at all ("Bosnia", "the Vatican").
EXTRA_NAMES = {
    "britain": "United Kingdom",
    "america": "United States",
    "bosnia": "Bosnia and Herzegovina",
    "vatican": "Holy See (Vatican City State)",
    "vatican city": "Holy See (Vatican City State)",
}
# Former names of states that were renamed, not broken up or merged: the same state, so the
# same country ("Zaire" in 1996, "Democratic Republic of the Congo" in 1998).
FORMER_NAMES = {
    "zaire": "Democratic Republic of the Congo",
    "republic of zaire": "Democratic Republic of the Congo",
    "ceylon": "Sri Lanka",
    "persia": "Iran",
    "siam": "Thailand",
    "kampuchea": "Cambodia",
    "democratic kampuchea": "Cambodia",
    "dahomey": "Benin",
    "upper volta": "Burkina Faso",
    "byelorussia": "Belarus",
    "belorussia": "Belarus",
}
# and their peoples by those names ("Zairean troops"); not "Persian" nor "Siamese", which
# name a language, a gulf, a cat
FORMER_DEMONYMS = {
    "zairean": "Democratic Republic of the Congo",
    "zairian": "Democratic Republic of the Congo",
    "ceylonese": "Sri Lanka",
    "kampuchean": "Cambodia",
    "byelorussian": "Belarus",
    "belorussian": "Belarus",
}
# Records the package keeps twice for one state, under its old and its new name.
SAME_STATE_RECORDS = {"Burma": "Myanmar"}
# Names that the package gives to a state of today but that news also writes for one that is
# gone: "Yugoslavia" was the federation of six republics until 1992, and only later the name
# of Serbia and Montenegro.
NAMES_OF_GONE_STATES = frozenset({"yugoslavia"})
MIN_INITIALS_WORDS = 3
DOMINANT_POPULATION_RATIO = 10


@cache
def _tables() -> tuple[dict[str, str], dict[str, str], frozenset[str]]:
    """(name key -> country, demonym key -> country, keys that are codes or initials)."""
    from countryinfo import all_countries

    names: dict[str, set[str]] = {}
    demonyms: dict[str, set[str]] = {}
    codes: set[str] = set()
    population: dict[str, int] = {}

    def add(table: dict[str, set[str]], form: str, country: str) -> None:
        key = name_key(form)  # accents folded: "Côte d'Ivoire" as "Cote d'Ivoire"
        if key and key.isascii():
            table.setdefault(key, set()).add(country)
            if " of the " in key:  # "Democratic Republic of Congo"
                table.setdefault(key.replace(" of the ", " of "), set()).add(country)

    for info in (country.info() for country in all_countries()):
        record = str(info.get("name") or "")
        if not record:
            continue
        country = SAME_STATE_RECORDS.get(record, record)
        population[country] = max(population.get(country, 0), int(info.get("population") or 0))
        add(names, record, country)
        for spelling in info.get("altSpellings") or ():
            spelling = str(spelling)
            if "," in spelling:  # "Korea, Democratic People's Republic of": a sort form
                continue
            add(names, spelling, country)
            if spelling.isupper():
                codes.add(name_key(spelling))
            elif len(spelling.split()) >= MIN_INITIALS_WORDS and spelling.isascii():
                short = initials(spelling)
                add(names, short, country)
                codes.add(name_key(short))
        for demonym in str(info.get("demonym") or "").split(","):
            add(demonyms, demonym.strip(), country)
    for key, country in (EXTRA_NAMES | FORMER_NAMES).items():
        names.setdefault(key, set()).add(country)
    for key, country in FORMER_DEMONYMS.items():
        demonyms.setdefault(key, set()).add(country)
    for key in NAMES_OF_GONE_STATES | shared_cores(names):
        names.pop(key, None)

    def resolve(table: dict[str, set[str]]) -> dict[str, str]:
        out = {}
        for key, countries in table.items():
            # a country's own name names it, whatever another record lists among its
            # spellings (the Burma record lists "Myanmar", which has a record of its own)
            own = [country for country in countries if name_key(country) == key]
            if len(own) == 1:
                out[key] = own[0]
                continue
            ranked = sorted(countries, key=lambda c: (-population.get(c, 0), c))
            if len(ranked) == 1 or population.get(ranked[0], 0) >= (
                DOMINANT_POPULATION_RATIO * population.get(ranked[1], 0)
            ):
                out[key] = ranked[0]
        return out

    return resolve(names), resolve(demonyms), frozenset(codes)


def shared_cores(names: dict[str, set[str]]) -> set[str]:
    """The keys that are the core of two countries' official names, "X" of "... of the X"
    and "... of X" ("Congo": the Republic of the Congo and the Democratic Republic of the
    Congo), where neither is called X alone."""
    cores: dict[str, set[str]] = {}
    for key, countries in names.items():
        for marker in (" of the ", " of "):
            if marker in key:
                cores.setdefault(key.rsplit(marker, 1)[1], set()).update(countries)
                break
    return {
        key
        for key, countries in cores.items()
        if len(countries) > 1
        and key in names
        and not any(name_key(country) == key for country in names[key])
    }


def country_named(text: str, *, codes: bool = True) -> str | None:
    """The country ``text`` names ("DPRK", "Britain", "the United States"), or None.

    ``codes=False`` leaves out codes and initials ("US", "DPRK"), which a headline in capitals
    can spell by chance.
    """
    names, _, code_keys = _tables()
    key = name_key(text)
    if not codes and key in code_keys:
        return None
    return names.get(key)


def country_of_demonym(text: str) -> str | None:
    """The country a demonym belongs to ("North Korean" -> "North Korea"), or None."""
    _, demonyms, _ = _tables()
    return demonyms.get(name_key(text))


# Continents and world regions by their demonyms: "European" names Europe as "British" names
# the United Kingdom. Not in the country package; a short fixed list.
REGION_DEMONYMS = {
    "african": "Africa",
    "asian": "Asia",
    "european": "Europe",
    "north american": "North America",
    "south american": "South America",
    "latin american": "Latin America",
}

REGION_KEYS = frozenset(name_key(region) for region in REGION_DEMONYMS.values())

# Points of the compass, which news writes as places of their own ("talks between North and
# South", "the North" for North Korea): a direction, never the first word of one body's name.
DIRECTION_KEYS = frozenset(
    "north south east west northeast northwest southeast southwest "  # noqa: SIM905
    "northern southern eastern western central".split()
)


# Wire services by the acronym news credits them with ("told AFP", "(AP) --"): written alone in
# a news corpus such an acronym is the agency, whatever one article spelling it out meant
# ("Armed Forces of the Philippines (AFP)" does not make every "told AFP" the army).
NEWS_AGENCIES = {
    "afp": "Agence France-Presse",
    "ap": "Associated Press",
    "upi": "United Press International",
    "dpa": "Deutsche Presse-Agentur",
    "ansa": "Agenzia Nazionale Stampa Associata",
    "efe": "Agencia EFE",
    "pti": "Press Trust of India",
    "ians": "Indo-Asian News Service",
    "kcna": "Korean Central News Agency",
    "irna": "Islamic Republic News Agency",
    "mena": "Middle East News Agency",
    "sana": "Syrian Arab News Agency",
    "kuna": "Kuwait News Agency",
    "wam": "Emirates News Agency",
    "vna": "Vietnam News Agency",
    "tass": "Telegraph Agency of the Soviet Union",
}


def news_agency(text: str) -> str | None:
    """The wire service an acronym written in capitals names ("AFP" -> "Agence
    France-Presse"), or None."""
    if not text.replace(".", "").isupper():
        return None
    return agency_of_key(name_key(text))


def agency_of_key(key: str) -> str | None:
    """The wire service whose acronym has the name key ``key`` ("afp", "a p"), or None."""
    return NEWS_AGENCIES.get(key.replace(" ", ""))


def names_direction(text: str) -> bool:
    """Whether ``text`` is a point of the compass ("North", "the West", "Southern")."""
    key = name_key(text)
    return key.removeprefix("the ") in DIRECTION_KEYS


def region_of_demonym(text: str) -> str | None:
    """The continent or region a demonym names ("European" -> "Europe"), or None."""
    return REGION_DEMONYMS.get(name_key(text))


def is_gazetteer_name(text: str) -> bool:
    """Whether ``text`` is the gazetteer's own name of a country or a continent ("North
    Korea", "Africa"), the name a place it joins is shown by."""
    return country_named(text) == text or text in REGION_DEMONYMS.values()


@lru_cache(maxsize=65536)  # asked of every name a variant comparison meets: names repeat
def names_place(text: str) -> bool:
    """Whether ``text`` names a country (its code only in capitals: "US", not "Mac") or a
    continent ("Europe"): the part of "General Motors Europe" that says where, not who."""
    if name_key(text) in REGION_KEYS:
        return True
    return country_named(text, codes=text.replace(".", "").isupper()) is not None


def names_nation(text: str) -> bool:
    """Whether ``text`` names a country or a continent, or is a nationality word
    ("Chinese", "European")."""
    return (
        names_place(text)
        or country_of_demonym(text) is not None
        or region_of_demonym(text) is not None
    )


def without_country_prefix(name: str) -> str | None:
    """The rest of a name that begins with a country or its demonym ("US Air Force", "Indian
    Navy" -> "Air Force", "Navy"), else None: a country's own institution is often named
    without its country."""
    split = country_and_rest(name)
    return split[1] if split else None


def country_and_rest(name: str) -> tuple[str, str] | None:
    """(the country a name begins with, by its name, its demonym or its code in capitals, the
    rest of the name): "Indian Navy" -> ("India", "Navy"), "US Air Force" -> ("United
    States", "Air Force"); None when it does not begin with one ("Al Aqsa Martyrs Brigades"
    is not Albania's)."""
    words = name.split()
    for size in (3, 2, 1):
        if len(words) > size:
            head = " ".join(words[:size])
            country = country_named(head, codes=False) or country_of_demonym(head)
            if country is None and head.replace(".", "").isupper():
                country = country_named(head)  # a code is written in capitals: "US", "U.K."
            if country is not None:
                return country, " ".join(words[size:])
    return None


@lru_cache(maxsize=65536)  # asked of every name an article writes beside a generic one
def country_of_key(text: str) -> str | None:
    """The country ``text`` names or is the demonym of ("China", "Chinese"), else None."""
    return country_named(text) or country_of_demonym(text)


GOVERNMENT_WORDS = frozenset({"government", "administration"})


def country_of_government(name: str) -> str | None:
    """The country whose government ``name`` names ("the US Government", "the Canadian
    government", "the government of Canada" -> the country), else None: the country acting as
    a state is one referent with its government."""
    words = name_key(name).split()
    if len(words) < 2:
        return None
    if words[-1] in GOVERNMENT_WORDS:
        rest = " ".join(words[:-1])
        return country_named(rest) or country_of_demonym(rest)
    if words[0] in GOVERNMENT_WORDS and words[1] == "of":
        return country_named(" ".join(words[2:]))
    return None


def with_country_spelled_out(name: str, countries: frozenset[str] | None = None) -> str:
    """A name with a leading country code or name in the gazetteer's words: "U.S. Air Force"
    and "US Air Force" -> "United States Air Force".

    With ``countries`` (the countries an article names otherwise), a code counts only when it
    is written with periods or names one of them, so "GM Europe" is not "The Gambia Europe",
    nor "Mac OS" "Macau OS"; without, every code counts (for comparing two names).
    """
    words = name.split()
    for size in (3, 2, 1):
        if len(words) > size:
            head = " ".join(words[:size])
            country = country_named(head, codes=False)
            if country is None and (
                countries is None or "." in head or country_named(head) in countries
            ):
                country = country_named(head)
            if country is not None:
                return " ".join([country, *words[size:]])
    return name
