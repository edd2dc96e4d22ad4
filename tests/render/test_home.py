"""The Home tab: what the bot is, example questions in both languages as buttons, the index's freshness and contents."""

from __future__ import annotations

import json

from bot.render.home import home_view
from bot.render.labels import HELP_EXAMPLES
from bot.render.values import parse_article_value, parse_query_value
from bot.serve.overview import ArticleLine, IndexOverview, PersonLine
from tests.fakes.slack_api import validate_view

OVERVIEW = IndexOverview(
    articles=5,
    people=1,
    built_at="2026-12-01T08:30:00Z",
    newest_published="2023-11-04",
    top_people=(PersonLine("Vladimir Putin", "Tổng thống Nga", 5),),
    latest_articles=(ArticleLine("a1", "Quan chức <Mỹ> & châu Âu", "danviet.vn", "2023-11-04"),
                     ArticleLine("a2", "Bài không rõ ngày", None, None)),
)


def buttons(view: dict, block_id: str) -> list[dict]:
    return [e for b in view["blocks"] if b.get("block_id") == block_id for e in b["elements"]]


def test_the_home_tab_is_a_valid_home_view():
    assert validate_view(home_view(OVERVIEW)) == [] and home_view(OVERVIEW)["type"] == "home"


def test_every_example_question_in_both_languages_is_a_button_that_asks_it():
    asked = [parse_query_value(b["value"]) for b in buttons(home_view(OVERVIEW), "examples")]

    assert asked == [ex for ex, _ in HELP_EXAMPLES]
    assert "ai là Lavrov" in asked and "who Sullivan" in asked


def test_the_freshness_line_gives_counts_newest_article_and_build_time():
    text = json.dumps(home_view(OVERVIEW)["blocks"], ensure_ascii=False)

    assert "5 articles · 1 person · newest article 2023-11-04 · index built 2026-12-01 08:30:00 UTC" in text


def test_the_most_named_people_are_buttons_asking_who_they_are():
    assert [parse_query_value(b["value"]) for b in buttons(home_view(OVERVIEW), "top_people")] == ["who Vladimir Putin"]


def test_each_latest_article_can_be_read_and_its_title_is_escaped():
    sections = [b for b in home_view(OVERVIEW)["blocks"] if b.get("accessory", {}).get("action_id") == "read_article"]

    assert [parse_article_value(b["accessory"]["value"]).article_id for b in sections] == ["a1", "a2"]
    assert "Quan chức &lt;Mỹ&gt; &amp; châu Âu" in sections[0]["text"]["text"]
    assert "source unknown · date unknown" in sections[1]["text"]["text"]


def test_without_an_overview_the_home_tab_still_says_what_the_bot_is():
    view = home_view(None)

    assert validate_view(view) == [] and buttons(view, "examples") and not buttons(view, "top_people")


def test_the_home_tab_is_wholly_vietnamese_when_the_language_is_vi():
    text = json.dumps(home_view(OVERVIEW, "vi")["blocks"], ensure_ascii=False)

    assert "5 bài · 1 nhân vật · bài mới nhất 2023-11-04" in text
    for word in ("articles", "newest", "Most named", "Latest", "Read", "Try a question", "source unknown"):
        assert word not in text
