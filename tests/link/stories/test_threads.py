"""Threads on the seeds: the 2019 summit story refers back to the 2014 invitation story."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from collections import Counter

import pytest

from dateline.annotate.entities import extract_mentions
from dateline.annotate.nlp import load_pipeline, parse_texts
from dateline.annotate.time.tagger import tag_times
from dateline.ingest.run import ingest_paths
from dateline.link.stories.features import content_words
from dateline.link.stories.threads import (
    DatedSentence,
    StoryProfile,
    ThreadParams,
    _candidate_pairs,
    dated_sentences,
    entity_similarity,
    find_back_references,
    link_threads,
    name_weight,
    thread_id_for,
)
from dateline.store.sqlite import SQLiteStore
from tests.conftest import SEEDS


@pytest.fixture(scope="module")
def seed_profiles(tmp_path_factory: pytest.TempPathFactory) -> list[StoryProfile]:
    """One single-article story per seed, built with the real extractors."""
    store = SQLiteStore(tmp_path_factory.mktemp("threads") / "seeds.db")
    ingest_paths(store, [SEEDS])
    articles = sorted(store.iter_articles(), key=lambda article: article.title)
    store.close()
    days = [dt.date(2014, 12, 19), dt.date(2019, 4, 22)]  # the seeds README's months
    docs = parse_texts([article.text for article in articles], load_pipeline())
    profiles = []
    for article, doc, day in zip(articles, docs, days, strict=True):
        names = {mention.canonical for mention in extract_mentions(article, doc)}
        times = tag_times(article.text, day, article.id, doc=doc)
        profiles.append(
            StoryProfile(
                story_id=f"story-{day.year}",
                title=article.title,
                first=day,
                last=day,
                entities=dict(Counter(names)),
                words=frozenset(content_words(f"{article.title}\n{article.text}")),
                dated_sentences=tuple(dated_sentences(article.id, article.text, times)),
            )
        )
    return profiles


def test_the_seeds_form_one_thread_with_the_reason_shown(seed_profiles: list[StoryProfile]) -> None:
    result = link_threads(list(reversed(seed_profiles)))  # input order does not matter
    thread = thread_id_for("story-2014")  # named after its earliest story
    assert result.thread_of == {"story-2014": thread, "story-2019": thread}
    (link,) = result.links
    assert (link.earlier, link.later) == ("story-2014", "story-2019")
    shared = {name for name, _, _ in link.shared_entities}
    assert {"Kim Jong-un", "Vladimir Putin", "Moscow"} <= shared
    (reference,) = link.back_references
    assert reference.value == "2015-05"
    assert "refused to accept an invitation" in reference.sentence
    assert "2015-05-09" in reference.matched  # the date the 2014 invitation was for
    assert {"invitation", "anniversary"} <= set(reference.shared_words)
    assert link.to_json()["back_references"]
    assert link.to_json()["similarity"] == round(link.similarity, 3) >= 0.3


def test_a_back_reference_needs_a_matching_date(seed_profiles: list[StoryProfile]) -> None:
    earlier, later = seed_profiles
    moved = StoryProfile(
        story_id="story-2010",
        title=earlier.title,
        first=dt.date(2010, 1, 5),
        last=dt.date(2010, 1, 5),
        entities=earlier.entities,
        words=earlier.words,
        dated_sentences=(DatedSentence("x", "2010-01-05", "Putin invited Kim to Moscow."),),
    )
    assert find_back_references(moved, later) == []


def test_a_back_reference_names_a_month_or_a_day(seed_profiles: list[StoryProfile]) -> None:
    """ "In May 2015" points at the invitation's date; "in 2015", "that summer" or "that week"
    would cover every story of its time (on the TempEval-3 silver newswire, sentences such as
    "the country experienced a fuel shortage last year" linked unrelated stories)."""
    earlier, later = seed_profiles
    assert [ref.value for ref in find_back_references(earlier, later)] == ["2015-05"]
    for coarse in ("2015", "2015-SU", "2015-W19"):
        sentences = tuple(
            dataclasses.replace(sentence, value=coarse) for sentence in later.dated_sentences
        )
        vague = dataclasses.replace(later, dated_sentences=sentences)
        assert find_back_references(earlier, vague) == []


def test_stories_sharing_one_entity_are_not_a_thread() -> None:
    def profile(story_id: str, day: dt.date, entities: dict[str, int]) -> StoryProfile:
        return StoryProfile(story_id, story_id, day, day, entities, frozenset({"vote"}))

    result = link_threads(
        [
            profile("budget", dt.date(2020, 1, 1), {"Russia": 1, "Duma": 1}),
            profile("hockey", dt.date(2020, 3, 1), {"Russia": 2, "Canada": 1}),
        ]
    )
    assert result.thread_of == {} and result.links == []


def test_stories_naming_the_same_two_names_only_are_not_a_thread() -> None:
    """Two one-article reports of Italy's statistics office years apart name the same two
    names and nothing else: their cosine is 1, which on two names says nothing of a matter."""

    def profile(story_id: str, day: dt.date, entities: dict[str, int]) -> StoryProfile:
        return StoryProfile(story_id, story_id, day, day, entities, frozenset({"prices"}))

    prices = profile("prices", dt.date(1997, 4, 1), {"Istat": 1, "Italy": 1})
    jobs = profile("jobs", dt.date(2006, 12, 20), {"Istat": 1, "Italy": 1})
    assert link_threads([prices, jobs]).links == []
    named = {"Istat": 1, "Italy": 1, "Romano Prodi": 1}
    both = [profile("a", prices.first, named), profile("b", jobs.first, named)]
    (link,) = link_threads(both).links
    assert len(link.shared_entities) == ThreadParams().min_shared_unreferenced


def _wire(*extra: StoryProfile) -> list[StoryProfile]:
    """Forty one-article stories of a wire, each naming the same six countries and agencies
    and two people of its own, then ``extra``."""
    common = {name: 1 for name in ("United States", "China", "EU", "UN", "France", "Xinhua")}
    wire = [
        StoryProfile(
            f"wire-{i}",
            "",
            dt.date(2006, 1, 1) + dt.timedelta(days=i),
            dt.date(2006, 1, 1) + dt.timedelta(days=i),
            {**common, f"Minister {i}": 1, f"Envoy {i}": 1},
            frozenset(),
        )
        for i in range(40)
    ]
    return [*wire, *extra]


def test_names_every_story_uses_do_not_make_a_thread() -> None:
    """Six shared names made a link before; on a wire every story shares these six."""
    result = link_threads(_wire())
    assert result.links == [] and result.thread_of == {}


def test_names_few_stories_use_make_a_thread() -> None:
    def profile(story_id: str, day: dt.date) -> StoryProfile:
        names = {"United States": 1, "China": 1, "EU": 1, "Ankara": 1, "Erdogan": 1, "Lira": 1}
        return StoryProfile(story_id, "", day, day, names, frozenset())

    earlier, later = profile("lira-1", dt.date(2006, 3, 1)), profile("lira-2", dt.date(2006, 4, 1))
    (link,) = link_threads(_wire(earlier, later)).links
    assert (link.earlier, link.later) == ("lira-1", "lira-2")
    assert link.similarity >= ThreadParams().min_similarity


def test_a_broad_story_does_not_link_by_names_few_of_its_articles_use() -> None:
    """A story of 30 articles that names a matter's people in one of them is not about it."""

    def profile(story_id: str, day: dt.date, articles: int) -> StoryProfile:
        names = {"Ankara": 1, "Erdogan": 1, "Lira": 1, "Central Bank": 1, "IMF": 1, "Turkey": 1}
        if articles > 1:
            names |= {"Beijing": articles, "Wen Jiabao": articles - 2, "Shanghai": articles - 5}
        return StoryProfile(story_id, "", day, day, names, frozenset(), articles=articles)

    broad = profile("china", dt.date(2006, 3, 1), 30)
    assert link_threads(_wire(broad, profile("lira", dt.date(2006, 4, 1), 1))).links == []
    narrow = profile("lira-1", dt.date(2006, 3, 1), 1)
    assert len(link_threads(_wire(narrow, profile("lira-2", dt.date(2006, 4, 1), 1))).links) == 1


def test_name_weights_are_bounded_by_the_posting_limit() -> None:
    assert name_weight(1, 200) > name_weight(20, 200) > name_weight(200, 200) > 0
    assert name_weight(201, 200) == 0.0  # too common to pair stories, too common to count
    assert entity_similarity(({}, 0.0), ({"a": 1.0}, 1.0)) == 0.0


def test_a_batch_links_only_around_the_stories_it_changed() -> None:
    """Three stories of one matter (six shared entities each): a batch that changed only the
    last compares it with the others, keeps the stored link between the two it did not
    change, and reads the others' words only for the pair it examines."""
    names = {name: 1 for name in ("Ankara", "Erdogan", "Lira", "Central Bank", "IMF", "Turkey")}

    def profile(story_id: str, month: int) -> StoryProfile:
        day = dt.date(2021, month, 1)
        return StoryProfile(story_id, "", day, day, names, frozenset())

    stories = [profile("first", 1), profile("second", 2), profile("latest", 3)]
    alone = link_threads(stories)
    assert [(link.earlier, link.later) for link in alone.links] == [
        ("first", "second"),
        ("first", "latest"),
    ]
    completed: list[str] = []

    def complete(shallow: StoryProfile) -> StoryProfile:
        completed.append(shallow.story_id)
        return shallow

    batch = link_threads(stories, focus={"latest"}, linked=[("first", "second")], complete=complete)
    assert [(link.earlier, link.later) for link in batch.links] == [("first", "latest")]
    assert completed == ["first", "latest"]  # the pair already joined is not read
    assert set(batch.thread_of.values()) == {thread_id_for("first")}


def test_dated_sentences_skip_non_dates_and_bad_offsets(seed_profiles: list[StoryProfile]) -> None:
    later = seed_profiles[1]
    assert all(sentence.value[:4].isdigit() for sentence in later.dated_sentences)
    assert any("May 2015" in sentence.sentence for sentence in later.dated_sentences)
    from dateline.records import TimeExpr

    odd = [
        TimeExpr("a", 0, 4, "P4Y", "DURATION", "P4Y"),
        TimeExpr("a", 50, 60, "beyond", "DATE", "2015-05"),
    ]
    assert dated_sentences("a", "short text", odd) == []


def test_a_date_resolved_against_a_guessed_article_date_names_no_date() -> None:
    """ "Last May" in an article whose own date is a guess (time basis ``inferred``) would tie
    the story to a month nobody stated; "in May 2015" (stated) still counts."""
    from dateline.records import TimeExpr

    text = "Kim declined the invitation last May. He met Putin in May 2015."
    times = [
        TimeExpr("a", 28, 36, "last May", "DATE", "2003-05", basis="inferred"),
        TimeExpr("a", 54, 62, "May 2015", "DATE", "2015-05", basis="stated"),
    ]
    assert [s.value for s in dated_sentences("a", text, times)] == ["2015-05"]


def _pairs_by_hand(profiles: list[StoryProfile], params: ThreadParams) -> list[tuple[int, int]]:
    """The candidate pairs as the rule states them, story by story."""
    counts: Counter[tuple[int, int]] = Counter()
    for name in {name for profile in profiles for name in profile.entities}:
        naming = [i for i, profile in enumerate(profiles) if name in profile.entities]
        if len(naming) <= params.max_posting:
            counts.update((a, b) for a in naming for b in naming if a < b)
    kept: set[tuple[int, int]] = set()
    for story in range(len(profiles)):
        ranked = sorted(
            (-count, b if a == story else a)
            for (a, b), count in counts.items()
            if story in (a, b) and count >= params.min_shared_entities
        )
        kept.update(
            (min(story, other), max(story, other)) for _, other in ranked[: params.max_partners]
        )
    return sorted(kept)


def test_candidate_pairs_keep_each_storys_partners_sharing_most_entities() -> None:
    def profile(index: int, names: str) -> StoryProfile:
        return StoryProfile(
            f"s{index}", "", None, None, dict.fromkeys(names.split(), 1), frozenset(), ()
        )

    # story 0 shares 3 names with 1, 2 with 2 and with 3, 1 with 4;
    # "z" is named by every story: past max_posting, it pairs none
    profiles = [
        profile(0, "a b c d z"),
        profile(1, "a b c z"),
        profile(2, "c d z"),
        profile(3, "a d z"),
        profile(4, "b z"),
        profile(5, "y z"),
    ]
    params = ThreadParams(min_shared_entities=2, max_posting=5, max_partners=2)
    pairs = _candidate_pairs(profiles, params)
    # 0 keeps 1 and 2 (2 and 3 tie: the first kept), but 3 keeps 0: the pair stays
    assert pairs == [(0, 1), (0, 2), (0, 3)]
    assert pairs == _pairs_by_hand(profiles, params)
    for seed in range(20):  # and on random profiles
        rng = random.Random(seed)
        names = [f"n{i}" for i in range(rng.randint(1, 15))]
        drawn = [
            profile(i, " ".join(rng.sample(names, rng.randint(0, len(names)))))
            for i in range(rng.randint(0, 30))
        ]
        params = ThreadParams(
            min_shared_entities=rng.randint(1, 3),
            max_posting=rng.randint(2, 20),
            max_partners=rng.randint(1, 6),
        )
        assert _candidate_pairs(drawn, params) == _pairs_by_hand(drawn, params)
