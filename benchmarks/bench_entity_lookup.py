"""Finding an entity by what a user types: a full name, a surname, a variant, a misspelling.

``dateline dossier NAME``, ``/entity?name=`` and the entity filters find the entity a name
designates (:func:`dateline.query.dossier.find_entity`). A name an entity holds is found by
key; a surname alone, a spelling variant, a misspelling or a name no entity holds used to be
compared with every entity in Python. This times each kind of name on a store of
``--entities`` entities with realistic names (people, organisations, places, built from
syllables with a fixed seed, with surnames alone and spelling variants among their aliases),
through the public API as a user runs it, and reports the first lookup's time and the best
of the next ``--repeat``. ``--db`` times a store as it is (its most mentioned person is
asked for) or builds one there; ``--postgres DIR`` uses that server's database
``lookup<entities>`` (built when it does not hold them).

Run: .venv/bin/python benchmarks/bench_entity_lookup.py [--entities 581086] [--db FILE |
--postgres DIR]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from common import record_results
from dateline.api import open_corpus, open_store
from dateline.records import Entity
from dateline.store.location import is_url

COMMAND = ".venv/bin/python benchmarks/bench_entity_lookup.py"
ONSETS = [
    "b",
    "c",
    "d",
    "f",
    "g",
    "h",
    "j",
    "k",
    "l",
    "m",
    "n",
    "p",
    "r",
    "s",
    "t",
    "v",
    "z",
    "br",
    "ch",
    "dr",
    "gr",
    "kh",
    "kr",
    "pl",
    "sh",
    "st",
    "tr",
    "zh",
]
VOWELS = ["a", "e", "i", "o", "u", "ai", "ei", "ia", "io", "ou"]
CODAS = ["", "", "", "n", "r", "s", "l", "v", "k", "m", "sh", "nd", "rt", "st"]
ORG_HEADS = ("Holdings", "Group", "Bank", "Party", "University", "Institute", "Agency")


def syllables(rng: random.Random, low: int, high: int) -> str:
    """A capitalised made-up word of ``low`` to ``high`` syllables."""
    word = "".join(
        rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS)
        for _ in range(rng.randint(low, high))
    )
    return word.capitalize()


def variant(name: str) -> str:
    """A transliteration variant a wire might write ("Dmitry" -> "Dmitri")."""
    for old, new in (("y", "i"), ("i", "y"), ("v", "w"), ("f", "ph"), ("k", "kh")):
        if old in name[1:]:
            return name[0] + name[1:].replace(old, new, 1)
    middle = len(name) // 2
    return name[:middle] + name[middle] + name[middle:]  # a doubled letter


def make_entities(count: int, seed: int = 19) -> list[Entity]:
    """``count`` entities, most mentioned first: 70% people (given name and surname, the
    surname alone and a spelling variant among their aliases), 20% organisations, 10% places."""
    rng = random.Random(seed)
    given = [syllables(rng, 1, 3) for _ in range(3_000)]
    surnames = [syllables(rng, 2, 4) for _ in range(200_000)]
    entities: list[Entity] = []
    names: set[str] = set()
    while len(entities) < count:
        index = len(entities)
        mentions = max(1, int(100_000 / (index + 1) ** 0.9))
        kind = rng.random()
        if kind < 0.7:
            surname = rng.choice(surnames)
            name = f"{rng.choice(given)} {surname}"
            aliases = [(name, mentions), (surname, max(1, mentions // 2))]
            if rng.random() < 0.2:
                aliases.append((f"{name.split()[0]} {variant(surname)}", 1))
            label = "PERSON"
        elif kind < 0.9:
            name = f"{rng.choice(surnames)} {rng.choice(ORG_HEADS)}"
            aliases, label = [(name, mentions)], "ORG"
        else:
            name, label = syllables(rng, 2, 4), "PLACE"
            aliases = [(name, mentions)]
        if name in names:
            continue
        names.add(name)
        entities.append(Entity(f"E{index:07d}", name, label, tuple(aliases)))
    return entities


def build_store(db: str, count: int) -> None:
    store = open_store(db)
    try:
        if store.get_meta("bench_entities") != str(count):
            store.replace_entities(make_entities(count), [])
            store.set_meta("bench_entities", str(count))
    finally:
        store.close()


@contextmanager
def store_location(args: argparse.Namespace, count: int) -> Iterator[str]:
    """The store to time, with ``count`` entities built where it does not hold them."""
    if args.postgres:
        from postgres_local import database_url, local_postgres

        with local_postgres(args.postgres) as (admin_url, _):
            url = database_url(admin_url, f"lookup{count}")
            build_store(url, count)
            yield url
        return
    with tempfile.TemporaryDirectory(prefix="dateline-bench-lookup-") as folder:
        db = args.db or str(Path(folder) / "entities.db")
        if not Path(db).exists():
            build_store(db, count)
        yield db  # a store given is timed as it is


def misspelt(word: str) -> str:
    """``word`` with its middle letter changed."""
    middle = len(word) // 2
    return word[:middle] + ("q" if word[middle] != "q" else "x") + word[middle + 1 :]


def queries(person: Entity) -> list[tuple[str, str]]:
    """(kind, name) asked: each way a user may name ``person``, and a name nobody holds."""
    given, surname = person.name.split()[0], person.name.split()[-1]
    return [
        ("full name", person.name),
        ("surname alone", surname),
        ("spelling variant", f"{given} {variant(surname)}"),
        ("misspelt surname", misspelt(surname)),
        ("last letter misspelt", surname[:-1] + ("q" if surname[-1] != "q" else "x")),
        ("nobody's name", "Qwyzx Zzyqk"),
    ]


def time_lookups(db: str, repeat: int) -> list[list[object]]:
    """Rows of (kind, name, found, first s, best s)."""
    rows: list[list[object]] = []
    with open_corpus(db, serving=True) as corpus:
        person = next(e for e in corpus.entities(articles=False) if e.label == "PERSON")
        for kind, name in queries(person):
            times, found = [], None
            for _ in range(1 + repeat):
                start = time.perf_counter()
                found = corpus.find_entity(name)
                times.append(time.perf_counter() - start)
            shown = "none" if found is None else found.name
            rows.append([kind, name, shown, f"{times[0]:.3f}", f"{min(times[1:] or times):.3f}"])
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entities", type=int, default=581_086)
    parser.add_argument("--limit", type=int, default=None, help="alias of --entities")
    parser.add_argument("--db", default=None, help="time this store (built there when missing)")
    parser.add_argument("--postgres", type=Path, default=None, help="a server's data folder")
    parser.add_argument("--repeat", type=int, default=3, help="lookups after the first")
    args = parser.parse_args(argv)
    count = args.limit or args.entities
    with store_location(args, count) as db:
        rows = time_lookups(db, args.repeat)
    where = f" --postgres {args.postgres}" if args.postgres else " --db FILE" if args.db else ""
    backend = "PostgreSQL" if is_url(db) else "SQLite"
    record_results(
        "entity-lookup" + ("-postgres" if is_url(db) else ""),
        ["asked", "name", "found", "first s", f"best of {args.repeat} s"],
        rows,
        f"{COMMAND} --entities {count}{where}",
        f"{count:,} entities with made-up but name-like names ({backend}), each name looked up "
        "through the public API (`Corpus.find_entity`) in this process.",
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
