"""Make the Slack fake fixtures available to the tests in this folder."""

from .fixtures import fake_slack, fake_socket_mode, web_client  # noqa: F401
