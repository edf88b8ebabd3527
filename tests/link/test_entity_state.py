"""Incremental entity linking agrees with a full re-link, on ECB+ dev fed in batches.

The ECB+ dev documents go through the product once (ingest, annotate); each scenario then
feeds their articles and annotations to a fresh store in batches (an order, a batch size),
linking entities incrementally after each batch as a growing corpus is linked. The entity
of every mention it ends with is compared with one full link of all the articles.

Tolerance: B³ F1 of the incremental mention clusters against the full run's at least 0.98 in
every scenario (measured: see docs/scale.md), and exact agreement, ids included, on the seeds.
"""

from __future__ import annotations

import random
import shutil
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path

import pytest

from dateline.evaluate.clustering_metrics import b_cubed
from dateline.link import entity_state
from dateline.link.aliases import EntityLinking
from dateline.link.entity_edits import merge_entities, relink, rename_entity, split_entity
from dateline.link.entity_state import link_entities_in
from dateline.link.names import name_key, name_parts
from dateline.records import Annotations, Article, Mention
from dateline.store.sqlite import SQLiteStore

# B³ F1 of the incremental mention clusters against the full run's: exactly the same clusters
# since a batch reads every name its short names may fit (was 0.98, measured 0.9993-1.0)
MIN_AGREEMENT = 1.0


def _entities(store: SQLiteStore) -> dict[tuple[str, int, int], str]:
    """(article, start, end) -> entity id, for every linked mention."""
    return {
        (m.article_id, m.start, m.end): m.entity_id
        for m in store.iter_mentions()
        if m.entity_id is not None
    }


def _copy_in(source: SQLiteStore, store: SQLiteStore, batch: Sequence[str]) -> None:
    store.add_articles([_article(source, article_id) for article_id in batch])
    store.put_annotations([source.get_annotations(article_id) for article_id in batch])


def _article(store: SQLiteStore, article_id: str) -> Article:
    article = store.get_article(article_id)
    assert article is not None
    return article


def _linked(
    source: SQLiteStore, order: Sequence[str], size: int, path: Path
) -> dict[tuple[str, int, int], str]:
    """Every mention's entity after feeding ``order`` to a fresh store ``size`` at a time,
    linking entities incrementally after each batch."""
    store = SQLiteStore(path)
    for start in range(0, len(order), size):
        _copy_in(source, store, order[start : start + size])
        link_entities_in(store)
    entities = _entities(store)
    store.close()
    return entities


@pytest.fixture(scope="module")
def annotated_dev(ecb_dev_annotated_db: Path) -> Iterator[SQLiteStore]:
    """ECB+ dev ingested and annotated once."""
    store = SQLiteStore(ecb_dev_annotated_db)
    yield store
    store.close()


@pytest.fixture(scope="module")
def full_run(
    annotated_dev: SQLiteStore, tmp_path_factory: pytest.TempPathFactory
) -> dict[tuple[str, int, int], str]:
    ids = sorted(a.id for a in annotated_dev.iter_articles())
    return _linked(annotated_dev, ids, len(ids), tmp_path_factory.mktemp("full") / "full.db")


SCENARIOS = [("as given", 40), ("reversed", 15), ("shuffled", 7)]


@pytest.mark.parametrize(("order_name", "size"), SCENARIOS)
def test_incremental_entities_agree_with_a_full_relink(
    annotated_dev: SQLiteStore,
    full_run: dict[tuple[str, int, int], str],
    tmp_path: Path,
    order_name: str,
    size: int,
) -> None:
    ids = sorted(a.id for a in annotated_dev.iter_articles())
    order = {
        "as given": ids,
        "reversed": ids[::-1],
        "shuffled": random.Random(0).sample(ids, len(ids)),
    }[order_name]
    incremental = _linked(annotated_dev, order, size, tmp_path / "incremental.db")
    assert set(incremental) == set(full_run)  # every mention is linked
    assert b_cubed(full_run, incremental).f1 >= MIN_AGREEMENT


def test_a_batch_rewrites_only_the_entities_it_touches(
    annotated_dev: SQLiteStore, tmp_path: Path
) -> None:
    ids = sorted(a.id for a in annotated_dev.iter_articles())
    store = SQLiteStore(tmp_path / "growing.db")
    _copy_in(annotated_dev, store, ids[:-3])
    link_entities_in(store)
    before = {entity.id: entity for entity in store.iter_entities()}
    _copy_in(annotated_dev, store, ids[-3:])
    written = link_entities_in(store)
    after = {entity.id: entity for entity in store.iter_entities()}
    assert written.entities and len(written.entities) < len(after) / 4
    untouched = set(after) - {entity.id for entity in written.entities}
    assert all(after[i] == before[i] for i in untouched)
    assert link_entities_in(store).entities == []  # nothing new since
    store.close()


# -- the seeds: exact agreement, ids included ---------------------------------------------
@pytest.fixture
def seed_store(seed_corpus_db: Path, tmp_path: Path) -> Iterator[SQLiteStore]:
    path = tmp_path / "seeds.db"
    shutil.copy(seed_corpus_db, path)
    store = SQLiteStore(path)
    yield store
    store.close()


def test_seeds_linked_one_at_a_time_agree_exactly(seed_store: SQLiteStore, tmp_path: Path) -> None:
    ids = sorted(a.id for a in seed_store.iter_articles())
    for order in (ids, ids[::-1]):
        fresh = SQLiteStore(tmp_path / f"{order[0]}.db")
        for article_id in order:
            _copy_in(seed_store, fresh, [article_id])
            link_entities_in(fresh)
        incremental = _entities(fresh)
        entities = sorted(fresh.iter_entities(), key=lambda e: e.id)
        relink(fresh)
        assert _entities(fresh) == incremental
        assert sorted(fresh.iter_entities(), key=lambda e: e.id) == entities
        fresh.close()


def test_an_entity_link_leaves_no_name_keys_cached(seed_store: SQLiteStore) -> None:
    # a big corpus's batch keys tens of thousands of context names: the story stage that
    # follows gets that memory back
    link_entities_in(seed_store, full=True)
    assert name_key.cache_info().currsize == name_parts.cache_info().currsize == 0
    assert name_key("Kim Jong-un") == "kim jong un"  # and the keys are found again


def test_a_re_annotated_article_with_the_same_mentions_relinks_nothing(
    seed_store: SQLiteStore,
) -> None:
    link_entities_in(seed_store, full=True)
    article = next(seed_store.iter_articles())
    seed_store.update_article(replace(article, published="2001-02-03", published_basis="user"))
    seed_store.put_annotations([seed_store.get_annotations(article.id)])
    assert link_entities_in(seed_store).entities == []
    assert seed_store.changed_entity_articles() == {}


@pytest.mark.parametrize("sample", [entity_state.BLOCK_SAMPLE, 1])
def test_corrections_relink_what_they_touch_as_a_full_pass_would(
    seed_store: SQLiteStore, monkeypatch: pytest.MonkeyPatch, sample: int
) -> None:
    """Also with blocks of more than one article read from one (``sample`` 1): a merge then
    moves the merged entity's other mentions in SQL."""
    monkeypatch.setattr(entity_state, "BLOCK_SAMPLE", sample)
    link_entities_in(seed_store, full=True)
    before = {e.id: e for e in seed_store.iter_entities()}
    changed = merge_entities(seed_store, ["Sergei Lavrov", "Vladimir Putin"])
    assert 1 <= len(changed.entities) < len(before) / 4
    rename_entity(seed_store, "Kim Jong-un", "Kim Jong Un (leader)")
    split_entity(seed_store, "Vladimir Putin", aliases=["Sergei Lavrov", "Lavrov"])
    incremental = _entities(seed_store)
    entities = sorted(seed_store.iter_entities(), key=lambda e: e.id)
    relink(seed_store)
    assert _entities(seed_store) == incremental
    assert sorted(seed_store.iter_entities(), key=lambda e: e.id) == entities


def test_set_date_links_no_entity_again(seed_corpus_db: Path, tmp_path: Path) -> None:
    from dateline.api import open_corpus

    path = tmp_path / "seeds.db"
    shutil.copy(seed_corpus_db, path)
    with open_corpus(path) as corpus:
        before = sorted(corpus.store.iter_entities(), key=lambda e: e.id)
        article = next(corpus.store.iter_articles())
        corpus.set_published(article.id, "2014-12-20")  # re-annotated: same names
        assert link_entities_in(corpus.store).entities == []
        assert sorted(corpus.store.iter_entities(), key=lambda e: e.id) == before


# -- MEANTIME: the rules that join across name blocks (clippings, dropped words, model words) -
@pytest.fixture(scope="module")
def annotated_meantime(
    datasets_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SQLiteStore]:
    """The 120 MEANTIME articles ingested and annotated once (their names clip, drop inner
    words and name products by model words, which ECB+ dev seldom does)."""
    from dateline.api import open_corpus
    from dateline.evaluate.meantime import load_corpus

    folder = datasets_dir / "meantime-en"
    if not folder.is_dir():
        pytest.skip("no meantime-en dataset")
    path = tmp_path_factory.mktemp("meantime") / "annotated.db"
    with open_corpus(path) as corpus:
        corpus.store.add_articles(
            [Article(id=doc.doc_id, text=doc.text) for doc in load_corpus(folder)]
        )
        corpus.annotate()
    store = SQLiteStore(path)
    yield store
    store.close()


def test_incremental_entities_agree_with_a_full_relink_on_meantime(
    annotated_meantime: SQLiteStore, tmp_path: Path
) -> None:
    """Measured: the same entities as the full pass (B³ F1 1.0) in batches of 10, 7 and 5."""
    ids = sorted(a.id for a in annotated_meantime.iter_articles())
    full = _linked(annotated_meantime, ids, len(ids), tmp_path / "full.db")
    order = random.Random(0).sample(ids, len(ids))
    incremental = _linked(annotated_meantime, order, 7, tmp_path / "incremental.db")
    assert set(incremental) == set(full)
    assert b_cubed(full, incremental).f1 >= MIN_AGREEMENT


def test_blocks_read_from_a_sample_agree_with_a_full_relink(
    annotated_dev: SQLiteStore,
    full_run: dict[tuple[str, int, int], str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With a sample of 2 articles a block, most blocks a batch touches are read from a
    sample: the result stays within the tolerance of a full pass, and every entity's
    aliases, articles and mention count are those of its stored mentions. When a sample
    does not decide, the retry reads only the blocks concerned whole."""
    monkeypatch.setattr(entity_state, "BLOCK_SAMPLE", 2)
    sampled: list[int] = []
    original = SQLiteStore.sampled_entity_block_articles

    def counting(self: SQLiteStore, keys: Sequence[str], limit: int) -> tuple[set[str], set[str]]:
        found = original(self, keys, limit)
        sampled.append(len(found[1]))
        return found

    monkeypatch.setattr(SQLiteStore, "sampled_entity_block_articles", counting)
    undecided: list[tuple[int, int]] = []  # (blocks sampled, those a retry reads whole)
    check = entity_state._sampled_entities

    def recording(
        concerned: Sequence[Mention], linking: EntityLinking, keys: set[str]
    ) -> tuple[set[str], dict[str, str]] | frozenset[str]:
        found = check(concerned, linking, keys)
        if isinstance(found, frozenset):
            assert found and found <= keys
            undecided.append((len(keys), len(found)))
        return found

    monkeypatch.setattr(entity_state, "_sampled_entities", recording)
    ids = sorted(a.id for a in annotated_dev.iter_articles())
    store = SQLiteStore(tmp_path / "sampled.db")
    for start in range(0, len(ids), 40):
        _copy_in(annotated_dev, store, ids[start : start + 40])
        link_entities_in(store)
    assert sum(sampled) > 50  # blocks read from a sample
    # a sample that does not decide has only its own blocks read whole, not every one
    assert undecided and any(whole < keys for keys, whole in undecided)
    incremental = _entities(store)
    assert set(incremental) == set(full_run)
    assert b_cubed(full_run, incremental).f1 >= MIN_AGREEMENT
    counted: dict[str, Counter[str]] = defaultdict(Counter)
    articles: dict[str, set[str]] = defaultdict(set)
    for m in store.iter_mentions():
        if m.entity_id:
            counted[m.entity_id][" ".join(m.text.split())] += 1
            articles[m.entity_id].add(m.article_id)
    for entity in store.iter_entities():
        assert dict(entity.aliases) == counted[entity.id]
        assert set(entity.article_ids) == articles[entity.id]
    store.close()


def test_block_locals_are_local_entities_kept_to_the_blocks(annotated_dev: SQLiteStore) -> None:
    """Reading a page of articles for some blocks gives the local entities (context and
    mention order included) and concerned mentions that building every local entity and
    keeping those of the blocks gives."""
    from dateline.link.aliases import local_entities
    from dateline.link.entity_state import block_locals, mention_key

    mentions = list(annotated_dev.iter_mentions())
    mentions.sort(key=lambda m: (m.article_id, m.start))
    every = local_entities(mentions)
    keys = {local.key for local in every[::3]}
    dirty = {mentions[0].article_id, mentions[-1].article_id}
    rows = annotated_dev.mention_rows_in(sorted({m.article_id for m in mentions}))
    assert [Mention(*row) for row in rows] == mentions
    found, concerned = block_locals(rows, keys, dirty)
    expected = [local for local in every if local.key in keys]
    assert [(lo.article_id, lo.canonical, lo.mentions, lo.context) for lo in found] == [
        (lo.article_id, lo.canonical, lo.mentions, lo.context) for lo in expected
    ]
    assert concerned == [m for m in mentions if m.article_id in dirty or mention_key(m) in keys]
    assert len(found) < len(every)


def _stored(store: SQLiteStore, article_id: str, names: Sequence[tuple[str, str, str]]) -> None:
    """An article writing ``names`` (text, label, canonical), one sentence each."""
    text, mentions = "", []
    for name, label, canonical in names:
        start = len(text)
        text += f"{name} said so. "
        mentions.append(
            Mention(article_id, start, start + len(name), name, label, canonical=canonical)
        )
    store.add_articles([Article(id=article_id, text=text)])
    store.put_annotations([Annotations(article_id, tuple(mentions), (), (), ())])


Named = dict[str, list[tuple[str, str, str]]]  # article id -> (text, label, canonical)


def _linked_twice(tmp_path: Path, first: Named, later: Named) -> tuple[SQLiteStore, SQLiteStore]:
    """(a store linking ``first``, then the batch ``later``; one linking both at once)."""
    incremental = SQLiteStore(tmp_path / "incremental.db")
    for batch in (first, later):
        for article_id, names in batch.items():
            _stored(incremental, article_id, names)
        link_entities_in(incremental)
    full = SQLiteStore(tmp_path / "full.db")
    for article_id, names in {**first, **later}.items():
        _stored(full, article_id, names)
    link_entities_in(full)
    return incremental, full


def test_a_clipping_read_for_a_later_batch_sees_every_name_it_fits(tmp_path: Path) -> None:
    """An article writing "Euro" beside the European Commission and "European" (Europe) does
    not say which one "Euro" clips, so a full link keeps it apart. A later batch naming only
    the Commission reads that article for the Commission's block and "Euro"'s: it reads
    Europe's too, and so keeps "Euro" apart as well."""
    first = {
        "a1": [
            ("Euro", "ORG", ""),
            ("European Commission", "ORG", ""),
            ("European", "NORP", "Europe"),
            ("Europe", "PLACE", ""),
        ],
        "a2": [("Euro", "ORG", ""), ("Paris", "PLACE", "")],
    }
    later = {"a3": [("European Commission", "ORG", ""), ("Brussels", "PLACE", "")]}
    incremental, full = _linked_twice(tmp_path, first, later)
    for store in (incremental, full):
        ids = {m.text: m.entity_id for m in store.iter_mentions()}
        assert ids["Euro"] != ids["European Commission"]
    assert _entities(incremental) == _entities(full)


def test_a_short_form_read_for_a_later_batch_sees_every_name_it_may_abbreviate(
    tmp_path: Path,
) -> None:
    """ "Lee" may be Brett Lee or Spike Lee, and its articles do not say which: a full link
    keeps it apart. A later batch naming only Brett Lee reads "Lee" as a short form of his
    name: it reads Spike Lee too, and so keeps "Lee" apart as well."""
    first = {
        "a1": [("Lee", "PERSON", ""), ("Brett Lee", "PERSON", ""), ("Spike Lee", "PERSON", "")],
        "a2": [("Lee", "PERSON", ""), ("Sydney", "PLACE", "")],
    }
    later = {"a3": [("Brett Lee", "PERSON", ""), ("Perth", "PLACE", "")]}
    incremental, full = _linked_twice(tmp_path, first, later)
    for store in (incremental, full):
        ids = {m.text: m.entity_id for m in store.iter_mentions()}
        assert ids["Lee"] not in (ids["Brett Lee"], ids["Spike Lee"])
    assert _entities(incremental) == _entities(full)
