"""Reading the index: the one place that opens it read-only and checks its version.

Standard library only, so the serving path stays light.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Iterable

from bot.index.cache import read_payloads
from bot.index.schema import SCHEMA_VERSION

REBUILD = "run `ukraine-bot index` to rebuild it"


def unavailable(path: Path | str, problem: str) -> "IndexUnavailable":
    """The one wording of an unusable index: what is wrong with which file, and the command that fixes it."""
    return IndexUnavailable(f"the index at {path} {problem}; {REBUILD}")


class IndexUnavailable(Exception):
    """The index is missing, unreadable, corrupt or from another schema version."""



def read_cache(path: Path, keys: Iterable[str] | None = None) -> dict[str, str]:
    """Per-article work from a previous build, keyed by content (only `keys`, if given); empty if there is none usable.

    `path` is the index; the work lives in its build cache beside it (`bot.index.cache`)."""
    return read_payloads(Path(path), keys)



def connect_ro(path: Path | str) -> sqlite3.Connection:
    """The one way this project opens an index file for reading: read-only, never created or written."""
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)


def open_index(path: Path) -> sqlite3.Connection:
    """Open an index read-only, checking it is whole and of this schema version.

    A change made in place that failed half-way through its commit (a full disk) and could not undo
    itself leaves a hot journal, which a read-only connection cannot roll back: it is rolled back here,
    where the folder allows it, and the index opened again, rather than serving nothing until the
    next build."""
    try:
        return _open_index(path)
    except IndexUnavailable:
        if not roll_back_hot_journal(Path(path)):
            raise
        return _open_index(path)


def roll_back_hot_journal(path: Path) -> bool:
    """Roll back a hot journal beside the index, as any read-write open does; whether there was one.

    SQLite replays a journal only when it is hot (no writer holds it), so a build writing now is safe."""
    journal = path.with_name(path.name + "-journal")
    if not journal.exists():
        return False
    try:
        db = sqlite3.connect(path, timeout=5, isolation_level=None)
        try:
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            db.close()
    except sqlite3.Error:
        return False
    return True


def _open_index(path: Path) -> sqlite3.Connection:
    path = Path(path)
    if not path.exists():
        raise IndexUnavailable(f"no index at {path}; run `ukraine-bot index` to build it")
    try:
        db = connect_ro(path)
        _bound_every_statement(db)
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version != SCHEMA_VERSION:
            db.close()
            raise unavailable(path, f"has schema version {version}, this program reads {SCHEMA_VERSION}")
        db.execute("SELECT count(*) FROM articles").fetchone()
        db.execute("SELECT rowid FROM sentences_fts LIMIT 1").fetchall()
    except sqlite3.DatabaseError as exc:
        raise unavailable(path, f"is damaged or not an index ({_why(exc)})") from None
    return db



def meta(db: sqlite3.Connection) -> dict[str, object]:
    return {k: json.loads(v) for k, v in db.execute("SELECT key, value FROM meta")}


# Every statement on a served index gets at most this many SQLite VM steps (checked every
# _STEP_CHECK). The heaviest real query, a broad search at 100k articles, takes a few percent of it;
# a hostile file (a view that never ends, a trigger-made cycle) is stopped within a few seconds.
_STEP_CHECK = 10_000
STEP_BUDGET = 500_000_000
STEP_BUDGET_EXCEEDED = f"interrupted: a statement exceeded the step budget of {STEP_BUDGET:,} SQLite steps"


def _bound_every_statement(db: sqlite3.Connection) -> None:
    """Abort any statement on `db` that runs past STEP_BUDGET; the count restarts with each statement."""
    calls = [0]

    def started(_sql: str) -> None:
        calls[0] = 0

    def progress() -> int:
        calls[0] += 1
        return 1 if calls[0] * _STEP_CHECK > STEP_BUDGET else 0

    db.set_trace_callback(started)
    db.set_progress_handler(progress, _STEP_CHECK)


def _why(exc: sqlite3.DatabaseError) -> str:
    """SQLite says only 'interrupted' when the progress handler stops a statement; say which limit."""
    return STEP_BUDGET_EXCEEDED if str(exc) == "interrupted" else str(exc)
