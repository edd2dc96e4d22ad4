"""Acks never wait for answers: listeners ack and hand off, over HTTP and Socket Mode, and a full queue says so.

The engine here holds every answer until the test lets it go, so an ack that arrives while
it holds them cannot have waited for one. More commands are sent than Bolt has listener
threads (16), so a listener that answered on its own thread would leave the rest unacknowledged.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from slack_sdk import WebClient

from bot.render.labels import labels
from tests.fakes import payloads as p

from .harness import ACK_LIMIT, SULLIVAN, http_bot, posts, settle, socket_bot

LISTENER_THREADS = 16  # create_app's listener_executor
MORE_THAN_THE_LISTENER_THREADS = LISTENER_THREADS + 4
QUICK_ACK = 1.5  # seconds; well under Slack's 3, and under Bolt's own 3-second wait for a missing ack


class HeldEngine:
    """The real engine behind a gate: `answer` waits until `release` is set, counting who waits."""

    def __init__(self, engine) -> None:
        self._engine = engine
        self.release = threading.Event()
        self._lock = threading.Lock()
        self.waiting = 0

    @property
    def session(self):
        return self._engine.session

    @property
    def index_path(self):
        return self._engine.index_path

    def answer(self, text: str):
        with self._lock:
            self.waiting += 1
        if not self.release.wait(10):
            raise TimeoutError("the test never released the engine")
        return self._engine.answer(text)

    def article(self, article_id: str):
        return self._engine.article(article_id)

    def reload_if_changed(self) -> bool:
        return False

    def wait_for(self, count: int, timeout: float = 5.0) -> None:
        deadline = time.monotonic() + timeout
        while self.waiting < count:
            assert time.monotonic() < deadline, f"{self.waiting} answers under way, expected {count}"
            time.sleep(0.01)


@pytest.fixture
def held(engine):
    gate = HeldEngine(engine)
    yield gate
    gate.release.set()  # whatever happened, let the answering threads finish before the bot stops


def summaries(fake_slack) -> list:
    return [c for c in fake_slack.calls_to("chat.postMessage") if not c.params.get("thread_ts")]


def test_over_http_commands_are_acknowledged_while_their_answers_are_still_being_computed(fake_slack, held, seed_index):
    with http_bot(fake_slack, held, seed_index) as bot, ThreadPoolExecutor(MORE_THAN_THE_LISTENER_THREADS) as pool:
        acks = list(pool.map(lambda _: bot.command("who Sullivan")[0], range(MORE_THAN_THE_LISTENER_THREADS)))

        assert [a.status for a in acks] == [200] * MORE_THAN_THE_LISTENER_THREADS
        assert max(a.elapsed for a in acks) < QUICK_ACK
        assert fake_slack.calls_to("chat.postMessage") == []  # every answer is still held
        held.release.set()
        posts(fake_slack, 2 * MORE_THAN_THE_LISTENER_THREADS, timeout=10)  # a summary and its details each
        settle()
    assert len(summaries(fake_slack)) == MORE_THAN_THE_LISTENER_THREADS
    assert all(c.params["text"].startswith(SULLIVAN) for c in summaries(fake_slack))


def test_over_socket_mode_envelopes_are_acknowledged_while_their_answers_are_still_being_computed(
    fake_slack, fake_socket_mode, held, seed_index
):
    with socket_bot(fake_slack, fake_socket_mode, held, seed_index) as bot:
        envelopes = [bot.command("who Sullivan")[0] for _ in range(MORE_THAN_THE_LISTENER_THREADS)]

        acks = [fake_socket_mode.wait_for_ack(e, timeout=QUICK_ACK * 4) for e in envelopes]
        assert max(a.elapsed for a in acks) < QUICK_ACK
        assert fake_slack.calls_to("chat.postMessage") == []
        held.release.set()
        posts(fake_slack, 2 * MORE_THAN_THE_LISTENER_THREADS, timeout=10)
        settle()
    assert len(summaries(fake_slack)) == MORE_THAN_THE_LISTENER_THREADS


def test_a_mention_is_acknowledged_while_its_answer_is_held_and_answered_once_released(fake_slack, held, seed_index):
    with http_bot(fake_slack, held, seed_index) as bot:
        for _ in range(LISTENER_THREADS):
            bot.command("who Sullivan")
        held.wait_for(LISTENER_THREADS)

        ack = bot.event(p.app_mention_event("<@U0BOT> who Sullivan", channel="C777", ts="1700000000.000100"))

        assert ack.status == 200 and ack.elapsed < QUICK_ACK
        held.release.set()
        posts(fake_slack, 2 * LISTENER_THREADS + 2, timeout=10)
        settle()
    in_thread = [c for c in fake_slack.calls_to("chat.postMessage") if c.params.get("channel") == "C777"]
    assert len(in_thread) == 2 and all(c.params["thread_ts"] == "1700000000.000100" for c in in_thread)


def test_when_the_answer_queue_is_full_the_asker_is_told_the_bot_is_busy(fake_slack, held, seed_index):
    with http_bot(fake_slack, held, seed_index, UKRAINE_BOT_ANSWER_QUEUE="1") as bot:
        for _ in range(LISTENER_THREADS):  # every answering thread waits on the engine
            bot.command("who Sullivan")
        held.wait_for(LISTENER_THREADS)
        bot.command("who Sullivan")  # the queue's one place

        ack, name = bot.command("who Sullivan")

        assert ack.status == 200
        (reply,) = fake_slack.wait_for_response(name)
        assert reply["text"] == labels("en")["busy"] and reply["response_type"] == "ephemeral"
        held.release.set()
        posts(fake_slack, 2 * (LISTENER_THREADS + 1), timeout=10)
        settle()
    assert len(summaries(fake_slack)) == LISTENER_THREADS + 1  # the busy one alone was not answered
    assert [r for n, r in fake_slack.responses if n == name] == [reply]


# -- answers posted by the workers ----------------------------------------------------------------


@pytest.fixture
def serving_process_cannot_post(monkeypatch):
    """Any chat.postMessage from this process fails the test: answers must come from the workers."""

    def refuse(self, **kwargs):
        raise AssertionError("the serving process posted an answer itself")

    monkeypatch.setattr(WebClient, "chat_postMessage", refuse)


def test_with_answer_workers_over_http_the_answers_are_posted_by_the_workers(
    fake_slack, answer_pool, seed_index, serving_process_cannot_post, caplog
):
    with caplog.at_level("INFO", logger="ukraine_bot"), http_bot(fake_slack, answer_pool, seed_index) as bot:
        ack, _ = bot.command("who Sullivan")
        bot.event(p.app_mention_event("<@U0BOT> Nga", channel="C777", ts="1700000000.000200"))

        assert ack.status == 200
        posted = posts(fake_slack, 4)
        settle()
    assert {c.params["channel"] for c in posted} == {"C123", "C777"}
    assert len(fake_slack.calls_to("chat.postMessage")) == 4
    # The workers' request lines are in this process's log, as if it had answered.
    assert "request kind=command intent=" in caplog.text and "request kind=mention intent=" in caplog.text


def test_with_answer_workers_over_socket_mode_the_answers_are_posted_by_the_workers(
    fake_slack, fake_socket_mode, answer_pool, seed_index, serving_process_cannot_post
):
    with socket_bot(fake_slack, fake_socket_mode, answer_pool, seed_index) as bot:
        envelope, _ = bot.command("who Sullivan")

        assert fake_socket_mode.wait_for_ack(envelope, timeout=ACK_LIMIT).elapsed < ACK_LIMIT
        summary, details = posts(fake_slack, 2)
        settle()
    assert summary.params["text"].startswith(SULLIVAN) and details.params["thread_ts"] == summary.response["ts"]
    assert len(fake_slack.calls_to("chat.postMessage")) == 2
