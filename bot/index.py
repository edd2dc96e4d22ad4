"""The SQLite index: schema, an atomic writer, and a read-only reader.

Standard library only, so the serving path stays light. The writer builds a
new database next to the target and renames it over the old one, so a
reader never sees a half-written index.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

SCHEMA_VERSION = 1

SCHEMA = """
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
    sha256 TEXT NOT NULL
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
    n_articles INTEGER NOT NULL
);
CREATE TABLE actor_keys(key TEXT NOT NULL, actor INTEGER NOT NULL, kind TEXT NOT NULL);
CREATE INDEX actor_keys_key ON actor_keys(key);
CREATE TABLE actor_articles(
    actor INTEGER NOT NULL,
    article INTEGER NOT NULL,
    sentences TEXT NOT NULL,
    PRIMARY KEY(actor, article)
) WITHOUT ROWID;
CREATE TABLE dates(
    article INTEGER NOT NULL,
    sentence INTEGER NOT NULL,
    start TEXT NOT NULL,
    end TEXT NOT NULL,
    precision TEXT NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX dates_start ON dates(start, end);
CREATE TABLE cache(key TEXT PRIMARY KEY, payload TEXT NOT NULL) WITHOUT ROWID;
"""


class IndexUnavailable(Exception):
    """The index is missing, unreadable, corrupt or from another schema version."""


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


@dataclass
class ActorRow:
    name: str
    roles: list[str]
    aliases: list[str]
    keys: list[tuple[str, str]]  # (folded key, kind: name|alias|surname|role)
    articles: dict[str, list[int]]  # article id -> sentence indices


@dataclass
class DateRow:
    article: str
    sentence: int
    start: str
    end: str
    precision: str
    text: str


class IndexWriter:
    """Writes a complete index to a temporary file; `commit()` renames it into place."""

    def __init__(self, target: Path) -> None:
        self.target = Path(target)
        self.target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=self.target.name + ".", suffix=".tmp", dir=self.target.parent)
        os.close(fd)
        self.tmp = Path(tmp)
        self.db = sqlite3.connect(self.tmp)
        self.db.execute("PRAGMA journal_mode=OFF")
        self.db.execute("PRAGMA synchronous=OFF")
        self.db.executescript(SCHEMA)
        self._article_rowid: dict[str, int] = {}

    def set_meta(self, **values: object) -> None:
        self.db.executemany(
            "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
            [(k, json.dumps(v, ensure_ascii=False)) for k, v in values.items()],
        )

    def add_article(self, row: ArticleRow, folded_sentences: list[str]) -> int:
        cur = self.db.execute(
            "INSERT INTO articles(id, file, title, outlet, url, published, author, note, summary, sha256)"
            " VALUES (?,?,?,?,?,?,?,?,?,?)",
            (row.id, row.file, row.title, row.outlet, row.url, row.published, row.author, row.note,
             row.summary, row.sha256),
        )
        rowid = int(cur.lastrowid)
        self._article_rowid[row.id] = rowid
        base = rowid * 100_000  # stable sentence rowids: article rowid, then position
        self.db.executemany(
            "INSERT INTO sentences(rowid, article, idx, text) VALUES (?,?,?,?)",
            [(base + i, rowid, i, s) for i, s in enumerate(row.sentences[:100_000])],
        )
        self.db.executemany(
            "INSERT INTO sentences_fts(rowid, folded) VALUES (?, ?)",
            [(base + i, f) for i, f in enumerate(folded_sentences[:100_000])],
        )
        return rowid

    def add_dates(self, rows: Iterable[DateRow]) -> None:
        self.db.executemany(
            "INSERT INTO dates(article, sentence, start, end, precision, text) VALUES (?,?,?,?,?,?)",
            [(self._article_rowid[r.article], r.sentence, r.start, r.end, r.precision, r.text) for r in rows],
        )

    def add_actor(self, actor: ActorRow) -> None:
        cur = self.db.execute(
            "INSERT INTO actors(name, roles, aliases, n_articles) VALUES (?,?,?,?)",
            (actor.name, json.dumps(actor.roles, ensure_ascii=False),
             json.dumps(sorted(actor.aliases), ensure_ascii=False), len(actor.articles)),
        )
        rowid = cur.lastrowid
        self.db.executemany(
            "INSERT INTO actor_keys(key, actor, kind) VALUES (?,?,?)",
            [(k, rowid, kind) for k, kind in sorted(set(actor.keys))],
        )
        self.db.executemany(
            "INSERT INTO actor_articles(actor, article, sentences) VALUES (?,?,?)",
            [(rowid, self._article_rowid[a], json.dumps(s)) for a, s in actor.articles.items()],
        )

    def put_cache(self, entries: dict[str, str]) -> None:
        self.db.executemany("INSERT OR REPLACE INTO cache(key, payload) VALUES (?, ?)", entries.items())

    def commit(self) -> None:
        """Finish the file and atomically replace the target."""
        self.db.execute("PRAGMA user_version=%d" % SCHEMA_VERSION)
        self.db.commit()
        self.db.execute("PRAGMA journal_mode=DELETE")
        self.db.close()
        with open(self.tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(self.tmp, self.target)

    def abort(self) -> None:
        try:
            self.db.close()
        finally:
            self.tmp.unlink(missing_ok=True)


def read_cache(path: Path) -> dict[str, str]:
    """Per-article work from a previous build, keyed by content; empty if there is none usable."""
    if not Path(path).exists():
        return {}
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            if db.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
                return {}
            return dict(db.execute("SELECT key, payload FROM cache"))
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
            raise IndexUnavailable(
                f"the index at {path} has schema version {version}, this program reads {SCHEMA_VERSION};"
                " run `ukraine-bot index` to rebuild it"
            )
        db.execute("SELECT count(*) FROM articles").fetchone()
        db.execute("SELECT rowid FROM sentences_fts LIMIT 1").fetchall()
    except sqlite3.DatabaseError as exc:
        raise IndexUnavailable(
            f"the index at {path} is damaged or not an index ({exc}); run `ukraine-bot index` to rebuild it"
        ) from None
    return db


def meta(db: sqlite3.Connection) -> dict[str, object]:
    return {k: json.loads(v) for k, v in db.execute("SELECT key, value FROM meta")}
