"""The bot's writable state in one SQLite file beside the index (by default `data/state.db`).

The search index is rebuilt from the corpus and opened read-only; anything a
user or a feed poll asked the bot to remember lives here instead, so
re-indexing never loses it: feed items already seen and each feed's HTTP
validators, watchlists, notices already sent, digest schedules, feedback
on answers, and the Slack requests answered lately (so a retry is not
answered twice).

Several bot processes on one host may share the file; replicas on several
hosts share a PostgreSQL database instead (bot.state.postgres, chosen by
`open_state`), with the same methods and the same rules.

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
import re
import sqlite3
import threading
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Literal, get_args
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.shared.text import fold

SCHEMA_VERSION = 2
# "UBST": tells a state file from the index and from other SQLite files.
APPLICATION_ID = 0x55425354
STATE_FILE = "state.db"

WatchKind = Literal["person", "pair", "word"]
Verdict = Literal["good", "bad"]

# Caps, so one user or one feed cannot grow the file without bound.
MAX_WATCHES_PER_OWNER = 50
MAX_WATCH_VALUE = 100
MAX_FEEDBACK_TEXT = 2000
MAX_SEEN_PER_FEED = 5000

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

# Expired request keys are deleted at most this often (seconds), not on every request.
ONCE_CLEANUP_EVERY = 60.0


class StateError(Exception):
    """The state file cannot be used as it is; `str()` names the file and what to do."""


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


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


def watch_input(kind: str, value: str, other: str | None) -> tuple[str, str | None, str]:
    """A watch as stored: (value, other, key), cleaned and ordered; ValueError says what is wrong.

    Shared by every backend, so a watch is refused or merged the same way wherever it is kept.
    """
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


def default_state_path(index_path: Path) -> Path:
    """`state.db` in the index's folder: beside it, never it."""
    return Path(index_path).with_name(STATE_FILE)


class StateStore:
    """Typed access to the state file; safe to share between threads."""

    def __init__(self, path: Path, *, now: Callable[[], datetime] = _utc_now) -> None:
        self.path = Path(path)
        self._now = now
        self._local = threading.local()
        self._lock = threading.Lock()
        self._connections: list[sqlite3.Connection] = []
        if self.path.is_dir():
            raise StateError(f"{self.path}: is a folder; the state setting must name a file such as data/{STATE_FILE}")
        if not self.path.parent.is_dir():
            raise StateError(f"{self.path}: folder {self.path.parent} not found; create it first")
        self._prepare()

    # -- connections -------------------------------------------------------

    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            try:
                db = sqlite3.connect(self.path, timeout=10, isolation_level=None, check_same_thread=False)
                db.execute("PRAGMA foreign_keys=ON")
                db.execute("PRAGMA busy_timeout=10000")
            except sqlite3.Error as exc:
                raise StateError(f"{self.path}: cannot be opened ({exc})") from exc
            self._local.db = db
            with self._lock:
                self._connections.append(db)
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
                    _execute_all(db, _SCHEMA)
                    db.execute(f"PRAGMA application_id={APPLICATION_ID}")
                    version = 1
                if version < 2:
                    _execute_all(db, _SCHEMA_2)
                db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise

    @property
    def location(self) -> str:
        """Where the state is kept, fit for a log line."""
        return str(self.path)

    def close(self) -> None:
        """Close every thread's connection (call once, when the bot stops)."""
        with self._lock:
            for db in self._connections:
                db.close()
            self._connections.clear()
        self._local = threading.local()

    def _stamp(self) -> str:
        return self._now().astimezone(timezone.utc).isoformat(timespec="seconds")

    # -- feeds -------------------------------------------------------------

    def mark_seen(self, feed: str, items: Iterable[str]) -> list[str]:
        """Remember `items` (ids or links) of `feed`; return those not seen before, in order.

        Only the newest MAX_SEEN_PER_FEED items are kept per feed: a feed
        lists its latest items, so older ids will not come back.
        """
        stamp = self._stamp()
        new: list[str] = []
        db = self._db()
        db.execute("BEGIN IMMEDIATE")
        try:
            for item in dict.fromkeys(items):
                cur = db.execute("INSERT OR IGNORE INTO seen_items VALUES (?, ?, ?)", (feed, item, stamp))
                if cur.rowcount:
                    new.append(item)
            if new:
                db.execute(
                    "DELETE FROM seen_items WHERE feed = ? AND item NOT IN"
                    " (SELECT item FROM seen_items WHERE feed = ? ORDER BY first_seen DESC LIMIT ?)",
                    (feed, feed, MAX_SEEN_PER_FEED),
                )
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        return new

    def has_seen(self, feed: str, item: str) -> bool:
        return self._db().execute("SELECT 1 FROM seen_items WHERE feed = ? AND item = ?", (feed, item)).fetchone() is not None

    def validators(self, feed: str) -> Validators:
        row = self._db().execute("SELECT etag, last_modified FROM feed_validators WHERE feed = ?", (feed,)).fetchone()
        return Validators(*row) if row else Validators()

    def set_validators(self, feed: str, validators: Validators) -> None:
        self._db().execute(
            "INSERT INTO feed_validators VALUES (?, ?, ?, ?) ON CONFLICT(feed) DO UPDATE SET"
            " etag = excluded.etag, last_modified = excluded.last_modified, checked = excluded.checked",
            (feed, validators.etag, validators.last_modified, self._stamp()),
        )

    # -- watchlists --------------------------------------------------------

    def add_watch(self, owner: str, kind: WatchKind, value: str, other: str | None = None) -> Watch:
        """Add a watch, or return the same one if it exists; ValueError says what is wrong with the input."""
        value, other, key = watch_input(kind, value, other)
        db = self._db()
        db.execute("BEGIN IMMEDIATE")
        try:
            row = db.execute("SELECT * FROM watches WHERE owner = ? AND kind = ? AND key = ?", (owner, kind, key)).fetchone()
            if row is None:
                count = db.execute("SELECT count(*) FROM watches WHERE owner = ?", (owner,)).fetchone()[0]
                if count >= MAX_WATCHES_PER_OWNER:
                    raise too_many_watches(count)
                db.execute(
                    "INSERT INTO watches(owner, kind, value, other, key, created) VALUES (?, ?, ?, ?, ?, ?)",
                    (owner, kind, value, other, key, self._stamp()),
                )
                row = db.execute("SELECT * FROM watches WHERE owner = ? AND kind = ? AND key = ?", (owner, kind, key)).fetchone()
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        return _watch(row)

    def watches(self, owner: str | None = None) -> list[Watch]:
        """One owner's watches, or everyone's, oldest first."""
        if owner is None:
            rows = self._db().execute("SELECT * FROM watches ORDER BY id").fetchall()
        else:
            rows = self._db().execute("SELECT * FROM watches WHERE owner = ? ORDER BY id", (owner,)).fetchall()
        return [_watch(row) for row in rows]

    def remove_watch(self, owner: str, watch_id: int) -> bool:
        """Remove one of `owner`'s watches (and its sent notices); False if it is not theirs or not there."""
        cur = self._db().execute("DELETE FROM watches WHERE id = ? AND owner = ?", (watch_id, owner))
        return cur.rowcount > 0

    # -- notices -----------------------------------------------------------

    def mark_sent(self, watch_id: int, article_id: str) -> bool:
        """Record that `article_id` was notified for `watch_id`; True only the first time.

        Claim a notice with this before sending it, so two threads (or a
        restart) never send it twice.
        """
        try:
            cur = self._db().execute(
                "INSERT OR IGNORE INTO sent_notices VALUES (?, ?, ?)", (watch_id, article_id, self._stamp())
            )
        except sqlite3.IntegrityError:
            return False  # the watch was removed meanwhile: nothing to send
        return cur.rowcount > 0

    def release_sent(self, watch_id: int, article_id: str) -> None:
        """Undo a claim whose message could not be delivered, so the next attempt may send it."""
        self._db().execute("DELETE FROM sent_notices WHERE watch = ? AND article = ?", (watch_id, article_id))

    def was_sent(self, watch_id: int, article_id: str) -> bool:
        row = self._db().execute("SELECT 1 FROM sent_notices WHERE watch = ? AND article = ?", (watch_id, article_id))
        return row.fetchone() is not None

    # -- digests -----------------------------------------------------------

    def set_digest(self, channel: str, time: str, tz: str) -> Digest:
        """Schedule (or move) `channel`'s daily digest; ValueError names a bad time or time zone."""
        hhmm, tz = digest_input(time, tz)
        self._db().execute(
            "INSERT INTO digests VALUES (?, ?, ?, NULL) ON CONFLICT(channel) DO UPDATE SET time = excluded.time, tz = excluded.tz",
            (channel, hhmm, tz),
        )
        return self.digest(channel)  # type: ignore[return-value]

    def digest(self, channel: str) -> Digest | None:
        row = self._db().execute("SELECT * FROM digests WHERE channel = ?", (channel,)).fetchone()
        return _digest(row) if row else None

    def digests(self) -> list[Digest]:
        return [_digest(row) for row in self._db().execute("SELECT * FROM digests ORDER BY channel")]

    def remove_digest(self, channel: str) -> bool:
        return self._db().execute("DELETE FROM digests WHERE channel = ?", (channel,)).rowcount > 0

    def mark_digest_sent(self, channel: str, day: date) -> bool:
        """Record that `channel`'s digest for `day` went out; True only the first time for that day."""
        cur = self._db().execute(
            "UPDATE digests SET last_sent = ? WHERE channel = ? AND (last_sent IS NULL OR last_sent < ?)",
            (day.isoformat(), channel, day.isoformat()),
        )
        return cur.rowcount > 0

    # -- requests answered ---------------------------------------------------

    def first_time(self, key: str, ttl_seconds: int) -> bool:
        """True for the first caller to present `key` within `ttl_seconds`; False for every other.

        Slack retries an event with the same event_id and a replayed command carries the
        same trigger_id: claiming the key before answering answers it once, whichever
        thread or process sharing this file gets it first. One statement, so two callers
        never both see True; a key whose lifetime is over counts as new again.
        """
        once_key_input(key, ttl_seconds)
        now = self._now().timestamp()
        db = self._db()
        cur = db.execute(
            "INSERT INTO once_keys VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET expires = excluded.expires"
            " WHERE once_keys.expires <= ?",
            (key, now + ttl_seconds, now),
        )
        if now - getattr(self._local, "cleaned", float("-inf")) >= ONCE_CLEANUP_EVERY:
            self._local.cleaned = now
            db.execute("DELETE FROM once_keys WHERE expires <= ?", (now,))
        return cur.rowcount > 0

    # -- feedback ----------------------------------------------------------

    def record_feedback(
        self,
        *,
        query: str,
        answer: Any,
        verdict: Verdict,
        user: str,
        reason: str | None = None,
        text: str | None = None,
    ) -> int:
        """Store a verdict on an answer (as JSON); return its id."""
        text = feedback_input(verdict, text)
        cur = self._db().execute(
            "INSERT INTO feedback(query, answer, verdict, reason, text, user, ts) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (query, json.dumps(answer, ensure_ascii=False), verdict, reason, text, user, self._stamp()),
        )
        if cur.lastrowid is None:
            raise StateError(f"{self.path}: feedback was not stored (no row id returned)")
        return cur.lastrowid

    def feedback(self, limit: int = 100) -> list[Feedback]:
        """The newest `limit` verdicts, newest first."""
        rows = self._db().execute("SELECT * FROM feedback ORDER BY id DESC LIMIT ?", (limit,)).fetchall()
        return [
            Feedback(id, query, json.loads(answer), verdict, reason, text, user, datetime.fromisoformat(ts))
            for id, query, answer, verdict, reason, text, user, ts in rows
        ]


def _execute_all(db: sqlite3.Connection, script: str) -> None:
    # One statement at a time: executescript would commit the open transaction first.
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


def _watch(row: tuple) -> Watch:
    id_, owner, kind, value, other, _key_, created = row
    return Watch(id_, owner, kind, value, other, datetime.fromisoformat(created))


def _digest(row: tuple) -> Digest:
    channel, time, tz, last_sent = row
    return Digest(channel, time, tz, date.fromisoformat(last_sent) if last_sent else None)
