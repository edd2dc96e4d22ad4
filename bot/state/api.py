"""What every state backend offers: the `State` protocol, and how a state URL is shown.

The bot keeps its writable state in SQLite beside the index (one host) or in
PostgreSQL (several replicas). Callers type against `State`, so they work with
either; `open_state` in bot.state picks the backend.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any, Protocol
from urllib.parse import urlsplit, urlunsplit

from bot.state.records import Digest, Feedback, Validators, Verdict, Watch, WatchKind


class State(Protocol):
    """The state store's public methods; StateStore (SQLite) and PostgresStateStore both satisfy it."""

    @property
    def location(self) -> str:
        """Where the state is kept, fit for a log line (never a password)."""
        ...

    def close(self) -> None: ...

    def mark_seen(self, feed: str, items: Iterable[str]) -> list[str]: ...

    def has_seen(self, feed: str, item: str) -> bool: ...

    def validators(self, feed: str) -> Validators: ...

    def set_validators(self, feed: str, validators: Validators) -> None: ...

    def add_watch(self, owner: str, kind: WatchKind, value: str, other: str | None = None) -> Watch: ...

    def watches(self, owner: str | None = None) -> list[Watch]: ...

    def remove_watch(self, owner: str, watch_id: int) -> bool: ...

    def mark_sent(self, watch_id: int, article_id: str) -> bool: ...

    def release_sent(self, watch_id: int, article_id: str) -> None: ...

    def was_sent(self, watch_id: int, article_id: str) -> bool: ...

    def set_digest(self, channel: str, time: str, tz: str) -> Digest: ...

    def digest(self, channel: str) -> Digest | None: ...

    def digests(self) -> list[Digest]: ...

    def remove_digest(self, channel: str) -> bool: ...

    def mark_digest_sent(self, channel: str, day: date) -> bool: ...

    def unchecked(self, article_ids: Iterable[str]) -> list[str]: ...

    def mark_checked(self, article_ids: Iterable[str], *, baseline: bool = False) -> None: ...

    def has_checked_any(self) -> bool: ...

    def checked_since(self, since: datetime) -> list[str]: ...

    def first_time(self, key: str, ttl_seconds: int) -> bool: ...

    def remember_thread(self, channel: str, thread_ts: str, person: str | None = None, date: str | None = None) -> None: ...

    def recall_thread(self, channel: str, thread_ts: str) -> tuple[str | None, str | None] | None: ...

    def remember_assistant_thread(self, channel: str, thread_ts: str) -> None: ...

    def is_assistant_thread(self, channel: str, thread_ts: str) -> bool: ...

    def record_feedback(
        self,
        *,
        query: str,
        answer: Any,
        verdict: Verdict,
        user: str,
        reason: str | None = None,
        text: str | None = None,
    ) -> int: ...

    def feedback(self, limit: int = 100) -> list[Feedback]: ...


POSTGRES_SCHEMES = ("postgresql", "postgres")


def is_postgres_url(url: str) -> bool:
    return urlsplit(url.strip()).scheme.lower() in POSTGRES_SCHEMES


def redact_url(url: str) -> str:
    """The URL with its password replaced by ***, so it can be logged or shown in an error.

    A URL that cannot be taken apart is not shown at all: it might be a password itself.
    """
    try:
        parts = urlsplit(url)
        if parts.password is None:
            # A password may also hide in the query (…?password=…): drop the query then.
            return urlunsplit(parts._replace(query="…")) if "password" in parts.query.lower() else url
        host = parts.hostname or ""
        if ":" in host:
            host = f"[{host}]"
        user = parts.username or ""
        netloc = f"{user}:***@{host}" + (f":{parts.port}" if parts.port else "")
        query = "…" if "password" in parts.query.lower() else parts.query
        return urlunsplit(parts._replace(netloc=netloc, query=query))
    except ValueError:
        return "(a URL that cannot be parsed)"
