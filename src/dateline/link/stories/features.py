"""The shared vocabulary of the story passes: what an article is to them and how it is weighed.

Every pass (:mod:`.online`, :mod:`.splits`, :mod:`.merges`, :mod:`.reassign`, :mod:`.threads`)
imports this module, and none imports the conductor: :class:`StoryInput` (one
article), stable story ids, arrival order, the day an article counts as, content words and the
idf, the clusterer's sparse features (:func:`article_features`) and the splitting and merging
passes' corpus features (:class:`CorpusFeatures`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import repeat
from operator import mul, neg
from pathlib import Path
from sys import intern

from dateline.records import Article, Mention
from dateline.timevalues import calendar_span, middle_day

SparseVector = dict[str, float]
Features = Counter[str]
NO_DAY_LOW = -(2**62)  # the first day of an undated story: before any date (and the
NO_DAY_HIGH = 2**62  # last day after any), so the time gate never excludes it
_WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|\b(?:1[89]|20)\d\d\b", re.UNICODE)
_NUMBER = re.compile(r"\b\d[\d,.]*\b")
_YEAR = re.compile(r"^(1[89]|20)\d\d$")
_DAY_VALUE = re.compile(r"^(?:\d{4}|XXXX)-(\d\d-\d\d)")
_YEAR_VALUE = re.compile(r"^(\d{4})(?:$|-)")


@dataclass(frozen=True, slots=True)
class StoryInput:
    """What the clusterer needs to know about one article."""

    article_id: str
    text: str
    title: str = ""
    published: dt.date | None = None
    entity_keys: tuple[str, ...] = ()
    source: str | None = None
    duplicate_of: str | None = None
    # TIMEX values of the dates the text states outright (2008-12-04, 2013-05); used by the
    # story-splitting pass (:mod:`dateline.link.stories.splits`), not by the online clusterer
    dates: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ClusterParams:
    """Weights and thresholds of the clusterer (tuned on the ECB+ train and dev topics).

    Kept with the features because :func:`article_features` and the reassigning pass weigh an
    article by them as the online clusterer does.
    """

    threshold: float = 0.19  # join the best story when the weighted similarity reaches this
    # ... and one of its latest members_compared articles is itself this similar to the
    # article (the same weighted similarity, article to article; see online.py)
    min_member_similarity: float = 0.25
    members_compared: int = 64
    embedding_weight: float = 0.2
    term_weight: float = 0.5
    entity_weight: float = 0.3
    year_conflict: float = 0.1  # subtracted when article and story name disjoint years
    # firmly dated articles only meet stories firmly dated within this many days (60: tuned
    # on ECB+ train and dev with the dataset's dates; follow-ups weeks later still join)
    window_days: int = 60
    # ... or whose dates lie within this many days of a day or month the article states
    stated_slack_days: int = 7
    max_candidates: int = 16  # stories scored in full, the rest cut by embedding similarity
    max_posting: int = 1000  # blocking keys shared by more stories than this are ignored
    blocking_keys: int = 12  # rarest entity keys and heaviest words used for blocking
    max_terms: int = 80  # words kept per article
    idf_power: float = 1.0


def story_id_for(founder_article_id: str) -> str:
    """The stable id of the story founded by ``founder_article_id``."""
    return "s-" + hashlib.sha1(founder_article_id.encode("utf-8")).hexdigest()[:16]


@lru_cache(maxsize=65_536)
def _normalise_key(key: str) -> str:
    # cached: an entity key recurs in many articles and every pass counts them
    key = " ".join(key.lower().split())
    return key[4:] if key.startswith("the ") else key


def smoothed_idf(document_frequency: int, documents: int) -> float:
    """``log((1 + N) / (1 + df)) + 1``: the idf every story pass weighs features by."""
    return math.log((1 + documents) / (1 + document_frequency)) + 1.0


@lru_cache(maxsize=65_536)
def weighted_idf(document_frequency: int, documents: int, power: float) -> float:
    """``smoothed_idf ** power``, cached: every pass weighs each of an article's features by
    it, and the features of a run share few distinct (frequency, documents) pairs."""
    return float(smoothed_idf(document_frequency, documents) ** power)


def content_words(text: str) -> list[str]:
    """Lower-cased words and years of ``text``, without stop words, other numbers or short words.

    Years stay because they tell apart two happenings of the same kind (two earthquakes).
    """
    return list(_content_words(text))


# Texts whose words are kept: a text and a title for each article of a link batch
# (``dateline.link.run.LINK_BATCH``, 5,000) and more, so that the passes that sweep a batch's
# articles one after the other find them again (a cache smaller than a sweep keeps none).
CONTENT_WORDS_CACHE = 16_384


@lru_cache(maxsize=CONTENT_WORDS_CACHE)
def _content_words(text: str) -> tuple[str, ...]:
    # cached: a linking run weighs one article's words in several passes. The words are
    # lower-cased joined (no word holds a space, and lower-casing adds none): one call in C
    # for all of them instead of one each. Interned, a word the cache holds for many texts
    # is one string.
    found = _WORD.findall(text)
    if not found:
        return ()
    words = " ".join(found).lower().replace("’", "'").split(" ")
    stop_words = english_stop_words()
    return tuple(
        map(
            intern,
            [word.removesuffix("'s") for word in words if len(word) > 2 and word not in stop_words],
        )
    )


@cache
def english_stop_words() -> frozenset[str]:
    """spaCy's English stop words, read from its word list without importing the spaCy
    package (most of a second, which a link of one corrected article would otherwise pay)."""
    import importlib.util
    import sys

    loaded = sys.modules.get("spacy.lang.en.stop_words")
    if loaded is None:
        package = importlib.util.find_spec("spacy")
        if package is None or package.origin is None:
            raise ModuleNotFoundError("spaCy is not installed")
        path = Path(package.origin).parent / "lang" / "en" / "stop_words.py"
        spec = importlib.util.spec_from_file_location("_spacy_en_stop_words", path)
        if spec is None or spec.loader is None:
            raise ModuleNotFoundError(f"no stop word list at {path}")
        loaded = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(loaded)
    return frozenset(loaded.STOP_WORDS)


def _unit(weights: Mapping[str, float]) -> SparseVector:
    norm = math.sqrt(sum(value * value for value in weights.values()))
    return {key: value / norm for key, value in weights.items()} if norm else {}


def sparse_dot(vector: SparseVector, total: SparseVector) -> float:
    # map() keeps the loop in C: this dot product is the clusterer's innermost operation
    return float(sum(map(mul, vector.values(), map(total.get, vector.keys(), repeat(0.0)))))


@dataclass(frozen=True, slots=True)
class ArticleFeatures:
    """An article's weighted words and entity keys, its blocking keys and the years it names."""

    terms: SparseVector
    entities: SparseVector
    blocking: tuple[str, ...]
    years: frozenset[str]


#: Articles whose counts (:func:`article_counts`, :func:`split_features`) are kept: every
#: pass of a link batch counts the same articles again (the online pass, the idf of the
#: stored ones, the splitting, merging and moving passes); a sweep larger than the cache
#: keeps none, so it holds a 5,000-article batch with its stories' articles. Emptied after
#: each link (:func:`forget_article_counts`).
ARTICLE_COUNTS_CACHE = 16_384


def forget_article_counts() -> None:
    """Drop the counts kept by :func:`article_counts` and :func:`split_features`."""
    _article_counts.cache_clear()
    _split_features.cache_clear()


def article_counts(item: StoryInput) -> tuple[Counter[str], Counter[str]]:
    """The article's content words (a title word counts twice) and entity keys, counted.

    Kept per article (the same counters each time): read them, never change them."""
    return _article_counts(item)


@lru_cache(maxsize=ARTICLE_COUNTS_CACHE)
def _article_counts(item: StoryInput) -> tuple[Counter[str], Counter[str]]:
    words = Counter(_content_words(item.text))
    words.update(_content_words(item.title) * 2)
    entities = Counter(_normalise_key(key) for key in item.entity_keys if key.strip())
    return words, entities


def article_features(
    words: Counter[str],
    entities: Counter[str],
    term_df: Mapping[str, int],
    entity_df: Mapping[str, int],
    documents: int,
    params: ClusterParams,
) -> ArticleFeatures:
    """Weigh an article's counts (log tf x idf over ``documents``) into its features."""
    power = params.idf_power
    log = math.log
    if power == 1.0:  # smoothed_idf written out (x ** 1.0 is x): the innermost loop of a link
        base, get = 1 + documents, term_df.get
        term_weights = {
            word: (1 + log(count)) * (log(base / (1 + get(word, 0))) + 1.0)
            for word, count in words.items()
        }
    else:
        term_weights = {
            word: (1 + log(count)) * weighted_idf(term_df.get(word, 0), documents, power)
            for word, count in words.items()
        }
    # heaviest first, then by word: sorted as (-weight, word) pairs, compared in C
    negated = map(neg, term_weights.values())
    ranked = [word for _, word in sorted(zip(negated, term_weights, strict=True))]
    terms = _unit({word: term_weights[word] for word in ranked[: params.max_terms]})
    weighted_entities = _unit(
        {
            key: (1 + math.log(count)) * weighted_idf(entity_df.get(key, 0), documents, power)
            for key, count in entities.items()
        }
    )
    rare_entities = sorted(weighted_entities, key=lambda key: (entity_df.get(key, 0), key))
    blocking = tuple("e:" + key for key in rare_entities[: params.blocking_keys]) + tuple(
        "w:" + word for word in ranked[: params.blocking_keys]
    )
    years = frozenset(word for word in words if word.isdigit())
    return ArticleFeatures(terms, weighted_entities, blocking, years)


def years_conflict(article_years: frozenset[str], story_years: Mapping[str, int]) -> bool:
    """The article names years and none of them is among the years the story names."""
    if not article_years:
        return False
    named = [year for year, count in story_years.items() if count > 0]
    return bool(named) and not any(year in article_years for year in named)


def arrival_key(item: StoryInput) -> tuple[int, str, str]:
    if item.published is None:
        return (1, "", item.article_id)
    return (0, item.published.isoformat(), item.article_id)


def parse_day(value: str | None) -> dt.date | None:
    """The calendar day of an ISO date or date-time string (None when absent or invalid); a
    year (``2019``) or a month (``2019-04``) stands for its middle day."""
    return middle_day(value)


def mention_key(mention: Mention) -> str:
    """The key an entity mention contributes: its entity id, else its canonical name."""
    return mention.entity_id or mention.canonical or mention.text


#: a guessed article date counts for stories only when the text pins it as closely as a date
#: line would: a weekday written with its date ("Friday, December 19") gives a range of a week
#: either side at 75% or more, which ``dateline evaluate docdate`` finds holds (ECE 0.017, 93%
#: within 7 days); looser guesses (a corpus prior, a window) never gate or split a story
PINNED_GUESS_DAYS = 15
PINNED_GUESS_CONFIDENCE = 0.75


def story_day(article: Article) -> dt.date | None:
    """The day an article counts as for stories: its firm date, or a pinned guess; else None."""
    if article.firmly_dated:
        return parse_day(article.published)
    if article.published_basis != "inferred" or article.published_range is None:
        return None
    first, last = (parse_day(day) for day in article.published_range)
    pinned = first is not None and last is not None and (last - first).days <= PINNED_GUESS_DAYS
    if pinned and (article.published_confidence or 0.0) >= PINNED_GUESS_CONFIDENCE:
        return parse_day(article.published)
    return None


#: a period of days: the first and the last day's ordinal
Period = tuple[int, int]
_DAY_OR_MONTH = re.compile(r"^\d{4}-\d\d(?:-\d\d)?$")
#: a stated month reaches back at most this far before the article's own date (a day, any
#: distance): "the shooting in September", weeks or months on, looks back on a happening,
#: while the same month a year or more before is how news compares figures ("retail sales
#: rose in November compared with November 2005") and recalls last year's edition of a
#: yearly event; only a day is precise enough to place a report that far back
MONTH_REACH_DAYS = 183


def stated_periods(item: StoryInput) -> list[Period]:
    """The days and months the article's text states (a year is too coarse to place it), up
    to its own date: a report names the day of a happening it looks back on, while a day
    ahead is a plan ("elections set for November 2006"), not what a later story reports,
    and a day within the clusterers' windows is reached through the article's own date. A
    month counts only within :data:`MONTH_REACH_DAYS` before the article's date."""
    today = item.published.toordinal() if item.published is not None else None
    periods = []
    for value in item.dates:
        span = calendar_span(value) if _DAY_OR_MONTH.match(value) else None
        if span is None:
            continue
        first, last = span[0].toordinal(), span[1].toordinal()
        ahead = today is not None and first > today
        too_far = today is not None and _is_month(value) and first < today - MONTH_REACH_DAYS
        if ahead or too_far:
            continue
        periods.append((first, last))
    return periods


def _is_month(value: str) -> bool:
    return len(value) == len("2005-11")


def day_reach(item: StoryInput, cluster: ClusterParams) -> list[tuple[int, int]]:
    """The day ranges a stored story must meet to be a candidate of ``item``, as the online
    clusterer's (:meth:`.online.StoryClusterer._candidates`): ``window_days`` around its date
    (the first), ``stated_slack_days`` around each day or month its text states (a verdict
    years later names the day of the shooting); none when it is undated (its candidates are
    the stories posting its blocking keys, whenever they ran)."""
    if item.published is None:
        return []
    day, slack = item.published.toordinal(), cluster.stated_slack_days
    stated = [(first - slack, last + slack) for first, last in stated_periods(item)]
    return [(day - cluster.window_days, day + cluster.window_days), *stated]


def split_features(item: StoryInput) -> Features:
    """Content words, numbers, entity keys, stated month-days and years of one article.

    Kept per article (see :func:`article_counts`): read them, never change them."""
    return _split_features(item)


@lru_cache(maxsize=ARTICLE_COUNTS_CACHE)
def _split_features(item: StoryInput) -> Features:
    text = f"{item.title}\n{item.text}"
    # the words of the title, then of the text (no word spans the line break), each text's
    # words found once for every pass; map() keeps the prefixing and counting in C
    words = _content_words(item.title) + _content_words(item.text)
    features: Features = Counter(map("w:".__add__, words))
    for found in _NUMBER.findall(text):
        number = found.rstrip(".,").replace(",", "")
        if not _YEAR.match(number):  # years already count as words
            features["n:" + number] += 1
    features.update("e:" + " ".join(key.lower().split()) for key in item.entity_keys if key)
    for value in item.dates:
        day = _DAY_VALUE.match(value)
        if day:
            features["d:" + day.group(1)] += 1
        year = _YEAR_VALUE.match(value)
        if year:
            features["y:" + year.group(1)] += 1
    return features


def is_specific(key: str) -> bool:
    """Whether a :func:`split_features` key names a specific of one happening: an entity, a
    number, a stated day or year, or a year the text names (not a word of the event type)."""
    return key[:2] in ("e:", "n:", "d:", "y:") or (key[:2] == "w:" and bool(_YEAR.match(key[2:])))


def document_frequencies(features: Iterable[Features]) -> tuple[Counter[str], int]:
    """How many articles have each feature, and how many articles there are."""
    df: Counter[str] = Counter()
    documents = 0
    for counts in features:
        df.update(counts.keys())
        documents += 1
    return df, documents


@dataclass(frozen=True, slots=True)
class Background:
    """Document frequencies of the stored articles left out of a run's items.

    An incremental run clusters a batch with only the stories it may touch; the rest of the
    corpus still counts in every idf (``term``/``entity``: :func:`article_counts`' keys,
    ``split``: :func:`split_features`' keys), so that the weights are the full run's.
    """

    term_df: Mapping[str, int]
    entity_df: Mapping[str, int]
    split_df: Mapping[str, int]
    documents: int


def plus(counts: Mapping[str, int], extra: Mapping[str, int]) -> Counter[str]:
    total = Counter(counts)
    total.update(extra)
    return total


@dataclass(frozen=True, slots=True)
class CorpusFeatures:
    """Every article's features and their document frequencies over all articles."""

    features: Mapping[str, Features]
    df: Mapping[str, int]
    documents: int

    @classmethod
    def of(
        cls, items: Iterable[StoryInput], background: Background | None = None
    ) -> CorpusFeatures:
        features = {item.article_id: split_features(item) for item in items}
        df, documents = document_frequencies(features.values())
        if background is not None:
            return cls(features, plus(df, background.split_df), documents + background.documents)
        return cls(features, df, documents)
