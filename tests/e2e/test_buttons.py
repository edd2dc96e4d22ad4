"""Click instead of retyping, private first then share, and the response_url fallback, against the fakes.

Suggestion buttons run their query where the clicked message is: in its thread, or in
place of a private answer through the click's response_url. "Share in channel" posts
the private answer for everyone, with its thread, and removes the private copy.
"""

from __future__ import annotations

from tests.fakes import payloads as p

from .harness import (
    EVERY_ARTICLE_QUERY,
    SULLIVAN,
    block_text,
    http_bot,
    message_of,
    posts,
    settle,
    socket_bot,
)

MISS_WITH_NEAREST = "on 2022-03-01"  # nothing that day; the nearest dates with news are in January 2022


def _buttons(blocks: list[dict], block_id: str) -> list[dict]:
    return [e for b in blocks if b.get("block_id") == block_id for e in b["elements"]]


def _private_click(fake_slack, reply: dict, block_id: str, n: int = 0, name: str = "click") -> dict:
    """The block_actions payload for a button in an ephemeral answer (no message, is_ephemeral)."""
    button = _buttons(reply["blocks"], block_id)[n]
    click = p.block_actions_payload(button["action_id"], button["value"], block_id=block_id,
                                    response_url=fake_slack.response_url(name), button_text=button["text"]["text"])
    click["container"]["is_ephemeral"] = True
    del click["message"]
    return click


def _message_click(posted: dict, block_id: str, n: int = 0, channel: str = "C123") -> dict:
    """The block_actions payload for a button in a message the bot posted (as Slack stores it)."""
    button = _buttons(posted["blocks"], block_id)[n]
    return p.block_actions_payload(button["action_id"], button["value"], channel=channel, message_ts=posted["ts"],
                                   thread_ts=posted.get("thread_ts"), block_id=block_id,
                                   message_blocks=posted["blocks"], button_text=button["text"]["text"])


# -- click instead of retyping --------------------------------------------------------------------


def test_a_miss_offers_the_nearest_dates_as_buttons(bot, fake_slack):
    _, name = bot.command(MISS_WITH_NEAREST)

    (reply,) = fake_slack.wait_for_response(name)
    labels = [b["text"]["text"] for b in _buttons(reply["blocks"], "suggestions")]
    assert reply["response_type"] == "ephemeral" and "2022-01-21" in labels


def test_a_nearest_date_clicked_in_a_private_answer_replaces_it_with_that_days_answer(bot, fake_slack):
    _, name = bot.command(MISS_WITH_NEAREST)
    (reply,) = fake_slack.wait_for_response(name)
    labels = [b["text"]["text"] for b in _buttons(reply["blocks"], "suggestions")]

    assert bot.click(_private_click(fake_slack, reply, "suggestions", labels.index("2022-01-21"))).status == 200

    (answer,) = fake_slack.wait_for_response("click")
    assert answer["replace_original"] is True and answer["response_type"] == "ephemeral"
    assert answer["text"].startswith("On 2022-01-21")
    settle()
    assert fake_slack.calls_to("chat.postMessage") == []


def test_a_nearest_date_clicked_in_a_thread_is_answered_in_that_thread(bot, fake_slack):
    mention = p.app_mention_event(MISS_WITH_NEAREST)
    bot.event(mention)
    (miss,) = posts(fake_slack, 1)
    labels = [b["text"]["text"] for b in _buttons(miss.response["message"]["blocks"], "suggestions")]

    bot.click(_message_click(miss.response["message"], "suggestions", labels.index("2022-01-21")))

    summary, details = posts(fake_slack, 3)[1:]
    assert summary.params["thread_ts"] == details.params["thread_ts"] == mention["ts"]
    assert summary.params["text"].startswith("On 2022-01-21")


def test_other_matches_of_a_person_are_buttons_that_answer_who_they_are(bot, fake_slack):
    bot.command("who Nga")
    summary, _ = posts(fake_slack, 2)
    posted = summary.response["message"]
    labels = [b["text"]["text"] for b in _buttons(posted["blocks"], "other_matches")]
    assert "Sergei Lavrov" in labels

    bot.click(_message_click(posted, "other_matches", labels.index("Sergei Lavrov")))

    answer = posts(fake_slack, 3)[2]
    assert answer.params["thread_ts"] == summary.response["ts"] and answer.params["text"].startswith("Sergei Lavrov")


def test_over_socket_mode_a_suggestion_click_is_answered(fake_slack, fake_socket_mode, engine, seed_index):
    with socket_bot(fake_slack, fake_socket_mode, engine, seed_index) as app:
        _, name = app.command(MISS_WITH_NEAREST)
        (reply,) = fake_slack.wait_for_response(name)

        fake_socket_mode.send_interactive(_private_click(fake_slack, reply, "suggestions"))

        (answer,) = fake_slack.wait_for_response("click")
        assert answer["replace_original"] is True and answer["text"].startswith("On 2022-01-")


# -- private first, then share ----------------------------------------------------------------------


def test_with_private_first_only_the_asker_sees_the_answer_with_a_share_button(fake_slack, engine, seed_index):
    with http_bot(fake_slack, engine, seed_index, UKRAINE_BOT_PRIVATE_FIRST="true") as bot:
        _, name = bot.command("who Sullivan")

        (reply,) = fake_slack.wait_for_response(name)
        assert reply["response_type"] == "ephemeral" and reply["text"].startswith(SULLIVAN)
        assert [b["text"]["text"] for b in _buttons(reply["blocks"], "share")] == ["Share in channel"]
        settle()
        assert fake_slack.calls_to("chat.postMessage") == []


def test_share_posts_the_same_answer_in_the_channel_with_its_thread_and_drops_the_private_copy(
    fake_slack, engine, seed_index
):
    with http_bot(fake_slack, engine, seed_index, UKRAINE_BOT_PRIVATE_FIRST="true") as bot:
        _, name = bot.command("who Sullivan")
        (reply,) = fake_slack.wait_for_response(name)

        assert bot.click(_private_click(fake_slack, reply, "share")).status == 200

        summary, details = posts(fake_slack, 2)
        assert summary.params["channel"] == "C123" and summary.params["text"] == reply["text"]
        assert details.params["thread_ts"] == summary.response["ts"]
        (gone,) = fake_slack.wait_for_response("click")
        assert gone["delete_original"] is True


def test_a_miss_is_private_with_a_share_button_even_without_private_first(bot, fake_slack):
    _, name = bot.command(MISS_WITH_NEAREST)

    (reply,) = fake_slack.wait_for_response(name)
    assert reply["response_type"] == "ephemeral" and _buttons(reply["blocks"], "share")


def test_ephemeral_answers_have_no_share_button(fake_slack, engine, seed_index):
    with http_bot(fake_slack, engine, seed_index, UKRAINE_BOT_EPHEMERAL="true") as bot:
        _, name = bot.command("who Sullivan")

        (reply,) = fake_slack.wait_for_response(name)
        assert _buttons(reply["blocks"], "share") == []


def test_over_socket_mode_share_posts_in_the_channel(fake_slack, fake_socket_mode, engine, seed_index):
    with socket_bot(fake_slack, fake_socket_mode, engine, seed_index, UKRAINE_BOT_PRIVATE_FIRST="true") as app:
        _, name = app.command("on 2022-01-21")
        (reply,) = fake_slack.wait_for_response(name)

        fake_socket_mode.send_interactive(_private_click(fake_slack, reply, "share"))

        summary, details = posts(fake_slack, 2)
        assert summary.params["text"].startswith("On 2022-01-21") and details.params["thread_ts"] == summary.response["ts"]


# -- the response_url fallback (the bot is not in the channel) --------------------------------------


def test_the_fallback_answer_says_its_details_are_below_not_in_a_thread(bot, fake_slack):
    fake_slack.fail_next("chat.postMessage", error="not_in_channel")

    _, name = bot.command("who Sullivan")

    (reply,) = fake_slack.wait_for_response(name)
    text = block_text(reply["blocks"])
    assert "Details below." in text and "thread" not in text


def test_show_more_under_a_fallback_answer_pages_through_the_response_url(bot, fake_slack):
    fake_slack.fail_next("chat.postMessage", error="not_in_channel")
    _, name = bot.command(EVERY_ARTICLE_QUERY)
    (reply,) = fake_slack.wait_for_response(name)
    posted = {**reply, "ts": p.make_ts()}
    click = _message_click(posted, "more")
    click["response_url"] = fake_slack.response_url("more")
    fake_slack.fail_next("chat.postMessage", error="not_in_channel")

    bot.click(click)

    (page2,) = fake_slack.wait_for_response("more")
    assert page2["response_type"] == "in_channel" and page2["replace_original"] is False
    assert "Articles 4–5 of 5" in block_text(page2["blocks"])


def test_the_bots_own_posts_do_not_unfurl_their_links(bot, fake_slack):
    bot.command("who Sullivan")

    for call in posts(fake_slack, 2):
        assert call.params["unfurl_links"] in (False, "0", "false") and call.params["unfurl_media"] in (False, "0", "false")
    assert message_of(call)["blocks"]
