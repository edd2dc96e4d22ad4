"""The same app over Socket Mode: envelopes from a FakeSocketModeServer reached through apps.connections.open."""

from __future__ import annotations

from tests.fakes import payloads as p

from .harness import (
    ACK_LIMIT,
    EVERY_ARTICLE_QUERY,
    PUBLIC_URL,
    SULLIVAN,
    SULLIVAN_ROLE,
    block_text,
    links_in,
    message_of,
    posts,
    settle,
    show_more_click,
)


def test_the_app_connects_through_apps_connections_open_with_the_app_token(socket_app, fake_slack, fake_socket_mode):
    opened = fake_slack.calls_to("apps.connections.open")

    # The transport may replace its first session while it starts; it keeps one connection.
    assert opened and all(o.token.startswith("xapp-") for o in opened)
    settle()
    assert fake_socket_mode.active_connections == 1


def test_a_slash_command_envelope_is_acknowledged_within_three_seconds(socket_app, fake_socket_mode):
    envelope_id, _ = socket_app.command("who Sullivan")

    ack = fake_socket_mode.wait_for_ack(envelope_id, timeout=ACK_LIMIT)
    assert ack.elapsed < ACK_LIMIT
    assert ack.payload is None  # a bare ack: nothing echoed to the channel


def test_a_slash_command_is_answered_in_the_channel_with_details_in_the_thread(socket_app, fake_slack):
    socket_app.command("who Sullivan")

    summary, details = posts(fake_slack, 2)
    assert summary.params["channel"] == details.params["channel"] == "C123"
    assert summary.params["text"].startswith(f"{SULLIVAN} — {SULLIVAN_ROLE}")
    assert details.params["thread_ts"] == summary.response["ts"]


def test_over_socket_mode_articles_without_a_url_are_not_linked_to_pages_nobody_serves(socket_app, fake_slack):
    socket_app.command("who Sullivan")

    summary, details = posts(fake_slack, 2)
    for call in (summary, details):
        assert not any(link.startswith(PUBLIC_URL) for link in links_in(message_of(call)["blocks"]))
    assert "source unknown" in block_text(message_of(summary)["blocks"])


def test_help_over_socket_mode_goes_only_to_the_asker(socket_app, fake_slack):
    _, name = socket_app.command("")

    (reply,) = fake_slack.wait_for_response(name)
    assert reply["response_type"] == "ephemeral"
    settle()
    assert fake_slack.calls_to("chat.postMessage") == []


def test_not_in_channel_over_socket_mode_falls_back_to_the_response_url(socket_app, fake_slack):
    fake_slack.fail_next("chat.postMessage", error="not_in_channel")

    _, name = socket_app.command("on 2022-01-21")

    (reply,) = fake_slack.wait_for_response(name)
    assert reply["response_type"] == "in_channel" and reply["text"].startswith("On 2022-01-21")


def test_an_event_envelope_is_acknowledged_within_three_seconds(socket_app, fake_socket_mode):
    envelope_id = socket_app.event(p.app_mention_event("ai là Lavrov?"))

    assert fake_socket_mode.wait_for_ack(envelope_id, timeout=ACK_LIMIT).elapsed < ACK_LIMIT


def test_a_mention_is_answered_in_its_thread(socket_app, fake_slack):
    mention = p.app_mention_event("ai là Lavrov?")

    socket_app.event(mention)

    summary, details = posts(fake_slack, 2)
    assert summary.params["thread_ts"] == details.params["thread_ts"] == mention["ts"]
    assert summary.params["text"].startswith("Sergei Lavrov")


def test_a_mention_inside_a_thread_is_answered_in_that_thread(socket_app, fake_slack):
    socket_app.event(p.app_mention_event("who Sullivan", thread_ts="1700000000.000200"))

    summary, details = posts(fake_slack, 2)
    assert summary.params["thread_ts"] == details.params["thread_ts"] == "1700000000.000200"


def test_a_direct_message_is_answered_in_its_thread(socket_app, fake_slack):
    dm = p.im_message_event("on 2022-01-21")

    socket_app.event(dm)

    summary, details = posts(fake_slack, 2)
    assert summary.params["channel"] == "D123" and summary.params["thread_ts"] == dm["ts"]


def test_a_redelivered_event_envelope_is_acknowledged_and_not_answered_twice(socket_app, fake_slack, fake_socket_mode):
    outer = p.event_callback(p.app_mention_event("who Sullivan"))
    fake_socket_mode.send_event(outer)
    posts(fake_slack, 2)

    again = fake_socket_mode.send_event(outer, retry_attempt=1, retry_reason="timeout")

    fake_socket_mode.wait_for_ack(again)
    settle()
    assert len(fake_slack.calls_to("chat.postMessage")) == 2


def test_bot_messages_over_socket_mode_are_ignored(socket_app, fake_slack, fake_socket_mode):
    own = socket_app.event(p.bot_message_event("Jake Sullivan"))
    other = socket_app.event(p.bot_message_event("who Sullivan", bot_id="B0OTHER", legacy_subtype=True))

    fake_socket_mode.wait_for_ack(own)
    fake_socket_mode.wait_for_ack(other)
    settle()
    assert fake_slack.calls_to("chat.postMessage") == []


def test_show_more_over_socket_mode_posts_the_next_page_in_the_thread(socket_app, fake_slack, fake_socket_mode):
    socket_app.command(EVERY_ARTICLE_QUERY)
    summary, details = posts(fake_slack, 2)

    envelope_id = fake_socket_mode.send_interactive(show_more_click(fake_slack, details.response["message"]))

    assert fake_socket_mode.wait_for_ack(envelope_id, timeout=ACK_LIMIT).elapsed < ACK_LIMIT
    page2 = posts(fake_slack, 3)[2]
    assert page2.params["thread_ts"] == summary.response["ts"]
    assert "Articles 4–5 of 5" in block_text(message_of(page2)["blocks"])
    fake_slack.wait_for("chat.update")
