"""Slack's assistant pane, with UKRAINE_BOT_ASSISTANT on: suggested prompts when a thread opens, then answers.

Over HTTP and Socket Mode alike. A thread opened in the pane is announced by
`assistant_thread_started`; the questions in it are DM `message` events in that thread.
Every other DM thread is handled as it was without the pane.
"""

from __future__ import annotations

from typing import Iterator

import pytest

from bot.render.labels import HELP_EXAMPLES
from tests.fakes import payloads as p
from tests.fakes.slack_api import FakeSlackAPI
from tests.fakes.socket_mode import FakeSocketModeServer

from .harness import SULLIVAN, http_bot, posts, settle, socket_bot

ASSISTANT_METHODS = ("assistant.threads.setSuggestedPrompts", "assistant.threads.setStatus",
                     "assistant.threads.setTitle")


def _bot(request, fake_slack: FakeSlackAPI, engine, seed_index, **env: str):
    if request.param == "http":
        return http_bot(fake_slack, engine, seed_index, **env)
    server: FakeSocketModeServer = request.getfixturevalue("fake_socket_mode")
    return socket_bot(fake_slack, server, engine, seed_index, **env)


@pytest.fixture(params=["http", "socket"])
def pane(request, fake_slack, engine, seed_index) -> Iterator:
    """The app with the assistant pane on, over each transport."""
    with _bot(request, fake_slack, engine, seed_index, UKRAINE_BOT_ASSISTANT="true") as running:
        yield running


@pytest.fixture(params=["http", "socket"])
def pane_vi(request, fake_slack, engine, seed_index) -> Iterator:
    with _bot(request, fake_slack, engine, seed_index, UKRAINE_BOT_ASSISTANT="true",
              UKRAINE_BOT_LANGUAGE="vi") as running:
        yield running


@pytest.fixture(params=["http", "socket"])
def no_pane(request, fake_slack, engine, seed_index) -> Iterator:
    with _bot(request, fake_slack, engine, seed_index) as running:
        yield running


def _assistant_calls(api: FakeSlackAPI) -> list:
    return [c for c in api.calls if c.method in ASSISTANT_METHODS]


def _open_thread(bot, api: FakeSlackAPI) -> str:
    started = p.assistant_thread_started_event()
    bot.event(started)
    api.wait_for("assistant.threads.setSuggestedPrompts")
    return started["assistant_thread"]["thread_ts"]


def test_a_new_thread_gets_example_questions_titled_try_in_that_thread(pane, fake_slack):
    started = p.assistant_thread_started_event()

    pane.event(started)

    call = fake_slack.wait_for("assistant.threads.setSuggestedPrompts")[0]
    assert call.ok
    assert call.params["channel_id"] == "D123"
    assert call.params["thread_ts"] == started["assistant_thread"]["thread_ts"]
    assert call.params["title"] == "Try"
    prompts = call.params["prompts"]
    assert 3 <= len(prompts) <= 4
    assert {q["message"] for q in prompts} <= {example for example, _ in HELP_EXAMPLES}


def test_in_vietnamese_the_prompts_and_their_title_are_vietnamese(pane_vi, fake_slack):
    pane_vi.event(p.assistant_thread_started_event())

    call = fake_slack.wait_for("assistant.threads.setSuggestedPrompts")[0]
    assert call.params["title"] == "Thử hỏi"
    assert [q["message"] for q in call.params["prompts"]][:2] == ["ai là Lavrov", "ngày 21/1/2022"]


def test_a_question_in_the_thread_shows_a_status_then_the_answer_then_a_title(pane, fake_slack):
    thread = _open_thread(pane, fake_slack)

    pane.event(p.im_message_event("who Sullivan", thread_ts=thread))

    fake_slack.wait_for("assistant.threads.setStatus", 2)
    sequence = [c.method for c in fake_slack.calls if c.method in (*ASSISTANT_METHODS, "chat.postMessage")][1:]
    assert sequence == ["assistant.threads.setStatus", "chat.postMessage", "chat.postMessage",
                        "assistant.threads.setTitle", "assistant.threads.setStatus"]
    summary, details = posts(fake_slack, 2)
    assert summary.params["channel"] == "D123" and summary.params["thread_ts"] == details.params["thread_ts"] == thread
    assert SULLIVAN in summary.params["text"]


def test_the_status_reads_looking_and_is_cleared_once_answered(pane, fake_slack):
    thread = _open_thread(pane, fake_slack)

    pane.event(p.im_message_event("who Sullivan", thread_ts=thread))

    looking, cleared = fake_slack.wait_for("assistant.threads.setStatus", 2)
    assert looking.params["status"] == "Looking through the articles…"
    assert cleared.params["status"] == ""
    assert fake_slack.assistant_threads[("D123", thread)]["status"] == ""


def test_the_status_is_in_vietnamese_when_the_labels_are(pane_vi, fake_slack):
    thread = _open_thread(pane_vi, fake_slack)

    pane_vi.event(p.im_message_event("ai là Lavrov?", thread_ts=thread))

    assert fake_slack.wait_for("assistant.threads.setStatus", 2)[0].params["status"] == "Đang tìm trong các bài báo…"


def test_the_thread_is_titled_with_the_question(pane, fake_slack):
    thread = _open_thread(pane, fake_slack)

    pane.event(p.im_message_event("who   Sullivan", thread_ts=thread))

    fake_slack.wait_for("assistant.threads.setStatus", 2)
    assert fake_slack.assistant_threads[("D123", thread)]["title"] == "who Sullivan"


def test_a_long_question_is_cut_to_a_short_title(pane, fake_slack):
    thread = _open_thread(pane, fake_slack)
    question = "Blinken và Lavrov gặp nhau " + "ở Genève để bàn về Ukraine và an ninh châu Âu " * 4

    pane.event(p.im_message_event(question, thread_ts=thread))

    fake_slack.wait_for("assistant.threads.setStatus", 2, timeout=10)
    title = fake_slack.assistant_threads[("D123", thread)]["title"]
    assert len(title) <= 60 and title.endswith("…") and question.startswith(title[:-1])


def test_every_message_in_the_thread_is_answered_since_the_pane_is_for_asking(pane, fake_slack):
    thread = _open_thread(pane, fake_slack)
    pane.event(p.im_message_event("who Sullivan", thread_ts=thread))
    fake_slack.wait_for("assistant.threads.setStatus", 2)

    pane.event(p.im_message_event("Cảm ơn nhé", thread_ts=thread))

    fake_slack.wait_for("assistant.threads.setStatus", 4)
    assert posts(fake_slack, 3)[2].params["thread_ts"] == thread


def test_a_follow_up_in_the_thread_is_read_against_the_threads_person(pane, fake_slack):
    thread = _open_thread(pane, fake_slack)
    pane.event(p.im_message_event("ai là Lavrov?", thread_ts=thread))
    posts(fake_slack, 2)

    pane.event(p.im_message_event("còn ngày 21/1/2022?", thread_ts=thread))

    assert posts(fake_slack, 3)[2].params["text"].startswith("On 2022-01-21 — Sergei Lavrov")


def test_a_follow_up_about_nobody_the_index_knows_is_asked_as_typed(pane, fake_slack):
    thread = _open_thread(pane, fake_slack)
    pane.event(p.im_message_event("ai là Lavrov?", thread_ts=thread))
    posts(fake_slack, 2)

    pane.event(p.im_message_event("còn Zzyzxkov?", thread_ts=thread))

    assert posts(fake_slack, 3)[2].params["thread_ts"] == thread


def test_a_context_change_is_acknowledged_and_changes_nothing(pane, fake_slack):
    thread = _open_thread(pane, fake_slack)

    pane.event(p.assistant_thread_context_changed_event(thread, context_channel="C999"))

    settle()
    assert len(_assistant_calls(fake_slack)) == 1 and fake_slack.calls_to("chat.postMessage") == []


def test_an_ordinary_direct_message_is_answered_as_before_without_assistant_calls(pane, fake_slack):
    dm = p.im_message_event("who Sullivan")

    pane.event(dm)

    summary, _ = posts(fake_slack, 2)
    assert summary.params["thread_ts"] == dm["ts"]
    settle()
    assert _assistant_calls(fake_slack) == []


def test_chatter_in_an_ordinary_dm_thread_is_still_left_alone(pane, fake_slack):
    dm = p.im_message_event("who Sullivan")
    pane.event(dm)
    posts(fake_slack, 2)

    pane.event(p.im_message_event("Cảm ơn nhé", thread_ts=dm["ts"]))

    settle()
    assert len(fake_slack.calls_to("chat.postMessage")) == 2 and _assistant_calls(fake_slack) == []


def test_without_the_setting_no_assistant_call_is_made(no_pane, fake_slack):
    started = p.assistant_thread_started_event()
    no_pane.event(started)
    thread = started["assistant_thread"]["thread_ts"]

    no_pane.event(p.im_message_event("who Sullivan", thread_ts=thread))

    summary, _ = posts(fake_slack, 2)
    assert summary.params["thread_ts"] == thread
    settle()
    assert _assistant_calls(fake_slack) == []
