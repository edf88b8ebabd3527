"""Quotes and speakers on the seed articles, and quotation-mark pairing on hand-made text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.language import Language

from dateline.annotate.entities import extract_mentions
from dateline.annotate.nlp import load_pipeline
from dateline.annotate.quotes import extract_quotes
from dateline.records import Article, Quote
from tests.conftest import SEED_2014, SEED_2019


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load_pipeline(parse=True)  # cached: one model load per test session


def seed_quotes(nlp: Language, path: Path) -> tuple[str, list[Quote]]:
    text = path.read_text(encoding="utf-8")
    article = Article(id=path.stem, text=text)
    doc = nlp(text)
    return text, extract_quotes(article, doc, extract_mentions(article, doc))


def speaker_of(text: str, quote: Quote) -> str | None:
    if quote.speaker_start is None or quote.speaker_end is None:
        return None
    return text[quote.speaker_start : quote.speaker_end]


def quote_starting(quotes: list[Quote], words: str) -> Quote:
    found = [q for q in quotes if q.text.startswith(words)]
    assert len(found) == 1, (words, [q.text for q in quotes])
    return found[0]


def test_2014_seed_speakers(nlp: Language) -> None:
    text, quotes = seed_quotes(nlp, SEED_2014)
    peskov = quote_starting(quotes, "It is true that such an invitation was sent")
    assert (peskov.kind, peskov.cue, speaker_of(text, peskov)) == ("direct", "say", "Dmitry Peskov")
    choe = quote_starting(quotes, "We had a decisive")
    assert choe.speaker_text == "the North Korean official"
    assert speaker_of(text, choe) == "Choe Ryong-hae"  # the role resolved to the person
    talks = quote_starting(quotes, "The talks were constructive")
    assert (talks.cue, speaker_of(text, talks)) == ("add", "Sergei Lavrov")  # inverted
    ready = quote_starting(quotes, "ready to resume unconditionally")
    assert (ready.kind, ready.cue, speaker_of(text, ready)) == ("partial", "say", "Lavrov")


def test_2014_scare_quotes_and_heading_are_nobodys(nlp: Language) -> None:
    _, quotes = seed_quotes(nlp, SEED_2014)
    texts = {q.text for q in quotes}
    for not_a_quote in ("special envoy", "partners", "Constructive talks"):
        assert not any(not_a_quote in t for t in texts), not_a_quote


def test_2019_seed_speakers(nlp: Language) -> None:
    text, quotes = seed_quotes(nlp, SEED_2019)
    matsegora = quote_starting(quotes, "It is clear that")
    assert speaker_of(text, matsegora) == "Alexandr Matsegora"
    seoul = quote_starting(quotes, "To solve the problem")
    assert seoul.speaker_text == "the former Russian Ambassador to Seoul"
    assert speaker_of(text, seoul) == "Gleb Ivashéntsov"
    warns = quote_starting(quotes, "You can not expect quick results")
    assert (warns.cue, speaker_of(text, warns)) == ("warn", "Iváshentsov")
    peskov = quote_starting(quotes, "the two leaders will address")
    assert (peskov.kind, peskov.cue, speaker_of(text, peskov)) == (
        "indirect",
        "point out",
        "Dmitri Peskov",
    )
    assert not any("security considerations" in q.text for q in quotes)


def test_2019_quote_closed_by_an_opening_mark(nlp: Language) -> None:
    text, quotes = seed_quotes(nlp, SEED_2019)
    shown = quote_starting(quotes, "he has shown his people")
    assert shown.kind == "partial"
    assert shown.text.endswith("forced him to talk.")
    assert speaker_of(text, shown) == "Iváshentsov"  # "the expert": the person just quoted


def test_quoted_words_are_attributed_to_the_seed_speakers(nlp: Language) -> None:
    """Every quotation-marked quote of the seeds goes to one of the five seed speakers."""
    speakers: list[str] = []
    for path in (SEED_2014, SEED_2019):
        text, quotes = seed_quotes(nlp, path)
        speakers += [
            speaker_of(text, q) or ""
            for q in quotes
            if q.kind in ("direct", "partial") and "Xinhua" not in (q.speaker_text or "")
        ]
    surnames = [s.split()[-1] if s else "" for s in speakers]
    direct_and_partial = {"Peskov", "Choe Ryong-hae", "Lavrov", "Matsegora"}
    ivashentsov = {"Ivashéntsov", "Iváshentsov", "Ivashentsov"}
    assert all(s in ivashentsov or any(s in n for n in direct_and_partial) for s in surnames), (
        speakers
    )
    assert sum(s in ivashentsov for s in surnames) >= 5
    assert {s for s in surnames if s in ivashentsov} == ivashentsov  # all three spellings


def test_empty_and_quote_free_text(nlp: Language) -> None:
    for text in ("", "No quotes here at all."):
        article = Article(id="x", text=text)
        assert extract_quotes(article, nlp(text), []) == []


def exported_records(db: Path, tmp_path: Path) -> list[dict[str, object]]:
    from typer.testing import CliRunner

    from dateline.cli import app

    target = tmp_path / "seeds.jsonl"
    args = ["export", "--format", "jsonl", "-o", str(target), "--db", str(db)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    lines = target.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def test_a_role_named_speaker_reaches_the_export(seed_corpus_db: Path, tmp_path: Path) -> None:
    """“…”, said the North Korean official": the person the role names is the speaker entity,
    and every quotation-marked quote of the seeds has a speaker entity."""
    records = exported_records(seed_corpus_db, tmp_path)
    names = {r["id"]: r["name"] for r in records if r["kind"] == "entity"}
    quotes = [r for r in records if r["kind"] == "quote"]
    (choe,) = [q for q in quotes if str(q["text"]).startswith("We had a decisive")]
    assert choe["speaker_text"] == "the North Korean official"
    assert names.get(str(choe["speaker_id"])) == "Choe Ryong-hae"
    marked = [q for q in quotes if q["quote_kind"] in ("direct", "partial")]
    assert len(marked) >= 8
    assert all(q["speaker_id"] in names for q in marked), marked


def quotes_of(nlp: Language, text: str) -> list[Quote]:
    article = Article(id="made-up", text=text)
    doc = nlp(text)
    return extract_quotes(article, doc, extract_mentions(article, doc))


def said_by(nlp: Language, text: str, words: str) -> tuple[str | None, str | None]:
    """(speaker phrase, resolved speaker) of the one quote starting with ``words``."""
    quote = quote_starting(quotes_of(nlp, text), words)
    return quote.speaker_text, speaker_of(text, quote)


def test_she_is_the_woman_not_the_man_named_last(nlp: Language) -> None:
    text = (
        "Baroness Whitmore, the former Speaker, spoke to reporters after meeting Tony Blair "
        "on Monday. “The reforms have gone too far,” she said."
    )
    assert said_by(nlp, text, "The reforms") == ("she", "Whitmore")


def test_a_given_name_tells_who_she_is_not(nlp: Language) -> None:
    """On the silver newswire a witness's "she said" in a report of Saddam Hussein's trial,
    a hostage's wife's and a Belgian minister's had gone to Saddam Hussein, Shigeru Taki and
    Laurent Kabila: a first name that tells a man keeps "she" from him. A given name later
    in a name (an Arabic father's name) tells nothing."""
    text = (
        "Saddam Hussein sat in the dock as the first witness took the stand in Baghdad. "
        "“My youth was destroyed,” she said."
    )
    assert said_by(nlp, text, "My youth") == ("she", None)
    text = (
        "The journalist Lubna Hussein was charged in Khartoum on Monday. “I will not pay "
        "the fine,” she said."
    )
    assert said_by(nlp, text, "I will not")[1] == "Lubna Hussein"


def test_a_pronoun_goes_on_with_no_newspaper_or_body_that_spoke_before(nlp: Language) -> None:
    """On the silver newswire "The Zimbabwe Independent quoted ... Murombedzi Kuchera as
    saying ... he said" had gone to the newspaper, and a minister's "she said" after "the
    Copenhagen Post reported" to the Post: "he" and "she" go on with a person only."""
    text = (
        "The Zimbabwe Independent quoted NAC board chairman Murombedzi Kuchera as saying "
        "that the campaigns were helping. “The prevalence rate is falling,” he said."
    )
    assert said_by(nlp, text, "The prevalence") == ("he", "Murombedzi Kuchera")
    text = (
        "The minister of development co-operation, Ulla Toenaes, was scheduled to depart at "
        "the end of this week, the Copenhagen Post reported. She said she was blindsided. "
        "“I'm surprised about this turnaround,” she said."
    )
    assert said_by(nlp, text, "I'm surprised")[1] != "Copenhagen Post"
    # a surname the model calls a people is still the one "he" goes on with
    text = (
        "Rural laborers have difficulties settling down in cities, Han says. He acknowledges "
        "that workers face restrictions. “We must change the rules,” he said."
    )
    assert said_by(nlp, text, "We must change") == ("he", "Han")
    # nor a surname the tagger reads as a plural, when it ends a fuller name of the article
    text = (
        "The army's main personnel officer Lieutenant General Freddie Viggers said the "
        "findings were properly vetted. The review was made by Devon and Cornwall Police. "
        "“The British Army has taken these allegations seriously,” Viggers said in the MoD "
        "statement. “It has been a complex investigation,” he said."
    )
    assert said_by(nlp, text, "It has been") == ("he", "Viggers")


def test_a_quote_is_never_credited_to_the_person_it_names(nlp: Language) -> None:
    text = (
        "Charles Kendall spoke after Tony Blair's statement. “There is a fundamental lack "
        "of trust in Tony Blair,” he said."
    )
    assert said_by(nlp, text, "There is a fundamental") == ("he", "Charles Kendall")


def test_a_generic_noun_inside_the_quote_is_not_its_speaker(nlp: Language) -> None:
    text = "“We want a judge to say whether the minister broke the law,” said Lord Haddington."
    quotes = quotes_of(nlp, text)
    assert [(q.text[:7], speaker_of(text, q)) for q in quotes] == [("We want", "Lord Haddington")]


def test_one_analyst_is_nobody_named_before(nlp: Language) -> None:
    text = (
        "Shares in Northgate Bank fell 5%, said Karen Holt, a spokeswoman for the bank. "
        "“The market is nervous,” one analyst said."
    )
    assert said_by(nlp, text, "The market is nervous") == ("one analyst", None)


def test_name_and_colon_attributions(nlp: Language) -> None:
    headline = "Hello.\n\nBlair: ‘We will win the election’\n\nMore text follows here."
    assert said_by(nlp, headline, "We will win") == ("Blair", "Blair")
    transcript = "Intro.\n\nPENCE: Well, look, this is a serious business for all of us.\n"
    assert said_by(nlp, transcript, "Well, look") == ("PENCE", "PENCE")
    field = "Intro.\n\nUser Rating: 5.0 (1 votes)\n"
    assert quotes_of(nlp, field) == []


def test_a_dash_and_a_name_after_a_quote(nlp: Language) -> None:
    text = "Readers wrote in.\n\n“Maybe we can build a wall around the council.” ― Steve Quint\n"
    assert said_by(nlp, text, "Maybe we can") == ("Steve Quint", "Steve Quint")


def test_a_quote_of_several_paragraphs_keeps_its_speaker(nlp: Language) -> None:
    text = (
        "Mayor Anna Berg spoke on Monday.\n\n"
        "“We will rebuild the bridge this year,” Berg said. “It is the first thing.\n\n"
        "“The second is the school, which has waited too long.\n\n"
        "“And the third is the park.”\n"
    )
    quotes = quotes_of(nlp, text)
    assert [speaker_of(text, q) for q in quotes if q.kind != "indirect"] == ["Berg"] * 4
    assert quote_starting(quotes, "The second is the school").text.endswith("too long.")


def test_belief_and_intention_verbs_attribute_a_position(nlp: Language) -> None:
    text = (
        "Senator Ruth Calder believes that the tax will hurt farmers. "
        "She vowed to fight the bill in committee."
    )
    assert said_by(nlp, text, "the tax will hurt") == ("Senator Ruth Calder", "Ruth Calder")
    assert said_by(nlp, text, "to fight the bill") == ("She", "Ruth Calder")


def test_double_apostrophe_quotes_and_nested_quotes(nlp: Language) -> None:
    text = "Intro.\n\n''We called it 'a disaster' from the start,'' Mr. Dunmore said.\n"
    quote = quote_starting(quotes_of(nlp, text), "We called it")
    assert quote.text == "We called it 'a disaster' from the start"
    assert speaker_of(text, quote) == "Mr. Dunmore"


def test_an_inverted_attribution_does_not_reach_into_the_reported_clause(nlp: Language) -> None:
    text = "Intro. She said Governor Tom Walsh favors a “strongman approach.”"
    assert said_by(nlp, text, "strongman approach")[0] == "She"


def test_a_pronoun_does_not_reach_back_past_another_speaker(nlp: Language) -> None:
    text = (
        "Anna Berg opened the meeting. “We need a new bridge,” Berg said. "
        "“The money is not there,” said Tom Hale. “It will be,” she said."
    )
    assert said_by(nlp, text, "It will be") == ("she", None)


def test_a_pronoun_goes_on_with_the_speaker_past_people_named_only_as_objects(
    nlp: Language,
) -> None:
    """On the silver newswire "X told Xinhua ... he said" had gone to Xinhua, and "He made
    the remark in a meeting with Tan Tee How ... He said" to the guest, not the host: one
    named since the last speaker only as an object is not who "he" goes on to be. A subject,
    or a passive's agent, still is."""
    text = (
        "Mongolian President Nambaryn Enkhbayar said in an interview with Xinhua before his "
        "trip to China. “The relationship has developed well,” he said."
    )
    assert said_by(nlp, text, "The relationship") == ("he", "Nambaryn Enkhbayar")
    text = (
        "“Trade will grow,” said the governor, Tom Hale. He met the mayor, John Reed, on "
        "Monday. Reed said the talks went well. “We agreed on the budget,” he said."
    )
    assert said_by(nlp, text, "We agreed") == ("he", "Reed")
    # subjects of the clause a speaker reports, or of a clause describing someone, are not
    text = (
        "Shan Baoxiang said that Sun Yat-sen brought democracy to China. He added that "
        "without Sun the revolution could not have succeeded."
    )
    assert said_by(nlp, text, "without Sun") == ("He", "Shan Baoxiang")


def test_a_parenthetical_attribution_reports_its_sentence(nlp: Language) -> None:
    text = (
        "Intro.\n\nEven if the venture fails, Mr. Morgan said, the land is already restored.\n\n"
        "To understand the old mill, Judge Ann Roberts said, one should visit the museum.\n"
    )
    assert said_by(nlp, text, "Even if the venture")[0] == "Mr. Morgan"
    assert said_by(nlp, text, "To understand the old mill")[0] == "Judge Ann Roberts"


def test_a_transcript_quoted_paragraph_by_paragraph(nlp: Language) -> None:
    text = (
        "Partial transcript as follows:\n\n"
        '"WALLACE: Let us start with the news of the day on the debate.\n\n'
        '"PENCE: Well, the question really is why they invited him at all."\n'
    )
    assert said_by(nlp, text, "Let us start") == ("WALLACE", "WALLACE")
    assert said_by(nlp, text, "Well, the question") == ("PENCE", "PENCE")


def test_a_dash_after_a_no_break_space(nlp: Language) -> None:
    text = "Readers wrote in.\n\n“Maybe we can build a bridge to the island.” ―\u00a0Jorge Falcon\n"
    assert said_by(nlp, text, "Maybe we can") == ("Jorge Falcon", "Jorge Falcon")


def test_the_full_stops_of_a_name_end_no_sentence(nlp: Language) -> None:
    text = (
        'Intro.\n\n"He would be a great senator. Not good, great," Rep. Elijah E. Cummings '
        "said in a phone interview.\n"
    )
    assert said_by(nlp, text, "He would be a great")[0] == "Rep. Elijah E. Cummings"


def test_a_line_ending_in_a_colon_introduces_a_block_quote(nlp: Language) -> None:
    text = (
        "Trump answered the question.\n\nHe said:\n\n"
        '"We have a situation where our inner cities are dangerous."\n\n'
        "Limbaugh added:\n\nAnd from a front-runner, this reeks of fear that I have seen.\n"
    )
    assert said_by(nlp, text, "We have a situation")[0] == "He"
    assert said_by(nlp, text, "And from a front-runner")[0] == "Limbaugh"


def test_what_a_reporting_verb_or_a_participle_reports(nlp: Language) -> None:
    text = (
        "Obama responded to the mother by saying his wording was a manufactured issue. "
        "She went on to say that the plan will fail in the Senate. "
        "Romney went after Trump on taxes, calling his refusal “disqualifying.”"
    )
    assert said_by(nlp, text, "his wording was")[0] == "Obama"
    assert said_by(nlp, text, "the plan will fail")[0] == "She"
    assert said_by(nlp, text, "disqualifying")[0] == "Romney"


def test_a_subject_before_a_quote_is_not_an_inverted_speaker(nlp: Language) -> None:
    text = (
        "Trump tweeted in the early hours that Machado was “disgusting” and “a con” "
        "and encouraged Americans to watch."
    )
    for quote in quotes_of(nlp, text):
        assert quote.speaker_text != "Machado", quote


def test_a_share_of_a_group_keeps_its_indirect_quote(nlp: Language) -> None:
    text = (
        "The survey was taken in March.\n\n"
        "More than six in 10 said they were not looking forward to the campaign. "
        "Two-thirds of Democratic insiders said the deficit was too large to overcome.\n"
    )
    assert said_by(nlp, text, "they were not looking")[0] == "More than six in 10"
    assert said_by(nlp, text, "the deficit was")[0] == "Two-thirds of Democratic insiders"
    # a number that is no share of a group names nobody
    text = "The board met.\n\nThe 10 said nothing, and 2015 saw the plant close its doors.\n"
    assert all(q.speaker_text not in ("2015", "The 10") for q in quotes_of(nlp, text))


def test_the_name_before_an_aside_speaks(nlp: Language) -> None:
    text = (
        "Protests continued.\n\n"
        "Alarmed by the unrest in Nevada, Senator Harry Reid, the minority leader, said "
        "that he spoke with the candidate on Tuesday.\n\n"
        "Mr. Slinker, whose latest start-up, Paradata, uses big data to help brands, said "
        "the candidate was a start-up kind of guy.\n"
    )
    assert said_by(nlp, text, "he spoke with")[0] == "Senator Harry Reid"
    assert said_by(nlp, text, "the candidate was")[0] == "Mr. Slinker"


def test_an_aside_gives_no_name_before_an_inverted_speaker(nlp: Language) -> None:
    # the name before the aside is the addressee; the speaker follows the verb
    text = (
        "Budgets were cut.\n\nIn a letter to Senator Reid, the minority leader, said the "
        "aides, the council asked for more money.\n"
    )
    assert said_by(nlp, text, "the council asked")[0] == "the aides"


def test_a_position_taken_in_an_adverbial_clause(nlp: Language) -> None:
    text = (
        "The debate went on for hours.\n\n"
        "The exchange turned sharp when Clinton accused him of hiding his tax returns.\n\n"
        "Mass atrocities continue in the region as China and Russia support the government.\n"
    )
    assert said_by(nlp, text, "him of hiding")[0] == "Clinton"
    assert said_by(nlp, text, "the government")[0] == "China"


def test_a_position_under_if_or_whether_is_only_supposed(nlp: Language) -> None:
    text = (
        "The plan was published.\n\n"
        "If the plan rejected single mothers, black families would be especially affected. "
        "Voters asked the senator whether he would ever endorse the governor.\n"
    )
    quotes = quotes_of(nlp, text)
    assert not any(q.text.startswith("single mothers") for q in quotes), quotes
    assert not any(q.text.startswith("the governor") for q in quotes), quotes


def test_sources_and_people_nouns_as_speakers(nlp: Language) -> None:
    text = (
        "Enrollment fell.\n\n"
        "Data show that the average income for college graduates is higher. "
        "Exit polling shows he won most voters under 30. "
        "Millennials say they are worried about student debt.\n"
    )
    assert said_by(nlp, text, "the average income")[0] == "Data"
    assert said_by(nlp, text, "he won most")[0] == "Exit polling"
    assert said_by(nlp, text, "they are worried")[0] == "Millennials"


def test_a_named_possessor_holds_the_claim(nlp: Language) -> None:
    text = (
        "The fact-checkers looked at the numbers.\n\n"
        "Politifact seized on Trump’s claim that there have been “thousands of shootings” "
        "in Chicago this year alone.\n\n"
        "Still, his claim that the city is safe was widely shared.\n"
    )
    assert said_by(nlp, text, "thousands of shootings")[0] == "Trump"
    # a pronoun possessor too often reaches the wrong person: no speaker from "his claim"
    assert not any(q.text.startswith("the city is safe") for q in quotes_of(nlp, text))


def test_reiterate_and_echo_report_a_clause(nlp: Language) -> None:
    text = (
        "The rally ended late.\n\n"
        "Clinton reiterated that she did not want combat troops in Syria. "
        "The senator repeated the question twice.\n"
    )
    assert said_by(nlp, text, "she did not want")[0] == "Clinton"
    # with an object and no clause, "repeat" reports nothing
    assert not any(q.text.startswith("the question") for q in quotes_of(nlp, text))


CASTRO = (
    "Cuban leader Fidel Castro is very ill, US intelligence chief John Negroponte said on "
    "Friday.\n\nCastro, 80, handed over power on July 31 to his brother Raul Castro, the army "
    "chief.\n\nRaul Castro has reached out to the United States in the past four months, "
    "calling for negotiations.\n\nOn Wednesday the top US diplomat for Latin America "
    "indicated that the United States had yet to find a reformer in the Cuban government."
)


def test_a_described_speaker_is_not_the_last_one_quoted_unless_so_described(
    nlp: Language,
) -> None:
    """A silver article gave the words of "the top US diplomat for Latin America" to Raul
    Castro, quoted just before: "the expert" is the person just quoted, a description with
    more words only one the article describes so."""
    article = Article(id="castro", text=CASTRO)
    doc = nlp(CASTRO)
    quotes = extract_quotes(article, doc, extract_mentions(article, doc))
    reformer = quote_starting(quotes, "the United States had yet to find")
    assert reformer.speaker_text == "the top US diplomat for Latin America"
    assert speaker_of(CASTRO, reformer) is None
    assert speaker_of(CASTRO, quote_starting(quotes, "negotiations")) == "Raul Castro"


def test_a_dateline_or_a_wire_s_section_slug_before_a_colon_is_no_speaker(nlp: Language) -> None:
    """A silver story list's "LONDON: Despite their mutual hostility ..." had made London the
    speaker of ten quotes, and Xinhua's "China Focus:" China of its headlines."""
    for text in (
        "We plan to file the following stories:\n\nLONDON: Despite their mutual hostility "
        "during the campaign, the ruling Conservatives and Labour agree on one thing.\n",
        "China Focus: Chinese economy grows faster than expected in third quarter, officials "
        "say\n\nBEIJING, Oct 19 (Xinhua) -- China's economy grew 10.7 percent.",
    ):
        article = Article(id="slug", text=text)
        doc = nlp(text)
        quotes = extract_quotes(article, doc, extract_mentions(article, doc))
        assert not [q for q in quotes if q.cue == "colon"]
    text = "Blair: We will win the election, the prime minister told reporters.\n"
    article = Article(id="blair", text=text)
    doc = nlp(text)
    quotes = extract_quotes(article, doc, extract_mentions(article, doc))
    assert [q.speaker_text for q in quotes if q.cue == "colon"] == ["Blair"]


def test_he_with_a_capital_after_its_verb_is_the_surname_he(nlp: Language) -> None:
    """Silver newswire: "said He." after a report naming He Ningsheng had gone to Qilidian,
    a town ("said he." would be a pronoun). A capital He after its verb is a name: the person
    named with it, or no one."""
    text = (
        "More than 108,000 fowls had been killed, said He Ningsheng, a local disease control "
        "official.\n\nThe ministry confirmed on Monday that 390 chickens died in Laobutou "
        "village, Qilidian town.\n\nNo human infection cases have been detected in the area, "
        "said He."
    )
    assert said_by(nlp, text, "No human infection") == ("He", "He Ningsheng")
    unnamed = "Lin Wei ran the clinic.\n\nNo human infection cases have been detected, said He."
    assert said_by(nlp, unnamed, "No human infection") == ("He", None)
