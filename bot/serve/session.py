"""One index file read by many threads: a connection per thread, a pinned generation per answer.

One answer reads one index: the thread is pinned to the generation current when the answer
starts and reads inside one read transaction, so a rebuild that swaps the file (or an
incremental add that commits to it) midway can neither mix two indexes' rows nor show half
of an update. Damage found while reading is IndexUnavailable.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bot.index.reader import open_index, unavailable


class ReadSession:
    """The index at `index_path`, reopened when `ukraine-bot index` replaces the file."""

    def __init__(self, index_path: Path) -> None:
        self.index_path = Path(index_path)
        self.lock = threading.Lock()
        self._local = threading.local()
        self.generation = 0
        self._stamp: tuple[int, int] | None = None
        self._load()

    def _stat(self) -> tuple[int, int] | None:
        try:
            st = self.index_path.stat()
        except OSError:
            return None
        return (st.st_ino, st.st_mtime_ns)

    def _load(self) -> None:
        stamp = self._stat()
        db = open_index(self.index_path)
        try:
            db.execute("SELECT rowid, name, roles, aliases, n_articles FROM actors LIMIT 1").fetchall()
            db.execute("SELECT key, actor, kind FROM actor_keys LIMIT 1").fetchall()
        except sqlite3.DatabaseError as exc:
            raise unavailable(self.index_path, f"is damaged ({exc})") from None
        finally:
            db.close()
        with self.lock:
            self._stamp = stamp
            self.generation += 1

    def reload_if_changed(self) -> bool:
        """Pick up an index that `ukraine-bot index` swapped in, without a restart."""
        stamp = self._stat()
        if stamp is None or stamp == self._stamp:
            return False
        self._load()
        return True

    def pinned(self) -> int:
        """The index generation this thread's current answer reads (see `reading`)."""
        return getattr(self._local, "pinned", None) or self.generation

    def db(self) -> sqlite3.Connection:
        """This thread's connection to the pinned generation."""
        local = self._local
        want = self.pinned()
        if getattr(local, "generation", None) != want:
            if getattr(local, "db", None) is not None:
                local.db.close()
            local.db = open_index(self.index_path)
            local.generation = want
        return local.db

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Pin this thread to the current generation and read inside one transaction."""
        local = self._local
        local.pinned = self.generation
        db = None
        try:
            db = self.db()
            db.execute("BEGIN")
            yield
        except sqlite3.DatabaseError as exc:
            local.generation = None  # reopen next time: the file may have been repaired or replaced
            raise unavailable(self.index_path, f"could not be read ({exc})") from None
        finally:
            local.pinned = None
            if db is not None and db.in_transaction:
                try:
                    db.rollback()
                except sqlite3.Error:
                    pass
