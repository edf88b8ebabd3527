"""Entity linking, full or incremental: re-cluster only the name-key blocks a batch touches.

Entity linking (:mod:`dateline.link.aliases`) starts by joining every local entity (the
mentions of one referent in one article) with the same name key into one *block*; its later
passes only ever join whole blocks, comparing each with the blocks that share a blocking
token with it (a variant block, a leading or trailing word, an acronym, a name without its
middle initial or its country, an anchor name). So a block's cluster can only change when
a block of its cluster, or one it is compared with, gains or loses mentions.

The store keeps, per block (:mod:`dateline.store.sql_entity_links`), the articles it occurs
in, the automatic cluster it belongs to, and its blocking tokens; per linked article, its
annotation time and a digest of its mentions. An incremental link then:

1. takes the articles annotated since (new or re-annotated); one whose mentions did not
   change (``set-date`` re-resolves times, not names) only has its annotation time noted;
2. marks the blocks of the changed articles dirty, before and after (a block that lost
   mentions is dirty too), adds their clusters' other blocks, the blocks sharing a blocking
   token with any of them (spelling variants only when they are variants) and those blocks'
   clusters; and, when that reaches a block a stored correction names, every block the
   corrections name;
3. re-clusters exactly those blocks with the unchanged passes (each local entity keeps its
   whole article's names as context), applies the stored corrections, and writes back only
   the entities, mention links and summaries that changed.

Entity ids hash the cluster's label and name, so an entity that did not change keeps its id,
and one that gained mentions keeps it as long as its fullest name and label stay. A
correction re-links only the blocks it names (and what they are compared with). The result
can differ from a full pass only where a decision of a compared-with block depends on a
block two steps away (a short form choosing between two full names); ``dateline link
--full`` re-links every block and rebuilds the state.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from dateline.link.aliases import (
    MAX_CLIPPING_WORDS,
    EntityLinking,
    LocalEntity,
    anchor_key,
    clusters_of,
    core_key,
    first_and_last_word,
    linking_of,
    local_entities,
    local_names,
    singular_model,
    variant_block,
)
from dateline.link.corrections import apply_corrections
from dateline.link.gazetteer import without_country_prefix
from dateline.link.names import (
    MIN_CLIPPED_LENGTH,
    forget_name_keys,
    initials,
    name_key,
    name_parts,
    name_words,
    names_are_variants,
    split_honorific,
    without_middle_initials,
)
from dateline.link.names import variant_shape as parts_shape
from dateline.link.shared_surnames import block_key
from dateline.records import Mention
from dateline.store.interface import EntityLinkState, EntityLinkUpdate, MentionRow, Store

#: token kinds looked up on the other side: a one-word name (``s``) is compared with the
#: full names it may abbreviate (``p``), a name without a middle initial (``M``) with the one
#: with it (``m``), an organisation's name (``Q``) with the one naming its country (``q``);
#: a name that may be a clipping (``k``) with the clippings of other names (``K``); the other
#: kinds (``v`` variant block, ``a`` anchor name, ``c`` name without legal form, ``d`` first
#: and last word) with their own kind. ``t`` (every written form) finds the blocks a
#: correction names.
PARTNER_KINDS = {"p": "s", "s": "p", "m": "M", "M": "m", "q": "Q", "Q": "q", "k": "K", "K": "k"}


def mention_key(mention: Mention) -> str:
    """The key of the block a mention belongs to (:func:`block_key`)."""
    return block_key(mention.article_id, mention.canonical or mention.text, mention.label)


def mention_digest(mentions: Iterable[Mention]) -> str:
    """A digest of what entity linking reads of an article's mentions."""
    digest = hashlib.sha1()
    for m in sorted(mentions, key=lambda m: (m.start, m.end)):
        digest.update(repr((m.start, m.end, m.text, m.label, m.role, m.canonical)).encode())
    return digest.hexdigest()


def local_tokens(local: LocalEntity) -> set[str]:
    """Every blocking token of one local entity: a superset of the names any pass of
    :mod:`dateline.link.aliases` compares it with, whatever label its cluster ends with."""
    parts = name_parts(local.canonical)
    size, prefix = variant_block(parts)
    # spelling variants share their variant block and their variant shape
    tokens = {f"v:{size}:{prefix}:{shape_text(parts)}", "a:" + anchor_key(local)}
    tokens.add("c:" + core_key(local.canonical))
    bare = split_honorific(local.canonical)[1]
    bare_parts = name_parts(bare)
    if len(bare_parts) >= 2:
        plain = without_middle_initials(bare_parts)
        tokens.add(("m:" if plain != bare_parts else "M:") + " ".join(plain))
    if len(bare.split()) == 1:
        tokens |= {"s:" + part for part in name_parts(bare)}
        tokens |= {"s:" + part for part in name_parts(singular_model(bare))}
        tokens.add("s:^" + local.canonical.replace(".", ""))
    else:
        for text in {local.canonical, *(m.text for m in local.mentions)}:
            bare_text = split_honorific(" ".join(text.split()))[1]
            words = bare_text.split()
            for word in words[:1] + words[-1:]:
                tokens |= {"p:" + part for part in name_parts(word)}
            tokens |= run_tokens("p", name_words(bare_text))
        tokens.add("p:^" + initials(local.canonical))
        # an organisation's or product's leading words, a product's model words
        tokens |= run_tokens("s", name_words(bare))
    block = first_and_last_word(local.canonical)
    if block is not None:
        tokens.add("d:" + block)
    tokens |= clipping_tokens(local)
    rest = without_country_prefix(local.canonical)
    if rest:
        tokens.add("q:" + name_key(rest))
    tokens.add("Q:" + local.key)
    tokens |= {"t:" + key for key in map(name_key, (m.text for m in local.mentions)) if key}
    return tokens


def run_tokens(kind: str, words: Sequence[tuple[str, ...]]) -> set[str]:
    """A name of several words as a leading or trailing run of another's: a part of its first
    word with the variant shapes of its first two words, a part of its last with those of
    its last two (:func:`dateline.link.names.is_short_form_of` needs every word a variant,
    so the shapes agree). Two names sharing only a first or last word ("John Smith", "John
    Doe") share none, so a batch's people are not compared with every stored name that
    begins as theirs do; nor do two sharing one part of a word of several ("Kim Jong-un",
    "Kim Yo-jong"), which is never a variant of the other's word."""
    if len(words) < 2:
        return set()
    lead = shape_text(words[0]) + "|" + shape_text(words[1])
    trail = shape_text(words[-2]) + "|" + shape_text(words[-1])
    return {f"{kind}:<{part}|{lead}" for part in words[0]} | {
        f"{kind}:>{part}|{trail}" for part in words[-1]
    }


def shape_text(parts: tuple[str, ...]) -> str:
    return " ".join("".join(piece) for piece in parts_shape(parts))


def clipping_tokens(local: LocalEntity) -> set[str]:
    """``k:`` the name of a local entity that may be a clipping ("Fed"), ``K:`` every clipping
    its names allow ("Fed", "Fede", ... of "Federal Reserve")."""
    tokens = set()
    words = [" ".join(parts) for parts in name_words(local.canonical)]
    if 0 < len(words) <= MAX_CLIPPING_WORDS and not any(ch.isdigit() for ch in local.canonical):
        tokens.add("k:" + " ".join(words))
    for name in local_names(local):
        words = [" ".join(parts) for parts in name_words(name)]
        for n, word in enumerate(words[:MAX_CLIPPING_WORDS]):
            for size in range(MIN_CLIPPED_LENGTH, len(word) // 2 + 1):
                tokens.add("K:" + " ".join([*words[:n], word[:size]]))
    return tokens


def variant_shape(key: str) -> tuple[tuple[str, ...], ...]:
    """The variant shape of a name key (:func:`dateline.link.names.variant_shape`)."""
    return parts_shape(name_parts(key))


def tokens_by_key(locals_: Iterable[LocalEntity]) -> dict[str, set[str]]:
    """Each block's tokens: those of its local entities, worked out once for each way a
    local is written (its canonical name and its mentions' texts, all its tokens depend on;
    28,711 locals of the silver newswire are written 16,510 ways)."""
    found: dict[str, set[str]] = defaultdict(set)
    done: set[tuple[str, tuple[str, ...]]] = set()
    for local in locals_:
        written = (local.canonical, tuple(sorted(m.text for m in local.mentions)))
        if written not in done:
            done.add(written)
            found[local.key] |= local_tokens(local)
    return found


#: an annotated article's annotation time and the mention digest stored for it
_Mark = tuple[str, str | None]


def cluster_of_keys(clusters: Sequence[Any]) -> dict[str, str]:
    """Name key -> the automatic cluster (its id) holding the key's block."""
    return {mention_key(m): cluster.entity_id for cluster in clusters for m in cluster.mentions}


# -- the full pass ------------------------------------------------------------------------
def relink_all(store: Store, only: Sequence[str] | None = None) -> EntityLinking:
    """Re-link every stored mention (of the articles ``only``, when given: the first batch
    of a large corpus) with the stored corrections, replace the entities and rebuild the
    state an incremental link starts from."""
    store.forget_entity_link_state()
    annotated = store.changed_entity_articles(every=True)
    if only is None:
        mentions = list(store.iter_mentions())
    else:
        annotated = _among(annotated, only)
        mentions = store.mentions_in(sorted(annotated))
    locals_ = local_entities(mentions)
    clusters = clusters_of(locals_)
    keys = cluster_of_keys(clusters)
    linking = linking_of(apply_corrections(clusters, store.list_corrections()))
    store.replace_entities(linking.entities, linking.links)
    by_article: dict[str, list[Mention]] = defaultdict(list)
    for mention in mentions:
        by_article[mention.article_id].append(mention)
    store.replace_entity_link_state(
        EntityLinkState(
            articles=[
                (article_id, at, mention_digest(by_article.get(article_id, ())))
                for article_id, (at, _) in annotated.items()
            ],
            blocks=sorted({(local.key, local.article_id) for local in locals_}),
            keys=keys,
            tokens=[(t, k) for k, tokens in tokens_by_key(locals_).items() for t in tokens],
        )
    )
    return linking


def _among(marks: Mapping[str, _Mark], only: Sequence[str]) -> dict[str, _Mark]:
    """The entries of ``marks`` (by article id) for the articles ``only``."""
    wanted = set(only)
    return {article_id: mark for article_id, mark in marks.items() if article_id in wanted}


def link_entities_in(
    store: Store, *, full: bool = False, only: Sequence[str] | None = None
) -> EntityLinking:
    """Link what changed since the last link (everything when ``full``, or when the store
    has no state yet), of the articles ``only`` when given (the others wait for a later
    link); the entities written."""
    try:
        if full or not store.entity_link_state_ready():
            return relink_all(store, only)
        return relink_changed(store, only=only)
    finally:
        forget_name_keys()  # kept for this stage's passes only


def relink_after_correction(store: Store, payload: Mapping[str, object]) -> EntityLinking:
    """Re-link the blocks a just-stored correction names (and what they are compared with)."""
    if not store.entity_link_state_ready():
        return relink_all(store)
    return relink_changed(
        store,
        extra_keys=named_keys(store, correction_names([payload])),
        splitting="aliases" in payload or "articles" in payload,
    )


# -- the incremental pass -------------------------------------------------------------------
def correction_names(payloads: Iterable[Mapping[str, object]]) -> set[str]:
    names: set[str] = set()
    for payload in payloads:
        for field in ("names", "name", "new"):
            value = payload.get(field)
            values = value if isinstance(value, list) else [value]
            names |= {str(v) for v in values if isinstance(v, str) and v.strip()}
    return names


def with_their_clusters(store: Store, keys: set[str]) -> set[str]:
    """``keys`` and every key of their automatic clusters."""
    clusters = sorted(set(store.entity_key_clusters(sorted(keys)).values()))
    return keys | set(store.entity_cluster_keys(clusters))


def named_keys(
    store: Store, names: Iterable[str], extra: Mapping[str, set[str]] | None = None
) -> set[str]:
    """The blocks of every automatic cluster that a correction naming ``names`` may find
    (a cluster with one of them as a written form, or as its id)."""
    names = sorted(names)
    wanted = sorted({"t:" + name_key(name) for name in names if name_key(name)})
    keys = {key for _, key in store.entity_keys_with_tokens(wanted)}
    keys |= {key for key, tokens in (extra or {}).items() if tokens & set(wanted)}
    keys |= set(store.entity_cluster_keys(names))
    return with_their_clusters(store, keys)


def blocks_to_relink(
    store: Store, dirty: set[str], batch_tokens: Mapping[str, set[str]], names: set[str]
) -> set[str]:
    """The dirty blocks, their clusters, the blocks compared with any of those and their
    clusters (and every block the corrections name, when any of these is one)."""
    core = with_their_clusters(store, dirty)
    tokens: dict[str, set[str]] = defaultdict(set)  # token -> core keys with it
    for token, key in store.entity_tokens_of_keys(sorted(core)):
        tokens[token].add(key)
    for key, found in batch_tokens.items():
        for token in found:
            tokens[token].add(key)
    wanted: dict[str, str] = {}  # the token looked up -> the core token it answers
    for token in tokens:
        kind = token[0]
        if kind != "t":
            wanted[PARTNER_KINDS.get(kind, kind) + token[1:]] = token
    shapes: dict[str, dict[tuple[tuple[str, ...], ...], list[str]]] = {}
    neighbours: set[str] = set()
    for token, key in store.entity_keys_with_tokens(sorted(wanted)):
        if key in core:
            continue
        if token[0] == "v":
            if token not in shapes:
                shapes[token] = defaultdict(list)
                for other in tokens[token]:
                    shapes[token][variant_shape(other)].append(other)
            parts = name_parts(key)
            others = shapes[token].get(variant_shape(key), [])
            if not any(names_are_variants(parts, name_parts(other)) for other in others):
                continue
        neighbours.add(key)
    keys = core | with_their_clusters(store, neighbours)
    if names:
        named = named_keys(store, names, batch_tokens)
        if named & keys:
            keys |= named
    return with_names_they_may_fit(store, keys, core)


#: token kinds of a name that a pass joins to the one name it fits among those it is given
#: (a clipping, a short form, a name with inner words dropped; among several it may join
#: none), and the kinds of the names it may fit
ONE_OF_KINDS = {"k": "K", "s": "p", "d": "d"}


def with_names_they_may_fit(store: Store, keys: set[str], looked_up: set[str]) -> set[str]:
    """``keys`` with every stored key that one of them may be a clipping ("European
    Commission" and "Europe" for "Euro"), a short form ("Brett Lee" and "Spike Lee" for
    "Lee") or a shorter name of, and the keys of its cluster, until none is new; those of
    ``looked_up`` are among ``keys`` already. A pass joins such a name to the one name it
    fits, and among several to one only on better evidence, or to none: with one of them
    unread (a block no key of the batch finds), it would see one where a full link sees two,
    and join what a full link keeps apart."""
    keys = set(keys)
    pending = keys - looked_up
    while pending:
        tokens = store.entity_tokens_of_keys(sorted(pending))
        wanted = sorted(
            {
                ONE_OF_KINDS[token[0]] + token[1:]
                for token, _key in tokens
                if token[0] in ONE_OF_KINDS
            }
        )
        found = {key for _token, key in store.entity_keys_with_tokens(wanted)} - keys
        pending = with_their_clusters(store, found) - keys
        keys |= pending
    return keys


#: the most stored articles of one block read as context for re-clustering it: a bigger
#: block (a country, a head of state) is read from a sample of this many, so that what a
#: batch costs does not grow with how often its names were named before (see
#: :func:`relink_changed`)
BLOCK_SAMPLE = 100


def relink_changed(
    store: Store,
    extra_keys: Iterable[str] = (),
    *,
    whole_blocks: bool = False,
    splitting: bool = False,
    only: Sequence[str] | None = None,
    whole_keys: frozenset[str] = frozenset(),
) -> EntityLinking:
    """Re-cluster the blocks the articles annotated since the last link touch (and
    ``extra_keys``), write back what changed; the entities written.

    Unless ``whole_blocks``, a block with more than :data:`BLOCK_SAMPLE` stored articles is
    read from that many of them (and
    the changed articles). That is kept only when every mention read of such a block stays
    on the entity it had: the block's entity keeps its id (so its name and label), the
    mentions not read keep their links, and its aliases, roles and articles are counted again
    from the stored mentions. Otherwise the run starts again reading whole the blocks whose
    sample did not decide (``whole_keys``; every block, as a correction's run always does,
    when ``whole_blocks``): one popular name whose sample splits does not make a batch read
    every big block it touches whole."""
    extra_keys = list(extra_keys)
    # a fresh split moves mentions a sample may not hold: it reads the whole blocks
    sample = None if whole_blocks or splitting else BLOCK_SAMPLE
    changed = store.changed_entity_articles()
    if only is not None:
        changed = _among(changed, only)
    by_article: dict[str, list[Mention]] = defaultdict(list)
    for mention in store.mentions_in(sorted(changed)):
        by_article[mention.article_id].append(mention)
    digests = {a: mention_digest(by_article.get(a, ())) for a in changed}
    dirty_articles = sorted(a for a in changed if digests[a] != changed[a][1])
    marks = [(a, changed[a][0], digests[a]) for a in sorted(changed)]
    batch_locals = local_entities(m for a in dirty_articles for m in by_article.get(a, ()))
    dirty = store.entity_keys_of_articles(dirty_articles) | {lo.key for lo in batch_locals}
    dirty |= set(extra_keys)
    if not dirty:
        store.update_entity_links(
            EntityLinkUpdate([], [], [], [], EntityLinkState(articles=marks), [], [])
        )
        return EntityLinking(entities=[], links=[])
    corrections = store.list_corrections()
    names = correction_names(c.payload for c in corrections)
    batch_tokens = tokens_by_key(batch_locals)
    keys = blocks_to_relink(store, dirty, batch_tokens, names)
    sampled: set[str] = set()
    if sample is None:
        found = store.articles_of_entity_keys(sorted(keys))
    else:
        whole = keys & whole_keys
        found, sampled = store.sampled_entity_block_articles(sorted(keys - whole), sample)
        found |= store.articles_of_entity_keys(sorted(whole))
    dirty_set = set(dirty_articles)
    locals_, concerned = _read_blocks(store, sorted(found | dirty_set), keys, dirty_set)
    clusters = clusters_of(locals_)
    key_clusters = cluster_of_keys(clusters)
    corrected = apply_corrections(clusters, corrections)
    old_ids = {m.entity_id for m in concerned if m.entity_id}
    old_ids |= store.entity_ids_of_articles(dirty_articles)
    candidates = sorted({c.entity_id for c in corrected if c.entity_id})
    linking = linking_of(corrected, store.existing_entity_ids(candidates) - old_ids)
    found_sampled = _sampled_entities(concerned, linking, sampled)
    if isinstance(found_sampled, frozenset):
        return relink_changed(store, extra_keys, only=only, whole_keys=whole_keys | found_sampled)
    recount, remap = found_sampled
    state = EntityLinkState(
        articles=marks,
        blocks=sorted({(lo.key, lo.article_id) for lo in locals_ if lo.article_id in dirty_set}),
        keys=key_clusters,
        tokens=[(t, k) for k, tokens in batch_tokens.items() for t in tokens],
    )
    return _write_back(
        store, linking, concerned, old_ids, state, dirty_articles, sorted(keys), recount, remap
    )


#: articles whose mentions are read at once when re-clustering (see :func:`_read_blocks`)
READ_PAGE = 1000


def _read_blocks(
    store: Store, articles: Sequence[str], keys: set[str], dirty: set[str]
) -> tuple[list[LocalEntity], list[Mention]]:
    """(the local entities of the blocks ``keys`` in ``articles``, the mentions concerned: of
    those blocks, or of the ``dirty`` articles), read :data:`READ_PAGE` articles at a time.
    The other mentions of those articles only give their names as context, so they are let
    go page by page instead of held all at once (most of what a batch reads: the other
    names of a big block's sampled articles). Pages follow the article order, so the result
    is what one read of every article gives."""
    locals_: list[LocalEntity] = []
    concerned: list[Mention] = []
    for start in range(0, len(articles), READ_PAGE):
        rows = store.mention_rows_in(articles[start : start + READ_PAGE])
        found, mentioned = block_locals(rows, keys, dirty)
        locals_ += found
        concerned += mentioned
    return locals_, concerned


def block_locals(
    rows: Sequence[MentionRow], keys: set[str], dirty: set[str]
) -> tuple[list[LocalEntity], list[Mention]]:
    """(the local entities of the mentions ``rows`` in the blocks ``keys``, the mentions
    concerned: of those blocks or of the ``dirty`` articles): what :func:`local_entities`
    gives, kept to those blocks, without building a local entity, or a mention, for every
    other name of the articles read (most of them: they only give their keys as context),
    each mention's key found once."""
    by_referent: dict[tuple[str, str], LocalEntity] = {}
    article_keys: dict[str, set[str]] = defaultdict(set)
    concerned: list[Mention] = []
    for row in rows:
        article_id, canonical = row[0], row[7] or row[3]
        key = block_key(article_id, canonical, row[4])
        if article_id in dirty or key in keys:
            mention = Mention(*row)
            concerned.append(mention)
        if not key:  # no name parts: no local entity (as local_entities)
            continue
        article_keys[article_id].add(key)
        if key not in keys:
            continue
        local = by_referent.get((article_id, key))
        if local is None:
            local = by_referent[(article_id, key)] = LocalEntity(article_id, canonical, key=key)
        local.mentions.append(mention)
    for (article_id, key), local in by_referent.items():
        local.context = article_keys[article_id] - {key}
    # rows come by article then offset, so the local entities are in the order
    # local_entities gives (by article, then first mention) as they were met
    return list(by_referent.values()), concerned


def _sampled_entities(
    concerned: Sequence[Mention], linking: EntityLinking, sampled: set[str]
) -> tuple[set[str], dict[str, str]] | frozenset[str]:
    """(the entities of the blocks read from a sample, old entity id -> the new one for each
    stored entity of those blocks whose mentions all move to another: a merge); or, when the
    mentions read of such an entity do not all end on one entity (the sample does not decide
    where the others go), the sampled blocks to read whole: those of the entities concerned."""
    if not sampled:
        return set(), {}
    link_of = {(a, start, end): entity_id for a, start, end, entity_id in linking.links}
    keys_of: dict[str, set[str]] = defaultdict(set)  # old or new entity -> its sampled keys
    read: set[str] = set()
    moves: dict[str, set[str | None]] = defaultdict(set)
    fresh: dict[str | None, set[str]] = defaultdict(set)  # a new mention's entity -> its keys
    for m in concerned:
        key = mention_key(m)
        if m.entity_id and key in sampled:
            keys_of[m.entity_id].add(key)
            read.add(key)
    for m in concerned:
        new = link_of.get((m.article_id, m.start, m.end))
        if m.entity_id in keys_of:
            moves[m.entity_id].add(new)
        elif (key := mention_key(m)) in sampled:
            fresh[new].add(key)
    undecided = set(sampled - read)
    targets: dict[str, str] = {}
    for old, ends in moves.items():
        (new, *others) = ends
        if others or new is None:
            undecided |= keys_of[old]
        else:
            targets[old] = new
    for new, keys in fresh.items():
        if new not in targets.values():
            undecided |= keys  # a new mention of a sampled block starts an entity of its own
    remap = {old: new for old, new in targets.items() if old != new}
    for chained in set(remap) & set(remap.values()):
        undecided |= keys_of[chained]
    if undecided:
        return frozenset(undecided)
    return set(targets.values()), remap


def _write_back(
    store: Store,
    linking: EntityLinking,
    concerned: Sequence[Mention],
    old_ids: set[str],
    state: EntityLinkState,
    dirty_articles: Sequence[str],
    keys: Sequence[str],
    recount: set[str],
    remap: Mapping[str, str],
) -> EntityLinking:
    """Write the entities, links and summaries that changed and the re-linked blocks' state
    (the entities ``recount`` are counted again from the stored mentions, after every
    mention of an entity of ``remap`` moved to its new one)."""
    old = store.get_entities(sorted(old_ids - recount))
    written = [
        entity
        for entity in linking.entities
        if entity.id in recount or old.get(entity.id) != entity
    ]
    removed = sorted(old_ids - {entity.id for entity in linking.entities})
    link_of = {(a, start, end): entity_id for a, start, end, entity_id in linking.links}
    links: list[tuple[str, int, int, str | None]] = []
    # a mention that moves with its whole entity (``remap``) is moved in SQL, with its quotes,
    # event roles and summary rows: written again by itself, its article would count as
    # changed (its speakers, roles, summaries and story names worked out again)
    written_links: list[tuple[str, int, int, str | None]] = []
    refresh = {*removed, *(entity.id for entity in written)}
    for m in concerned:
        new = link_of.get((m.article_id, m.start, m.end))
        if new != m.entity_id:
            links.append((m.article_id, m.start, m.end, new))
            refresh |= {i for i in (new, m.entity_id) if i}
            if new is None or remap.get(m.entity_id or "") != new:
                written_links.append(links[-1])
    store.update_entity_links(
        EntityLinkUpdate(
            entities=written,
            removed=removed,
            links=written_links,
            refresh=sorted(refresh),
            state=state,
            articles_replaced=dirty_articles,
            keys_replaced=keys,
            recount=sorted(recount),
            remap=dict(remap),
        )
    )
    return EntityLinking(entities=written, links=[(a, s, e, i or "") for a, s, e, i in links])
