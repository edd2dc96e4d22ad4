"""When Slack misbehaves: rate limits, server errors, slowness, no connection, dropped WebSockets."""

from __future__ import annotations

import logging
import socket
import time

import pytest
from websockets.exceptions import ConnectionClosed

from tests.fakes import payloads as p

from .harness import ACK_LIMIT, SULLIVAN, http_bot, posts, settle, socket_bot


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tracebacks(records: list[logging.LogRecord]) -> list[str]:
    return [r.getMessage() for r in records if r.exc_info or r.exc_text or "Traceback" in r.getMessage()]


# -- Web API faults over HTTP -----------------------------------------------------------------------


def test_a_rate_limited_answer_is_posted_once_after_retry_after(bot, fake_slack):
    fake_slack.fail_next("chat.postMessage", status=429, retry_after=1)

    resp, name = bot.command("who Sullivan")

    assert resp.status == 200 and resp.elapsed < ACK_LIMIT
    limited, summary, details = posts(fake_slack, 3, timeout=8)
    assert limited.status == 429 and summary.ok and details.ok
    assert summary.time - limited.time >= 1.0
    assert summary.params == limited.params
    settle()
    assert len(fake_slack.messages_in("C123")) == 2
    assert fake_slack.responses == []


def test_a_server_error_then_success_is_answered_once(bot, fake_slack):
    fake_slack.fail_next("chat.postMessage", status=500)

    bot.command("who Sullivan")

    calls = posts(fake_slack, 3, timeout=8)
    assert [c.status for c in calls] == [500, 200, 200]
    settle()
    assert [m.get("thread_ts") is None for m in fake_slack.messages_in("C123")] == [True, False]
    assert fake_slack.responses == []


def test_a_server_error_on_every_retry_falls_back_to_the_response_url(bot, fake_slack):
    fake_slack.fail_next("chat.postMessage", status=503, times=3)

    _, name = bot.command("who Sullivan")

    (reply,) = fake_slack.wait_for_response(name, timeout=10)
    assert reply["response_type"] == "in_channel" and SULLIVAN in reply["text"]
    assert fake_slack.messages_in("C123") == []


def test_a_web_api_slower_than_the_client_timeout_is_logged_and_the_next_request_is_served(
    fake_slack, engine, seed_index, monkeypatch, app_log
):
    monkeypatch.setattr("bot.slack.auth.WEB_API_TIMEOUT", 0.5)
    with http_bot(fake_slack, engine, seed_index) as bot:
        fake_slack.fail_next("chat.postMessage", delay=2.0)
        slow, slow_name = bot.command("who Sullivan")
        fake_slack.wait_for("chat.postMessage", 1, timeout=5)  # the slow call was answered (late)
        deadline = time.monotonic() + 5
        while not any("TimeoutError" in r.getMessage() for r in app_log.records) and time.monotonic() < deadline:
            time.sleep(0.05)

        fast, _ = bot.command("ai là Lavrov")
        calls = posts(fake_slack, 3)

    assert slow.status == fast.status == 200 and slow.elapsed < ACK_LIMIT and fast.elapsed < ACK_LIMIT
    assert calls[1].params["text"].startswith("Sergei Lavrov") and calls[2].params["thread_ts"] == calls[1].response["ts"]
    assert any(r.name == "ukraine_bot" and "TimeoutError" in r.getMessage() for r in app_log.records)
    assert _tracebacks(app_log.records) == []
    # A timed-out post may have landed: the answer is not sent a second time through the response_url.
    assert [n for n, _ in fake_slack.responses if n == slow_name] == []


def test_an_unreachable_web_api_is_logged_and_commands_are_still_acknowledged(fake_slack, engine, seed_index, app_log):
    with http_bot(fake_slack, engine, seed_index, SLACK_API_URL=f"http://127.0.0.1:{_closed_port()}/api/") as bot:
        first, name = bot.command("who Sullivan")
        (reply,) = fake_slack.wait_for_response(name, timeout=10)
        second, _ = bot.command("ai là Lavrov")
        health = bot.get("/healthz")

    assert first.status == second.status == 200
    assert first.elapsed < ACK_LIMIT and second.elapsed < ACK_LIMIT
    assert reply["response_type"] == "in_channel" and SULLIVAN in reply["text"]  # the response_url still works
    assert health[0] == 200
    assert any("ConnectionRefusedError" in r.getMessage() for r in app_log.records if r.name == "ukraine_bot")
    assert _tracebacks([r for r in app_log.records if r.name.startswith("ukraine_bot")]) == []


def test_an_unreachable_web_api_still_acknowledges_events(fake_slack, engine, seed_index, app_log):
    with http_bot(fake_slack, engine, seed_index, SLACK_API_URL=f"http://127.0.0.1:{_closed_port()}/api/") as bot:
        resp = bot.event(p.app_mention_event("who Sullivan"))
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not any(
            "request kind=mention" in r.getMessage() for r in app_log.records
        ):
            time.sleep(0.05)

    assert resp.status == 200 and resp.elapsed < ACK_LIMIT
    (line,) = [r.getMessage() for r in app_log.records if "request kind=mention" in r.getMessage()]
    assert "outcome=delivery_failed" in line


def test_a_bad_bot_token_stops_the_app_at_start_with_a_clear_message(fake_slack, engine, seed_index):
    from bot.settings import SettingsError

    fake_slack.bot_tokens = {"xoxb-the-real-one"}

    with pytest.raises(SettingsError, match="invalid_auth"):
        with http_bot(fake_slack, engine, seed_index):
            pass


# -- Socket Mode connection faults -----------------------------------------------------------------


def _send_until_acked(server, outer: dict, attempts: int = 10) -> str:
    """Send an events_api envelope as Slack does: again (retry_attempt+1) until the app acks it."""
    for attempt in range(attempts):
        try:
            envelope_id = server.send_event(outer, retry_attempt=attempt, retry_reason="timeout" if attempt else "")
            server.wait_for_ack(envelope_id, timeout=1.0)
            return envelope_id
        except (AssertionError, ConnectionClosed, OSError):
            time.sleep(0.1)  # Slack waits before redelivering too
    raise AssertionError(f"event {outer['event_id']} never acknowledged")


@pytest.mark.parametrize(
    "drop",
    [
        pytest.param({}, id="close-frame"),
        pytest.param({"abrupt": True}, id="tcp-reset"),
        pytest.param({"send_disconnect": True}, id="disconnect-message"),
    ],
)
def test_after_the_websocket_drops_mid_stream_every_acknowledged_event_is_answered_once(
    fake_slack, fake_socket_mode, engine, seed_index, drop
):
    with socket_bot(fake_slack, fake_socket_mode, engine, seed_index):
        dms = [p.im_message_event(q) for q in ["who Sullivan", "ai là Lavrov", "on 2022-01-21"] * 3]
        for i, dm in enumerate(dms):
            if i == 4:
                fake_socket_mode.disconnect_all(**drop)
            _send_until_acked(fake_socket_mode, p.event_callback(dm))
        posts(fake_slack, 2 * len(dms), timeout=10)
        settle()
        answers = fake_slack.calls_to("chat.postMessage")

    assert fake_socket_mode.connection_count >= 2
    per_thread = {dm["ts"]: 0 for dm in dms}
    for call in answers:
        per_thread[call.params["thread_ts"]] += 1
    assert per_thread == {dm["ts"]: 2 for dm in dms}  # summary + details, exactly once each


def test_commands_sent_after_a_reconnect_are_answered(fake_slack, fake_socket_mode, engine, seed_index):
    with socket_bot(fake_slack, fake_socket_mode, engine, seed_index) as app:
        fake_socket_mode.disconnect_all()
        fake_socket_mode.wait_for_connections(2, timeout=5)
        envelope_id, _ = app.command("who Sullivan")

        assert fake_socket_mode.wait_for_ack(envelope_id).elapsed < ACK_LIMIT
        summary, _ = posts(fake_slack, 2)

    assert SULLIVAN in summary.params["text"]


@pytest.mark.parametrize("drop", [pytest.param({"abrupt": True}, id="no-close-frame"), pytest.param({}, id="close-frame")])
def test_the_bot_reconnects_within_five_seconds_of_a_dropped_websocket(fake_slack, fake_socket_mode, engine, seed_index, drop):
    with socket_bot(fake_slack, fake_socket_mode, engine, seed_index) as app:
        dropped = time.monotonic()
        fake_socket_mode.disconnect_all(**drop)
        fake_socket_mode.wait_for_connections(2, timeout=5)
        reconnected = time.monotonic() - dropped
        envelope_id, _ = app.command("who Sullivan")
        assert fake_socket_mode.wait_for_ack(envelope_id).elapsed < ACK_LIMIT

    assert reconnected < 5.0
