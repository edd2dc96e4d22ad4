"""Send the watch notices for newly indexed articles: each claimed once, paced per channel.

For each article and each watch it satisfies, the notice is first claimed in
the state store (`mark_sent`, true only once per watch and article, across
threads and restarts), then the owner's channel is paced by the rate limiter,
then `post` delivers it. If delivery fails the claim is released, so the
next run tries again, and the failure is reported with the watch and
article it concerns (never the message body or a token).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from bot.alerts.ratelimit import RateLimiter
from bot.alerts.watch import NewArticle, Notice, notices_for
from bot.state.store import StateStore

Post = Callable[[Notice], None]


@dataclass(frozen=True)
class NoticeFailure:
    owner: str
    watch_id: int
    article: str
    reason: str

    def __str__(self) -> str:
        return f"notice for watch {self.watch_id} ({self.owner}) on article {self.article}: {self.reason}"


@dataclass
class Sent:
    sent: list[Notice] = field(default_factory=list)
    failures: list[NoticeFailure] = field(default_factory=list)


def send_notices(articles: Iterable[NewArticle], state: StateStore, post: Post, limiter: RateLimiter) -> Sent:
    """Deliver every notice the articles call for that has not been delivered before."""
    result = Sent()
    watches = state.watches()
    if not watches:
        return result
    for article in articles:
        for notice in notices_for(article, watches):
            watch = notice.watch
            if not state.mark_sent(watch.id, article.id):
                continue
            limiter.wait(watch.owner)
            try:
                post(notice)
            except Exception as exc:  # noqa: BLE001 - any delivery failure is reported and retried later
                state.release_sent(watch.id, article.id)
                reason = type(exc).__name__ + (f": {str(exc).splitlines()[0][:200]}" if str(exc) else "")
                result.failures.append(NoticeFailure(watch.owner, watch.id, article.id, reason))
                continue
            result.sent.append(notice)
    return result
