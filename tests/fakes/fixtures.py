"""Pytest fixtures for the Slack fakes.

Import them where needed (``from tests.fakes.fixtures import fake_slack,
fake_socket_mode, web_client  # noqa: F401``) or list this module in a
conftest's ``pytest_plugins``.
"""

from __future__ import annotations

from typing import Iterator

import pytest
from slack_sdk import WebClient

from .slack_api import FakeSlackAPI
from .socket_mode import FakeSocketModeServer

BOT_TOKEN = "xoxb-test"
APP_TOKEN = "xapp-1-test"
SIGNING_SECRET = "test-signing-secret"


@pytest.fixture
def fake_slack() -> Iterator[FakeSlackAPI]:
    """A running fake Web API, stopped after the test."""
    with FakeSlackAPI() as api:
        yield api


@pytest.fixture
def fake_socket_mode(fake_slack: FakeSlackAPI) -> Iterator[FakeSocketModeServer]:
    """A running fake Socket Mode server wired to ``fake_slack``'s apps.connections.open."""
    with FakeSocketModeServer(fake_slack) as server:
        yield server


@pytest.fixture
def web_client(fake_slack: FakeSlackAPI) -> WebClient:
    """A real WebClient talking to ``fake_slack`` with the bot token."""
    return WebClient(token=BOT_TOKEN, base_url=fake_slack.base_url)
