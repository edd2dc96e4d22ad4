"""/ukraine over HTTP: signed form posts to POST /slack/events, answered in the channel and its thread."""

from __future__ import annotations

from .harness import (
    ACK_LIMIT,
    DANVIET_URL,
    EVERY_ARTICLE_QUERY,
    GENEVA_ARTICLE,
    PUBLIC_URL,
    SULLIVAN,
    SULLIVAN_ARTICLE,
    SULLIVAN_ROLE,
    block_text,
    links_in,
    message_of,
    posts,
    settle,
)


def test_a_slash_command_is_acknowledged_with_200_within_three_seconds(bot):
    resp, _ = bot.command("who Sullivan")

    assert resp.status == 200
    assert resp.elapsed < ACK_LIMIT


def test_the_ack_is_empty_so_slack_does_not_echo_anything_to_the_channel(bot):
    resp, _ = bot.command("who Sullivan")

    assert resp.body == ""


def test_who_posts_a_summary_naming_the_person_and_role_in_the_channel(bot, fake_slack):
    bot.command("who Sullivan")

    summary = posts(fake_slack, 1)[0]
    assert summary.params["channel"] == "C123"
    assert "thread_ts" not in summary.params
    text = block_text(message_of(summary)["blocks"])
    assert SULLIVAN in text and SULLIVAN_ROLE in text
    assert summary.params["text"].startswith(f"{SULLIVAN} — {SULLIVAN_ROLE}")


def test_who_puts_the_articles_in_the_thread_of_the_summary(bot, fake_slack):
    bot.command("who Sullivan")

    summary, details = posts(fake_slack, 2)
    assert details.params["channel"] == "C123"
    assert details.params["thread_ts"] == summary.response["ts"]
    text = block_text(message_of(details)["blocks"])
    assert "Tiết lộ cuộc trao đổi bí mật giữa cố vấn an ninh quốc gia Mỹ" in text
    assert "Article 1 of 1" in text


def test_who_quotes_the_sentences_that_name_the_person(bot, fake_slack):
    bot.command("who Sullivan")

    _, details = posts(fake_slack, 2)
    quotes = [line for line in block_text(message_of(details)["blocks"]).splitlines() if line.startswith("> ")]
    assert quotes and any("Sullivan" in q for q in quotes)


def test_an_article_without_a_url_links_to_the_apps_own_page_with_highlights(bot, fake_slack):
    bot.command("who Sullivan")

    summary, details = posts(fake_slack, 2)
    for call in (summary, details):
        (link,) = set(links_in(message_of(call)["blocks"]))
        assert link.startswith(f"{PUBLIC_URL}/articles/{SULLIVAN_ARTICLE}?hl=")


def test_an_article_with_a_url_links_to_its_publisher(bot, fake_slack):
    bot.command("on 2023-11")  # one article, Dân Việt's, which has its own url

    summary, details = posts(fake_slack, 2)
    assert links_in(message_of(summary)["blocks"]) == [DANVIET_URL]
    assert links_in(message_of(details)["blocks"]) == [DANVIET_URL]


def test_a_vietnamese_who_question_is_answered(bot, fake_slack):
    bot.command("ai là Lavrov")

    summary, details = posts(fake_slack, 2)
    assert summary.params["text"].startswith("Sergei Lavrov — Ngoại trưởng Nga")
    assert GENEVA_ARTICLE in " ".join(links_in(message_of(details)["blocks"]))


def test_on_a_date_lists_what_was_reported_that_day(bot, fake_slack):
    bot.command("on 2022-01-21")

    summary, details = posts(fake_slack, 2)
    assert summary.params["text"].startswith("On 2022-01-21")
    assert "Đàm phán ngoại trưởng Nga-Mỹ hôm nay tại Genève" in block_text(message_of(details)["blocks"])
    assert details.params["thread_ts"] == summary.response["ts"]


def test_more_than_three_articles_bring_a_show_more_button(bot, fake_slack):
    bot.command(EVERY_ARTICLE_QUERY)

    _, details = posts(fake_slack, 2)
    blocks = message_of(details)["blocks"]
    (more,) = [b for b in blocks if b.get("block_id") == "more"]
    assert more["elements"][0]["action_id"] == "show_more"
    assert "Articles 1–3 of 5" in block_text(blocks)


def test_help_is_shown_only_to_the_asker_through_the_response_url(bot, fake_slack):
    _, name = bot.command("help")

    (reply,) = fake_slack.wait_for_response(name)
    assert reply["response_type"] == "ephemeral"
    assert "/ukraine who Sullivan" in block_text(reply["blocks"])
    settle()
    assert fake_slack.calls_to("chat.postMessage") == []


def test_an_empty_command_shows_help_only_to_the_asker(bot, fake_slack):
    resp, name = bot.command("")

    assert resp.status == 200
    (reply,) = fake_slack.wait_for_response(name)
    assert reply["response_type"] == "ephemeral"
    assert "/ukraine on 2022-01-21" in block_text(reply["blocks"])
    settle()
    assert fake_slack.calls_to("chat.postMessage") == []


def test_an_invalid_date_says_why_and_shows_help_only_to_the_asker(bot, fake_slack):
    _, name = bot.command("on 2022-02-30")

    (reply,) = fake_slack.wait_for_response(name)
    assert reply["response_type"] == "ephemeral"
    assert "2022-02-30" in reply["text"]
    assert "/ukraine on 2022-01-21" in block_text(reply["blocks"])
    settle()
    assert fake_slack.calls_to("chat.postMessage") == []


def test_an_unknown_person_is_answered_only_to_the_asker_with_help(bot, fake_slack):
    _, name = bot.command("who Xyzzy")

    (reply,) = fake_slack.wait_for_response(name)
    assert reply["response_type"] == "ephemeral"
    assert "Xyzzy" in reply["text"]
    assert "/ukraine who Sullivan" in block_text(reply["blocks"])
    settle()
    assert fake_slack.calls_to("chat.postMessage") == []


def test_words_found_nowhere_are_answered_only_to_the_asker(bot, fake_slack):
    _, name = bot.command("zzzqqq")

    (reply,) = fake_slack.wait_for_response(name)
    assert reply["response_type"] == "ephemeral"
    assert "zzzqqq" in reply["text"]
    settle()
    assert fake_slack.calls_to("chat.postMessage") == []


def test_the_word_payload_is_a_query_like_any_other(bot, fake_slack):
    # Bolt reads any form body containing "payload" as an interactivity post unless the app guards it.
    resp, name = bot.command("payload")

    assert resp.status == 200
    (reply,) = fake_slack.wait_for_response(name)
    assert "payload" in reply["text"]


def test_a_search_containing_payload_still_finds_articles(bot, fake_slack):
    resp, _ = bot.command("Nga payload")

    assert resp.status == 200
    summary = posts(fake_slack, 1)[0]
    assert "payload" in summary.params["text"]


def test_answers_are_posted_once_not_also_through_the_response_url(bot, fake_slack):
    _, name = bot.command("who Sullivan")

    posts(fake_slack, 2)
    settle()
    assert len(fake_slack.calls_to("chat.postMessage")) == 2
    assert [n for n, _ in fake_slack.responses if n == name] == []


def test_not_in_channel_falls_back_to_the_response_url_in_channel(bot, fake_slack):
    fake_slack.fail_next("chat.postMessage", error="not_in_channel")

    resp, name = bot.command("who Sullivan")

    assert resp.status == 200
    (reply,) = fake_slack.wait_for_response(name)
    assert reply["response_type"] == "in_channel"
    text = block_text(reply["blocks"])
    assert SULLIVAN in text and "Tiết lộ cuộc trao đổi bí mật" in text


def test_channel_not_found_falls_back_to_the_response_url(bot, fake_slack):
    fake_slack.fail_next("chat.postMessage", error="channel_not_found")

    _, name = bot.command("on 2022-01-21", channel_id="C0PRIVATE")

    (reply,) = fake_slack.wait_for_response(name)
    assert reply["text"].startswith("On 2022-01-21")
    assert len(fake_slack.calls_to("chat.postMessage")) == 1


def test_a_command_in_a_direct_message_is_answered_in_that_conversation(bot, fake_slack):
    bot.command("who Sullivan", channel_id="D123")

    summary, details = posts(fake_slack, 2)
    assert summary.params["channel"] == details.params["channel"] == "D123"
