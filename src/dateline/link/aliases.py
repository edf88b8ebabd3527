"""Entities across articles: one entity per real-world referent, however its name is spelled.

The unit linked is a *local entity*: the mentions of one referent in one article (the
annotate stage gives them one ``canonical`` name). Local entities are joined in three passes,
each using name tokens and context rather than one string-similarity threshold:

1. **Same name.** Equal name keys (accents, case, "the", possessives, hyphens/spaces ignored)
   join, whatever label the model gave: labels are voted afterwards. Organisations, places,
   products and events also join on the name their articles use most ("Boeing" for "Boeing
   Commercial Airplanes") when they share two co-occurring entities.
2. **Spelling variant.** Names with the same number of parts, each pair a transliteration or
   spelling variant (:mod:`dateline.link.names`: Dmitry/Dmitri, Sergei/Sergey, Ivashéntsov/
   Ivástentsov, Pyongyang/Piongyang/Pionyang), join when a part is identical ("Dmitri Peskov"
   / "Dmitry Peskov") or when they share two co-occurring entities; nationalities only join
   nationalities. Different short syllables never match, so Kim Jong-un, Kim Jong-Il,
   Kim Il-sung and Kim Yong Nam stay four people.
3. **Short form.** An entity only ever named by one word ("Putin", "Kim", "US") joins the
   multi-word entity it abbreviates (a leading/trailing run of a person's name, an alias seen
   within an article, an acronym, or a run of an ORG/PRODUCT name backed by shared context).
   Its mentions then do not vote on the entity's label. Among several candidates the one
   sharing the most co-occurring entities wins; without shared context the most mentioned
   wins only when it has at least twice the mentions of the next.

User corrections (:mod:`dateline.link.corrections`) are applied on top. Entity ids are a hash
of label and name key of the automatic canonical name, so re-runs keep ids.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from dateline.link.components import DisjointSet
from dateline.link.corrections import (
    Cluster,
    CorrectionError,
    apply_corrections,
    mention_key,
)
from dateline.link.gazetteer import (
    agency_of_key,
    country_and_rest,
    country_named,
    country_of_government,
    country_of_key,
    is_gazetteer_name,
    names_direction,
    names_nation,
    names_place,
    news_agency,
    with_country_spelled_out,
)
from dateline.link.kinds import (
    continues_organisation,
    corrected_label,
    ends_an_institution,
    is_generic_head,
    kind_by_head,
    names_another_body,
    without_company_suffix,
)
from dateline.link.names import (
    DISTINGUISHING_WORDS,
    ampersand_key,
    dropped_inner_words,
    gender_of,
    is_acronym_of,
    is_acronym_shaped,
    is_clipping_of,
    is_loose_acronym_of,
    is_short_form_of,
    is_trailing_run_of,
    leading_word,
    name_key,
    name_parts,
    name_words,
    names_are_variants,
    split_honorific,
    transliteration_key,
    variant_shape,
    without_middle_initials,
)
from dateline.link.shared_surnames import block_key
from dateline.records import LABEL_PRIORITY, Entity, Mention
from dateline.store.interface import Correction, Store

DOMINANCE_RATIO = 2
# extra PERSON votes of a mention with a title ("Mr Blair"): a title is evidence of a person
HONORIFIC_VOTES = 2
# Labels whose articles' most used name identifies the referent across articles; not people
# ("Kim" is the most used name for more than one Kim) nor nationalities.
ANCHORED_LABELS = frozenset({"ORG", "PLACE", "PRODUCT", "EVENT"})
# Co-occurring entities two differently written names must share to be joined on context alone.
MIN_SHARED_CONTEXT = 2
SHORT_FORM_LABELS = frozenset({"ORG", "PRODUCT"})


@dataclass(frozen=True, slots=True)
class EntityLinking:
    """The result of linking: corpus entities and (article_id, start, end, entity_id) links."""

    entities: list[Entity]
    links: list[tuple[str, int, int, str]]


@dataclass(slots=True)
class LocalEntity:
    """The mentions of one referent in one article."""

    article_id: str
    canonical: str
    mentions: list[Mention] = field(default_factory=list)
    context: set[str] = field(default_factory=set)
    short_form: bool = False  # joined to a fuller entity by the short-form pass
    # its block's key (:func:`dateline.link.shared_surnames.block_key`); the name key if unset
    key: str = ""
    # whether its name alone links it within its article only (a shared surname)
    within_article: bool = field(init=False, default=False)

    def __post_init__(self) -> None:
        plain = name_key(self.canonical)
        if not self.key:
            self.key = plain
        self.within_article = self.key != plain


def local_entities(mentions: Iterable[Mention]) -> list[LocalEntity]:
    """Group mentions by (article, canonical name) and note each one's co-occurring names."""
    by_referent: dict[tuple[str, str], LocalEntity] = {}
    for mention in mentions:
        canonical = mention.canonical or mention.text
        if not name_parts(canonical):
            continue
        ref = (mention.article_id, block_key(mention.article_id, canonical, mention.label))
        local = by_referent.get(ref)
        if local is None:
            local = by_referent[ref] = LocalEntity(mention.article_id, canonical, key=ref[1])
        local.mentions.append(mention)
    per_article: dict[str, list[LocalEntity]] = defaultdict(list)
    for local in by_referent.values():
        per_article[local.article_id].append(local)
    for locals_ in per_article.values():
        keys = {local.key for local in locals_}
        for local in locals_:
            local.context = keys - {local.key}
    return sorted(by_referent.values(), key=lambda le: (le.article_id, le.mentions[0].start))


def voting_mentions(members: Sequence[LocalEntity]) -> list[Mention]:
    """Mentions whose label counts: not those of short forms joined to a fuller name (the model
    often calls a lone surname an ORG), unless there is nothing else."""
    full = [m for local in members if not local.short_form for m in local.mentions]
    return full or [m for local in members for m in local.mentions]


def majority_label(mentions: Iterable[Mention]) -> str:
    """The label by evidence over all mentions, not one mention's: each mention votes its
    label, a title ("Mr", "Mrs") votes PERSON again (:data:`HONORIFIC_VOTES`), a nationality
    word ("North Korean") counts for its country, so an entity with place mentions is a
    place. PERSON votes count only with some evidence of a person (a title, a role, or a
    name of two words) when other mentions say otherwise: the model calls one-word companies
    people ("Yukos"), and the article that says "the oil company Yukos" decides. A PERSON
    whose names end in an organisation's or a place's head word ("Manchester United",
    "Wembley Stadium") is that instead (:mod:`dateline.link.kinds`)."""
    votes: Counter[str] = Counter()
    names: Counter[str] = Counter()
    person_evidence = False
    # each way of writing a mention once, with its count: a big block's mentions repeat
    written = Counter((m.label, m.text, m.canonical, m.role) for m in mentions)
    surnames = person_name_ends(written)
    for (label, text, canonical, role), count in written.items():
        if label == "PLACE" and name_key(split_honorific(text)[1]) in surnames:
            label = "PERSON"  # "Pinochet" beside "Augusto Pinochet": his surname
        votes[label] += count
        name = canonical or text
        if split_honorific(text)[0] is not None:
            votes["PERSON"] += HONORIFIC_VOTES * count
            person_evidence = True
        elif label == "PERSON" and (role or len(name_parts(name)) > 1):
            person_evidence = True
        names[name] += count
    if "PLACE" in votes:
        votes.pop("NORP", None)
    if not person_evidence and len(votes) > 1:
        # a one-word name the model calls a person with nothing else saying so ("Yukos"),
        # which another article's text calls something else: the model's usual slip
        votes.pop("PERSON", None)
    label = min(votes, key=lambda label: (-votes[label], LABEL_PRIORITY.get(label, 99)))
    return corrected_label(label, names)


def person_name_ends(written: Iterable[tuple[str, str, str | None, str | None]]) -> set[str]:
    """The keys of the first and last words of the names of two or more words that the
    model calls a person among ``written`` ((label, text, canonical, role) of mentions), and
    of the names written after a title ("Mr. Kasuri"), but not a country's name: the model
    often calls a lone surname a place ("Pinochet", "Singh"), which then outvotes the person
    it names."""
    ends = set()
    for label, text, _, _ in written:
        title, bare = split_honorific(text)
        parts = name_parts(bare)
        if title is not None and parts:
            ends.add(parts[-1])
        if label == "PERSON" and len(parts) > 1:
            ends.update((parts[0], parts[-1]))
    return {key for key in ends if country_named(key, codes=False) is None}


@dataclass(slots=True)
class Group:
    """A set of local entities believed to share a referent, with what the passes compare."""

    members: list[LocalEntity]
    name: str = ""
    label: str = ""
    context: set[str] = field(default_factory=set)
    alias_keys: set[str] = field(default_factory=set)
    size: int = 0
    genders: set[str] = field(default_factory=set)  # told by titles ("Mr", "Mrs") of mentions

    def summarise(self) -> None:
        mentions = [m for local in self.members for m in local.mentions]
        self.size = len(mentions)
        self.label = majority_label(voting_mentions(self.members))
        self.name = canonical_name(self.members)
        self.context = set().union(*(local.context for local in self.members))
        texts = {m.text for m in mentions}
        self.alias_keys = {name_key(text) for text in texts}
        self.genders = {g for g in map(gender_of, texts) if g}

    @property
    def bare_name(self) -> str:
        """The name without a leading title: "Blair" for "Mr Blair"."""
        return split_honorific(self.name)[1]


def canonical_name(members: Sequence[LocalEntity]) -> str:
    """Most words, then most mentions, then alphabetical (so the choice is stable)."""
    weight: Counter[str] = Counter()
    for local in members:
        weight[local.canonical] += len(local.mentions)
    return min(weight, key=lambda name: (-len(name.split()), -weight[name], name))


def display_name(group: Group) -> str:
    """The name to show: the most frequent complete name over all mentions, not the longest
    ("Microsoft", not "Microsoft IPTV"). A person's complete name has a given name and a
    surname; an acronym is complete only when nothing else is written out; titles are dropped
    ("Mr Blair" counts as "Blair"). Ties go to more words, then alphabetical order."""
    if group.label == "PLACE" and is_gazetteer_name(group.name):
        return group.name  # by the gazetteer's name, not "British", "UK" or "African"
    counts: Counter[str] = Counter()
    spelled: dict[str, Counter[str]] = defaultdict(Counter)
    written = Counter(m.text for local in group.members for m in local.mentions)
    for raw, count in written.items():
        text = split_honorific(" ".join(raw.split()))[1]
        key = name_key(text)
        if key:
            counts[key] += count
            spelled[key][text] += count
    complete = [key for key in counts if len(key.split()) > 1 or group.label != "PERSON"]
    written_out = [key for key in complete if not is_acronym_form(spelled[key])]
    pool = written_out or complete
    if not pool:
        return group.name
    best = min(pool, key=lambda key: (-counts[key], -len(key.split()), key))
    return min(spelled[best], key=lambda text: (-spelled[best][text], text))


def is_acronym_form(spellings: Counter[str]) -> bool:
    return all(text.replace(".", "").isupper() for text in spellings)


def groups_of(locals_: list[LocalEntity], sets: DisjointSet) -> list[Group]:
    by_root: dict[int, list[LocalEntity]] = defaultdict(list)
    for index, local in enumerate(locals_):
        by_root[sets.find(index)].append(local)
    groups = [Group(members) for members in by_root.values()]
    for group in groups:
        group.summarise()
    return groups


def anchor_key(local: LocalEntity) -> str:
    """The name an article uses most for a referent ("Boeing" for "Boeing Commercial Airplanes")."""
    counts = Counter(name_key(m.text) for m in local.mentions)
    return min(counts, key=lambda key: (-counts[key], -len(key), key))


def spells_out_another_body(local: LocalEntity, anchor: str) -> bool:
    """Whether an article that writes a wire service's acronym ("AFP") spells it out as some
    other body ("Armed Forces of the Philippines (AFP)"): its referent is that body, not the
    agency every other article credits, so it joins no one by the acronym."""
    agency = agency_of_key(anchor)
    return agency is not None and local.key not in (anchor, name_key(agency))


def join_same_names(locals_: list[LocalEntity]) -> DisjointSet:
    """Same canonical name; or, for organisations, places and products, the same anchor name
    and at least :data:`MIN_SHARED_CONTEXT` co-occurring entities in common (so the US
    Congress and India's Congress party, both "Congress", stay apart); or, for organisations,
    the same name but for a legal form ("General Motors Corporation", "General Motors") and one
    co-occurring entity in common, a leading country code read as the country ("US Air Force",
    "United States Air Force")."""
    sets = DisjointSet(len(locals_))
    first_of_key: dict[str, int] = {}
    by_anchor: dict[tuple[str, str], list[int]] = defaultdict(list)
    by_core: dict[str, list[int]] = defaultdict(list)
    labels = local_labels(locals_)
    for index, (local, label) in enumerate(zip(locals_, labels, strict=True)):
        sets.union(first_of_key.setdefault(local.key, index), index)
        if local.within_article:
            continue  # a shared surname alone: its name says nothing of who is meant
        if label in ANCHORED_LABELS:
            anchor = anchor_key(local)
            if not spells_out_another_body(local, anchor):
                by_anchor[(label, anchor)].append(index)
        if label == "ORG":
            # "US Air Force" and "United States Air Force": a code compared as its country
            by_core[core_key(local.canonical)].append(index)
    for (label, _), members in by_anchor.items():
        # places by their names beside other than nations: two Korean "Hwang"s the model
        # calls places both stand beside the Koreas, as every place in a country does
        counted = specific_shared if label == "PLACE" else len
        join_in_pools(sets, locals_, members, MIN_SHARED_CONTEXT, counted)
    # "Standard & Poor's 500" and "S&P 500": the ampersand short form, with a shared entity
    by_ampersand: dict[str, list[int]] = defaultdict(list)
    for index, local in enumerate(locals_):
        short = ampersand_key(local.canonical)
        if short is not None:
            by_ampersand[short].append(index)
    for index, local in enumerate(locals_):
        if local.key in by_ampersand:
            by_ampersand[local.key].append(index)
    for members in by_ampersand.values():
        if len({locals_[i].key for i in members}) > 1:
            join_in_pools(sets, locals_, sorted(members), 1)
    for members in by_core.values():
        if len({locals_[i].key for i in members}) > 1:
            join_in_pools(sets, locals_, members, 1)
    join_clippings(sets, locals_, labels)
    return sets


def local_labels(locals_: Sequence[LocalEntity]) -> list[str]:
    """Each local entity's :func:`majority_label`, worked out once for each way of writing
    its mentions (a block's articles mostly name it alike)."""
    found: dict[tuple[tuple[str, str, str, str | None], ...], str] = {}
    labels = []
    for local in locals_:
        written = tuple((m.label, m.text, m.canonical, m.role) for m in local.mentions)
        label = found.get(written)
        if label is None:
            label = found[written] = majority_label(local.mentions)
        labels.append(label)
    return labels


def join_clippings(sets: DisjointSet, locals_: list[LocalEntity], labels: list[str]) -> None:
    """Within one article, a name cut short joins the one other name of the article it clips
    ("Fed" beside "Federal Reserve", "Mac" beside "Macintosh", "Penske Auto" beside "Penske
    Automotive Group"): the article writes both, so it says which. Not a person's name, nor a
    clipping that fits two names of the article, nor one that fits a nationality word of the
    article ("Alba", Italy's mission to Albania, beside "Albanian"; "Euro" beside "European"
    and the European Commission): the word it may cut is an adjective, so the article does
    not say which name it clips. ``labels`` are the locals' majority labels."""
    per_article: dict[str, list[int]] = defaultdict(list)
    for index, local in enumerate(locals_):
        per_article[local.article_id].append(index)
    for members in per_article.values():
        shorts = [
            index
            for index in members
            if labels[index] != "NORP" and may_be_clipping(locals_[index])
        ]
        if not shorts:  # most articles: the names they write whole are not read
            continue
        fulls = [
            (index, [(name, leading_word(name)) for name in local_names(locals_[index])])
            for index in members
            if labels[index] != "PERSON"
        ]
        nationalities = {
            " ".join(m.text.split())
            for index in members
            for m in locals_[index].mentions
            if m.label == "NORP" or labels[index] == "NORP"
        }
        for index in shorts:
            short = locals_[index]
            if any(is_clipping_of(short.canonical, word) for word in nationalities):
                continue  # "Euro" beside "European", "Alba" beside "Albanian": says nothing
            lead = leading_word(short.canonical)
            found = [
                other
                for other, names in fulls
                if other != index
                and any(
                    word.startswith(lead) and is_clipping_of(short.canonical, name)
                    for name, word in names
                )
            ]
            if len(found) == 1:
                sets.union(found[0], index)


MAX_CLIPPING_WORDS = 2


def may_be_clipping(local: LocalEntity) -> bool:
    return _may_be_clipped(local.canonical)


@lru_cache(maxsize=65536)  # asked of every local entity a link reads: names repeat
def _may_be_clipped(name: str) -> bool:
    words = name.split()
    return (
        0 < len(words) <= MAX_CLIPPING_WORDS
        and not any(ch.isdigit() for ch in name)
        and not names_place(name)
    )


def local_names(local: LocalEntity) -> set[str]:
    """The names one local entity is written with, titles aside."""
    texts = {local.canonical, *(" ".join(m.text.split()) for m in local.mentions)}
    return {split_honorific(text)[1] for text in texts}


# Head words of a public body that also come before "of" ("Department of Labor").
OFFICE_HEADS = frozenset({"department", "ministry", "office", "bureau"})


def core_key(name: str) -> str:
    """An organisation's key without its legal form, a country code spelled out and an
    office's "of" turned round: "US Labor Department" and "U.S. Department of Labor" are both
    ``united states labor department``."""
    parts = without_company_suffix(name_key(with_country_spelled_out(name))).split()
    for index in range(1, len(parts) - 1):
        if parts[index] == "of" and parts[index - 1] in OFFICE_HEADS:
            head = parts[index - 1]
            parts = parts[: index - 1] + parts[index + 1 :] + [head]
            break
    return " ".join(parts)


def join_in_pools(
    sets: DisjointSet,
    locals_: list[LocalEntity],
    members: list[int],
    min_shared: int,
    counted: Callable[[set[str]], int] = len,
) -> None:
    """Join each member to the first pool sharing ``min_shared`` co-occurring entities, as
    ``counted`` counts them."""
    pools: list[tuple[int, set[str]]] = []  # (first member, context so far)
    for index in members:
        context = locals_[index].context
        for first, pool_context in pools:
            if counted(context & pool_context) >= min_shared:
                sets.union(first, index)
                pool_context |= context
                break
        else:
            pools.append((index, set(context)))


def variant_block(parts: tuple[str, ...]) -> tuple[int, str]:
    return len(parts), transliteration_key(parts[-1])[:2]


def may_join_as_variants(a: Group, b: Group) -> bool:
    if (a.label == "NORP") != (b.label == "NORP"):
        return False
    if writes_a_country(a) != writes_a_country(b):
        return False  # a country is spelled as the gazetteer spells it: "Taiyuan" is a city
    pa, pb = name_parts(a.name), name_parts(b.name)
    if not names_are_variants(pa, pb):
        return False
    shares_part = len(pa) > 1 and any(x == y for x, y in zip(pa, pb, strict=True))
    return shares_part or specific_shared(a.context & b.context) >= MIN_SHARED_CONTEXT


def writes_a_country(group: Group) -> bool:
    """Whether ``group`` is named, or has a mention written, as the gazetteer writes a
    country or a continent: an article that misspells "Aregentina" once writes it right too."""
    return names_place(group.name) or any(names_place(key) for key in group.alias_keys)


def specific_shared(context: set[str]) -> int:
    """How many of the co-occurring names ``context`` are not a country, a continent or their
    people: every place in China is written beside "China", so sharing it says little."""
    return sum(1 for key in context if not names_nation(key))


def join_variants(groups: list[Group]) -> list[Group]:
    # only names of one variant shape can be variants: comparing within a shape finds the
    # the same pairs as comparing every two names of the block, in far fewer comparisons
    blocks: dict[tuple[object, ...], list[int]] = defaultdict(list)
    for index, group in enumerate(groups):
        parts = name_parts(group.name)
        blocks[(variant_block(parts), variant_shape(parts))].append(index)
    sets = DisjointSet(len(groups))
    for members in blocks.values():
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if sets.find(a) != sets.find(b) and may_join_as_variants(groups[a], groups[b]):
                    sets.union(a, b)
    return regroup(groups, sets)


def regroup(groups: list[Group], sets: DisjointSet) -> list[Group]:
    """The groups of ``sets``; a group that joined no other is kept as it is (its summary
    still holds: the passes change a group's members only by joining it to another)."""
    merged: dict[int, list[Group]] = defaultdict(list)
    for index, group in enumerate(groups):
        merged[sets.find(index)].append(group)
    out = []
    for parts in merged.values():
        if len(parts) == 1:
            out.append(parts[0])
            continue
        group = Group([local for part in parts for local in part.members])
        group.summarise()
        out.append(group)
    return out


def abbreviates(short: Group, full: Group) -> bool:
    """Whether the one-word ``short`` names ``full`` in other articles. The string is never
    enough: the two must share a co-occurring entity, and a title's gender must agree.

    - a person by surname only ("Blair", "Mr Blair" -> "Tony Blair"); a lone given name
      ("Bill", "William", "Andrew") is too common to name one person across articles;
    - an organisation or product by the leading words of its name when they share
      :data:`MIN_SHARED_CONTEXT` entities ("Boeing" -> "Boeing Commercial Airplanes"), never
      by its generic head ("Parliament" is not "European Parliament"), nor an organisation by
      a country or a nationality word ("Chinese" is not the "Chinese People's Liberation
      Army", and "American" not American Airlines: a gap, where the airline is meant);
    - an acronym ("USAF" -> "United States Air Force"); a wire service's ("AFP") only the
      agency's own name.
    """
    shared = len(short.context & full.context)
    if shared == 0 or (short.genders and full.genders - short.genders):
        return False
    surname_of_millions = any(local.within_article for local in short.members)
    if surname_of_millions and not specific_shared(short.context & full.context):
        return False  # a "Wang" beside "China" alone says nothing of which Wang
    agency = news_agency(short.name)
    if agency is not None and name_key(full.name) != name_key(agency):
        return False
    bare = short.bare_name
    if full.label == "PERSON" and short.label in ("PERSON", "ORG"):
        if short.label == "ORG" and ends_an_institution(bare):
            return False  # "Army" is no surname of a "Resistance Army" the model calls a person
        if styled_by_given_name(short) and not styled_by_given_name(full):
            return False  # "King Hussein" is no "Saddam Hussein": a monarch's name is his own
        return is_trailing_run_of(bare, full.name)
    if (
        full.label == "ORG"
        and short.label in ("PLACE", "PRODUCT")
        and kind_by_head(full.name) == "ORG"
        and not names_place(bare)
        and not names_direction(bare)  # "North" (Korea) is not "North Atlantic Treaty ..."
    ):
        # the model's other label for a company's first word alone ("AirTran" as a place
        # beside "AirTran Airways"): the full name's head word says what it is. A place
        # named alone in more articles than the company is the place the company is named
        # after ("Jiangsu" of the "JiangSu Changfa Group", "Chicago" of its exchange)
        return (
            shared >= MIN_SHARED_CONTEXT
            and len(short.members) <= len(full.members)
            and is_short_form_of(bare, full.name, trailing=False)
        )
    if full.label == "PRODUCT" and short.label in ("PERSON", "ORG", "PRODUCT"):
        if shared < MIN_SHARED_CONTEXT:
            return False
        if names_model_word(bare, full.name):
            return True  # "Dreamliner", which the model calls a person, of "Boeing 787 Dreamliner"
    if full.label == short.label and full.label in SHORT_FORM_LABELS:
        # "Times", "Bank", "Senate" begin many names: context must agree too. A product's
        # model designator ends its name ("A380" of "Airbus A380"; "A380s" is more of them).
        if shared < MIN_SHARED_CONTEXT:
            return False
        if full.label == "PRODUCT" and name_key(bare) in full.alias_keys:
            return True  # "Boeing 787" where other articles wrote it for "Boeing 787 Dreamliner"
        if full.label == "PRODUCT" and any(ch.isdigit() for ch in bare):
            return name_parts(full.name)[-1:] == name_parts(singular_model(bare))
        if len(name_parts(bare)) > 1 and not continues_organisation(bare, full.name):
            return False
        if full.label == "ORG" and names_nation(bare):
            return False  # "Chinese" (Beijing's word) is not the "Chinese People's Liberation Army"
        if names_another_body(bare, full.name):
            return False  # "Senate" is not its Foreign Relations Committee
        if is_generic_head(bare):
            return False  # "Group" alone, left so by its article, is no "Group of Seven"
        return is_short_form_of(bare, full.name, trailing=False)
    if full.label != "PERSON" and name_key(bare) in full.alias_keys:
        # a place is no other kind's alias: the city of "Barcelona" is not the "Barcelona
        # Process" that one article called so
        return shared >= MIN_SHARED_CONTEXT and (short.label != "PLACE" or full.label == "PLACE")
    if full.label in ("PERSON", "NORP"):
        return False  # a people has no acronym: "CA" is no "Central Asian"
    return is_acronym_of(short.name, full.name) or (
        shared >= MIN_SHARED_CONTEXT and is_loose_acronym_of(short.name, full.name)
    )


#: titles followed by a given name, not a surname ("King Hussein", "Prince Charles")
GIVEN_NAME_TITLES = frozenset(
    {"king", "queen", "prince", "princess", "emir", "sultan", "emperor", "empress", "pope"}
)


def styled_by_given_name(group: Group) -> bool:
    """Whether a title in ``group`` (a mention's role, or a word of its name before the
    last: "Stephen King" is no king) is a monarch's or a pope's, which the bearer's given
    name follows."""
    for local in group.members:
        for mention in local.mentions:
            words = (mention.role or "").lower().split()[-1:] + mention.text.lower().split()[:-1]
            if any(word in GIVEN_NAME_TITLES for word in words):
                return True
    return False


def singular_model(name: str) -> str:
    """A model designator without its plural "s" ("A350s" -> "A350", "787s" -> "787")."""
    if len(name) > 2 and name[-1] == "s" and name[-2].isdigit():
        return name[:-1]
    return name


def names_model_word(short: str, full: str) -> bool:
    """Whether ``short`` is the last words of the product ``full`` that follow or hold its
    model designator, without the maker ("Dreamliner", "787 Dreamliner" of "Boeing 787
    Dreamliner"), the last word a word, not a number."""
    parts = name_parts(full)
    last = name_parts(short)[-1:]
    if not last or any(ch.isdigit() for ch in last[0]):
        return False
    if not any(any(ch.isdigit() for ch in part) for part in parts[:-1]):
        return False
    return is_trailing_run_of(short, full)


def best_candidate(short: Group, candidates: list[Group]) -> Group | None:
    if len(candidates) == 1:
        return candidates[0]
    ranked = sorted(candidates, key=lambda g: (-len(short.context & g.context), -g.size, g.name))
    top, runner_up = ranked[0], ranked[1]
    top_shared = len(short.context & top.context)
    if top_shared > len(short.context & runner_up.context):
        return top
    # Equal context: a name may go to a far better known entity, but never a person's
    # surname or title ("Mr Brown" with Gordon and Nick Brown stays on its own).
    if (
        top_shared == len(short.context & runner_up.context)
        and top.label != "PERSON"
        and top.size >= DOMINANCE_RATIO * runner_up.size
    ):
        return top
    return None


def join_short_forms(groups: list[Group]) -> list[Group]:
    multi_word = [g for g in groups if len(g.bare_name.split()) > 1]
    by_word: dict[str, list[int]] = defaultdict(list)
    for index, group in enumerate(multi_word):
        for alias in group.alias_keys:
            for part in alias.split():
                by_word[part].append(index)
        by_word["^" + "".join(w[0] for w in group.name.split() if w[:1].isupper())].append(index)
    sets = DisjointSet(len(groups))
    position = {id(g): i for i, g in enumerate(groups)}
    for index, short in enumerate(groups):
        if len(short.bare_name.split()) != 1 and short.label not in SHORT_FORM_LABELS:
            continue  # an organisation's or product's leading words may be several ("Dow Jones")
        key = name_key(singular_model(short.bare_name))
        nearby = {i for part in key.split() for i in by_word.get(part, [])}
        nearby |= set(by_word.get("^" + short.name.replace(".", ""), []))
        candidates = [
            multi_word[i]
            for i in sorted(nearby)
            if multi_word[i] is not short and abbreviates(short, multi_word[i])
        ]
        chosen = best_candidate(short, candidates) if candidates else None
        if chosen is not None:
            sets.union(position[id(chosen)], index)
            for local in short.members:
                local.short_form = True
    return regroup(groups, sets)


DROPPED_WORD_LABELS = frozenset({"ORG", "PLACE", "PRODUCT", "EVENT"})


def first_and_last_word(name: str) -> str | None:
    """The blocking key of :func:`join_dropped_words`: first and last word of a longer name."""
    words = [" ".join(parts) for parts in name_words(split_honorific(name)[1])]
    return f"{words[0]}|{words[-1]}" if len(words) >= 2 else None


def join_dropped_words(groups: list[Group]) -> list[Group]:
    """A name of an organisation, place or product that leaves out inner words of another of
    the same label joins it ("iTunes Store", "iTunes Music Store"; "Moscone West center",
    "Moscone West Convention Center") when they share :data:`MIN_SHARED_CONTEXT` co-occurring
    entities; never when a dropped word tells places or bodies apart ("Bank of New England",
    "Moscone West": :data:`DISTINGUISHING_WORDS`, or a place's name), nor when each is written
    with an acronym of its own ("European Union" as EU, "European Monetary Union" as EMU;
    "Liberal Democratic Party" as LDP, a Croatian "Liberal Party" as HSLS: two bodies). Among
    several, as for short forms."""
    blocks: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, group in enumerate(groups):
        block = first_and_last_word(group.name)
        if block is not None and group.label in DROPPED_WORD_LABELS:
            blocks[(group.label, block)].append(index)
    sets = DisjointSet(len(groups))
    position = {id(group): index for index, group in enumerate(groups)}
    for members in blocks.values():
        for index in members:
            short = groups[index]
            candidates = [
                groups[other]
                for other in members
                if other != index
                and len(short.context & groups[other].context) >= MIN_SHARED_CONTEXT
                and drops_only_inner_words(short.bare_name, groups[other].bare_name)
                and not other_acronyms(short, groups[other])
            ]
            chosen = best_candidate(short, candidates) if candidates else None
            if chosen is not None:
                sets.union(position[id(chosen)], index)
    return regroup(groups, sets)


def own_acronyms(group: Group) -> set[str]:
    """The acronyms a group is written with: "EU", or "HSLS", which an article defined in
    brackets after the "Liberal Party" the model tagged of "Croatian Social and Liberal
    Party"."""
    texts = {m.text for local in group.members for m in local.mentions}
    return {text.replace(".", "") for text in texts if is_acronym_shaped(text)}


def other_acronyms(first: Group, second: Group) -> bool:
    """Whether both groups are written with acronyms of their own, and never the same one."""
    mine, theirs = own_acronyms(first), own_acronyms(second)
    return bool(mine) and bool(theirs) and not mine & theirs


def drops_only_inner_words(short: str, full: str) -> bool:
    dropped = dropped_inner_words(short, full)
    return bool(dropped) and not any(
        word in DISTINGUISHING_WORDS or names_place(word) for word in dropped or ()
    )


def join_middle_initials(groups: list[Group]) -> list[Group]:
    """A person named without a middle initial joins the one person named with it ("George
    Bush" -> "George W Bush") when they share :data:`MIN_SHARED_CONTEXT` co-occurring
    entities: the father and the son share a name, so the context must say which."""
    initialled: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for index, group in enumerate(groups):
        parts = name_parts(group.bare_name)
        if group.label == "PERSON" and without_middle_initials(parts) != parts:
            initialled[without_middle_initials(parts)].append(index)
    sets = DisjointSet(len(groups))
    for index, plain in enumerate(groups):
        parts = name_parts(plain.bare_name)
        if plain.label != "PERSON" or len(parts) < 2 or parts not in initialled:
            continue
        candidates = [
            i
            for i in initialled[parts]
            if len(plain.context & groups[i].context) >= MIN_SHARED_CONTEXT
            and not (plain.genders and groups[i].genders - plain.genders)
        ]
        if len(candidates) == 1:
            sets.union(candidates[0], index)
    return regroup(groups, sets)


def join_country_qualified(groups: list[Group]) -> list[Group]:
    """An organisation named without its country joins the one named with it ("Air Force",
    "Federal Reserve" -> "United States Air Force", "US Federal Reserve") when they share
    :data:`MIN_SHARED_CONTEXT` co-occurring entities (among several, as for short forms) and
    most of its articles (:data:`MOST_ARTICLES_NAMING_THE_COUNTRY`) name that country or its
    people. Every country has a foreign ministry, a parliament, a national assembly: the
    ministries of Russia, Iran and Denmark, named without their country, are not China's
    because one article wrote "Chinese Foreign Ministry"."""
    qualified: dict[str, list[int]] = defaultdict(list)
    country_of: dict[int, str] = {}
    for index, group in enumerate(groups):
        split = country_and_rest(group.name) if group.label == "ORG" else None
        if split:
            country_of[index] = split[0]
            qualified[name_key(split[1])].append(index)
    sets = DisjointSet(len(groups))
    position = {id(group): index for index, group in enumerate(groups)}
    for index, short in enumerate(groups):
        if short.label != "ORG" or name_key(short.name) not in qualified:
            continue
        others = qualified[name_key(short.name)]
        candidates = [
            groups[i]
            for i in others
            if len(short.context & groups[i].context) >= MIN_SHARED_CONTEXT
        ]
        chosen = best_candidate(short, candidates) if candidates else None
        if chosen is None:
            continue
        if names_the_country_mostly(short, country_of[position[id(chosen)]]):
            sets.union(position[id(chosen)], index)
    return regroup(groups, sets)


#: the share of a generic institution's articles that must name one country for its name
#: without a country to join that country's (see :func:`join_country_qualified`)
MOST_ARTICLES_NAMING_THE_COUNTRY = 2 / 3


def names_the_country_mostly(group: Group, country: str) -> bool:
    """Whether most of the articles of ``group`` name ``country`` or its people."""
    contexts: dict[str, set[str]] = defaultdict(set)
    for local in group.members:
        contexts[local.article_id] |= local.context
    naming = sum(
        any(country_of_key(key) == country for key in context) for context in contexts.values()
    )
    return naming >= MOST_ARTICLES_NAMING_THE_COUNTRY * len(contexts)


def join_governments(groups: list[Group]) -> list[Group]:
    """An organisation named as a country's government ("the US Government", "the government
    of Canada") joins that country, when one entity is named by the country's gazetteer name:
    the country acting as a state and its government are one referent."""
    countries: dict[str, list[int]] = defaultdict(list)
    for index, group in enumerate(groups):
        country = country_named(group.name) if group.label == "PLACE" else None
        if country is not None and name_key(country) == name_key(group.name):
            countries[country].append(index)
    sets = DisjointSet(len(groups))
    joined: set[str] = set()
    for index, group in enumerate(groups):
        country = country_of_government(group.name) if group.label == "ORG" else None
        if country is not None and len(countries.get(country, ())) == 1:
            sets.union(countries[country][0], index)
            joined.add(country)
            for local in group.members:
                local.short_form = True  # the country's label and name stay the country's
    out = regroup(groups, sets)
    if not joined:
        return out
    for group in out:
        if group.label != "PLACE":
            continue
        names = {country_named(local.canonical) for local in group.members} & joined
        if len(names) == 1:
            group.name = str(names.pop())
    return out


def entity_id(label: str, name: str) -> str:
    digest = hashlib.sha1(f"{label}|{name_key(name)}".encode()).hexdigest()
    return f"E{digest[:15]}"


def build_entity(cluster: Cluster, used_ids: set[str]) -> Entity:
    voters = [m for m in cluster.mentions if mention_key(m) not in cluster.non_voting]
    label = majority_label(voters or cluster.mentions)
    ident = cluster.entity_id or entity_id(label, cluster.name)
    if ident in used_ids:
        first = min((m.article_id, m.start) for m in cluster.mentions)
        ident = entity_id(label, f"{cluster.name}@{first[0]}:{first[1]}")
    used_ids.add(ident)
    cluster.entity_id = ident
    aliases = Counter(" ".join(m.text.split()) for m in cluster.mentions)
    roles = Counter(m.role for m in cluster.mentions if m.role)
    return Entity(
        id=ident,
        name=cluster.name,
        label=label,
        aliases=tuple(sorted(aliases.items(), key=lambda item: (-item[1], item[0]))),
        roles=tuple(role for role, _ in sorted(roles.items(), key=lambda r: (-r[1], r[0]))),
        article_ids=tuple(sorted({m.article_id for m in cluster.mentions})),
    )


def automatic_clusters(mentions: Iterable[Mention]) -> list[Cluster]:
    return clusters_of(local_entities(mentions))


def clusters_of(locals_: list[LocalEntity]) -> list[Cluster]:
    """The automatic clusters of ``locals_`` (all of a corpus, or the blocks a batch touches)."""
    groups = groups_of(locals_, join_same_names(locals_))
    groups = join_middle_initials(join_variants(groups))
    groups = join_dropped_words(join_short_forms(groups))
    groups = join_governments(join_country_qualified(groups))
    clusters = []
    for group in sorted(groups, key=lambda g: (-g.size, g.name)):
        cluster = Cluster(
            mentions=[m for local in group.members for m in local.mentions],
            name=display_name(group),
        )
        # the id keeps hashing the fullest name, as it did before names were chosen by use
        cluster.entity_id = entity_id(group.label, group.name)
        cluster.non_voting = {
            mention_key(m) for local in group.members if local.short_form for m in local.mentions
        }
        cluster.refresh_aliases()
        clusters.append(cluster)
    return clusters


def link_entities(
    mentions: Iterable[Mention], corrections: Sequence[Correction] = ()
) -> EntityLinking:
    """Cluster article-level mentions into corpus entities, then apply user corrections."""
    return linking_of(apply_corrections(automatic_clusters(mentions), corrections))


def linking_of(clusters: list[Cluster], used: set[str] | None = None) -> EntityLinking:
    """Entities of ``clusters`` (corrections applied), with ids not in ``used``."""
    used = set() if used is None else used
    entities, links = [], []
    # Automatic ids first so that a split-off cluster never takes an existing entity's id.
    for cluster in sorted(clusters, key=lambda c: (not c.entity_id, -len(c.mentions))):
        if cluster.entity_id in used:
            cluster.entity_id = ""
        entity = build_entity(cluster, used)
        entities.append(entity)
        links += [(m.article_id, m.start, m.end, entity.id) for m in cluster.mentions]
    entities.sort(key=lambda e: (-sum(count for _, count in e.aliases), e.name))
    links.sort()
    return EntityLinking(entities=entities, links=links)


def require_entity(store: Store, name: str) -> Entity:
    """The stored entity ``name`` designates (id, name or alias), or a clear error."""
    found = resolve_entity_name(store.iter_entities(), name)
    if found is None:
        raise CorrectionError(f"no entity named {name!r}")
    return found


def resolve_entity_name(entities: Iterable[Entity], name: str) -> Entity | None:
    """An entity by id, else canonical name, else the entity using ``name`` most as an alias."""
    key = name_key(name)
    by_name: list[Entity] = []
    by_alias: list[tuple[int, Entity]] = []
    for entity in entities:
        if entity.id == name:
            return entity
        if not key:
            continue
        if name_key(entity.name) == key:
            by_name.append(entity)
        count = sum(c for alias, c in entity.aliases if name_key(alias) == key)
        if count:
            by_alias.append((count, entity))
    if by_name:
        return max(by_name, key=lambda e: sum(c for _, c in e.aliases))
    if by_alias:
        return max(by_alias, key=lambda item: item[0])[1]
    return None
