"""Reading the index: the one place that opens it read-only and checks its version.

Standard library only, so the serving path stays light.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from pathlib import Path
from typing import Iterable

from bot.index.schema import SCHEMA_VERSION

REBUILD = "run `ukraine-bot index` to rebuild it"


def unavailable(path: Path | str, problem: str) -> "IndexUnavailable":
    """The one wording of an unusable index: what is wrong with which file, and the command that fixes it."""
    return IndexUnavailable(f"the index at {path} {problem}; {REBUILD}")


class IndexUnavailable(Exception):
    """The index is missing, unreadable, corrupt or from another schema version."""



def _unpack(payload: bytes) -> str:
    return zlib.decompress(payload).decode("utf-8")



def read_cache(path: Path, keys: Iterable[str] | None = None) -> dict[str, str]:
    """Per-article work from a previous build, keyed by content (only `keys`, if given); empty if there is none usable."""
    if not Path(path).exists():
        return {}
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            if db.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
                return {}
            if keys is None:
                return {k: _unpack(v) for k, v in db.execute("SELECT key, payload FROM cache")}
            found: dict[str, str] = {}
            for key in keys:
                row = db.execute("SELECT payload FROM cache WHERE key = ?", (key,)).fetchone()
                if row is not None:
                    found[key] = _unpack(row[0])
            return found
        finally:
            db.close()
    except sqlite3.DatabaseError:
        return {}



def open_index(path: Path) -> sqlite3.Connection:
    """Open an index read-only, checking it is whole and of this schema version."""
    path = Path(path)
    if not path.exists():
        raise IndexUnavailable(f"no index at {path}; run `ukraine-bot index` to build it")
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version != SCHEMA_VERSION:
            db.close()
            raise unavailable(path, f"has schema version {version}, this program reads {SCHEMA_VERSION}")
        db.execute("SELECT count(*) FROM articles").fetchone()
        db.execute("SELECT rowid FROM sentences_fts LIMIT 1").fetchall()
    except sqlite3.DatabaseError as exc:
        raise unavailable(path, f"is damaged or not an index ({exc})") from None
    return db



def meta(db: sqlite3.Connection) -> dict[str, object]:
    return {k: json.loads(v) for k, v in db.execute("SELECT key, value FROM meta")}
