"""Watch notices delivered to Slack: posted to the watch's owner (a channel, or a user's DM with the bot).

Delivery failures raise, so `send_notices` releases the claim and the next
check retries; the exception names the Slack error, never the message.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from slack_sdk import WebClient

from bot.alerts.live import Checked, check_new_articles
from bot.alerts.notify import Post
from bot.alerts.ratelimit import RateLimiter
from bot.alerts.watch import Notice
from bot.render.notices import notice_message
from bot.state.api import State

log = logging.getLogger("ukraine_bot")

RETRY_AFTER = 60.0  # seconds


def slack_poster(client: WebClient) -> Post:
    """Post each notice with `client` (which carries the bot token)."""

    def post(notice: Notice) -> None:
        client.chat_postMessage(channel=notice.watch.owner, **notice_message(notice).as_kwargs())

    return post


class NoticeChecker:
    """Checks the index for new articles and sends their notices; one check at a time per process."""

    def __init__(self, index: Path, state: State, post: Post, limiter: RateLimiter | None = None) -> None:
        self.index = Path(index)
        self.state = state
        self.post = post
        self.limiter = limiter or RateLimiter()
        self._lock = threading.Lock()
        self._checked: tuple[int, int, int] | None = None  # the index file as last checked
        self._retry_at: float | None = None  # when undelivered notices are tried again

    def _stamp(self) -> tuple[int, int, int] | None:
        try:
            st = self.index.stat()
        except OSError:
            return None
        return (st.st_ino, st.st_size, st.st_mtime_ns)

    def check_if_changed(self) -> Checked | None:
        """`check`, only if the index file changed since the last check (cheap enough to call every second)."""
        due = self._retry_at is not None and time.monotonic() >= self._retry_at
        if self._checked is not None and self._stamp() == self._checked and not due:
            return None
        return self.check()

    def check(self) -> Checked | None:
        """Send what the new articles call for; a failure is logged (never raised: the bot keeps serving)."""
        with self._lock:
            stamp = self._stamp()  # taken first: a change while checking is checked again next time
            try:
                checked = check_new_articles(self.index, self.state, self.post, self.limiter)
            except Exception as exc:  # noqa: BLE001 - a bad index or state must not stop serving
                log.error("checking new articles for watch notices failed: %s", exc)
                return None
            self._checked = stamp
            # Undelivered notices (Slack down, a channel gone) are tried again a minute later, not every second.
            self._retry_at = time.monotonic() + RETRY_AFTER if checked.failures else None
        if checked.articles and not checked.baseline:
            log.info("notices articles=%d sent=%d failed=%d", len(checked.articles), len(checked.sent), len(checked.failures))
        for failure in checked.failures:
            log.warning("%s", failure)
        return checked
