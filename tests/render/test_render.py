"""Rendering answers: every kind, within Slack's limits, with user text escaped."""

import json

import pytest

from bot.render.blocks import (
    MAX_BLOCKS,
    MAX_SECTION_TEXT,
    PAGE_SIZE,
    detail_page,
    escape,
    help_message,
    more_value,
    parse_more_value,
    summary_message,
)
from bot.render.lines import source_of
from bot.render.text import render_text
from bot.serve.answers import ActorMatch, Answer, ArticleHit, Candidate, DateRange, Evidence


def hit(n: int, url: str | None = "https://news.example.vn/a", outlet: str | None = "Báo Mẫu") -> ArticleHit:
    return ArticleHit(
        id=f"art{n}",
        title=f"Bài số {n} về đàm phán",
        url=url,
        outlet=outlet,
        published="2024-03-05",
        summary="Hai ngoại trưởng gặp nhau tại Riyadh.",
        evidence=[Evidence("Ngoại trưởng Marco Rubio đến Riyadh hôm 18/2.", "2024-02-18", 3)],
    )


def who_answer(n_articles: int = 1) -> Answer:
    return Answer(
        query="who Rubio",
        intent="who",
        target="Rubio",
        actor=ActorMatch("Marco Rubio", "Ngoại trưởng Mỹ", ["Marco Rubio", "Rubio"], 100.0),
        articles=[hit(i) for i in range(n_articles)],
    )


def all_text(blocks) -> str:
    return json.dumps(blocks, ensure_ascii=False)


def within_limits(message) -> bool:
    if len(message.blocks) > MAX_BLOCKS:
        return False
    for block in message.blocks:
        texts = [block.get("text", {}).get("text", "")] + [e.get("text", "") for e in block.get("elements", []) if isinstance(e.get("text"), str)]
        if any(len(t) > MAX_SECTION_TEXT for t in texts):
            return False
    return True


def test_escape_neutralises_slack_control_characters():
    assert escape("<!channel> & <@U123>") == "&lt;!channel&gt; &amp; &lt;@U123&gt;"


def test_who_summary_names_the_person_and_role():
    msg = summary_message(who_answer())
    assert "Marco Rubio — Ngoại trưởng Mỹ" in all_text(msg.blocks)
    assert msg.text.startswith("Marco Rubio")


def test_who_summary_links_the_source():
    assert "<https://news.example.vn/a|" in all_text(summary_message(who_answer()).blocks)


def test_summary_mentions_other_candidates():
    answer = who_answer()
    answer.candidates = [Candidate("Mario Rubino", 88.0)]
    assert "Mario Rubino" in all_text(summary_message(answer).blocks)


def test_on_summary_names_the_date():
    answer = Answer(query="on 2024-02-18", intent="on", target="2024-02-18",
                    date=DateRange("2024-02-18", "2024-02-18"), articles=[hit(1)])
    assert "On 2024-02-18" in all_text(summary_message(answer).blocks)


def test_month_answer_is_labelled_with_the_month():
    answer = Answer(query="2024-02", intent="on", target="2024-02",
                    date=DateRange("2024-02-01", "2024-02-29", "month"), articles=[hit(1)])
    assert render_text(answer).startswith("In February 2024\n")
    assert all_text(summary_message(answer, "vi").blocks).count("Tháng 2/2024") == 1


def test_nothing_on_a_date_lists_the_nearest_dates():
    answer = Answer(query="on 2024-02-19", intent="on", target="2024-02-19", date=DateRange("2024-02-19", "2024-02-19"),
                    error="no_results", nearest=["2024-02-18", "2024-02-21"])
    text = all_text(summary_message(answer).blocks)
    assert "Nothing reported on 2024-02-19" in text and "2024-02-18" in text


def test_no_actor_offers_suggestions():
    answer = Answer(query="who Rubiox", intent="who", target="Rubiox", error="no_actor", suggestions=["Marco Rubio"])
    assert "Did you mean" in render_text(answer) and "Marco Rubio" in render_text(answer)


def test_invalid_date_explains_why():
    answer = Answer(query="2022-02-30", intent="on", target="2022-02-30", error="invalid_date",
                    detail="2022-02-30 is not a real date (February 2022 has 28 days)")
    assert "February 2022 has 28 days" in render_text(answer)


def test_search_summary_quotes_the_words():
    answer = Answer(query="Riyadh", intent="search", target="Riyadh", articles=[hit(1)])
    assert "Articles mentioning “Riyadh”" in all_text(summary_message(answer).blocks)


def test_help_lists_examples():
    text = all_text(help_message().blocks)
    assert "/ukraine who Sullivan" in text and "/ukraine on 2022-01-21" in text


def test_vietnamese_labels_by_setting():
    answer = Answer(query="who X", intent="who", target="X", error="no_actor")
    assert render_text(answer, "vi").startswith("Không có nhân vật nào")


def test_detail_page_quotes_evidence_with_its_date():
    text = all_text(detail_page(who_answer(), 0).blocks)
    assert "&gt; Ngoại trưởng Marco Rubio đến Riyadh hôm 18/2." not in text  # quotes use Slack's own ">"
    assert "> Ngoại trưởng Marco Rubio đến Riyadh hôm 18/2." in text
    assert "2024-02-18" in text


def test_detail_page_has_show_more_only_when_more_remain():
    few = detail_page(who_answer(PAGE_SIZE), 0, action_value=more_value("who Rubio", 1))
    many = detail_page(who_answer(PAGE_SIZE + 1), 0, action_value=more_value("who Rubio", 1))
    assert "show_more" not in all_text(few.blocks)
    assert "show_more" in all_text(many.blocks)


def test_last_page_has_no_button():
    answer = who_answer(PAGE_SIZE + 1)
    last = detail_page(answer, 1, action_value=more_value("who Rubio", 2))
    assert "show_more" not in all_text(last.blocks)
    assert "Bài số 3" in all_text(last.blocks)


def test_page_past_the_end_says_so():
    assert detail_page(who_answer(1), 5).text == "That was everything."


def test_more_value_round_trips():
    assert parse_more_value(more_value("ai là Lavrov", 2)) == ("ai là Lavrov", 2)


def test_article_without_url_links_to_the_app_page_when_public():
    label, link = source_of(hit(1, url=None), public_url="https://bot.example.org/")
    assert link == "https://bot.example.org/articles/art1?hl=3"


def test_article_without_url_or_public_page_names_its_outlet():
    assert source_of(hit(1, url=None)) == ("Báo Mẫu", None)


def test_article_without_outlet_says_source_unknown():
    assert source_of(hit(1, url=None, outlet=None))[0] == "source unknown"


def mrkdwn_texts(value):
    """The texts Slack parses for mentions and links: mrkdwn objects (plain_text and button values it does not)."""
    if isinstance(value, dict):
        if value.get("type") == "mrkdwn":
            yield value["text"]
        for v in value.values():
            yield from mrkdwn_texts(v)
    elif isinstance(value, list):
        for v in value:
            yield from mrkdwn_texts(v)


def test_user_text_is_escaped_in_every_message():
    nasty = "<!channel> <@U123> <http://evil|click>"
    for answer in (
        Answer(query=nasty, intent="who", target=nasty, error="no_actor", suggestions=[nasty]),
        Answer(query=nasty, intent="search", target=nasty, error="no_results"),
        Answer(query=nasty, intent="on", target=nasty, error="invalid_date", detail=nasty),
    ):
        message = summary_message(answer)
        text = "\n".join([message.text, *mrkdwn_texts(message.blocks)])
        assert "<!channel>" not in text and "<@U123>" not in text and "<http://evil" not in text


@pytest.mark.parametrize("n", [0, 1, 3, 40, 200])
def test_messages_stay_within_slack_limits(n):
    answer = who_answer(n)
    for article in answer.articles:
        article.summary = "x" * 5000
        article.evidence = [Evidence("y" * 5000, None, 0)] * 5
    assert within_limits(summary_message(answer))
    assert within_limits(detail_page(answer, 0, action_value=more_value("q", 1)))


def test_plain_text_lists_articles_with_sources():
    text = render_text(who_answer(2))
    assert "1. Bài số 0 về đàm phán (2024-03-05)" in text
    assert "Source: Báo Mẫu <https://news.example.vn/a>" in text


def test_an_article_id_with_spaces_or_non_ascii_letters_is_percent_encoded_in_its_page_link():
    odd = ArticleHit(id="bài mới 1", title="t", url=None, outlet=None, published=None, summary="s", evidence=[])
    _, link = source_of(odd, public_url="https://bot.example")
    assert link == "https://bot.example/articles/b%C3%A0i%20m%E1%BB%9Bi%201"


def test_control_and_bidi_characters_from_an_article_never_reach_slack_or_the_terminal():
    odd = ArticleHit(id="a", title="Tin \x1b[31mđỏ\u202e ngược", url=None, outlet="Báo\x07", published=None,
                     summary="Một\x00 câu\u2066 lạ.", evidence=[Evidence("Câu \x1b]0;x\x07 có mã.", None, 0)])
    answer = Answer(query="q", intent="search", target="q", articles=[odd])
    sent = json.dumps([summary_message(answer).blocks, detail_page(answer).blocks], ensure_ascii=False)
    shown = render_text(answer)
    for bad in ("\x1b", "\u202e", "\x07", "\x00", "\u2066"):
        assert bad not in sent and bad not in shown
    assert "Tin [31mđỏ ngược" in shown
