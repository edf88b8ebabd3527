"""The cleaner on the seed articles and on random text."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.ingest.clean import clean_text, is_widget_line, looks_like_title
from tests.conftest import SEED_2014, SEED_2019

TITLE_2014 = "Putin Invites Kim Jong-un to Moscow"
TITLE_2019 = (
    "Upcoming Russia and North Korea summit approaches. ( Varela upset at lack of invite ) ?? J.B"
)
BOILERPLATE = ("User Rating", "No Comments", "- By :", "- Category :")
SENTENCE_END = re.compile(r"(?<=[.!?”])\s+(?=[A-Z“])")


def body_lines(path_text: str) -> list[str]:
    """The seed's paragraphs as written: no title line, no widget or byline/category lines."""
    lines = [line.strip() for line in path_text.splitlines() if line.strip()]
    return [line for line in lines[1:] if not line.startswith(BOILERPLATE)]


def sentences(paragraph: str) -> list[str]:
    return [part for part in SENTENCE_END.split(paragraph) if part]


def test_2014_title_is_found_and_its_glued_repetition_dropped() -> None:
    cleaned = clean_text(SEED_2014.read_text(encoding="utf-8"))
    assert cleaned.title == TITLE_2014
    assert cleaned.text.startswith("Vladimir Putin has invited the North Korean leader")
    assert TITLE_2014 not in cleaned.text
    assert f"repeated title: {TITLE_2014}" in cleaned.removed


def test_2019_title_byline_and_categories() -> None:
    cleaned = clean_text(SEED_2019.read_text(encoding="utf-8"))
    assert cleaned.title == TITLE_2019
    assert cleaned.source == "Panama Now"
    assert cleaned.categories == ("JB", "International Relations", "World Events")
    assert cleaned.text.startswith("The announced summit on Thursday")


def test_seeds_lose_their_boilerplate_and_record_it() -> None:
    for seed, widget in ((SEED_2014, "User Rating: 5.0 (1 votes)"), (SEED_2019, "No Comments")):
        cleaned = clean_text(seed.read_text(encoding="utf-8"))
        for marker in BOILERPLATE:
            assert marker not in cleaned.text
        assert f"widget: {widget}" in cleaned.removed


def test_every_sentence_and_paragraph_of_the_seeds_survives() -> None:
    for seed in (SEED_2014, SEED_2019):
        original = seed.read_text(encoding="utf-8")
        cleaned = clean_text(original)
        paragraphs = cleaned.text.split("\n\n")
        expected = [line.removeprefix(TITLE_2014) for line in body_lines(original)]
        assert paragraphs == expected
        for paragraph in expected:
            for sentence in sentences(paragraph):
                assert sentence in cleaned.text


def test_section_headings_stay_as_their_own_paragraphs() -> None:
    paragraphs = clean_text(SEED_2014.read_text(encoding="utf-8")).text.split("\n\n")
    assert "“Constructive talks”" in paragraphs
    assert "Economic cooperation" in paragraphs


def test_a_rating_widget_glued_to_the_last_paragraph_is_cut_off() -> None:
    original = SEED_2014.read_text(encoding="utf-8")
    glued = original.replace("more strained.\n\nUser Rating", "more strained.User Rating")
    assert "strained.User Rating" in glued
    cleaned = clean_text(glued)
    assert cleaned.text.endswith("relations are now more strained.")
    assert "User Rating" not in cleaned.text


def test_whitespace_and_unicode_are_normalised() -> None:
    text = "Cafe\u0301 owners  protested\u00a0on Monday.\r\n\r\n\r\nThe\tcouncil\u200b listened."
    cleaned = clean_text(text)
    assert cleaned.text == "Café owners protested on Monday.\n\nThe council listened."


def test_hard_wrapped_paragraphs_are_joined() -> None:
    wrapped = (
        "The city council of Marrow voted on Wednesday to ban private cars\n"
        "from the historic centre on weekends, starting in the spring, after\n"
        "a long debate about traffic and air quality in the old town.\n\n"
        "Shop owners protested."
    )
    paragraphs = clean_text(wrapped).text.split("\n\n")
    assert paragraphs[0].startswith("The city council of Marrow voted")
    assert paragraphs[0].endswith("air quality in the old town.")
    assert paragraphs[1] == "Shop owners protested."


def test_plain_byline_and_source_lines_become_metadata() -> None:
    text = (
        "Harbour terminal opens\nBy Lena Brandt\n"
        "The port authority opened a new terminal on Monday.\nSource: Valdora Herald"
    )
    cleaned = clean_text(text)
    assert cleaned.title == "Harbour terminal opens"
    assert cleaned.author == "Lena Brandt"
    assert cleaned.source == "Valdora Herald"
    assert cleaned.text == "The port authority opened a new terminal on Monday."


def test_widget_lines_and_titles() -> None:
    for widget in ("Share | Print | Email", "3 Comments", "Leave a reply", "Tweet", "Read more"):
        assert is_widget_line(widget), widget
    for sentence in ("Share prices fell on Monday.", "He said he would print more money."):
        assert not is_widget_line(sentence)
    assert looks_like_title("Putin Invites Kim Jong-un to Moscow")
    assert not looks_like_title("Vladimir Putin has invited the North Korean leader.")


def test_a_given_title_repeated_as_the_first_line_is_dropped() -> None:
    cleaned = clean_text("Car ban\nThe council voted on Wednesday.", title="Car ban")
    assert cleaned.title == "Car ban"
    assert cleaned.text == "The council voted on Wednesday."


def test_a_body_that_merely_starts_with_title_words_is_kept() -> None:
    text = "The council voted to ban cars on weekends, a council member said."
    cleaned = clean_text(text, title="The council voted")
    assert cleaned.text == text


WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéøß", min_size=1, max_size=10)
SENTENCE = st.lists(WORD, min_size=3, max_size=14).map(
    lambda words: " ".join([words[0].capitalize(), *words[1:]]) + "."
)
PARAGRAPH = st.lists(SENTENCE, min_size=1, max_size=5)
ARTICLE = st.lists(PARAGRAPH, min_size=1, max_size=6)
SEPARATOR = st.sampled_from(["\n", "\n\n", "\r\n", "\n \n\t\n", "\n\n\n"])
SPACE = st.sampled_from([" ", "  ", "\t", "\u00a0", " \u200b"])
NOISE = st.sampled_from(["User Rating: 4.5 (12 votes)", "No Comments", "Share | Print", ""])


@settings(max_examples=150, deadline=None)
@given(ARTICLE, SEPARATOR, SPACE, NOISE)
def test_cleaning_random_articles_never_drops_sentence_text(
    paragraphs: list[list[str]], separator: str, space: str, noise: str
) -> None:
    text = separator.join(space.join(paragraph) for paragraph in paragraphs)
    if noise:
        text = f"{noise}{separator}{text}{separator}{noise}"
    cleaned = clean_text(text)
    kept = " ".join(f"{cleaned.title} {cleaned.text}".split())
    for paragraph in paragraphs:
        for sentence in paragraph:
            assert sentence in kept
    assert "\n\n\n" not in cleaned.text
    assert cleaned.text == cleaned.text.strip()


@settings(max_examples=300, deadline=None)
@given(st.text(), st.text(max_size=40))
def test_cleaning_arbitrary_text_never_crashes(text: str, title: str) -> None:
    cleaned = clean_text(text, title=title)
    assert "\n\n\n" not in cleaned.text
