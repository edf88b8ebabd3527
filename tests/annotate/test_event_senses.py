"""The sense of a trigger in its clause: verbal attacks, idioms, negation, topics as actors.

Every sentence here is written for the test (issue #18's examples, reworded).
"""

from __future__ import annotations

import datetime as dt

import pytest
from spacy.language import Language

from dateline.annotate.entities import extract_mentions
from dateline.annotate.events import extract_events
from dateline.annotate.nlp import load_pipeline
from dateline.annotate.time.tagger import tag_times
from dateline.records import Article, Event


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline(parse=True)


def events_of(nlp: Language, text: str) -> list[Event]:
    article = Article(id="sense", text=text, published="2005-02-01", published_basis="user")
    doc = nlp(text)
    times = tag_times(text, dt.date(2005, 2, 1), article.id, doc=doc)
    return extract_events(article, doc, extract_mentions(article, doc), times)


def only(events: list[Event], trigger: str) -> Event:
    (event,) = [e for e in events if e.trigger == trigger]
    return event


def spans(text: str, found: tuple[tuple[int, int], ...]) -> list[str]:
    return [text[start:end] for start, end in found]


def test_attacking_a_party_is_verbal_conflict(nlp: Language) -> None:
    text = "Mr Howard will also attack the Liberal Democrats over their tax plans."
    attack = only(events_of(nlp, text), "attack")
    assert (attack.category, attack.modality) == ("disapprove", "planned")
    assert spans(text, attack.actor_spans) == ["Mr Howard"]


def test_attacking_a_plan_or_a_record_is_verbal_conflict(nlp: Language) -> None:
    plan = only(events_of(nlp, "The Conservatives attacked the government's plan."), "attacked")
    assert plan.category == "disapprove"
    record = only(events_of(nlp, "Labour attacked the Tory record on schools."), "attacked")
    assert record.category == "disapprove"


def test_an_armed_attack_stays_an_assault(nlp: Language) -> None:
    events = events_of(nlp, "Gunmen attacked a police convoy near Baghdad, killing four officers.")
    assert only(events, "attacked").category == "assault"
    # an armed group attacking an alliance, with no word of politics around: still violence
    assert only(events_of(nlp, "The Taliban attacked NATO."), "attacked").category == "assault"


def test_striking_a_balance_is_no_event(nlp: Language) -> None:
    text = "Gordon Brown struck a balance between spending and tax cuts."
    events = events_of(nlp, text)
    assert not [e for e in events if e.trigger == "struck"]
    assert all(e.category != "assault" for e in events)


def test_hitting_a_record_is_market_news(nlp: Language) -> None:
    hit = only(events_of(nlp, "Shares in Vodafone hit a record on Tuesday."), "hit")
    assert hit.category == "economic"


def test_striking_a_deal_is_an_agreement(nlp: Language) -> None:
    text = "General Motors struck a deal with Fiat."
    events = events_of(nlp, text)
    assert [e.category for e in events] == ["agree"]
    assert "Fiat" in spans(text, events[0].target_spans)


def test_an_earthquake_that_strikes_is_a_disaster(nlp: Language) -> None:
    struck = only(events_of(nlp, "A strong earthquake struck Indonesia on Monday."), "struck")
    assert struck.category == "disaster"


def test_workers_on_strike_protest(nlp: Language) -> None:
    strike = only(events_of(nlp, "Nurses in London went on strike over pay."), "strike")
    assert strike.category == "protest"


def test_will_not_talk_about_is_negated(nlp: Language) -> None:
    text = "Tony Blair will not talk about the date of the election."
    talk = only(events_of(nlp, text), "talk")
    assert (talk.category, talk.modality) == ("consult", "negated")


def test_no_talks_and_failed_agreements_are_negated(nlp: Language) -> None:
    talks = only(events_of(nlp, "There were no talks between Putin and Kim."), "talks")
    assert talks.modality == "negated"
    events = events_of(nlp, "Putin and Kim failed to agree on the pipeline.")
    assert [(e.trigger, e.category, e.modality) for e in events] == [("agree", "agree", "negated")]


def test_a_support_verb_leaves_the_event_to_its_noun(nlp: Language) -> None:
    text = "Putin held talks with Kim Jong-un in Vladivostok."
    (talks,) = events_of(nlp, text)
    assert (talks.trigger, talks.category) == ("talks", "consult")
    assert spans(text, talks.actor_spans) == ["Putin"]
    attack = events_of(nlp, "The rebels launched an attack on Kabul.")
    assert [(e.trigger, e.category) for e in attack] == [("attack", "assault")]


def test_a_cancelled_visit_did_not_happen(nlp: Language) -> None:
    visit = only(events_of(nlp, "Michael Howard's visit to Leeds was cancelled."), "visit")
    assert (visit.category, visit.modality) == ("consult", "negated")


def test_a_war_is_the_topic_not_the_actor(nlp: Language) -> None:
    text = "The Iraq war has damaged Tony Blair."
    events = events_of(nlp, text)
    damaged = only(events, "damaged")
    assert damaged.actor_spans == ()
    assert spans(text, damaged.target_spans) == ["Tony Blair"]
    assert all("war" not in spans(text, e.actor_spans) for e in events)


def test_actors_from_relative_clauses_and_passive_agents(nlp: Language) -> None:
    text = "Charles Kennedy, who criticised Gordon Brown, was praised by Tony Blair."
    events = events_of(nlp, text)
    assert spans(text, only(events, "criticised").actor_spans) == ["Charles Kennedy"]
    praised = only(events, "praised")
    assert spans(text, praised.actor_spans) == ["Tony Blair"]
    assert spans(text, praised.target_spans) == ["Charles Kennedy"]


def test_an_event_takes_the_date_of_its_own_clause(nlp: Language) -> None:
    text = "Kim Jong-un met Vladimir Putin in Vladivostok on 25 April 2004."
    met = only(events_of(nlp, text), "met")
    assert (met.when, met.when_basis) == ("2004-04-25", "stated")
    undated = only(events_of(nlp, "Kim Jong-un met Vladimir Putin."), "met")
    assert (undated.when, undated.when_basis) == ("2005-02-01", "article")


def test_title_case_headline_words_the_parser_takes_for_names(nlp: Language) -> None:
    text = "Strong Earthquake Strikes Northern California\n\nThe ground shook for a minute."
    events = events_of(nlp, text)
    assert ("Earthquake", "disaster") in [(e.trigger, e.category) for e in events]
    assert not [e for e in events if e.trigger == "Strikes"]  # no parse to read its sense
