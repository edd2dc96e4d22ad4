"""The SQLite index: schema, an atomic writer, and a read-only reader.

Standard library only, so the serving path stays light. The writer builds a
new database next to the target and renames it over the old one, so a
reader never sees a half-written index.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import shutil
import sqlite3
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

SCHEMA_VERSION = 2

_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE articles(
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    file TEXT NOT NULL,
    title TEXT NOT NULL,
    outlet TEXT,
    url TEXT,
    published TEXT,
    author TEXT,
    note TEXT,
    summary TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    cache_key TEXT,
    meta_hash TEXT
);
CREATE INDEX articles_published ON articles(published);
CREATE TABLE sentences(
    rowid INTEGER PRIMARY KEY,
    article INTEGER NOT NULL,
    idx INTEGER NOT NULL,
    text TEXT NOT NULL,
    UNIQUE(article, idx)
);
CREATE VIRTUAL TABLE sentences_fts USING fts5(folded, content='', tokenize='unicode61');
CREATE TABLE actors(
    rowid INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    roles TEXT NOT NULL,
    aliases TEXT NOT NULL,
    n_articles INTEGER NOT NULL,
    skey TEXT NOT NULL DEFAULT ''
);
CREATE INDEX actors_skey ON actors(skey);
CREATE TABLE actor_keys(key TEXT NOT NULL, actor INTEGER NOT NULL, kind TEXT NOT NULL);
CREATE INDEX actor_keys_key ON actor_keys(key);
CREATE INDEX actor_keys_actor ON actor_keys(actor);
-- sentences: the article's sentence indices, those naming the full name or a role first
-- (the order evidence is quoted in); n: how many; published: the article's, '' if none.
CREATE TABLE actor_articles(
    actor INTEGER NOT NULL,
    article INTEGER NOT NULL,
    sentences TEXT NOT NULL,
    n INTEGER NOT NULL DEFAULT 0,
    published TEXT NOT NULL DEFAULT '',
    PRIMARY KEY(actor, article)
) WITHOUT ROWID;
CREATE INDEX actor_articles_rank ON actor_articles(actor, n DESC, published, article);
CREATE TABLE dates(
    article INTEGER NOT NULL,
    sentence INTEGER NOT NULL,
    start TEXT NOT NULL,
    end TEXT NOT NULL,
    precision TEXT NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX dates_start ON dates(start, end);
CREATE INDEX dates_article ON dates(article, sentence);
-- Per day ('D2022-01-21'), month ('M2022-01') and year ('Y2022'): the articles with sentences dated
-- inside it at that precision or finer, and how many such sentences, for `on` without a scan.
CREATE TABLE date_rank(
    period TEXT NOT NULL,
    article INTEGER NOT NULL,
    n INTEGER NOT NULL,
    published TEXT NOT NULL,
    PRIMARY KEY(period, article)
) WITHOUT ROWID;
CREATE INDEX date_rank_order ON date_rank(period, n DESC, published, article);
-- Build state for incremental rebuilds: each article's people before the cross-article merge,
-- keyed by the surname that decides which merged person they join, and the confirmed surnames.
CREATE TABLE article_actors(article INTEGER NOT NULL, skey TEXT NOT NULL, data TEXT NOT NULL);
CREATE INDEX article_actors_skey ON article_actors(skey);
CREATE TABLE known_surnames(surname TEXT PRIMARY KEY) WITHOUT ROWID;
-- How many sentences hold each full-text term, so search can tell a broad query from a narrow one.
CREATE TABLE term_df(term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE cache(key TEXT PRIMARY KEY, payload BLOB NOT NULL) WITHOUT ROWID;  -- zlib-compressed JSON
-- The corpus folder as built: each file's sha256, and the size and mtime it had when hashed.
CREATE TABLE build_files(name TEXT PRIMARY KEY, sha256 TEXT NOT NULL, size INTEGER, mtime_ns INTEGER) WITHOUT ROWID;
"""


SCHEMA = "\n".join(line for line in _SCHEMA.splitlines() if not line.startswith("CREATE INDEX"))
INDEXES = "\n".join(line for line in _SCHEMA.splitlines() if line.startswith("CREATE INDEX"))

class IndexUnavailable(Exception):
    """The index is missing, unreadable, corrupt or from another schema version."""


class IndexWriteError(Exception):
    """The index cannot be written (another build holds it, or its place is not a writable file)."""


@contextlib.contextmanager
def build_lock(target: Path) -> Iterator[None]:
    """Hold the one writer's lock on `target` (an flock on the folder that holds it) for a whole build.

    Two builds adding to the same index in place would both insert the same rows (`UNIQUE
    constraint failed`), and a build that cleans up after a crash must know no other build is
    writing: the kernel drops the lock when its holder dies, so a held lock means a live build.
    The folder is locked rather than a lock file, so a build that fails writes nothing at all.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(target.parent, os.O_RDONLY | os.O_DIRECTORY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise IndexWriteError(f"another `ukraine-bot index` is writing {target}; try again when it has finished") from None
        yield
    finally:
        os.close(fd)


def recover(target: Path) -> list[str]:
    """Undo what a killed build left at `target`: roll back a hot journal, remove stale temporary files.

    Call it holding `build_lock`. A build killed while committing an add leaves `<target>-journal`
    with the pages it had started to overwrite; until a read-write connection rolls it back,
    read-only readers fail ("attempt to write a readonly database"), and a file swapped in beside
    it would get the old file's pages replayed into it ("malformed"). Returns what was done.
    """
    target = Path(target)
    done: list[str] = []
    journal = target.with_name(target.name + "-journal")
    if journal.exists():
        if target.is_file():
            db = sqlite3.connect(target, isolation_level=None)  # a read-write open rolls a hot journal back
            try:
                db.execute("PRAGMA journal_mode=DELETE")
                db.execute("SELECT count(*) FROM sqlite_master").fetchone()
            finally:
                db.close()
        if journal.exists():
            # Still there after a read-write open: not hot (empty, or its header never written), or
            # without the file it belongs to. Either way it holds nothing to replay, only a trap.
            journal.unlink()
        done.append(f"rolled back {journal.name}")
    for tmp in target.parent.glob(target.name + ".*.tmp"):
        tmp.unlink(missing_ok=True)
        done.append(f"removed {tmp.name}")
    return done


def schema_is_ours(db: sqlite3.Connection) -> bool:
    """Whether the tables, indexes, triggers and views are exactly those this version writes.

    An incremental add writes into the previous index, so a file with the right version number but
    another schema (or an added trigger, which would run inside the add) must not be built upon.
    """
    fresh = sqlite3.connect(":memory:")
    try:
        fresh.executescript(_SCHEMA)
        want = sorted(fresh.execute("SELECT type, name, sql FROM sqlite_master"))
    finally:
        fresh.close()
    return sorted(db.execute("SELECT type, name, sql FROM sqlite_master")) == want


@dataclass
class ArticleRow:
    id: str
    file: str
    title: str
    outlet: str | None
    url: str | None
    published: str | None
    author: str | None
    note: str | None
    summary: str
    sha256: str
    sentences: list[str]
    cache_key: str | None = None  # the build's content key, to tell unchanged articles on a rebuild
    meta_hash: str | None = None  # a hash of the article's metadata, likewise


@dataclass
class ActorRow:
    name: str
    roles: list[str]
    aliases: list[str]
    keys: list[tuple[str, str]]  # (folded key, kind: name|alias|surname|role)
    articles: dict[str, list[int]]  # article id -> sentence indices, in the order evidence is quoted
    skey: str = ""  # the surname that groups this person's spellings at build time


@dataclass
class DateRow:
    article: str
    sentence: int
    start: str
    end: str
    precision: str
    text: str


_TOKEN = re.compile(r"[^\W_]+")


def fts_tokens(folded: str) -> list[str]:
    """The terms the full-text index (unicode61) makes of a folded sentence."""
    return _TOKEN.findall(folded)


def date_periods(start: str, precision: str) -> tuple[str, ...]:
    """The `date_rank` periods a dated mention counts in: its day, month and year, as precise as it is."""
    if precision == "day":
        return ("D" + start, "M" + start[:7], "Y" + start[:4])
    if precision == "month":
        return ("M" + start[:7], "Y" + start[:4])
    return ("Y" + start[:4],)


class IndexWriter:
    """Writes a complete index to a temporary file; `commit()` renames it into place.

    With `base`, the temporary file starts as a copy of that index, so a rebuild can apply a
    few changes in one transaction instead of rewriting everything; readers still only ever
    see the old file or the new one.
    """

    def __init__(self, target: Path, base: Path | None = None, in_place: bool = False) -> None:
        self.target = Path(target)
        self.target.parent.mkdir(parents=True, exist_ok=True)
        self.in_place = in_place
        self.incremental = in_place or base is not None
        self._article_rowid: dict[str, int] = {}
        self._article_published: dict[str, str] = {}
        if in_place:
            # One transaction on the live index: SQLite's rollback journal makes it atomic and readers
            # see the index before or after it. A crash leaves a hot journal that read-only readers
            # cannot roll back; the next build does, in `recover`, before anything else. (Copying the
            # file and renaming it over, as a full build does, would cost ~3 s per add at 100k.)
            self.tmp = None
            self.db = sqlite3.connect(self.target, timeout=30, isolation_level=None)
            self.db.execute("PRAGMA journal_mode=DELETE")
            self.db.execute("PRAGMA synchronous=FULL")
            self.db.execute("PRAGMA cache_size=-262144")  # keep the whole change in memory until commit
            self.db.execute("BEGIN IMMEDIATE")
            return
        fd, tmp = tempfile.mkstemp(prefix=self.target.name + ".", suffix=".tmp", dir=self.target.parent)
        os.close(fd)
        self.tmp = Path(tmp)
        try:  # a full disk can fail any of these: the temporary file must not outlive the failure
            if base is not None:
                shutil.copyfile(base, self.tmp)
            self.db = sqlite3.connect(self.tmp)
            self.db.execute("PRAGMA journal_mode=OFF")
            self.db.execute("PRAGMA synchronous=OFF")
            self.db.execute("PRAGMA cache_size=-65536")
            if base is None:
                self.db.executescript(SCHEMA)
            else:
                self.db.execute("BEGIN")
        except BaseException:
            if getattr(self, "db", None) is not None:
                self.db.close()
            self.tmp.unlink(missing_ok=True)
            raise

    def set_meta(self, **values: object) -> None:
        self.db.executemany(
            "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
            [(k, json.dumps(v, ensure_ascii=False)) for k, v in values.items()],
        )

    def add_article(self, row: ArticleRow, folded_sentences: list[str]) -> int:
        cur = self.db.execute(
            "INSERT INTO articles(id, file, title, outlet, url, published, author, note, summary, sha256,"
            " cache_key, meta_hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (row.id, row.file, row.title, row.outlet, row.url, row.published, row.author, row.note,
             row.summary, row.sha256, row.cache_key, row.meta_hash),
        )
        rowid = int(cur.lastrowid)
        self._article_rowid[row.id] = rowid
        self._article_published[row.id] = row.published or ""
        base = rowid * 100_000  # stable sentence rowids: article rowid, then position
        self.db.executemany(
            "INSERT INTO sentences(rowid, article, idx, text) VALUES (?,?,?,?)",
            [(base + i, rowid, i, s) for i, s in enumerate(row.sentences[:100_000])],
        )
        self.db.executemany(
            "INSERT INTO sentences_fts(rowid, folded) VALUES (?, ?)",
            [(base + i, f) for i, f in enumerate(folded_sentences[:100_000])],
        )
        if self.incremental:
            df: dict[str, int] = {}
            for f in folded_sentences[:100_000]:
                for term in set(fts_tokens(f)):
                    df[term] = df.get(term, 0) + 1
            self.db.executemany(
                "INSERT INTO term_df(term, df) VALUES (?, ?) ON CONFLICT(term) DO UPDATE SET df = df + excluded.df",
                df.items(),
            )
        return rowid

    def _article(self, article_id: str) -> tuple[int, str]:
        """Rowid and publication date ('' if none) of an article, this session's or the base index's."""
        if article_id not in self._article_rowid:
            self.load_articles([article_id])
        return self._article_rowid[article_id], self._article_published[article_id]

    def load_articles(self, article_ids: Iterable[str]) -> None:
        """Look up the rowids and dates of these articles of the base index in one go."""
        ids = [a for a in set(article_ids) if a not in self._article_rowid]
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            for aid, rowid, published in self.db.execute(
                f"SELECT id, rowid, published FROM articles WHERE id IN ({','.join('?' * len(part))})", part
            ):
                self._article_rowid[aid] = rowid
                self._article_published[aid] = published or ""

    def add_dates(self, rows: Iterable[DateRow]) -> None:
        rows = list(rows)
        self.db.executemany(
            "INSERT INTO dates(article, sentence, start, end, precision, text) VALUES (?,?,?,?,?,?)",
            [(self._article(r.article)[0], r.sentence, r.start, r.end, r.precision, r.text) for r in rows],
        )
        periods: dict[tuple[str, str], set[int]] = {}
        for r in rows:
            for period in date_periods(r.start, r.precision):
                periods.setdefault((r.article, period), set()).add(r.sentence)
        self.db.executemany(
            "INSERT INTO date_rank(period, article, n, published) VALUES (?,?,?,?)",
            [(period, *self._article(aid)[:1], len(s), self._article(aid)[1]) for (aid, period), s in periods.items()],
        )

    def add_actor(self, actor: ActorRow) -> None:
        cur = self.db.execute(
            "INSERT INTO actors(name, roles, aliases, n_articles, skey) VALUES (?,?,?,?,?)",
            (actor.name, json.dumps(actor.roles, ensure_ascii=False),
             json.dumps(sorted(actor.aliases), ensure_ascii=False), len(actor.articles), actor.skey),
        )
        rowid = cur.lastrowid
        self.db.executemany(
            "INSERT INTO actor_keys(key, actor, kind) VALUES (?,?,?)",
            [(k, rowid, kind) for k, kind in sorted(set(actor.keys))],
        )
        rows = []
        for a, s in actor.articles.items():
            article, published = self._article(a)
            rows.append((rowid, article, json.dumps(s), len(s), published))
        self.db.executemany(
            "INSERT INTO actor_articles(actor, article, sentences, n, published) VALUES (?,?,?,?,?)", rows
        )

    def replace_actors(self, skeys: Iterable[str], actors: Iterable[ActorRow]) -> None:
        """Make the people grouped under these surnames exactly `actors`, touching only rows that change."""
        skeys = sorted(set(skeys))
        old: dict[str, int] = {}
        for skey in skeys:
            old.update((name, rowid) for rowid, name in self.db.execute(
                "SELECT rowid, name FROM actors WHERE skey = ?", (skey,)))
        kept: set[int] = set()
        for actor in actors:
            rowid = old.get(actor.name)
            if rowid is None:
                self.add_actor(actor)
                continue
            kept.add(rowid)
            self.db.execute(
                "UPDATE actors SET roles = ?, aliases = ?, n_articles = ?, skey = ? WHERE rowid = ?",
                (json.dumps(actor.roles, ensure_ascii=False), json.dumps(sorted(actor.aliases), ensure_ascii=False),
                 len(actor.articles), actor.skey, rowid),
            )
            keys = sorted(set(actor.keys))
            if keys != sorted(self.db.execute("SELECT key, kind FROM actor_keys WHERE actor = ?", (rowid,))):
                self.db.execute("DELETE FROM actor_keys WHERE actor = ?", (rowid,))
                self.db.executemany(
                    "INSERT INTO actor_keys(key, actor, kind) VALUES (?,?,?)", [(k, rowid, kind) for k, kind in keys]
                )
            before = dict(self.db.execute("SELECT article, sentences FROM actor_articles WHERE actor = ?", (rowid,)))
            changed = []
            for aid, idxs in actor.articles.items():
                article, published = self._article(aid)
                value = json.dumps(idxs)
                if before.pop(article, None) != value:
                    changed.append((rowid, article, value, len(idxs), published))
            self.db.executemany(
                "INSERT OR REPLACE INTO actor_articles(actor, article, sentences, n, published) VALUES (?,?,?,?,?)",
                changed,
            )
            self.db.executemany("DELETE FROM actor_articles WHERE actor = ? AND article = ?",
                                [(rowid, a) for a in before])
        for rowid in set(old.values()) - kept:
            for table, column in (("actor_keys", "actor"), ("actor_articles", "actor"), ("actors", "rowid")):
                self.db.execute(f"DELETE FROM {table} WHERE {column} = ?", (rowid,))

    def delete_actors(self, skeys: Iterable[str]) -> None:
        """Drop every person grouped under these surnames (an incremental rebuild writes them anew)."""
        for skey in set(skeys):
            ids = [r for (r,) in self.db.execute("SELECT rowid FROM actors WHERE skey = ?", (skey,))]
            for table, column in (("actor_keys", "actor"), ("actor_articles", "actor"), ("actors", "rowid")):
                self.db.executemany(f"DELETE FROM {table} WHERE {column} = ?", [(i,) for i in ids])

    def add_article_actors(self, article_id: str, rows: Iterable[tuple[str, str]]) -> None:
        """One article's people before the cross-article merge: (grouping surname, JSON)."""
        rowid = self._article(article_id)[0]
        self.db.executemany(
            "INSERT INTO article_actors(article, skey, data) VALUES (?,?,?)", [(rowid, k, d) for k, d in rows]
        )

    def set_known_surnames(self, surnames: Iterable[str]) -> None:
        self.db.execute("DELETE FROM known_surnames")
        self.db.executemany("INSERT INTO known_surnames(surname) VALUES (?)", [(s,) for s in sorted(set(surnames))])

    def put_cache(self, entries: dict[str, str]) -> None:
        self.db.executemany(
            "INSERT OR REPLACE INTO cache(key, payload) VALUES (?, ?)",
            ((k, zlib.compress(v.encode("utf-8"), 6)) for k, v in entries.items()),
        )

    def put_files(self, files: dict[str, tuple[str, int, int]]) -> None:
        """The corpus files this index was built from: name → (sha256 of the bytes, size, mtime_ns)."""
        self.db.executemany(
            "INSERT OR REPLACE INTO build_files(name, sha256, size, mtime_ns) VALUES (?, ?, ?, ?)",
            [(name, *v) for name, v in files.items()],
        )

    def commit(self) -> None:
        """Finish the file and atomically replace the target."""
        if self.in_place:
            self.db.execute("COMMIT")
            self.db.close()
            return
        if not self.incremental:
            self.db.execute("CREATE VIRTUAL TABLE temp.fts_vocab USING fts5vocab(main, 'sentences_fts', 'row')")
            self.db.execute("INSERT INTO term_df(term, df) SELECT term, doc FROM temp.fts_vocab")
            self.db.execute("DROP TABLE temp.fts_vocab")
            self.db.executescript(INDEXES)
        self.db.execute("PRAGMA user_version=%d" % SCHEMA_VERSION)
        self.db.commit()
        self.db.execute("PRAGMA journal_mode=DELETE")
        self.db.close()
        with open(self.tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(self.tmp, self.target)

    def abort(self) -> None:
        if self.in_place:
            try:
                self.db.execute("ROLLBACK")
            finally:
                self.db.close()
            return
        try:
            self.db.close()
        finally:
            self.tmp.unlink(missing_ok=True)


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
        _bound_every_statement(db)
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version != SCHEMA_VERSION:
            db.close()
            raise IndexUnavailable(
                f"the index at {path} has schema version {version}, this program reads {SCHEMA_VERSION};"
                " run `ukraine-bot index` to rebuild it"
            )
        db.execute("SELECT count(*) FROM articles").fetchone()
        db.execute("SELECT rowid FROM sentences_fts LIMIT 1").fetchall()
    except sqlite3.DatabaseError as exc:
        raise IndexUnavailable(
            f"the index at {path} is damaged or not an index ({_why(exc)}); run `ukraine-bot index` to rebuild it"
        ) from None
    return db


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


def meta(db: sqlite3.Connection) -> dict[str, object]:
    return {k: json.loads(v) for k, v in db.execute("SELECT key, value FROM meta")}
