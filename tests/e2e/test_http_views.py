"""The analyst's views over HTTP: /ukraine timeline and contacts, answered in the channel with the events in the thread."""

from __future__ import annotations

from .harness import GENEVA_ARTICLE, PUBLIC_URL, block_text, links_in, message_of, posts, settle


def test_a_timeline_posts_its_title_in_the_channel_and_its_events_in_the_thread(bot, fake_slack):
    bot.command("timeline Lavrov")

    summary, details = posts(fake_slack, 2)
    assert "Timeline: Sergei Lavrov" in block_text(message_of(summary)["blocks"])
    assert details.params["thread_ts"] == summary.response["ts"]
    thread = block_text(message_of(details)["blocks"])
    assert "2022-01-21 · met · with Antony Blinken" in thread


def test_each_event_in_the_thread_links_the_sentence_of_its_article(bot, fake_slack):
    bot.command("Blinken và Lavrov gặp nhau")

    _, details = posts(fake_slack, 2)
    assert any(link.startswith(f"{PUBLIC_URL}/articles/{GENEVA_ARTICLE}?hl=") for link in links_in(
        message_of(details)["blocks"]))


def test_a_timeline_of_someone_unknown_answers_only_the_asker(bot, fake_slack):
    _, name = bot.command("timeline Xyzzyqu")

    (reply,) = fake_slack.wait_for_response(name)
    assert reply["response_type"] == "ephemeral"
    assert "No one in the articles matches “Xyzzyqu”" in block_text(reply["blocks"])
    settle()
    assert fake_slack.calls_to("chat.postMessage") == []


def test_a_view_that_finds_nothing_answers_only_the_asker(bot, fake_slack):
    _, name = bot.command("lịch tuần tới")

    (reply,) = fake_slack.wait_for_response(name)
    assert reply["response_type"] == "ephemeral"
    settle()
    assert fake_slack.calls_to("chat.postMessage") == []
