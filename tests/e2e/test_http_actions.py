"""The "Show more" button over HTTP: block_actions posted form-encoded as payload=<json>."""

from __future__ import annotations

from tests.fakes import payloads as p

from .harness import ACK_LIMIT, EVERY_ARTICLE_QUERY, block_text, http_bot, message_of, posts, settle, show_more_click


def _first_page(bot, fake_slack):
    """Ask a question with five articles; return (summary call, details message as Slack stores it)."""
    bot.command(EVERY_ARTICLE_QUERY)
    summary, details = posts(fake_slack, 2)
    return summary, details.response["message"]


def test_show_more_is_acknowledged_with_200_within_three_seconds(bot, fake_slack):
    _, details = _first_page(bot, fake_slack)

    resp = bot.click(show_more_click(fake_slack, details))

    assert resp.status == 200
    assert resp.elapsed < ACK_LIMIT


def test_show_more_posts_the_next_page_in_the_same_thread(bot, fake_slack):
    summary, details = _first_page(bot, fake_slack)

    bot.click(show_more_click(fake_slack, details))

    page2 = posts(fake_slack, 3)[2]
    assert page2.params["channel"] == "C123"
    assert page2.params["thread_ts"] == summary.response["ts"]
    assert "Articles 4–5 of 5" in block_text(message_of(page2)["blocks"])


def test_the_last_page_has_no_show_more_button(bot, fake_slack):
    _, details = _first_page(bot, fake_slack)

    bot.click(show_more_click(fake_slack, details))

    page2 = posts(fake_slack, 3)[2]
    assert not [b for b in message_of(page2)["blocks"] if b.get("type") == "actions"]


def test_the_next_page_shows_articles_the_first_page_did_not(bot, fake_slack):
    _, details = _first_page(bot, fake_slack)

    bot.click(show_more_click(fake_slack, details))

    page2 = posts(fake_slack, 3)[2]
    first_titles = {b["text"]["text"].split("\n")[0] for b in details["blocks"] if b["type"] == "section" and b["text"]["text"].startswith("*")}
    second_titles = {
        b["text"]["text"].split("\n")[0]
        for b in message_of(page2)["blocks"]
        if b["type"] == "section" and b["text"]["text"].startswith("*")
    }
    assert len(first_titles) == 3 and len(second_titles) == 2
    assert not first_titles & second_titles


def test_the_clicked_button_is_removed_from_its_message(bot, fake_slack):
    _, details = _first_page(bot, fake_slack)

    bot.click(show_more_click(fake_slack, details))

    (update,) = fake_slack.wait_for("chat.update")
    assert update.params["channel"] == "C123" and update.params["ts"] == details["ts"]
    kept = update.json_param("blocks")
    assert [b for b in kept if b.get("block_id") == "more"] == []
    assert kept == [b for b in details["blocks"] if b.get("block_id") != "more"]


def test_a_button_with_an_unreadable_value_is_acknowledged_and_ignored(bot, fake_slack):
    resp = bot.click(p.block_actions_payload("show_more", "not json", message_ts="1700000000.000100"))

    assert resp.status == 200
    settle()
    assert fake_slack.calls_to("chat.postMessage") == [] and fake_slack.calls_to("chat.update") == []


def test_show_more_under_an_ephemeral_answer_answers_through_the_response_url(fake_slack, engine, seed_index):
    with http_bot(fake_slack, engine, seed_index, UKRAINE_BOT_EPHEMERAL="true") as bot:
        _, name = bot.command(EVERY_ARTICLE_QUERY)
        (first,) = fake_slack.wait_for_response(name)
        assert first["response_type"] == "ephemeral"
        (button,) = [b for b in first["blocks"] if b.get("block_id") == "more"][0]["elements"]
        click = p.block_actions_payload(
            "show_more", button["value"], block_id="more", response_url=fake_slack.response_url("click")
        )
        click["container"]["is_ephemeral"] = True

        assert bot.click(click).status == 200

        (page2,) = fake_slack.wait_for_response("click")
        assert page2["response_type"] == "ephemeral" and page2["replace_original"] is False
        assert "Articles 4–5 of 5" in block_text(page2["blocks"])
        assert fake_slack.calls_to("chat.postMessage") == []
