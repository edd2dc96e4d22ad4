"""Fixtures: the fake Slack, and the real app served over HTTP or connected over Socket Mode."""

from __future__ import annotations

import logging
from typing import Iterator

import pytest

from tests.fakes.fixtures import fake_slack, fake_socket_mode  # noqa: F401 (fixtures)
from tests.fakes.slack_api import FakeSlackAPI
from tests.fakes.socket_mode import FakeSocketModeServer

from .harness import PUBLIC_URL, HttpBot, SocketBot, http_bot, socket_bot


@pytest.fixture
def bot(fake_slack: FakeSlackAPI, engine, seed_index) -> Iterator[HttpBot]:
    """The HTTP app with PUBLIC_URL set, so articles without a link of their own link to its pages."""
    with http_bot(fake_slack, engine, seed_index, PUBLIC_URL=PUBLIC_URL) as running:
        yield running


@pytest.fixture
def socket_app(fake_slack: FakeSlackAPI, fake_socket_mode: FakeSocketModeServer, engine, seed_index) -> Iterator[SocketBot]:
    with socket_bot(fake_slack, fake_socket_mode, engine, seed_index) as running:
        yield running


@pytest.fixture
def app_log(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    """Everything logged, DEBUG and up, by the app, Bolt, slack_sdk and waitress."""
    caplog.set_level(logging.DEBUG)
    return caplog
