"""Two replicas of the bot behind one Slack app, sharing their state in PostgreSQL.

Slack may deliver an event, or a replayed command may arrive, at either
replica, or at both at once: whichever claims it first answers, the other only
acknowledges. Two apps in this process (the harness), then two real
`ukraine-bot run --http` processes.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Callable
from contextlib import ExitStack
from urllib.parse import urlsplit

from tests.e2e.test_process import free_port, wait_until_serving
from tests.fakes import http_client
from tests.fakes import payloads as p
from tests.fakes.fixtures import BOT_TOKEN, SIGNING_SECRET
from tests.test_cli import ROOT, cli_env

from .harness import HttpBot, http_bot, posts, settle


def _at_once(*sends: Callable[[], http_client.Response]) -> list[http_client.Response]:
    """Send each request on its own thread, released together."""
    start = threading.Barrier(len(sends))
    responses: list[http_client.Response] = []

    def send(one: Callable[[], http_client.Response]) -> None:
        start.wait()
        responses.append(one())

    threads = [threading.Thread(target=send, args=(one,)) for one in sends]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return responses


def _two_replicas(stack: ExitStack, fake_slack, engine, seed_index, **env: str) -> tuple[HttpBot, HttpBot]:
    first = stack.enter_context(http_bot(fake_slack, engine, seed_index, **env))
    second = stack.enter_context(http_bot(fake_slack, engine, seed_index, **env))
    return first, second


def _top_level_posts(fake_slack) -> list:
    return [c for c in fake_slack.calls_to("chat.postMessage") if "thread_ts" not in c.params]


def test_an_event_delivered_to_two_replicas_is_answered_once(fake_slack, engine, seed_index, postgres_url):
    mention = p.app_mention_event("who Sullivan")
    with ExitStack() as stack:
        first, second = _two_replicas(stack, fake_slack, engine, seed_index, UKRAINE_BOT_STATE_URL=postgres_url)
        responses = _at_once(
            lambda: first.event(mention, event_id="Ev0REPLICA01"),
            lambda: second.event(mention, event_id="Ev0REPLICA01", retry_num=1, retry_reason="http_timeout"),
        )
        assert [r.status for r in responses] == [200, 200]
        posts(fake_slack, 2)  # the summary and its details, from one replica
        settle()
        assert len(fake_slack.calls_to("chat.postMessage")) == 2


def test_a_signed_command_replayed_to_two_replicas_is_answered_once(fake_slack, engine, seed_index, postgres_url):
    payload = p.slash_command_payload("who Sullivan", response_url=fake_slack.response_url("replicas"))
    with ExitStack() as stack:
        first, second = _two_replicas(stack, fake_slack, engine, seed_index, UKRAINE_BOT_STATE_URL=postgres_url)
        responses = _at_once(
            lambda: http_client.post_slash_command(first.events_url, SIGNING_SECRET, payload),
            lambda: http_client.post_slash_command(second.events_url, SIGNING_SECRET, payload),
        )
        assert [r.status for r in responses] == [200, 200]
        posts(fake_slack, 1)
        settle()
        assert len(_top_level_posts(fake_slack)) == 1


def test_replicas_without_a_shared_state_each_answer_the_same_event(fake_slack, engine, seed_index):
    """Why the shared state is needed: each replica's own memory knows only its own requests."""
    mention = p.app_mention_event("who Sullivan")
    with ExitStack() as stack:
        first, second = _two_replicas(stack, fake_slack, engine, seed_index)
        first.event(mention, event_id="Ev0REPLICA02")
        second.event(mention, event_id="Ev0REPLICA02", retry_num=1)
        assert len(posts(fake_slack, 4)) == 4


class _UnreachableState:
    """A shared state whose database has gone away: every claim raises, as psycopg does then."""

    def first_time(self, key: str, ttl_seconds: int) -> bool:
        raise ConnectionError("connection to server at 127.0.0.1 failed")

    def close(self) -> None:
        pass


def test_a_replica_whose_shared_state_is_unreachable_still_answers_and_says_why(fake_slack, engine, seed_index, app_log):
    with http_bot(fake_slack, engine, seed_index, state=_UnreachableState()) as bot:  # type: ignore[arg-type]
        bot.event(p.app_mention_event("who Sullivan"))
        assert len(posts(fake_slack, 2)) == 2
    assert any("de-duplication skipped, state unavailable" in r.getMessage() for r in app_log.records)


def test_two_bot_processes_on_one_database_answer_a_retried_event_once(fake_slack, seed_index, postgres_url):
    env = cli_env(SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET, SLACK_API_URL=fake_slack.base_url,
                  UKRAINE_BOT_INDEX=seed_index, UKRAINE_BOT_STATE_URL=postgres_url)
    ports = [free_port(), free_port()]
    procs = [
        subprocess.Popen([sys.executable, "-m", "bot", "run", "--http", "--host", "127.0.0.1", "--port", str(port)],
                         cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True)
        for port in ports
    ]
    mention = p.app_mention_event("who Sullivan")
    body = p.event_callback(mention, event_id="Ev0REPLICA03")
    try:
        for port, proc in zip(ports, procs):
            wait_until_serving(f"http://127.0.0.1:{port}/healthz", proc)
        responses = _at_once(*(
            (lambda port=port: http_client.post_event(f"http://127.0.0.1:{port}/slack/events", SIGNING_SECRET, body))
            for port in ports
        ))
        assert [r.status for r in responses] == [200, 200]
        posts(fake_slack, 2, timeout=10)
        settle(0.8)
        assert len(fake_slack.calls_to("chat.postMessage")) == 2
    finally:
        errs = []
        for proc in procs:
            proc.terminate()
            errs.append(proc.communicate(timeout=20)[1])
    password = urlsplit(postgres_url).password
    assert password and all(password not in err for err in errs)
    assert all("state in postgresql://" in err and ":***@" in err for err in errs)
