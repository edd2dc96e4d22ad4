"""What the state holds, in every backend: the records read back, the caps, and the input rules.

One module for both stores (SQLite beside the index, PostgreSQL for replicas), so a watch is
refused or merged, a digest time read and a feedback text cut the same way wherever it is kept.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal, get_args
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.shared.text import fold

WatchKind = Literal["person", "pair", "word"]
Verdict = Literal["good", "bad"]

# Caps, so one user or one feed cannot grow the file without bound.
MAX_WATCHES_PER_OWNER = 50
MAX_WATCH_VALUE = 100
MAX_FEEDBACK_TEXT = 2000
MAX_SEEN_PER_FEED = 5000


class StateError(Exception):
    """The state cannot be used as it is; `str()` names the file or database (never its password) and what to do."""


@dataclass(frozen=True)
class Validators:
    """What a feed's server said identifies its current version (sent back for a conditional GET)."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class Watch:
    """A channel or user asking to hear about a person, a pair of people, or a word in new articles."""

    id: int
    owner: str
    kind: WatchKind
    value: str
    other: str | None
    created: datetime

    def __str__(self) -> str:
        return f"{self.value} & {self.other}" if self.kind == "pair" else self.value


@dataclass(frozen=True)
class Digest:
    """A channel's daily digest: at `time` (HH:MM) in time zone `tz`, last sent on `last_sent`."""

    channel: str
    time: str
    tz: str
    last_sent: date | None


@dataclass(frozen=True)
class Feedback:
    """A user's verdict on one answer, with the answer as it was shown."""

    id: int
    query: str
    answer: Any
    verdict: Verdict
    reason: str | None
    text: str | None
    user: str
    ts: datetime


def _clean(value: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", value)).strip()


def _key(value: str) -> str:
    """Case- and diacritics-insensitive, so "Lavrov" and "lavrov", "Nga" and "nga" are one watch."""
    return fold(value)


def watch_input(kind: str, value: str, other: str | None) -> tuple[str, str | None, str]:
    """A watch as stored: (value, other, key), cleaned and ordered; ValueError says what is wrong."""
    if kind not in get_args(WatchKind):
        raise ValueError(f"unknown watch kind {kind!r}; use one of {', '.join(get_args(WatchKind))}")
    value = _clean(value)
    other = _clean(other) if other is not None else None
    if kind == "pair":
        if not other:
            raise ValueError("a pair watch needs two names")
        if _key(value) == _key(other):
            raise ValueError(f"a pair watch needs two different names, got {value!r} twice")
        # The pair Lavrov & Rubio is the pair Rubio & Lavrov.
        value, other = sorted((value, other), key=_key)
    elif other is not None:
        raise ValueError(f"a {kind} watch takes one value")
    for part in (value, other):
        if part is not None and not part:
            raise ValueError("a watch needs a name or a word")
        if part is not None and len(part) > MAX_WATCH_VALUE:
            raise ValueError(f"{part[:30]!r}… is longer than {MAX_WATCH_VALUE} characters")
    key = _key(value) if other is None else f"{_key(value)}\n{_key(other)}"
    return value, other, key


def too_many_watches(count: int) -> ValueError:
    return ValueError(f"already watching {count} things, the most allowed; remove one first")


def digest_input(time: str, tz: str) -> tuple[str, str]:
    """A digest schedule as stored: (HH:MM, time zone name); ValueError names a bad time or zone."""
    match = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", time.strip())
    if not match:
        raise ValueError(f"time {time!r} is not HH:MM on a 24-hour clock, e.g. 07:30")
    try:
        ZoneInfo(tz.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"time zone {tz!r} is not known; use a name like Asia/Ho_Chi_Minh") from None
    return f"{int(match[1]):02d}:{match[2]}", tz.strip()


def feedback_input(verdict: str, text: str | None) -> str | None:
    """The feedback text as stored (cut to the cap); ValueError for an unknown verdict."""
    if verdict not in get_args(Verdict):
        raise ValueError(f"unknown verdict {verdict!r}; use one of {', '.join(get_args(Verdict))}")
    if text is not None and len(text) > MAX_FEEDBACK_TEXT:
        return text[:MAX_FEEDBACK_TEXT]
    return text


def once_key_input(key: str, ttl_seconds: int) -> None:
    """ValueError for a request key or lifetime `first_time` cannot keep."""
    if not key:
        raise ValueError("a request key must not be empty")
    if ttl_seconds <= 0:
        raise ValueError(f"ttl_seconds must be positive, got {ttl_seconds}")
