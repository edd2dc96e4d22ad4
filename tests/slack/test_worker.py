"""Posting workers: a job goes with how to post it, never shows the token, and needs workers that post;
a worker holds several jobs at once, each with its own log records."""

from __future__ import annotations

import threading
import time

import pytest

from bot.serve.pool import AnswerPool
from bot.slack.jobs import Job
from bot.slack.worker import ENTRY as POSTING_WORKER
from bot.slack.worker import Delivery, RemoteDelivery, runs_jobs
from tests.fakes.fixtures import BOT_TOKEN
from tests.fakes.slack_api import Call, FakeSlackAPI


def test_a_delivery_never_shows_its_token():
    delivery = Delivery(token="xoxb-secret-token", api_url="http://127.0.0.1:9/api/")

    assert "xoxb" not in repr(delivery) and "xoxb" not in str(delivery)


def test_a_pool_whose_workers_only_answer_cannot_be_given_answers_to_post(seed_index):
    with AnswerPool(seed_index, workers=1) as pool:
        assert not runs_jobs(pool)
        with pytest.raises(ValueError, match="bot.slack.worker"):
            RemoteDelivery(pool, Delivery(token="xoxb-t"))


# -- several jobs in flight in one worker ------------------------------------------------------------------


def run_in_thread(pool: AnswerPool, delivery: Delivery, job: Job) -> tuple[threading.Thread, dict[str, object]]:
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["records"] = pool.job((delivery, job))
        except Exception as exc:
            outcome["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, outcome


def command(channel: str, text: str, api: FakeSlackAPI, name: str) -> Job:
    return Job(kind="command", args={"channel_id": channel, "text": text}, response_url=api.response_url(name),
               channel=channel)


def first_post_to(api: FakeSlackAPI, channel: str, within: float) -> Call | None:
    """The first chat.postMessage to `channel` to arrive at the fake, answered yet or not."""
    deadline = time.monotonic() + within
    while True:
        posts = [c for c in api.calls_to("chat.postMessage") if c.params.get("channel") == channel]
        if posts or time.monotonic() > deadline:
            return posts[0] if posts else None
        time.sleep(0.02)


def test_a_posting_worker_with_two_slots_answers_a_second_job_while_the_first_waits_on_slack(seed_index, fake_slack):
    delivery = Delivery(token=BOT_TOKEN, api_url=fake_slack.base_url)
    with AnswerPool(seed_index, workers=1, entry=POSTING_WORKER, slots=2) as pool:
        fake_slack.fail_next("chat.postMessage", delay=3.0)  # the first post waits three seconds on "Slack"
        first = run_in_thread(pool, delivery, command("C123", "who Sullivan", fake_slack, "first"))
        slow = first_post_to(fake_slack, "C123", within=10)
        assert slow is not None and not slow.finished
        second = run_in_thread(pool, delivery, command("C456", "ai là Lavrov", fake_slack, "second"))
        quick = first_post_to(fake_slack, "C456", within=2.0)

        assert quick is not None, "the second job was not posted while the first waited on Slack"
        assert not slow.finished  # the first post is still waiting
        for thread, outcome in (first, second):
            thread.join(20)
            assert "records" in outcome, outcome
        assert slow.ok and quick.ok


def test_jobs_in_flight_in_one_worker_each_get_their_own_log_records(seed_index, fake_slack, engine):
    texts = ["who Sullivan", "on 2022-01-21", "help"]
    intents = [engine.answer(text).intent for text in texts]
    assert len(set(intents)) == len(texts)  # each job leaves a request line of its own
    fake_slack.fail_next("chat.postMessage", delay=1.0, times=20)  # every post waits: the jobs overlap
    fake_slack.fail_next("response_url", delay=1.0, times=20)
    delivery = Delivery(token=BOT_TOKEN, api_url=fake_slack.base_url)
    with AnswerPool(seed_index, workers=1, entry=POSTING_WORKER, slots=len(texts)) as pool:
        started = time.monotonic()
        running = [run_in_thread(pool, delivery, command("C123", text, fake_slack, f"r{i}"))
                   for i, text in enumerate(texts)]
        for thread, _ in running:
            thread.join(30)
        assert time.monotonic() - started < 1.0 * len(texts)  # they ran side by side, not one after another

    for (_, outcome), intent in zip(running, intents):
        lines = [r["msg"] for r in outcome["records"] if r["msg"].startswith("request ")]
        assert len(lines) == 1 and f"intent={intent} " in lines[0], (intent, lines)
