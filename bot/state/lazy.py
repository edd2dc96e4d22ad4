"""The state, opened when first needed: the Slack side's stores that may never be used."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Callable

from bot.state.api import State
from bot.state.store import StateStore


class LazyState:
    """The SQLite state file at `path` (created with its folder on the first write, not before),
    or whatever `opener` opens — the shared PostgreSQL state when replicas use one."""

    def __init__(self, path: Path, opener: Callable[[], State] | None = None) -> None:
        self.path = Path(path)
        self._opener = opener
        self._store: State | None = None
        self._lock = threading.Lock()

    def get(self) -> State:
        with self._lock:
            if self._store is None:
                if self._opener is not None:
                    self._store = self._opener()
                else:
                    self.path.parent.mkdir(parents=True, exist_ok=True)
                    self._store = StateStore(self.path)
            return self._store

    def may_hold_anything(self) -> bool:
        """False when there is surely nothing stored yet (no shared state and no file): reads need not create one."""
        return self._opener is not None or self._store is not None or self.path.exists()
