"""Fixtures: the fake Slack, and the real app served over HTTP or connected over Socket Mode.

The `bot` tests run twice: answering in the serving process (UKRAINE_BOT_ANSWER_WORKERS=0) and through
the worker pool that `ukraine-bot run` uses by default. `socket_app` answers through the pool, as Socket
Mode does by default; the Socket Mode tests that build their own app (test_faults) answer in-process.
"""

from __future__ import annotations

import logging
from typing import Iterator

import pytest

from bot.serve.pool import AnswerPool
from bot.settings import Settings
from bot.slack.worker import ENTRY as POSTING_WORKER
from tests.fakes.fixtures import fake_slack, fake_socket_mode  # noqa: F401 (fixtures)
from tests.fakes.slack_api import FakeSlackAPI
from tests.fakes.socket_mode import FakeSocketModeServer

from .harness import PUBLIC_URL, HttpBot, SocketBot, http_bot, socket_bot


@pytest.fixture(scope="session")
def answer_pool(seed_index) -> Iterator[AnswerPool]:
    """Two worker processes answering and posting from the seed index, each holding as many jobs at once
    as `ukraine-bot run` gives them, shared by the tests that run with the pool."""
    with AnswerPool(seed_index, workers=2, entry=POSTING_WORKER, slots=Settings.jobs_per_worker) as pool:
        yield pool


@pytest.fixture(params=["in-process", "worker-pool"])
def answerer(request: pytest.FixtureRequest, engine):
    """The engine itself, or the worker pool in front of the same index."""
    return engine if request.param == "in-process" else request.getfixturevalue("answer_pool")


@pytest.fixture
def bot(fake_slack: FakeSlackAPI, answerer, seed_index) -> Iterator[HttpBot]:
    """The HTTP app with PUBLIC_URL set, so articles without a link of their own link to its pages."""
    with http_bot(fake_slack, answerer, seed_index, PUBLIC_URL=PUBLIC_URL) as running:
        yield running


@pytest.fixture
def socket_app(
    fake_slack: FakeSlackAPI, fake_socket_mode: FakeSocketModeServer, answer_pool: AnswerPool, seed_index
) -> Iterator[SocketBot]:
    with socket_bot(fake_slack, fake_socket_mode, answer_pool, seed_index) as running:
        yield running


@pytest.fixture
def app_log(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    """Everything logged, DEBUG and up, by the app, Bolt, slack_sdk and waitress."""
    caplog.set_level(logging.DEBUG)
    return caplog
