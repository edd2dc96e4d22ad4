"""Opening stores on one state by name, and the test clock: shared by the state tests and the replicas' child processes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

from bot.state.api import State
from bot.state.store import StateStore


class Clock:
    """A clock that moves one second each time it is read, so every stamp differs; `advance` jumps."""

    def __init__(self) -> None:
        self.now = datetime(2024, 3, 5, 9, 0, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


class OpenStore:
    """Opens stores on one state; each store is another process's view of it (a restart, a replica).

    `kind` and `where` name that state, so a child process can open it too (see `open_named`).
    """

    def __init__(self, kind: str, where: str) -> None:
        self.kind = kind
        self.where = where
        self.opened: list[State] = []

    def __call__(self, now: Callable[[], datetime] | None = None) -> State:
        store = open_named(self.kind, self.where, now or Clock())
        self.opened.append(store)
        return store


def open_named(kind: str, where: str, now: Callable[[], datetime] | None = None) -> State:
    """A store on the SQLite file or PostgreSQL URL `where`."""
    if kind == "sqlite":
        return StateStore(Path(where), now=now) if now else StateStore(Path(where))
    from bot.state.postgres import PostgresStateStore

    return PostgresStateStore(where, now=now) if now else PostgresStateStore(where)
