"""Buttons under an answer: suggestions that run their query, 👍/👎, Share; and counts that read as phrases."""

from __future__ import annotations

import json

from bot.render.blocks import (
    FEEDBACK_DOWN,
    FEEDBACK_UP,
    QUERY_ACTION,
    SHARE_ACTION,
    detail_page,
    help_message,
    share_block,
    summary_message,
)
from bot.render.labels import count_articles, page_range, period_label
from bot.render.values import parse_query_value
from bot.serve.answers import ActorMatch, Answer, ArticleHit, Candidate, DateRange
from tests.fakes.slack_api import validate_blocks


def hit(n: int, url: str | None = None, outlet: str | None = None) -> ArticleHit:
    return ArticleHit(f"a{n}", f"Bài {n}", url, outlet, "2022-01-21", "Tóm tắt.")


def buttons(blocks: list[dict], block_id: str) -> list[dict]:
    return [e for b in blocks if b.get("block_id") == block_id for e in b["elements"]]


def queries(blocks: list[dict], block_id: str) -> list[str]:
    return [parse_query_value(b["value"]) for b in buttons(blocks, block_id)]


def test_did_you_mean_people_are_buttons_that_ask_who_they_are():
    answer = Answer(query="who Sulivan", intent="who", target="Sulivan", error="no_actor",
                    suggestions=["Jake Sullivan", "Dan Sullivan"])

    blocks = summary_message(answer).blocks
    assert queries(blocks, "suggestions") == ["who Jake Sullivan", "who Dan Sullivan"]
    assert [b["text"]["text"] for b in buttons(blocks, "suggestions")] == ["Jake Sullivan", "Dan Sullivan"]


def test_nearest_dates_are_buttons_that_ask_what_happened_that_day():
    answer = Answer(query="on 2022-01-20", intent="on", target="2022-01-20", error="no_results",
                    date=DateRange("2022-01-20", "2022-01-20"), nearest=["2022-01-21", "2022-01-19"])

    assert queries(summary_message(answer).blocks, "suggestions") == ["on 2022-01-21", "on 2022-01-19"]


def test_other_matches_of_a_person_are_buttons():
    answer = Answer(query="who Sullivan", intent="who", target="Sullivan",
                    actor=ActorMatch("Jake Sullivan", None, ["Jake Sullivan"], 90.0),
                    candidates=[Candidate("Dan Sullivan", 80.0)], articles=[hit(1)])

    assert queries(summary_message(answer).blocks, "other_matches") == ["who Dan Sullivan"]


def test_query_buttons_have_distinct_action_ids_within_slacks_limits():
    answer = Answer(query="who X", intent="who", target="X", error="no_actor", suggestions=[f"Người {i}" for i in range(9)])

    blocks = summary_message(answer).blocks
    ids = [b["action_id"] for b in buttons(blocks, "suggestions")]
    assert len(ids) == 5 and len(set(ids)) == 5 and all(i.startswith(QUERY_ACTION) for i in ids)
    assert validate_blocks(blocks) == []


def test_every_answer_and_every_miss_has_thumbs_up_and_down_carrying_the_query():
    found = Answer(query="on 2022-01-21", intent="on", target="2022-01-21",
                   date=DateRange("2022-01-21", "2022-01-21"), articles=[hit(1)])
    missed = Answer(query="who Nobody", intent="who", target="Nobody", error="no_actor")
    for answer in (found, missed):
        (up, down) = buttons(summary_message(answer).blocks, "feedback")
        assert (up["action_id"], down["action_id"]) == (FEEDBACK_UP, FEEDBACK_DOWN)
        assert parse_query_value(up["value"]) == parse_query_value(down["value"]) == answer.query


def test_help_has_no_feedback_buttons():
    assert buttons(help_message().blocks, "feedback") == []


def test_share_carries_the_query_in_a_labelled_button_in_each_language():
    assert buttons([share_block("who Lavrov")], "share")[0]["action_id"] == SHARE_ACTION
    assert queries([share_block("who Lavrov")], "share") == ["who Lavrov"]
    assert buttons([share_block("q", "vi")], "share")[0]["text"]["text"] == "Chia sẻ vào kênh"


def test_counts_are_singular_for_one_article_and_plural_otherwise():
    assert (count_articles(1), count_articles(0), count_articles(5)) == ("1 article", "0 articles", "5 articles")
    assert count_articles(1, "vi") == "1 bài"


def test_a_page_of_one_article_is_not_written_as_a_range():
    assert page_range(1, 1, 1) == "Article 1 of 1" and page_range(1, 3, 5) == "Articles 1–3 of 5"
    answer = Answer(query="x", intent="search", target="x", articles=[hit(1)])
    assert detail_page(answer).text == "Article 1 of 1"


def test_months_and_years_are_written_as_words():
    assert period_label("2022-01-01", "month") == "In January 2022"
    assert period_label("2022-01-01", "year") == "In 2022"
    assert period_label("2022-01-01", "month", "vi") == "Tháng 1/2022"
    assert period_label("2022-01-21", "day") == "On 2022-01-21"


def test_the_outlet_is_said_beside_the_link_not_inside_it():
    answer = Answer(query="x", intent="search", target="x", articles=[hit(1, url="https://n.example/a")])

    text = json.dumps(summary_message(answer).blocks, ensure_ascii=False)
    assert "<https://n.example/a|Bài 1> (source unknown)" in text


def test_an_answer_without_a_thread_says_its_details_are_below():
    answer = Answer(query="x", intent="search", target="x", articles=[hit(1)])

    text = json.dumps(summary_message(answer, details="below").blocks, ensure_ascii=False)
    assert "Details below." in text and "thread" not in text


def test_a_suggestion_without_a_name_to_show_gets_no_button():
    answer = Answer(query="who x", intent="who", target="x", error="no_actor", suggestions=["", "  "])

    blocks = summary_message(answer).blocks
    assert buttons(blocks, "suggestions") == [] and validate_blocks(blocks) == []


def test_the_event_views_have_thumbs_up_and_down_too(engine):
    answer = engine.answer("timeline Lavrov")

    (up, down) = buttons(summary_message(answer).blocks, "feedback")
    assert parse_query_value(up["value"]) == "timeline Lavrov" and down["action_id"] == FEEDBACK_DOWN
