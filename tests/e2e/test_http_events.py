"""The Events API over HTTP: url_verification, mentions, direct messages, retries and bots."""

from __future__ import annotations

from tests.fakes import payloads as p

from .harness import ACK_LIMIT, SULLIVAN, block_text, message_of, posts, settle


def test_url_verification_echoes_the_challenge(bot):
    from tests.fakes import http_client
    from tests.fakes.fixtures import SIGNING_SECRET

    resp = http_client.post_url_verification(bot.events_url, SIGNING_SECRET, "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P")

    assert resp.status == 200
    assert resp.json() == {"challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"}


def test_an_event_is_acknowledged_with_200_within_three_seconds(bot):
    resp = bot.event(p.app_mention_event("ai là Lavrov?"))

    assert resp.status == 200
    assert resp.elapsed < ACK_LIMIT


def test_a_mention_in_a_channel_is_answered_in_a_thread_under_it(bot, fake_slack):
    mention = p.app_mention_event("ai là Lavrov?")

    bot.event(mention)

    summary, details = posts(fake_slack, 2)
    for call in (summary, details):
        assert call.params["channel"] == "C123"
        assert call.params["thread_ts"] == mention["ts"]
    assert summary.params["text"].startswith("Sergei Lavrov — Ngoại trưởng Nga")
    assert "Genève" in block_text(message_of(details)["blocks"])


def test_a_mention_inside_a_thread_is_answered_in_that_thread(bot, fake_slack):
    mention = p.app_mention_event("who Sullivan", thread_ts="1700000000.000100")

    bot.event(mention)

    summary, details = posts(fake_slack, 2)
    assert summary.params["thread_ts"] == details.params["thread_ts"] == "1700000000.000100"
    assert SULLIVAN in summary.params["text"]


def test_a_direct_message_is_answered_in_its_thread(bot, fake_slack):
    dm = p.im_message_event("who Sullivan")

    bot.event(dm)

    summary, details = posts(fake_slack, 2)
    assert summary.params["channel"] == details.params["channel"] == "D123"
    assert summary.params["thread_ts"] == details.params["thread_ts"] == dm["ts"]
    assert SULLIVAN in summary.params["text"]


def test_a_bare_mention_is_answered_with_help_in_the_thread(bot, fake_slack):
    mention = p.app_mention_event(f"<@{p.BOT_USER_ID}>")

    bot.event(mention)

    (reply,) = posts(fake_slack, 1)
    assert reply.params["thread_ts"] == mention["ts"]
    assert "/ukraine who Sullivan" in block_text(message_of(reply)["blocks"])
    settle()
    assert len(fake_slack.calls_to("chat.postMessage")) == 1


def test_a_retried_event_is_not_answered_twice(bot, fake_slack, app_log):
    mention = p.app_mention_event("who Sullivan")
    bot.event(mention, event_id="Ev0RETRY0001")
    posts(fake_slack, 2)

    retry = bot.event(mention, event_id="Ev0RETRY0001", retry_num=1, retry_reason="http_timeout")

    assert retry.status == 200
    settle()
    assert len(fake_slack.calls_to("chat.postMessage")) == 2
    assert any("duplicate_ignored" in r.getMessage() and "Ev0RETRY0001" in r.getMessage() for r in app_log.records)


def test_a_retry_that_arrives_while_the_first_delivery_is_still_answering_is_ignored(bot, fake_slack):
    fake_slack.fail_next("chat.postMessage", delay=0.5)  # the first answer is slow to post
    mention = p.app_mention_event("who Sullivan")

    first = bot.event(mention, event_id="Ev0RETRY0002")
    retry = bot.event(mention, event_id="Ev0RETRY0002", retry_num=1)

    assert first.status == retry.status == 200
    posts(fake_slack, 2)
    settle(0.8)
    assert len(fake_slack.calls_to("chat.postMessage")) == 2


def test_the_bots_own_messages_are_ignored(bot, fake_slack):
    resp = bot.event(p.bot_message_event("Jake Sullivan — Cố vấn an ninh quốc gia Mỹ"))

    assert resp.status == 200
    settle()
    assert fake_slack.calls_to("chat.postMessage") == []


def test_another_bots_messages_are_ignored(bot, fake_slack):
    resp = bot.event(p.bot_message_event("who Sullivan", bot_id="B0OTHER", user="U0OTHER"))

    assert resp.status == 200
    settle()
    assert fake_slack.calls_to("chat.postMessage") == []


def test_legacy_bot_messages_with_subtype_bot_message_are_ignored(bot, fake_slack):
    resp = bot.event(p.bot_message_event("who Sullivan", bot_id="B0HOOK", legacy_subtype=True))

    assert resp.status == 200
    settle()
    assert fake_slack.calls_to("chat.postMessage") == []


def test_a_mention_posted_by_another_bot_is_ignored(bot, fake_slack):
    mention = p.app_mention_event("who Sullivan", user="U0OTHER")
    mention["bot_id"] = "B0OTHER"

    resp = bot.event(mention)

    assert resp.status == 200
    settle()
    assert fake_slack.calls_to("chat.postMessage") == []


def test_an_edited_direct_message_is_acknowledged_but_not_answered(bot, fake_slack):
    resp = bot.event(p.message_changed_event("who Sullivan"))

    assert resp.status == 200
    settle()
    assert fake_slack.calls_to("chat.postMessage") == []


def test_a_channel_message_without_a_mention_is_not_answered(bot, fake_slack):
    resp = bot.event(p.channel_message_event("who Sullivan"))

    assert resp.status == 200
    settle()
    assert fake_slack.calls_to("chat.postMessage") == []


def test_a_failed_reply_to_a_mention_is_logged_and_the_next_mention_is_answered(bot, fake_slack, caplog):
    fake_slack.fail_next("chat.postMessage", error="not_in_channel")
    bot.event(p.app_mention_event("who Sullivan"))
    posts(fake_slack, 1)

    second = p.app_mention_event("ai là Lavrov")
    bot.event(second)

    calls = posts(fake_slack, 3)
    assert calls[1].params["thread_ts"] == calls[2].params["thread_ts"] == second["ts"]
    assert any("not_in_channel" in r.getMessage() for r in caplog.records)
