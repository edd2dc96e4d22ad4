"""Pace messages per Slack channel: a token bucket, about one message a second, with a small burst.

Slack allows roughly one message per second per channel and answers faster
senders with HTTP 429. When one new article matches many watches, or a
digest is posted beside notices, the messages are spaced out here instead.

`delay(channel)` reserves the next free slot and says how long to wait
before sending in it, so threads sending to one channel at the same time are
given successive slots rather than all waking at once.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

# Channels idle long enough to have a full bucket are forgotten past this many.
MAX_TRACKED = 1000


@dataclass
class _Bucket:
    tokens: float
    stamp: float


class RateLimiter:
    def __init__(
        self,
        rate: float = 1.0,
        burst: int = 1,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError(f"rate must be > 0 and burst >= 1, got rate={rate}, burst={burst}")
        self.rate = rate
        self.burst = burst
        self._clock = clock
        self._sleep = sleep
        self._buckets: dict[str, _Bucket] = {}
        self._lock = threading.Lock()

    def delay(self, channel: str) -> float:
        """Seconds to wait before sending to `channel`; the slot is taken whether or not one waits."""
        with self._lock:
            now = self._clock()
            bucket = self._buckets.get(channel)
            if bucket is None:
                if len(self._buckets) >= MAX_TRACKED:
                    self._forget_idle(now)
                bucket = self._buckets[channel] = _Bucket(float(self.burst), now)
            bucket.tokens = min(float(self.burst), bucket.tokens + (now - bucket.stamp) * self.rate)
            bucket.stamp = now
            bucket.tokens -= 1.0
            return 0.0 if bucket.tokens >= 0 else -bucket.tokens / self.rate

    def wait(self, channel: str) -> None:
        """Block until `channel` may receive the next message."""
        pause = self.delay(channel)
        if pause > 0:
            self._sleep(pause)

    def _forget_idle(self, now: float) -> None:
        idle = [c for c, b in self._buckets.items() if b.tokens + (now - b.stamp) * self.rate >= self.burst]
        for channel in idle:
            del self._buckets[channel]
