"""What the user typed becomes an intent and a target, in English or Vietnamese."""

import pytest

from bot.query import clean_query, parse


@pytest.mark.parametrize(
    "text, target",
    [
        ("who Sullivan", "Sullivan"),
        ("who is Lavrov?", "Lavrov"),
        ("Who's Jake Sullivan", "Jake Sullivan"),
        ("ai là Ushakov", "Ushakov"),
        ("ai la Ushakov", "Ushakov"),
        ("Lavrov là ai?", "Lavrov"),
        ("Lavrov la ai", "Lavrov"),
        ("who ngoại trưởng Nga", "ngoại trưởng Nga"),
    ],
)
def test_who_questions_in_both_languages(text, target):
    q = parse(text)
    assert (q.intent, q.target) == ("who", target)


@pytest.mark.parametrize(
    "text, target",
    [
        ("on 2022-01-21", "2022-01-21"),
        ("ngày 21/1/2022", "21/1/2022"),
        ("ngay 21/1/2022", "21/1/2022"),
        ("21/1/2022 có gì", "21/1/2022"),
        ("21/1/2022 co gi?", "21/1/2022"),
        ("2022-01-21", "2022-01-21"),
        ("21 tháng 1 năm 2022", "21 tháng 1 năm 2022"),
        ("in 2022", "2022"),
    ],
)
def test_date_questions_in_both_languages(text, target):
    q = parse(text)
    assert (q.intent, q.target) == ("on", target)


def test_a_date_that_cannot_exist_is_still_a_date_question():
    assert parse("2022-02-30").intent == "on"


@pytest.mark.parametrize("text", ["", "   ", "help", "HELP", "trợ giúp", "?"])
def test_empty_or_help_asks_for_help(text):
    assert parse(text).intent == "help"


def test_other_words_are_a_search():
    q = parse("đàm phán Genève")
    assert (q.intent, q.target) == ("search", "đàm phán Genève")


def test_country_name_starting_like_a_date_word_is_a_search():
    assert parse("Nam Phi").intent == "search"


def test_slack_mentions_are_removed_from_the_query():
    assert clean_query("<@U0BOT> who is Lavrov?") == "who is Lavrov"


def test_slack_special_mentions_are_removed():
    assert clean_query("<!channel> who <!here> Sullivan") == "who Sullivan"


def test_slack_links_keep_their_label():
    assert clean_query("search <http://example.com|Genève>") == "search Genève"


def test_control_characters_are_dropped():
    assert clean_query("who\x00 Sul\u202elivan") == "who Sul livan"


def test_very_long_queries_are_capped():
    assert len(clean_query("a" * 20_000)) <= 500


def test_a_long_hostile_query_is_cut_before_any_pattern_runs():
    import time

    started = time.perf_counter()
    clean_query("<http://" * 5_000)  # 40,000 characters; the link pattern is quadratic in them
    assert time.perf_counter() - started < 0.5
