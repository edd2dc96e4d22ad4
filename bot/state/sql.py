"""The state's methods, written once over SQL that SQLite and PostgreSQL both speak.

Each backend (bot.state.store for SQLite, bot.state.postgres for PostgreSQL) opens its own
connections and schema and supplies the few things the two databases do differently: the
placeholder, how a transaction starts, how times and JSON are stored, what a broken foreign
key raises, and a lock that makes a per-owner cap hold across processes. Everything that
decides what the bot remembers lives here, so the two cannot drift apart.

What must hold across threads and processes is one statement or one transaction: `mark_sent`
and `first_time` are a single INSERT … ON CONFLICT, `mark_digest_sent` a single conditional
UPDATE, `add_watch` counts and inserts under the backend's owner lock.
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from datetime import date, datetime, timezone
from typing import Any

from bot.state import records as rules
from bot.state.records import Digest, Feedback, StateError, Validators, Verdict, Watch, WatchKind

# Expired request keys are deleted at most this often (seconds), not on every request.
ONCE_CLEANUP_EVERY = 60.0


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


class SqlState(ABC):
    """The State protocol over one SQL database; the backend supplies connections and dialect."""

    # The backend's exception for a row whose watch was removed meanwhile (a foreign key).
    foreign_key_error: type[Exception] | tuple[type[Exception], ...] = ()

    def __init__(self, *, now: Callable[[], datetime] = utc_now) -> None:
        self._now = now
        self._local = threading.local()
        self._lock = threading.Lock()
        self._connections: list[Any] = []
        self._sql: dict[str, str] = {}

    # -- what each backend supplies ------------------------------------------

    @property
    @abstractmethod
    def location(self) -> str:
        """Where the state is kept, fit for a log line (never a password)."""

    @abstractmethod
    def _connect(self) -> Any:
        """A new connection for the calling thread, in autocommit mode; StateError if it cannot be made."""

    def _usable(self, db: Any) -> bool:
        """Whether this thread's connection can still be used (a server may have dropped it)."""
        return True

    @abstractmethod
    def _transaction(self, db: Any) -> AbstractContextManager[Any]:
        """One transaction on `db`: committed when the block ends, rolled back when it raises."""

    @abstractmethod
    def _lock_owner(self, db: Any, owner: str) -> None:
        """Inside a transaction: let one writer at a time add watches for `owner`."""

    @abstractmethod
    def _time(self, moment: datetime) -> Any:
        """An aware time as the database stores it."""

    @abstractmethod
    def _read_time(self, value: Any) -> datetime:
        """A stored time back as an aware UTC datetime."""

    @abstractmethod
    def _instant(self, moment: datetime) -> Any:
        """An aware time as the columns compared against the clock store it (request keys' expiry, threads)."""

    @property
    @abstractmethod
    def _baseline(self) -> Any:
        """The stamp of articles indexed before anything was watched: before every real stamp."""

    @abstractmethod
    def _json(self, value: Any) -> Any:
        """A JSON-ready value as the database stores it."""

    @abstractmethod
    def _read_json(self, value: Any) -> Any:
        """A stored JSON value back as Python data."""

    def _text(self, value: str | None) -> str | None:
        """User text as the database can hold it."""
        return value

    def _day(self, day: date) -> Any:
        """A calendar day as the database stores it."""
        return day.isoformat()

    placeholder = "?"

    # -- connections -----------------------------------------------------------

    def _db(self) -> Any:
        db = getattr(self._local, "db", None)
        if db is not None and not self._usable(db):
            with self._lock:
                if db in self._connections:
                    self._connections.remove(db)
            db = None
        if db is None:
            db = self._connect()
            self._local.db = db
            with self._lock:
                self._connections.append(db)
        return db

    def _run(self, db: Any, sql: str, params: Sequence[Any] = ()) -> Any:
        """`sql`, written with ? placeholders, in this backend's placeholder style."""
        text = self._sql.get(sql)
        if text is None:
            text = self._sql[sql] = sql.replace("?", self.placeholder)
        return db.execute(text, params)

    def _q(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self._run(self._db(), sql, params)

    def _run_many(self, db: Any, sql: str, rows: list[tuple[Any, ...]]) -> None:
        db.executemany(sql.replace("?", self.placeholder), rows)

    def close(self) -> None:
        """Close every thread's connection (call once, when the bot stops)."""
        with self._lock:
            for db in self._connections:
                db.close()
            self._connections.clear()
        self._local = threading.local()

    def _stamp(self) -> Any:
        # Whole seconds, so both backends give equal values back.
        return self._time(self._now().astimezone(timezone.utc).replace(microsecond=0))

    # -- feeds -----------------------------------------------------------------

    def mark_seen(self, feed: str, items: Iterable[str]) -> list[str]:
        """Remember `items` (ids or links) of `feed`; return those not seen before (by any process), in order.

        Only the newest MAX_SEEN_PER_FEED items are kept per feed: a feed
        lists its latest items, so older ids will not come back.
        """
        stamp = self._stamp()
        new: list[str] = []
        db = self._db()
        with self._transaction(db):
            for item in dict.fromkeys(items):
                cur = self._run(db, "INSERT INTO seen_items VALUES (?, ?, ?) ON CONFLICT DO NOTHING", (feed, item, stamp))
                if cur.rowcount:
                    new.append(item)
            if new:
                self._run(
                    db,
                    "DELETE FROM seen_items WHERE feed = ? AND item NOT IN"
                    " (SELECT item FROM seen_items WHERE feed = ? ORDER BY first_seen DESC LIMIT ?)",
                    (feed, feed, rules.MAX_SEEN_PER_FEED),
                )
        return new

    def has_seen(self, feed: str, item: str) -> bool:
        return self._q("SELECT 1 FROM seen_items WHERE feed = ? AND item = ?", (feed, item)).fetchone() is not None

    def validators(self, feed: str) -> Validators:
        row = self._q("SELECT etag, last_modified FROM feed_validators WHERE feed = ?", (feed,)).fetchone()
        return Validators(*row) if row else Validators()

    def set_validators(self, feed: str, validators: Validators) -> None:
        self._q(
            "INSERT INTO feed_validators VALUES (?, ?, ?, ?) ON CONFLICT (feed) DO UPDATE SET"
            " etag = excluded.etag, last_modified = excluded.last_modified, checked = excluded.checked",
            (feed, validators.etag, validators.last_modified, self._stamp()),
        )

    # -- watchlists ------------------------------------------------------------

    def add_watch(self, owner: str, kind: WatchKind, value: str, other: str | None = None) -> Watch:
        """Add a watch, or return the same one if it exists; ValueError says what is wrong with the input."""
        value, other, key = rules.watch_input(kind, self._text(value) or "", self._text(other))
        db = self._db()
        select = "SELECT * FROM watches WHERE owner = ? AND kind = ? AND key = ?"
        with self._transaction(db):
            # Writers adding for one owner take turns, so the cap cannot be passed by a race.
            self._lock_owner(db, owner)
            row = self._run(db, select, (owner, kind, key)).fetchone()
            if row is None:
                count = self._run(db, "SELECT count(*) FROM watches WHERE owner = ?", (owner,)).fetchone()[0]
                if count >= rules.MAX_WATCHES_PER_OWNER:
                    raise rules.too_many_watches(count)
                self._run(
                    db,
                    "INSERT INTO watches(owner, kind, value, other, key, created) VALUES (?, ?, ?, ?, ?, ?)",
                    (owner, kind, value, other, key, self._stamp()),
                )
                row = self._run(db, select, (owner, kind, key)).fetchone()
        return self._watch(row)

    def watches(self, owner: str | None = None) -> list[Watch]:
        """One owner's watches, or everyone's, oldest first."""
        if owner is None:
            rows = self._q("SELECT * FROM watches ORDER BY id").fetchall()
        else:
            rows = self._q("SELECT * FROM watches WHERE owner = ? ORDER BY id", (owner,)).fetchall()
        return [self._watch(row) for row in rows]

    def remove_watch(self, owner: str, watch_id: int) -> bool:
        """Remove one of `owner`'s watches (and its sent notices); False if it is not theirs or not there."""
        return self._q("DELETE FROM watches WHERE id = ? AND owner = ?", (watch_id, owner)).rowcount > 0

    # -- notices ---------------------------------------------------------------

    def mark_sent(self, watch_id: int, article_id: str) -> bool:
        """Record that `article_id` was notified for `watch_id`; True only the first time, in any process.

        Claim a notice with this before sending it, so two threads, two replicas or a restart
        never send it twice: of two racing inserts the database lets one in.
        """
        try:
            cur = self._q(
                "INSERT INTO sent_notices VALUES (?, ?, ?) ON CONFLICT DO NOTHING", (watch_id, article_id, self._stamp())
            )
        except self.foreign_key_error:
            return False  # the watch was removed meanwhile: nothing to send
        return cur.rowcount > 0

    def release_sent(self, watch_id: int, article_id: str) -> None:
        """Undo a claim whose message could not be delivered, so the next attempt may send it."""
        self._q("DELETE FROM sent_notices WHERE watch = ? AND article = ?", (watch_id, article_id))

    def was_sent(self, watch_id: int, article_id: str) -> bool:
        row = self._q("SELECT 1 FROM sent_notices WHERE watch = ? AND article = ?", (watch_id, article_id)).fetchone()
        return row is not None

    # -- articles checked against the watchlists -------------------------------

    def unchecked(self, article_ids: Iterable[str]) -> list[str]:
        """The ids, in order, of articles never yet checked for notices (by any process)."""
        # One read of the checked ids, not a query per article: an index may hold 100,000 of them.
        checked = {a for (a,) in self._q("SELECT article FROM checked_articles")}
        return [a for a in dict.fromkeys(article_ids) if a not in checked]

    def mark_checked(self, article_ids: Iterable[str], *, baseline: bool = False) -> None:
        """Remember that these articles were checked (their notices sent or claimed), so no reload checks them again.

        `baseline` articles were in the index before anything was watched: they are stamped as
        checked before any time, so no digest counts them as new.
        """
        stamp = self._baseline if baseline else self._stamp()
        rows = [(a, stamp) for a in dict.fromkeys(article_ids)]
        if not rows:
            return
        db = self._db()
        with self._transaction(db):
            self._run_many(db, "INSERT INTO checked_articles VALUES (?, ?) ON CONFLICT DO NOTHING", rows)

    def has_checked_any(self) -> bool:
        """Whether any article was ever checked: if not, the index's articles are the baseline, not news."""
        return self._q("SELECT 1 FROM checked_articles LIMIT 1").fetchone() is not None

    def checked_since(self, since: datetime) -> list[str]:
        """The articles first checked after `since` (aware), oldest first: what is new since then."""
        rows = self._q(
            "SELECT article FROM checked_articles WHERE checked > ? ORDER BY checked, article",
            (self._time(since.astimezone(timezone.utc)),),
        )
        return [a for (a,) in rows]

    # -- digests ---------------------------------------------------------------

    def set_digest(self, channel: str, time: str, tz: str) -> Digest:
        """Schedule (or move) `channel`'s daily digest; ValueError names a bad time or time zone."""
        hhmm, tz = rules.digest_input(time, tz)
        self._q(
            "INSERT INTO digests VALUES (?, ?, ?, NULL) ON CONFLICT (channel) DO UPDATE SET"
            " time = excluded.time, tz = excluded.tz",
            (channel, hhmm, tz),
        )
        digest = self.digest(channel)
        if digest is None:
            raise StateError(f"{self.location}: the digest of {channel} was not stored")
        return digest

    def digest(self, channel: str) -> Digest | None:
        row = self._q("SELECT * FROM digests WHERE channel = ?", (channel,)).fetchone()
        return _digest(row) if row else None

    def digests(self) -> list[Digest]:
        return [_digest(row) for row in self._q("SELECT * FROM digests ORDER BY channel").fetchall()]

    def remove_digest(self, channel: str) -> bool:
        return self._q("DELETE FROM digests WHERE channel = ?", (channel,)).rowcount > 0

    def mark_digest_sent(self, channel: str, day: date) -> bool:
        """Record that `channel`'s digest for `day` went out; True only the first time for that day.

        One conditional UPDATE: of two racing writers, the second finds the day already set.
        """
        cur = self._q(
            "UPDATE digests SET last_sent = ? WHERE channel = ? AND (last_sent IS NULL OR last_sent < ?)",
            (self._day(day), channel, self._day(day)),
        )
        return cur.rowcount > 0

    # -- requests answered -----------------------------------------------------

    def first_time(self, key: str, ttl_seconds: int) -> bool:
        """True for the first caller, in any process sharing this state, to present `key` within `ttl_seconds`.

        Slack retries an event with the same event_id and a replayed command carries the same
        trigger_id: claiming the key before answering answers it once. One INSERT … ON CONFLICT:
        a new key is inserted, a key whose lifetime is over is taken over, a live key is left
        alone and the caller told it is a repeat.
        """
        rules.once_key_input(key, ttl_seconds)
        now = self._now().astimezone(timezone.utc)
        expires = datetime.fromtimestamp(now.timestamp() + ttl_seconds, timezone.utc)
        db = self._db()
        cur = self._run(
            db,
            "INSERT INTO once_keys VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET expires = excluded.expires"
            " WHERE once_keys.expires <= ?",
            (self._text(key), self._instant(expires), self._instant(now)),
        )
        last = getattr(self._local, "cleaned", None)
        if last is None or now.timestamp() - last >= ONCE_CLEANUP_EVERY:
            self._local.cleaned = now.timestamp()
            self._run(db, "DELETE FROM once_keys WHERE expires <= ?", (self._instant(now),))
        return cur.rowcount > 0

    # -- threads ---------------------------------------------------------------

    def remember_thread(self, channel: str, thread_ts: str, person: str | None = None, date: str | None = None) -> None:
        """Note an answer in this thread; a person or date left None keeps what the thread had."""
        self._q(
            "INSERT INTO threads(channel, thread_ts, person, date, updated_at) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (channel, thread_ts) DO UPDATE SET"
            " person = coalesce(excluded.person, threads.person), date = coalesce(excluded.date, threads.date),"
            " updated_at = excluded.updated_at",
            (channel, thread_ts, self._text(person), self._text(date), self._instant(self._now())),
        )

    def recall_thread(self, channel: str, thread_ts: str) -> tuple[str | None, str | None] | None:
        """(person, date) the thread was last about, or None if the bot never answered in it."""
        row = self._q("SELECT person, date FROM threads WHERE channel = ? AND thread_ts = ?", (channel, thread_ts)).fetchone()
        return (row[0], row[1]) if row else None

    def remember_assistant_thread(self, channel: str, thread_ts: str) -> None:
        """Note a thread the user opened in the assistant pane (Slack may say so twice)."""
        self._q(
            "INSERT INTO assistant_threads(channel, thread_ts, started_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            (channel, thread_ts, self._instant(self._now())),
        )

    def is_assistant_thread(self, channel: str, thread_ts: str) -> bool:
        row = self._q("SELECT 1 FROM assistant_threads WHERE channel = ? AND thread_ts = ?", (channel, thread_ts))
        return row.fetchone() is not None

    # -- feedback --------------------------------------------------------------

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
        text = rules.feedback_input(verdict, text)
        row = self._q(
            'INSERT INTO feedback(query, answer, verdict, reason, text, "user", ts) VALUES (?, ?, ?, ?, ?, ?, ?)'
            " RETURNING id",
            (self._text(query), self._json(answer), verdict, self._text(reason), self._text(text), self._text(user),
             self._stamp()),
        ).fetchone()
        if row is None:
            raise StateError(f"{self.location}: feedback was not stored (no row id returned)")
        return int(row[0])

    def feedback(self, limit: int = 100) -> list[Feedback]:
        """The newest `limit` verdicts, newest first."""
        rows = self._q("SELECT * FROM feedback ORDER BY id DESC LIMIT ?", (limit,)).fetchall()
        return [
            Feedback(int(id_), query, self._read_json(answer), verdict, reason, text, user, self._read_time(ts))
            for id_, query, answer, verdict, reason, text, user, ts in rows
        ]

    # -- rows ------------------------------------------------------------------

    def _watch(self, row: Sequence[Any]) -> Watch:
        id_, owner, kind, value, other, _key, created = row
        return Watch(int(id_), owner, kind, value, other, self._read_time(created))


def _digest(row: Sequence[Any]) -> Digest:
    channel, time, tz, last_sent = row
    if isinstance(last_sent, str):
        last_sent = date.fromisoformat(last_sent)
    return Digest(channel, time, tz, last_sent)


def execute_script(run: Callable[[str], Any], script: str) -> None:
    """Run a schema script one statement at a time (executescript would commit an open transaction)."""
    for statement in script.split(";"):
        if statement.strip():
            run(statement)
