"""The threads the bot answered in, and what each was last about: a `threads` table in the state file.

A reply in such a thread is a follow-up the bot may answer without a new @mention;
in any other thread it stays quiet. The last person and date let "còn ngày 22/1?"
or "and Lavrov?" be read against what the thread was about.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from bot.state.store import StateStore

SCHEMA = """
CREATE TABLE IF NOT EXISTS threads(
    channel TEXT NOT NULL,
    thread_ts TEXT NOT NULL,
    person TEXT,
    date TEXT,
    updated_at REAL NOT NULL,
    PRIMARY KEY (channel, thread_ts)
)
"""
# Threads of Slack's assistant pane, opened with the bot: every message in them is a question.
ASSISTANT_SCHEMA = """
CREATE TABLE IF NOT EXISTS assistant_threads(
    channel TEXT NOT NULL,
    thread_ts TEXT NOT NULL,
    started_at REAL NOT NULL,
    PRIMARY KEY (channel, thread_ts)
)
"""


@dataclass(frozen=True)
class ThreadMemory:
    """What a thread the bot answered in was last about (a person's name, a date label like 2022-01-21)."""

    person: str | None
    date: str | None


class ThreadStore:
    """The `threads` table of the state file; created on first use."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._prepared = False
        self._lock = threading.Lock()

    def _connect(self) -> sqlite3.Connection:
        with self._lock:
            if not self._prepared:
                # StateStore creates and marks the file (or refuses one that is not a state file);
                # this table sits beside its tables.
                self.path.parent.mkdir(parents=True, exist_ok=True)
                StateStore(self.path).close()
                self._prepared = True
        db = sqlite3.connect(self.path, timeout=10)
        db.execute("PRAGMA busy_timeout=10000")
        db.execute(SCHEMA)
        db.execute(ASSISTANT_SCHEMA)
        return db

    def remember(self, channel: str, thread_ts: str, person: str | None = None, date: str | None = None) -> None:
        """Note an answer in this thread; a person or date left None keeps what the thread had."""
        db = self._connect()
        try:
            with db:
                db.execute(
                    "INSERT INTO threads(channel, thread_ts, person, date, updated_at) VALUES (?,?,?,?,?)"
                    " ON CONFLICT(channel, thread_ts) DO UPDATE SET"
                    " person = coalesce(excluded.person, person), date = coalesce(excluded.date, date),"
                    " updated_at = excluded.updated_at",
                    (channel, thread_ts, person, date, time.time()),
                )
        finally:
            db.close()

    def recall(self, channel: str, thread_ts: str) -> ThreadMemory | None:
        """What the thread was last about, or None if the bot never answered in it."""
        if not self.path.exists():
            return None
        db = self._connect()
        try:
            row = db.execute("SELECT person, date FROM threads WHERE channel = ? AND thread_ts = ?",
                             (channel, thread_ts)).fetchone()
        finally:
            db.close()
        return ThreadMemory(*row) if row else None

    def remember_assistant(self, channel: str, thread_ts: str) -> None:
        """Note a thread the user opened in the assistant pane."""
        db = self._connect()
        try:
            with db:
                db.execute("INSERT OR IGNORE INTO assistant_threads(channel, thread_ts, started_at) VALUES (?,?,?)",
                           (channel, thread_ts, time.time()))
        finally:
            db.close()

    def is_assistant(self, channel: str, thread_ts: str) -> bool:
        """Whether this thread was opened in the assistant pane."""
        if not self.path.exists():
            return False
        db = self._connect()
        try:
            row = db.execute("SELECT 1 FROM assistant_threads WHERE channel = ? AND thread_ts = ?",
                             (channel, thread_ts)).fetchone()
        finally:
            db.close()
        return row is not None
