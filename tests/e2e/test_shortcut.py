"""The "Find sources" message shortcut: a message_action payload, answered with chat.postEphemeral to the asker."""

from __future__ import annotations

from tests.fakes import payloads as p

from .harness import ACK_LIMIT, block_text, message_of

MESSAGE = "Theo tin hôm nay, Lavrov và Blinken đã gặp nhau ở Genève ngày 21/1/2022."


def _shortcut(fake_slack, text: str = MESSAGE, name: str = "shortcut") -> dict:
    return p.message_action_payload(text, "find_sources", response_url=fake_slack.response_url(name))


def test_find_sources_is_acknowledged_and_answered_privately_to_the_asker(bot, fake_slack):
    resp = bot.click(_shortcut(fake_slack))

    assert resp.status == 200 and resp.elapsed < ACK_LIMIT
    (posted,) = fake_slack.wait_for("chat.postEphemeral")
    assert posted.ok and posted.params["channel"] == "C123" and posted.params["user"] == "U123"


def test_find_sources_lists_each_person_and_date_with_their_articles(bot, fake_slack):
    bot.click(_shortcut(fake_slack))

    (posted,) = fake_slack.wait_for("chat.postEphemeral")
    text = block_text(message_of(posted)["blocks"])
    assert "Sergei Lavrov" in text and "Antony Blinken" in text and "On 2022-01-21" in text
    assert "Đàm phán ngoại trưởng Nga-Mỹ" in text


def test_a_message_naming_nobody_the_articles_know_says_so(bot, fake_slack):
    bot.click(_shortcut(fake_slack, "Cuộc họp lúc 3 giờ chiều nhé."))

    (posted,) = fake_slack.wait_for("chat.postEphemeral")
    assert "name none of the people or dates" in posted.params["text"]


def test_where_the_bot_is_not_a_member_the_response_url_carries_the_sources(bot, fake_slack):
    fake_slack.fail_next("chat.postEphemeral", error="channel_not_found")

    bot.click(_shortcut(fake_slack, name="sc"))

    (reply,) = fake_slack.wait_for_response("sc")
    assert reply["response_type"] == "ephemeral" and "Sergei Lavrov" in block_text(reply["blocks"])


def test_over_socket_mode_find_sources_is_answered(socket_app, fake_slack, fake_socket_mode):
    envelope_id = fake_socket_mode.send_interactive(_shortcut(fake_slack))

    assert fake_socket_mode.wait_for_ack(envelope_id, timeout=ACK_LIMIT).elapsed < ACK_LIMIT
    (posted,) = fake_slack.wait_for("chat.postEphemeral")
    assert "Sergei Lavrov" in block_text(message_of(posted)["blocks"])
