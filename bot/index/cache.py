"""The build cache: per-article work kept beside the index (`index.db` → `index.cache.db`), never served.

Standard library only. Every entry is keyed by content — a payload by the article's bytes, date and
analysis code (`bot.build.analysis.cache_key`), a file's facts by its bytes and that code — so an
entry is true whatever index lies beside it. That is what makes the two files safe to write apart:
a build killed half-way leaves entries for work its index never received, which the next build
reuses instead of redoing; a lost or corrupt cache file only costs the work of redoing it.
"""

from __future__ import annotations

import sqlite3
import zlib
from pathlib import Path
from typing import Iterable

# Bump when the tables below change shape; a cache file of another version is started afresh.
CACHE_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS payloads(key TEXT PRIMARY KEY, payload BLOB NOT NULL) WITHOUT ROWID;  -- zlib JSON
CREATE TABLE IF NOT EXISTS reads(key TEXT PRIMARY KEY, facts TEXT NOT NULL) WITHOUT ROWID;  -- JSON
"""


def cache_path(index: Path) -> Path:
    """Where the build cache of the index at `index` lives: `index.db` → `index.cache.db`."""
    index = Path(index)
    return index.with_name(f"{index.stem}.cache{index.suffix}")


class CacheUnreadable(Exception):
    """The cache file exists but is not a build cache this program can use."""


def pack(text: str) -> bytes:
    return zlib.compress(text.encode("utf-8"), 6)


def unpack(blob: bytes) -> str:
    """One stored payload as the JSON text the build stored."""
    return zlib.decompress(blob).decode("utf-8")


def read_payloads(index: Path, keys: Iterable[str] | None = None) -> dict[str, str]:
    """Payloads from the cache beside `index` (only `keys`, if given); empty if there is none usable.

    Read-only: a cache that a killed build left with a hot journal reads as empty here, and the next
    build (which opens it for writing) rolls the journal back."""
    path = cache_path(index)
    if not path.exists():
        return {}
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            if db.execute("PRAGMA user_version").fetchone()[0] != CACHE_VERSION:
                return {}
            if keys is None:
                return {k: unpack(v) for k, v in db.execute("SELECT key, payload FROM payloads")}
            found: dict[str, str] = {}
            for key in keys:
                row = db.execute("SELECT payload FROM payloads WHERE key = ?", (key,)).fetchone()
                if row is not None:
                    found[key] = unpack(row[0])
            return found
        finally:
            db.close()
    except (sqlite3.DatabaseError, zlib.error, UnicodeDecodeError):
        return {}


class BuildCache:
    """The cache file open for a build: look-ups, new entries committed in batches, and pruning.

    Commits are frequent rather than once at the end, so a build that is killed keeps what it analysed.
    """

    def __init__(self, index: Path) -> None:
        self.path = cache_path(index)
        self.db = self._open()

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=DELETE")  # a read-write open rolls back what a killed build left
            version = db.execute("PRAGMA user_version").fetchone()[0]
            tables = {n for (n,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if version not in (0, CACHE_VERSION) or (version == 0 and tables):
                raise CacheUnreadable(f"is from another version (cache version {version})")
            db.executescript(_SCHEMA)
            db.execute("PRAGMA user_version=%d" % CACHE_VERSION)
            db.execute("PRAGMA synchronous=NORMAL")
            # Room for a whole batch between commits: a transaction that spilled pages into the file
            # would hold it exclusively, and workers looking up cached work would be turned away.
            db.execute("PRAGMA cache_size=-65536")
            db.execute("BEGIN")
        except BaseException:
            db.close()
            raise
        return db

    @classmethod
    def open(cls, index: Path) -> tuple["BuildCache", str | None]:
        """The cache beside `index`, and one line to show if it had to be started afresh."""
        try:
            return cls(index), None
        except (sqlite3.DatabaseError, CacheUnreadable) as exc:
            path = cache_path(index)
            for stale in (path, path.with_name(path.name + "-journal")):
                stale.unlink(missing_ok=True)
            note = f"the build cache {path} could not be used ({exc}); analysing every article again"
            return cls(index), note

    def payload(self, key: str) -> str | None:
        """The JSON text stored for `key`, or None (also for an entry that does not unpack: it is redone)."""
        row = self.db.execute("SELECT payload FROM payloads WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        try:
            return unpack(row[0])
        except (zlib.error, UnicodeDecodeError):
            return None

    def has_payload(self, key: str) -> bool:
        return self.db.execute("SELECT 1 FROM payloads WHERE key = ?", (key,)).fetchone() is not None

    def put_payload(self, key: str, packed: bytes) -> None:
        """Store `pack(json_text)` for `key`."""
        self.db.execute("INSERT OR REPLACE INTO payloads(key, payload) VALUES (?, ?)", (key, packed))

    def facts(self, key: str) -> str | None:
        row = self.db.execute("SELECT facts FROM reads WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def put_facts(self, key: str, facts: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO reads(key, facts) VALUES (?, ?)", (key, facts))

    def commit(self) -> None:
        self.db.execute("COMMIT")
        self.db.execute("BEGIN")

    def prune(self, payloads: Iterable[str], reads: Iterable[str] | None) -> None:
        """Keep only these entries: what the index just written was built from (reads None: keep them all)."""
        for table, keys in (("payloads", payloads), ("reads", reads)):
            if keys is None:
                continue
            self.db.execute(f"CREATE TEMP TABLE keep_{table}(key TEXT PRIMARY KEY) WITHOUT ROWID")
            self.db.executemany(f"INSERT OR IGNORE INTO keep_{table}(key) VALUES (?)", ((k,) for k in keys))
            self.db.execute(f"DELETE FROM {table} WHERE key NOT IN (SELECT key FROM keep_{table})")
            self.db.execute(f"DROP TABLE keep_{table}")
        self.commit()

    def close(self) -> None:
        """Commit what is there (it is true whatever the build's outcome) and close."""
        try:
            self.db.execute("COMMIT")
        finally:
            self.db.close()
