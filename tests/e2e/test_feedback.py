"""👍/👎 under every answer: 👍 is stored at once, 👎 opens a form whose submission is stored with its reason.

Stored in the state file (UKRAINE_BOT_STATE), with the question and what the bot answered.
"""

from __future__ import annotations

from bot.state.feedback import FeedbackStore
from tests.fakes import payloads as p

from .harness import ACK_LIMIT, SULLIVAN, http_bot, posts, socket_bot, view_of


def _click(posted: dict, action_id: str, response_url: str) -> dict:
    (button,) = [e for b in posted["blocks"] if b.get("block_id") == "feedback" for e in b["elements"]
                 if e["action_id"] == action_id]
    return p.block_actions_payload(action_id, button["value"], message_ts=posted["ts"], block_id="feedback",
                                   message_blocks=posted["blocks"], response_url=response_url,
                                   button_text=button["text"]["text"])


def _form_values(reason: str, comment: str) -> dict:
    return {
        "reason": {"choice": {"type": "radio_buttons", "selected_option": {
            "text": {"type": "plain_text", "text": reason}, "value": reason}}},
        "comment": {"text": {"type": "plain_text_input", "value": comment}},
    }


def test_thumbs_up_is_stored_with_the_question_and_the_answer_and_thanks_the_voter(fake_slack, engine, seed_index, tmp_path):
    state = tmp_path / "state.db"
    with http_bot(fake_slack, engine, seed_index, UKRAINE_BOT_STATE=str(state)) as bot:
        bot.command("who Sullivan")
        summary, _ = posts(fake_slack, 2)

        bot.click(_click(summary.response["message"], "feedback_up", fake_slack.response_url("up")))

        (thanks,) = fake_slack.wait_for_response("up")
        assert thanks["response_type"] == "ephemeral" and thanks["text"] == "Thanks for the feedback."
    (item,) = FeedbackStore(state).list()
    assert (item.vote, item.query, item.user, item.channel) == ("up", "who Sullivan", "U123", "C123")
    assert item.answer.startswith(SULLIVAN) and item.articles


def test_thumbs_down_opens_a_form_asking_what_was_wrong(bot, fake_slack):
    bot.command("who Sullivan")
    summary, _ = posts(fake_slack, 2)
    click = _click(summary.response["message"], "feedback_down", fake_slack.response_url("down"))

    assert bot.click(click).status == 200

    (opened,) = fake_slack.wait_for("views.open")
    view = view_of(opened)
    assert opened.ok and opened.params["trigger_id"] == click["trigger_id"]
    (reason,) = [b for b in view["blocks"] if b.get("block_id") == "reason"]
    assert [o["value"] for o in reason["element"]["options"]] == ["wrong_person", "missing_article", "wrong_date", "other"]


def test_the_submitted_form_is_stored_with_its_reason_and_comment(fake_slack, engine, seed_index, tmp_path):
    state = tmp_path / "state.db"
    with http_bot(fake_slack, engine, seed_index, UKRAINE_BOT_STATE=str(state)) as bot:
        bot.command("on 2022-01-21")
        summary, _ = posts(fake_slack, 2)
        bot.click(_click(summary.response["message"], "feedback_down", fake_slack.response_url("down")))
        (opened,) = fake_slack.wait_for("views.open")

        resp = bot.click(p.view_submission_payload(opened.response["view"], _form_values("missing_article", "Thiếu bài")))

        assert resp.status == 200 and resp.elapsed < ACK_LIMIT
        assert not resp.body.strip()  # an empty ack closes the modal
    (item,) = FeedbackStore(state).list()
    assert (item.vote, item.reason, item.comment, item.query) == ("down", "missing_article", "Thiếu bài", "on 2022-01-21")
    assert item.answer.startswith("On 2022-01-21")


def test_over_socket_mode_the_form_is_opened_and_its_submission_stored(fake_slack, fake_socket_mode, engine, seed_index,
                                                                       tmp_path):
    state = tmp_path / "state.db"
    with socket_bot(fake_slack, fake_socket_mode, engine, seed_index, UKRAINE_BOT_STATE=str(state)) as app:
        app.command("who Sullivan")
        summary, _ = posts(fake_slack, 2)
        fake_socket_mode.send_interactive(_click(summary.response["message"], "feedback_down", fake_slack.response_url("d")))
        (opened,) = fake_slack.wait_for("views.open")

        envelope_id = fake_socket_mode.send_interactive(
            p.view_submission_payload(opened.response["view"], _form_values("wrong_person", "")))

        assert fake_socket_mode.wait_for_ack(envelope_id, timeout=ACK_LIMIT).elapsed < ACK_LIMIT
    (item,) = FeedbackStore(state).list()
    assert (item.vote, item.reason, item.query) == ("down", "wrong_person", "who Sullivan")
