"""Who the bot is to Slack: the Web API client it posts with, and the bot token's identity (auth.test)."""

from __future__ import annotations

import logging
import threading
import time

from slack_bolt.authorization import AuthorizeResult
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from bot.settings import Settings, SettingsError
from bot.slack.delivery import unreachable_reason

log = logging.getLogger("ukraine_bot")


WEB_API_TIMEOUT = 10  # seconds per Web API call before a retry


AUTH_TEST_TIMEOUT = 2  # auth.test can run before an ack, which Slack wants within 3 s


AUTH_RETRY_EVERY = 30.0  # seconds between auth.test attempts while Slack cannot be reached


def web_client(settings: Settings, token: str | None = None) -> WebClient:
    """A Web API client that rides out 429s, 5xx and dropped connections before giving up.

    The app's own client has no token: Bolt gives each request a copy carrying the bot token
    from BotAuthorization.
    """
    return web_client_for(settings.api_url, token)


def web_client_for(api_url: str | None, token: str | None) -> WebClient:
    """The same client from its two parts: what an answering worker posts with (bot.slack.worker)."""
    base_url = api_url.rstrip("/") + "/" if api_url else WebClient.BASE_URL
    return WebClient(
        token=token,
        timeout=WEB_API_TIMEOUT,
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=2),
            RateLimitErrorRetryHandler(max_retry_count=3),
            ServerErrorRetryHandler(max_retry_count=2),
        ],
        base_url=base_url,
    )



class BotAuthorization:
    """Who the bot is (auth.test), asked once and remembered.

    Bolt's own single-workspace authorization calls auth.test when the app
    is built and crashes if Slack cannot be reached, then answers every
    request with a 500 while it stays unreachable. Here a bad token still
    stops the app at start, but a network failure is logged and requests are
    acknowledged and answered as well as can be (replies fail and are logged);
    auth.test is tried again at most every AUTH_RETRY_EVERY seconds.
    """

    def __init__(self, settings: Settings) -> None:
        base_url = settings.api_url.rstrip("/") + "/" if settings.api_url else WebClient.BASE_URL
        self._token = settings.bot_token
        self._client = WebClient(token=settings.bot_token, timeout=AUTH_TEST_TIMEOUT, retry_handlers=[], base_url=base_url)
        self._result: AuthorizeResult | None = None
        self._next_try = 0.0
        self._lock = threading.Lock()

    def check(self) -> None:
        """At start: raise SettingsError if Slack refuses the token; only log if Slack cannot be reached."""
        try:
            self._ask()
        except SlackApiError as exc:
            raise SettingsError(f"Slack refused SLACK_BOT_TOKEN (auth.test: {exc.response.get('error')})") from None

    def _ask(self) -> None:
        with self._lock:
            if self._result is not None or time.monotonic() < self._next_try:
                return
            try:
                response = self._client.auth_test()
            except OSError as exc:
                self._next_try = time.monotonic() + AUTH_RETRY_EVERY
                log.warning("auth.test could not reach Slack (%s); will try again", unreachable_reason(exc))
                return
            self._result = AuthorizeResult.from_auth_test_response(bot_token=self._token, auth_test_response=response)

    def result(self, enterprise_id: str | None, team_id: str | None) -> AuthorizeResult:
        if self._result is None:
            self._ask()
        return self._result or AuthorizeResult(enterprise_id=enterprise_id, team_id=team_id, bot_token=self._token)
