"""One log line per request (kind, intent, outcome, latency), and no token or secret in any log line."""

from __future__ import annotations

import logging
import re
import time

from tests.fakes import payloads as p
from tests.fakes.fixtures import APP_TOKEN, BOT_TOKEN, SIGNING_SECRET

from .harness import EVERY_ARTICLE_QUERY, posts, settle, show_more_click, socket_bot

REQUEST_LINE = re.compile(
    r"^request kind=(?P<kind>\w+) intent=(?P<intent>\w+) outcome=(?P<outcome>\w+) articles=\d+ latency_ms=\d+\.\d$"
)


def request_lines(records: list[logging.LogRecord], timeout: float = 5.0, count: int = 1) -> list[dict[str, str]]:
    """The parsed `request ...` lines, waiting until `count` are there (answers are logged after the ack)."""
    deadline = time.monotonic() + timeout
    while True:
        lines = [m.groupdict() for r in list(records) if r.name == "ukraine_bot" and (m := REQUEST_LINE.match(r.getMessage()))]
        if len(lines) >= count or time.monotonic() > deadline:
            return lines
        time.sleep(0.02)


def test_a_slash_command_leaves_one_line_with_intent_outcome_and_latency(bot, fake_slack, app_log):
    bot.command("who Sullivan")
    posts(fake_slack, 2)

    settle(0.2)
    assert request_lines(app_log.records) == [{"kind": "command", "intent": "who", "outcome": "answered"}]


def test_help_is_logged_as_help(bot, fake_slack, app_log):
    _, name = bot.command("help")
    fake_slack.wait_for_response(name)

    assert request_lines(app_log.records) == [{"kind": "command", "intent": "help", "outcome": "help"}]


def test_a_mention_a_dm_and_a_click_each_leave_one_line(bot, fake_slack, app_log):
    bot.event(p.app_mention_event("on 2022-01-21"))
    bot.event(p.im_message_event(EVERY_ARTICLE_QUERY))
    calls = posts(fake_slack, 4)
    details = next(c for c in calls if c.params["channel"] == "D123" and "Show more" in str(c.params.get("blocks")))
    bot.click(show_more_click(fake_slack, details.response["message"], channel="D123"))
    posts(fake_slack, 5)

    lines = request_lines(app_log.records, count=3)
    assert sorted((line["kind"], line["intent"], line["outcome"]) for line in lines) == [
        ("action", "search", "answered"),
        ("dm", "search", "answered"),
        ("mention", "on", "answered"),
    ]


def test_a_fallback_to_the_response_url_is_visible_in_the_outcome(bot, fake_slack, app_log):
    fake_slack.fail_next("chat.postMessage", error="not_in_channel")

    _, name = bot.command("who Sullivan")
    fake_slack.wait_for_response(name)

    (line,) = request_lines(app_log.records)
    assert line["outcome"] == "answered_via_response_url"
    assert any("not_in_channel" in r.getMessage() for r in app_log.records if r.levelno == logging.WARNING)


def test_an_unknown_person_is_logged_as_no_actor(bot, fake_slack, app_log):
    _, name = bot.command("who Xyzzy")
    fake_slack.wait_for_response(name)

    assert request_lines(app_log.records) == [{"kind": "command", "intent": "who", "outcome": "no_actor"}]


def _everything_logged(records: list[logging.LogRecord]) -> str:
    formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
    return "\n".join(formatter.format(r) + repr(r.args) for r in records)


def test_tokens_and_the_signing_secret_never_appear_in_logs(bot, fake_slack, fake_socket_mode, engine, seed_index, app_log):
    # Everything at DEBUG, on both transports, including failures and retries.
    fake_slack.fail_next("chat.postMessage", error="not_in_channel")
    _, name = bot.command("who Sullivan")
    fake_slack.wait_for_response(name)
    fake_slack.fail_next("chat.postMessage", status=500)
    bot.command("ai là Lavrov")
    bot.event(p.app_mention_event("on 2022-01-21"))
    bot.command("who Sullivan", signature="v0=" + "0" * 64)
    posts(fake_slack, 6, timeout=8)
    with socket_bot(fake_slack, fake_socket_mode, engine, seed_index) as app:
        envelope_id, _ = app.command("who Sullivan")
        fake_socket_mode.wait_for_ack(envelope_id)
        posts(fake_slack, 8)
        fake_socket_mode.disconnect_all()
        fake_socket_mode.wait_for_connections(2)

    logged = _everything_logged(app_log.records)
    assert "request kind=command" in logged and "apps.connections.open" in logged  # the log was really captured
    for secret in (BOT_TOKEN, APP_TOKEN, SIGNING_SECRET):
        assert secret not in logged
    assert "xoxb-" not in logged and "xapp-" not in logged
