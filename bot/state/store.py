"""The bot's writable state in one SQLite file beside the index (by default `data/state.db`).

The search index is rebuilt from the corpus and opened read-only; anything a
user or a feed poll asked the bot to remember lives here instead, so
re-indexing never loses it: feed items already seen and each feed's HTTP
validators, watchlists, notices already sent, digest schedules, feedback
on answers, and the Slack requests answered lately (so a retry is not
answered twice).

Several bot processes on one host may share the file; replicas on several
hosts share a PostgreSQL database instead (bot.state.postgres, chosen by
`open_state`). Both run the same methods (bot.state.sql); this module holds
what is SQLite's own: the file, its schema and how SQLite stores times.

The file is marked with its own SQLite `application_id`, so pointing the
state at the index (or any other database) is refused with a message rather
than adding tables to it. `user_version` holds the schema version; a file
from a newer version is refused rather than misread.

Slack handlers run on several threads: each thread gets its own connection
(WAL mode, so readers never wait for a writer, and a busy timeout for
writers). Every write is a single statement or one transaction, so a crash
leaves either the old state or the new one.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from bot.state.records import StateError
from bot.state.sql import SqlState, execute_script, utc_now

SCHEMA_VERSION = 4
# "UBST": tells a state file from the index and from other SQLite files.
APPLICATION_ID = 0x55425354
STATE_FILE = "state.db"

_SCHEMA = """
CREATE TABLE seen_items(
    feed TEXT NOT NULL,
    item TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    PRIMARY KEY (feed, item)
) WITHOUT ROWID;
CREATE TABLE feed_validators(
    feed TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT,
    checked TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE watches(
    id INTEGER PRIMARY KEY,
    owner TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('person', 'pair', 'word')),
    value TEXT NOT NULL,
    other TEXT,
    key TEXT NOT NULL,
    created TEXT NOT NULL,
    UNIQUE (owner, kind, key)
);
CREATE TABLE sent_notices(
    watch INTEGER NOT NULL REFERENCES watches(id) ON DELETE CASCADE,
    article TEXT NOT NULL,
    sent TEXT NOT NULL,
    PRIMARY KEY (watch, article)
) WITHOUT ROWID;
CREATE TABLE digests(
    channel TEXT PRIMARY KEY,
    time TEXT NOT NULL,
    tz TEXT NOT NULL,
    last_sent TEXT
) WITHOUT ROWID;
CREATE TABLE feedback(
    id INTEGER PRIMARY KEY,
    query TEXT NOT NULL,
    answer TEXT NOT NULL,
    verdict TEXT NOT NULL CHECK (verdict IN ('good', 'bad')),
    reason TEXT,
    text TEXT,
    user TEXT NOT NULL,
    ts TEXT NOT NULL
);
"""

# Schema 2 added the request keys answered lately (`first_time`), so a retried event or a
# replayed command is answered once however many processes share the state.
_SCHEMA_2 = """
CREATE TABLE once_keys(
    key TEXT PRIMARY KEY,
    expires REAL NOT NULL
) WITHOUT ROWID;
CREATE INDEX once_keys_expires ON once_keys(expires);
"""

# Schema 3 added the articles already checked against the watchlists, so each new article's
# notices are sent once however it reached the index.
_SCHEMA_3 = """
CREATE TABLE checked_articles(
    article TEXT PRIMARY KEY,
    checked TEXT NOT NULL
) WITHOUT ROWID;
"""


# Schema 4 holds the threads the bot answered in (so a reply there is a follow-up) and those
# opened in the assistant pane. Earlier versions kept the same two tables in this file
# without counting them in the schema version, hence IF NOT EXISTS.
_SCHEMA_4 = """
CREATE TABLE IF NOT EXISTS threads(
    channel TEXT NOT NULL,
    thread_ts TEXT NOT NULL,
    person TEXT,
    date TEXT,
    updated_at REAL NOT NULL,
    PRIMARY KEY (channel, thread_ts)
);
CREATE TABLE IF NOT EXISTS assistant_threads(
    channel TEXT NOT NULL,
    thread_ts TEXT NOT NULL,
    started_at REAL NOT NULL,
    PRIMARY KEY (channel, thread_ts)
);
"""

def default_state_path(index_path: Path) -> Path:
    """`state.db` in the index's folder: beside it, never it."""
    return Path(index_path).with_name(STATE_FILE)


class StateStore(SqlState):
    """The state in one SQLite file; safe to share between threads and between processes on one host."""

    foreign_key_error = sqlite3.IntegrityError

    def __init__(self, path: Path, *, now: Callable[[], datetime] = utc_now) -> None:
        super().__init__(now=now)
        self.path = Path(path)
        if self.path.is_dir():
            raise StateError(f"{self.path}: is a folder; the state setting must name a file such as data/{STATE_FILE}")
        if not self.path.parent.is_dir():
            raise StateError(f"{self.path}: folder {self.path.parent} not found; create it first")
        self._prepare()

    @property
    def location(self) -> str:
        return str(self.path)

    def _connect(self) -> sqlite3.Connection:
        try:
            db = sqlite3.connect(self.path, timeout=10, isolation_level=None, check_same_thread=False)
            db.execute("PRAGMA foreign_keys=ON")
            db.execute("PRAGMA busy_timeout=10000")
        except sqlite3.Error as exc:
            raise StateError(f"{self.path}: cannot be opened ({exc})") from exc
        return db

    def _prepare(self) -> None:
        db = self._db()
        try:
            app_id = db.execute("PRAGMA application_id").fetchone()[0]
            version = db.execute("PRAGMA user_version").fetchone()[0]
            tables = db.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise StateError(f"{self.path}: not an SQLite database ({exc}); move it away or name another file") from exc
        if tables and app_id != APPLICATION_ID:
            raise StateError(
                f"{self.path}: is another database (the search index?), not a ukraine-bot state file;"
                f" name a separate file such as {default_state_path(self.path)}"
            )
        if app_id == APPLICATION_ID and version > SCHEMA_VERSION:
            raise StateError(
                f"{self.path}: written by a newer version (schema {version}, this version reads {SCHEMA_VERSION})"
            )
        db.execute("PRAGMA journal_mode=WAL")
        if not tables or version < SCHEMA_VERSION:
            db.execute("BEGIN IMMEDIATE")
            try:
                # Read again under the write lock: another process may have created or upgraded it meanwhile.
                version = db.execute("PRAGMA user_version").fetchone()[0]
                if not db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                    execute_script(db.execute, _SCHEMA)
                    db.execute(f"PRAGMA application_id={APPLICATION_ID}")
                    version = 1
                if version < 2:
                    execute_script(db.execute, _SCHEMA_2)
                if version < 3:
                    execute_script(db.execute, _SCHEMA_3)
                if version < 4:
                    execute_script(db.execute, _SCHEMA_4)
                db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise

    @contextmanager
    def _transaction(self, db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
        # IMMEDIATE takes the write lock at once: a count-then-insert (the watch cap) cannot race.
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def _lock_owner(self, db: sqlite3.Connection, owner: str) -> None:
        pass  # the IMMEDIATE transaction already lets one writer in at a time

    # Times are ISO text in UTC, whole seconds: they sort as they compare.
    def _time(self, moment: datetime) -> str:
        return moment.astimezone(timezone.utc).isoformat(timespec="seconds")

    def _read_time(self, value: Any) -> datetime:
        return datetime.fromisoformat(value)

    def _instant(self, moment: datetime) -> float:
        return moment.timestamp()

    @property
    def _baseline(self) -> str:
        return "0000-00-00T00:00:00+00:00"  # sorts before every real time stamp

    def _json(self, value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    def _read_json(self, value: Any) -> Any:
        return json.loads(value)
