"""What the user typed becomes an intent and a target, in English or Vietnamese."""

import time
from datetime import date

import pytest

from bot.serve.query import MAX_INPUT_CHARS, STOP_WORDS, clean_query, content_terms, parse
from bot.serve.roles_en import OWNERS, ROLES


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


# -- questions read in layers ---------------------------------------------------------


TUESDAY = date(2022, 3, 15)


def test_the_current_engines_who_target_survives_a_period():
    q = parse("who Sullivan on 2022-11-06")
    assert (q.intent, q.target, q.period.start) == ("who", "Sullivan", date(2022, 11, 6))


def test_a_bare_name_is_left_for_the_index_to_recognise():
    q = parse("Ushakov")
    assert (q.intent, q.maybe_person) == ("search", True)


def test_words_in_lower_case_are_not_taken_for_a_name():
    assert parse("đàm phán an ninh").maybe_person is False


def test_two_capitalised_names_side_by_side_may_be_one_person_or_two():
    q = parse("Sullivan Ushakov")
    assert (q.intent, q.target, q.people) == ("search", "Sullivan Ushakov", ("Sullivan", "Ushakov"))


def test_names_joined_by_va_are_a_pair():
    assert parse("Blinken và Lavrov").people == ("Blinken", "Lavrov")


def test_a_known_outlet_after_on_is_an_outlet_not_a_topic():
    assert parse("Lavrov on VnExpress").outlet == "VnExpress"


def test_on_before_a_word_that_is_not_an_outlet_stays_in_the_search():
    q = parse("Lavrov on Ukraine")
    assert (q.outlet, q.target) == (None, "Lavrov on Ukraine")


def test_bao_names_an_outlet_by_itself():
    # "theo báo Tuổi Trẻ": the capitalised words after "báo" are the outlet.
    assert parse("Lavrov theo báo Tuổi Trẻ").outlet == "Tuổi Trẻ"


def test_relative_words_read_against_the_today_passed_in():
    assert parse("hôm qua có gì", today=TUESDAY).period.start == date(2022, 3, 14)


def test_an_impossible_date_is_a_date_question_with_the_reason():
    q = parse("ngày 30/2/2022 có gì")
    assert (q.intent, q.target, q.invalid_date) == (
        "on", "30/2/2022", "30/2/2022 is not a real date (February 2022 has 28 days)")


def test_an_english_role_is_asked_in_the_indexs_vietnamese():
    q = parse("who is the Russian foreign minister")
    assert (q.intent, q.target, q.role) == ("who", "ngoại trưởng Nga", "ngoại trưởng Nga")


def test_every_translated_role_starts_with_a_role_head_the_index_knows():
    from bot.build.actors import ROLE_HEADS

    assert [vi for vi in ROLES.values() if not any(vi == h or vi.startswith(h + " ") for h in ROLE_HEADS)] == []


def test_every_role_owner_is_spelled_as_the_gazetteer_spells_it():
    import yaml

    from bot.build.curated import DATA_DIR

    gaz = yaml.safe_load((DATA_DIR / "gazetteer.yml").read_text(encoding="utf-8"))
    names = set(gaz["places"]) | set(gaz["organisations"])
    assert sorted(set(OWNERS.values()) - names) == []


def test_exit_words_end_the_console():
    assert [parse(w).intent for w in ("exit", "quit", "thoát", "thoat")] == ["exit"] * 4


@pytest.mark.parametrize("text", ["ai là", "who", "ai là ai", "who is", "ai la?"])
def test_a_question_frame_with_nothing_in_it_asks_for_help(text):
    assert parse(text).intent == "help"


def test_slack_emoji_codes_are_removed():
    assert clean_query("ai là Lavrov :slightly_smiling_face:") == "ai là Lavrov"


def test_a_time_is_not_taken_for_an_emoji_code():
    assert clean_query("10:30:45") == "10:30:45"


def test_channel_mentions_are_removed():
    assert clean_query("<#C1|ngoai-giao> ai là Ushakov") == "ai là Ushakov"


def test_content_terms_drop_vietnamese_and_english_stop_words():
    assert content_terms("những cuộc đàm phán của Nga và Mỹ") == ["cuoc", "dam", "phan", "nga", "my"]
    assert content_terms("what happened at the talks") == ["talks"]


def test_stop_words_are_folded_so_they_match_folded_text():
    assert all(w == w.lower() and w.isascii() for w in STOP_WORDS)


def test_a_reading_states_person_and_period_in_both_languages():
    q = parse("Lavrov tháng 1/2022")
    assert (q.reading("en"), q.reading("vi")) == ("Lavrov, January 2022", "Lavrov, tháng 1/2022")


def test_a_reading_names_the_outlet():
    assert parse("Lavrov trên Dân Việt").reading("vi") == "Lavrov, trên Dân Việt"


def test_input_is_cut_before_any_pattern_runs():
    # Half a million characters of markup-like text must not reach the patterns.
    started = time.perf_counter()
    parse("<@" * 250_000)
    parse("21/" * 200_000)
    assert time.perf_counter() - started < 1.0
    assert MAX_INPUT_CHARS <= 2 * 500


def test_hostile_repetition_is_parsed_in_linear_time():
    started = time.perf_counter()
    for text in ("1 " * 240, "tu 1/1 den " * 40, "thang " * 80, ":a" * 240, "Ab " * 160, "va " * 160):
        parse(text)
    assert time.perf_counter() - started < 1.0


def test_a_long_hostile_query_is_cut_before_any_pattern_runs():
    started = time.perf_counter()
    clean_query("<http://" * 5_000)  # 40,000 characters; the link pattern is quadratic in them
    assert time.perf_counter() - started < 0.5
