"""One index file read by many threads: a connection per thread, a pinned generation per answer.

One answer reads one index: the thread is pinned to the generation current when the answer
starts and reads inside one read transaction, so a rebuild that swaps the file (or an
incremental add that commits to it) midway can neither mix two indexes' rows nor show half
of an update. Damage found while reading is IndexUnavailable.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bot.index.reader import open_index, unavailable


class GenerationMemo:
    """Results worked out from the index, each kept for the generation it was read from: an answer
    only gets one read from the generation it is pinned to, so a swapped-in index is never answered
    from the one before. The least recently used go first past `size`, and a newer generation drops
    the older ones' results. Shared by the threads of one session."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._lock = threading.Lock()
        self._items: OrderedDict[tuple[int, Hashable], Any] = OrderedDict()
        self._newest = 0

    def get(self, generation: int, key: Hashable, compute: Callable[[], Any]) -> Any:
        """The result for `key` read from `generation`, computed (outside the lock) if not kept."""
        with self._lock:
            if (generation, key) in self._items:
                self._items.move_to_end((generation, key))
                return self._items[generation, key]
        value = compute()
        with self._lock:
            if generation > self._newest:
                self._newest = generation
                for old in [k for k in self._items if k[0] < generation]:
                    del self._items[old]
            if generation == self._newest:  # a thread still on an older generation keeps nothing
                self._items[generation, key] = value
                while len(self._items) > self.size:
                    self._items.popitem(last=False)
        return value


class ReadSession:
    """The index at `index_path`, reopened when `ukraine-bot index` replaces the file."""

    def __init__(self, index_path: Path) -> None:
        self.index_path = Path(index_path)
        self.lock = threading.Lock()
        self._reloading = threading.Lock()  # threads that find the file replaced at once load it once
        self._local = threading.local()
        self.generation = 0
        # Role holders: a role asked again reads its up to 2000 sentences again otherwise.
        self.memo = GenerationMemo(64)
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
        with self._reloading:
            if self._stat() == self._stamp:  # another thread loaded it while this one waited
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
