"""The hand-off queue: listeners leave work to answering threads of its own, bounded, never raising."""

from __future__ import annotations

import logging
import threading

import pytest

from bot.index.reader import IndexUnavailable
from bot.render.labels import labels
from bot.slack.handoff import Handoff, hand_off
from bot.slack.jobs import Job
from bot.slack.services import Services


class Gate:
    """A task that blocks until released, and says when it started."""

    def __init__(self) -> None:
        self.started = threading.Event()
        self.release = threading.Event()

    def __call__(self) -> None:
        self.started.set()
        assert self.release.wait(5)


class Replies:
    """A `respond` that keeps what it was asked to send."""

    def __init__(self) -> None:
        self.sent: list[dict] = []

    def __call__(self, **kwargs) -> None:
        self.sent.append(kwargs)


@pytest.fixture
def handoff():
    made: list[Handoff] = []

    def make(**kw) -> Handoff:
        made.append(Handoff(**kw))
        return made[-1]

    yield make
    for h in made:
        h.close(timeout=5)


def test_a_submitted_task_runs_on_an_answering_thread_while_the_caller_goes_on(handoff):
    gate, ran_on = Gate(), []
    queue = handoff(threads=1, size=1)

    assert queue.submit("command", lambda: (ran_on.append(threading.current_thread().name), gate()))

    assert gate.started.wait(2)  # running, and still blocked: the caller was not held
    gate.release.set()
    queue.close()
    assert ran_on == ["ukraine-bot-answer-1"]


def test_a_full_queue_runs_the_busy_reply_instead_of_waiting(handoff, caplog):
    gate, busy = Gate(), []
    queue = handoff(threads=1, size=1)
    queue.submit("command", gate)
    assert gate.started.wait(2)
    queue.submit("command", lambda: None)  # waits in the queue's one place

    with caplog.at_level(logging.WARNING, logger="ukraine_bot"):
        taken = queue.submit("command", lambda: pytest.fail("a task past the bound must not run"), lambda: busy.append(1))

    assert taken is False and busy == [1]
    assert "request kind=command outcome=busy" in caplog.text
    gate.release.set()


def test_a_failing_task_is_logged_and_the_thread_runs_the_next(handoff, caplog):
    done = threading.Event()
    queue = handoff(threads=1, size=2)

    def broken() -> None:
        raise RuntimeError("boom")

    with caplog.at_level(logging.ERROR, logger="ukraine_bot"):
        queue.submit("command", broken)
        queue.submit("command", done.set)
        assert done.wait(2)
    assert "a task after the ack failed (kind=command)" in caplog.text


def test_closing_runs_what_was_queued_and_refuses_what_comes_after(handoff):
    gate, ran, busy = Gate(), [], []
    queue = handoff(threads=1, size=3)
    queue.submit("command", gate)
    assert gate.started.wait(2)
    queue.submit("command", lambda: ran.append("queued"))

    gate.release.set()
    queue.close()

    assert ran == ["queued"]
    assert queue.submit("command", lambda: ran.append("late"), lambda: busy.append(1)) is False
    assert ran == ["queued"] and busy == [1]


class Unanswerable:
    def answer(self, text):
        raise AssertionError("the engine is not asked when the job goes to a remote")

    def article(self, article_id):
        return None


class DownRemote:
    def run(self, job: Job) -> None:
        raise IndexUnavailable("no answering worker was free within 60 s")


def test_a_job_no_worker_can_take_is_apologised_for_at_its_response_url(handoff):
    queue = handoff(threads=1, size=1, remote=DownRemote())
    services = Services(engine=Unanswerable(), handoff=queue)
    replies = Replies()

    hand_off(services, None, replies, Job("command", {"channel_id": "C1", "text": "Nga"}, response_url="https://x/r"))
    queue.close()

    assert [r["text"] for r in replies.sent] == [labels("en")["index_unavailable"]]
    assert replies.sent[0]["response_type"] == "ephemeral"


def test_a_busy_thread_answer_is_said_in_its_thread(handoff):
    class Client:
        posted: list[dict] = []

        def chat_postMessage(self, **kwargs):  # noqa: N802 - Slack's method name
            self.posted.append(kwargs)

    gate, client = Gate(), Client()
    queue = handoff(threads=1, size=1)
    services = Services(engine=Unanswerable(), handoff=queue)
    queue.submit("command", gate)
    assert gate.started.wait(2)
    queue.submit("command", lambda: None)

    hand_off(services, client, None, Job("thread", {}, channel="C9", thread_ts="1.2"))

    (said,) = client.posted
    assert (said["channel"], said["thread_ts"], said["text"]) == ("C9", "1.2", labels("en")["busy"])
    gate.release.set()
