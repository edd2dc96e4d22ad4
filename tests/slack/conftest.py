"""The fake Slack Web API for the tests that post through it."""

from tests.fakes.fixtures import fake_slack  # noqa: F401 (fixture)
