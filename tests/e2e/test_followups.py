"""Follow-ups: in a thread the bot answered in, a reply that asks something is answered without a new @mention.

Slack sends thread replies as `message` events (message.channels, message.groups); the
bot remembers the threads it answered in (the state file), and what each was last about.
"""

from __future__ import annotations

from tests.fakes import payloads as p

from .harness import posts, settle, socket_bot


def _reply(text: str, thread_ts: str, channel: str = "C123", channel_type: str = "channel") -> dict:
    event = p.channel_message_event(text, channel=channel, thread_ts=thread_ts)
    event["channel_type"] = channel_type
    return event


def _asked_lavrov(bot, fake_slack) -> str:
    mention = p.app_mention_event("ai là Lavrov?")
    bot.event(mention)
    posts(fake_slack, 2)
    return mention["ts"]


def test_a_bare_date_in_the_thread_is_asked_about_the_threads_person(bot, fake_slack):
    thread = _asked_lavrov(bot, fake_slack)

    bot.event(_reply("còn ngày 21/1/2022?", thread))

    summary = posts(fake_slack, 3)[2]
    assert summary.params["thread_ts"] == thread
    assert summary.params["text"].startswith("On 2022-01-21 — Sergei Lavrov")


def test_a_day_without_a_year_takes_the_year_from_the_thread(bot, fake_slack):
    bot.command("on 2022-01-21")
    summary, _ = posts(fake_slack, 2)

    bot.event(_reply("còn ngày 20/1?", summary.response["ts"]))

    answer = posts(fake_slack, 3)[2]
    assert answer.params["text"].startswith("On 2022-01-20")


def test_a_bare_person_in_the_thread_is_asked_about_the_threads_date(bot, fake_slack):
    bot.command("on 2022-01-21")
    summary, _ = posts(fake_slack, 2)

    bot.event(_reply("còn Blinken?", summary.response["ts"]))

    answer = posts(fake_slack, 3)[2]
    assert answer.params["thread_ts"] == summary.response["ts"]
    assert answer.params["text"].startswith("On 2022-01-21 — Antony Blinken")


def test_a_full_question_in_the_thread_is_answered_as_asked(bot, fake_slack):
    thread = _asked_lavrov(bot, fake_slack)

    bot.event(_reply("ai là Blinken?", thread))

    assert posts(fake_slack, 3)[2].params["text"].startswith("Antony Blinken")


def test_chatter_in_the_bots_thread_is_not_answered(bot, fake_slack):
    thread = _asked_lavrov(bot, fake_slack)

    bot.event(_reply("Cảm ơn nhé", thread))
    bot.event(_reply("ok, để mình đọc", thread))

    settle()
    assert len(fake_slack.calls_to("chat.postMessage")) == 2


def test_a_thread_the_bot_never_answered_in_is_left_alone(bot, fake_slack):
    bot.event(_reply("ai là Lavrov?", p.make_ts()))

    settle()
    assert fake_slack.calls_to("chat.postMessage") == []


def test_a_reply_that_mentions_the_bot_is_answered_once_as_a_mention(bot, fake_slack):
    thread = _asked_lavrov(bot, fake_slack)

    bot.event(_reply(p.mention_text("ai là Blinken?"), thread))

    settle()
    assert len(fake_slack.calls_to("chat.postMessage")) == 2


def test_follow_ups_work_in_private_channels(bot, fake_slack):
    mention = p.app_mention_event("ai là Lavrov?", channel="G123")
    bot.event(mention)
    posts(fake_slack, 2)

    bot.event(_reply("còn ngày 21/1/2022?", mention["ts"], channel="G123", channel_type="group"))

    assert posts(fake_slack, 3)[2].params["channel"] == "G123"


def test_over_socket_mode_a_follow_up_is_answered(fake_slack, fake_socket_mode, engine, seed_index):
    with socket_bot(fake_slack, fake_socket_mode, engine, seed_index) as app:
        mention = p.app_mention_event("ai là Lavrov?")
        app.event(mention)
        posts(fake_slack, 2)

        app.event(_reply("and on 2022-01-21?", mention["ts"]))

        assert posts(fake_slack, 3)[2].params["text"].startswith("On 2022-01-21 — Sergei Lavrov")
