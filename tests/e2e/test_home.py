"""The App Home: app_home_opened publishes the Home tab (views.publish); its buttons answer in the Messages tab."""

from __future__ import annotations

from tests.fakes import payloads as p

from .harness import ACK_LIMIT, SULLIVAN, block_text, posts, settle, view_of


def _published(bot, fake_slack) -> dict:
    bot.event(p.app_home_opened_event())
    (publish,) = fake_slack.wait_for("views.publish")
    return publish.response["view"]


def test_opening_the_home_tab_publishes_it_for_that_user(bot, fake_slack):
    bot.event(p.app_home_opened_event(user="U123"))

    (publish,) = fake_slack.wait_for("views.publish")
    assert publish.ok and publish.params["user_id"] == "U123" and view_of(publish)["type"] == "home"


def test_the_home_tab_shows_the_index_freshness_from_the_index(bot, fake_slack, engine):
    text = block_text(_published(bot, fake_slack)["blocks"])

    (built_at,) = engine.session.db().execute("SELECT value FROM meta WHERE key = 'built_at'").fetchone()
    assert "5 articles · " in text and built_at.strip('"').replace("T", " ").replace("Z", " UTC") in text


def test_opening_the_messages_tab_publishes_nothing(bot, fake_slack):
    bot.event(p.app_home_opened_event(tab="messages"))

    settle()
    assert fake_slack.calls_to("views.publish") == []


def test_an_example_question_on_the_home_tab_is_answered_in_the_messages_tab(bot, fake_slack):
    view = _published(bot, fake_slack)
    (button,) = [e for b in view["blocks"] if b.get("block_id") == "examples" for e in b["elements"]
                 if e["text"]["text"] == "who Sullivan"]

    resp = bot.click(p.view_block_actions_payload(button["action_id"], button["value"], view, block_id="examples"))

    assert resp.status == 200 and resp.elapsed < ACK_LIMIT
    summary, details = posts(fake_slack, 2)
    assert summary.params["channel"] == "U123" and summary.params["text"].startswith(SULLIVAN)
    assert details.params["thread_ts"] == summary.response["ts"]


def test_a_latest_article_on_the_home_tab_opens_in_a_modal(bot, fake_slack):
    view = _published(bot, fake_slack)
    (first, *_) = [b["accessory"] for b in view["blocks"] if b.get("accessory", {}).get("action_id") == "read_article"]

    bot.click(p.view_block_actions_payload("read_article", first["value"], view, block_id="latest"))

    (opened,) = fake_slack.wait_for("views.open")
    assert opened.ok and view_of(opened)["type"] == "modal"


def test_over_socket_mode_opening_the_home_tab_publishes_it(socket_app, fake_slack, fake_socket_mode):
    envelope_id = socket_app.event(p.app_home_opened_event())

    assert fake_socket_mode.wait_for_ack(envelope_id, timeout=ACK_LIMIT).elapsed < ACK_LIMIT
    (publish,) = fake_slack.wait_for("views.publish")
    assert publish.ok and "5 articles" in block_text(view_of(publish)["blocks"])
