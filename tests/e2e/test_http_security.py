"""Only Slack gets in (signatures, a 5-minute window), and nothing a user types can ping a channel."""

from __future__ import annotations

import time

import pytest

from tests.fakes import http_client
from tests.fakes import payloads as p
from tests.fakes.fixtures import SIGNING_SECRET

from .harness import everything_sent, settle

SIX_MINUTES_AGO = lambda: int(time.time()) - 6 * 60  # noqa: E731
FORGED = "v0=" + "0" * 64
RAW_MENTIONS = ("<!channel>", "<!here>", "<@U123>", "<!everyone>")


def test_a_command_with_a_bad_signature_is_refused_with_401(bot, fake_slack):
    resp, _ = bot.command("who Sullivan", signature=FORGED)

    assert resp.status == 401
    settle()
    assert fake_slack.calls_to("chat.postMessage") == [] and fake_slack.responses == []


def test_a_command_signed_with_another_secret_is_refused_with_401(bot, fake_slack):
    payload = p.slash_command_payload("who Sullivan", response_url=fake_slack.response_url("x"))

    resp = http_client.post_slash_command(bot.events_url, "someone-elses-secret", payload)

    assert resp.status == 401


def test_a_correctly_signed_command_more_than_five_minutes_old_is_refused_with_401(bot, fake_slack):
    resp, _ = bot.command("who Sullivan", timestamp=SIX_MINUTES_AGO())

    assert resp.status == 401
    settle()
    assert fake_slack.calls_to("chat.postMessage") == []


def test_an_event_with_a_bad_signature_is_refused_with_401(bot, fake_slack):
    resp = bot.event(p.app_mention_event("who Sullivan"), signature=FORGED)

    assert resp.status == 401
    settle()
    assert fake_slack.calls_to("chat.postMessage") == []


def test_a_replayed_event_more_than_five_minutes_old_is_refused_with_401(bot):
    resp = bot.event(p.app_mention_event("who Sullivan"), timestamp=SIX_MINUTES_AGO())

    assert resp.status == 401


def test_a_url_verification_with_a_bad_signature_is_refused_with_401(bot):
    resp = http_client.post_url_verification(bot.events_url, SIGNING_SECRET, "chal", signature=FORGED)

    assert resp.status == 401
    assert "chal" not in resp.body


def test_a_button_click_with_a_bad_signature_is_refused_with_401(bot, fake_slack):
    resp = bot.click(p.block_actions_payload("show_more", '{"q": "Nga", "p": 1}'), signature=FORGED)

    assert resp.status == 401


def _assert_no_raw_mentions(fake_slack):
    sent = everything_sent(fake_slack)
    assert sent, "the app sent nothing to inspect"
    for text in sent:
        for raw in RAW_MENTIONS:
            assert raw not in text, f"{raw} reached Slack in {text!r}"


@pytest.mark.parametrize(
    "query",
    [
        "<!channel> who Sullivan",
        "who <!here>",
        "<@U123> Nga",
        "ai là <!everyone>",
        "who <<!here>!channel>",
        "Nga <!channel|@channel>",
        "on <!here> 2022-01-21",
    ],
)
def test_mentions_in_a_command_never_reach_slack_unescaped(bot, fake_slack, query):
    _, name = bot.command(query)

    deadline = time.monotonic() + 5
    while not (fake_slack.calls_to("chat.postMessage") or fake_slack.responses) and time.monotonic() < deadline:
        time.sleep(0.02)
    settle(0.3)
    _assert_no_raw_mentions(fake_slack)


@pytest.mark.parametrize("query", ["<!here> ai là Lavrov", "who <@U123>", "<!channel>"])
def test_mentions_in_a_mention_or_dm_never_reach_slack_unescaped(bot, fake_slack, query):
    bot.event(p.app_mention_event(query))
    bot.event(p.im_message_event(query))

    deadline = time.monotonic() + 5
    while len(fake_slack.calls_to("chat.postMessage")) < 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    settle(0.3)
    _assert_no_raw_mentions(fake_slack)


def test_a_signed_slash_command_replayed_inside_the_window_is_answered_once(bot, fake_slack):
    payload = p.slash_command_payload("who Sullivan", response_url=fake_slack.response_url("replay"))
    first = http_client.post_slash_command(bot.events_url, SIGNING_SECRET, payload)
    again = http_client.post_slash_command(bot.events_url, SIGNING_SECRET, payload)

    assert first.status == again.status == 200
    settle()
    assert len([c for c in fake_slack.calls_to("chat.postMessage") if "thread_ts" not in c.params]) == 1
