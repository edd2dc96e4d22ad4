"""Writing the index: a complete new file renamed into place, or one transaction on the live file.

Standard library only. A reader never sees a half-written index: a fresh build writes a
temporary file next to the target and renames it over the old one; an incremental add
commits one transaction.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import sqlite3
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator

from bot.index.cache import BuildCache, pack
from bot.index.reader import roll_back_hot_journal
from bot.index.schema import (
    INDEXES,
    SCHEMA,
    SCHEMA_VERSION,
    SENTENCES_PER_ARTICLE,
    ActorRow,
    ArticleRow,
    DateRow,
    EventRow,
    date_periods,
    fts_tokens,
)


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


class IndexWriter:
    """Writes a complete index to a temporary file and renames it into place, or changes the live one.

    Use it as `with IndexWriter.fresh(out) as w:` or `with IndexWriter.in_place(out) as w:`.
    With `base`, the temporary file starts as a copy of that index, so a rebuild can apply a
    few changes in one transaction instead of rewriting everything; readers still only ever
    see the old file or the new one.
    """

    @classmethod
    @contextmanager
    def fresh(cls, target: Path) -> Iterator["IndexWriter"]:
        """A complete new index: committed and renamed over `target` on success, removed on any error."""
        writer = cls(target)
        try:
            yield writer
            writer.commit()
        except BaseException:
            writer.abort()
            raise

    @classmethod
    @contextmanager
    def in_place(cls, target: Path) -> Iterator["IndexWriter"]:
        """One transaction on the live index at `target`: committed on success, rolled back on any error."""
        writer = cls(target, in_place=True)
        try:
            yield writer
            writer.commit()
        except BaseException:
            writer.abort()
            raise

    def __init__(self, target: Path, base: Path | None = None, in_place: bool = False) -> None:
        self.target = Path(target)
        self.target.parent.mkdir(parents=True, exist_ok=True)
        self.live = in_place
        self.incremental = in_place or base is not None
        self._article_rowid: dict[str, int] = {}
        self._article_published: dict[str, str] = {}
        if in_place:
            # One transaction on the live index: SQLite's rollback journal makes it atomic and readers
            # see the index before or after it. A crash leaves a hot journal that read-only readers
            # cannot roll back; the next build does, in `recover`, before anything else. (Copying the
            # file and renaming it over, as a full build does, would cost ~3 s per add at 100k.)
            self.tmp: Path | None = None
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

    def add_article(self, row: ArticleRow, folded_sentences: list[str], rowid: int | None = None) -> int:
        """Write one article with its sentences; `rowid` places it in corpus order (see ROWID_GAP)."""
        cur = self.db.execute(
            "INSERT INTO articles(rowid, id, file, title, outlet, url, published, author, note, summary, sha256,"
            " cache_key, meta_hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (rowid, row.id, row.file, row.title, row.outlet, row.url, row.published, row.author, row.note,
             row.summary, row.sha256, row.cache_key, row.meta_hash),
        )
        rowid = int(cur.lastrowid or 0)
        self._article_rowid[row.id] = rowid
        self._article_published[row.id] = row.published or ""
        base = rowid * SENTENCES_PER_ARTICLE  # stable sentence rowids: article rowid, then position
        self.db.executemany(
            "INSERT INTO sentences(rowid, article, idx, text) VALUES (?,?,?,?)",
            [(base + i, rowid, i, s) for i, s in enumerate(row.sentences[:SENTENCES_PER_ARTICLE])],
        )
        self.db.executemany(
            "INSERT INTO sentences_fts(rowid, folded) VALUES (?, ?)",
            [(base + i, f) for i, f in enumerate(folded_sentences[:SENTENCES_PER_ARTICLE])],
        )
        if self.incremental:
            self._count_terms(folded_sentences, 1)
        return rowid

    def _count_terms(self, folded_sentences: list[str], sign: int) -> None:
        """Keep `term_df` (how many sentences hold each term) as a full build counts it."""
        df: dict[str, int] = {}
        for f in folded_sentences[:SENTENCES_PER_ARTICLE]:
            for term in set(fts_tokens(f)):
                df[term] = df.get(term, 0) + sign
        self.db.executemany(
            "INSERT INTO term_df(term, df) VALUES (?, ?) ON CONFLICT(term) DO UPDATE SET df = df + excluded.df",
            df.items(),
        )
        if sign < 0:
            self.db.executemany("DELETE FROM term_df WHERE term = ? AND df <= 0", [(t,) for t in df])

    def delete_article(self, article_id: str, folded_sentences: list[str]) -> None:
        """Remove one article and every row of its own: sentences (and their full-text entries, which
        need the folded text they were indexed with), dates, people before the merge, surnames.
        Its merged people and events are the caller's (`replace_actors`, `delete_events`)."""
        rowid = self._article(article_id)[0]
        base = rowid * SENTENCES_PER_ARTICLE
        self.db.executemany(
            "INSERT INTO sentences_fts(sentences_fts, rowid, folded) VALUES ('delete', ?, ?)",
            [(base + i, f) for i, f in enumerate(folded_sentences[:SENTENCES_PER_ARTICLE])],
        )
        self._count_terms(folded_sentences, -1)
        periods = {p for start, precision in self.db.execute(
            "SELECT start, precision FROM dates WHERE article = ?", (rowid,)) for p in date_periods(start, precision)}
        self.db.executemany("DELETE FROM date_rank WHERE period = ? AND article = ?", [(p, rowid) for p in periods])
        for table in ("sentences", "dates", "article_actors", "article_surnames"):
            self.db.execute(f"DELETE FROM {table} WHERE article = ?", (rowid,))
        self.db.execute("DELETE FROM articles WHERE rowid = ?", (rowid,))
        del self._article_rowid[article_id], self._article_published[article_id]

    def set_summary(self, article_id: str, summary: str) -> None:
        """An article's summary, written once the cross-article pass knows which of its names are people."""
        self.db.execute("UPDATE articles SET summary = ? WHERE rowid = ?", (summary, self._article(article_id)[0]))

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
            "INSERT INTO actors(name, roles, aliases, n_articles, skey, role_counts) VALUES (?,?,?,?,?,?)",
            (actor.name, json.dumps(actor.roles, ensure_ascii=False),
             json.dumps(sorted(actor.aliases), ensure_ascii=False), len(actor.articles), actor.skey, actor.role_counts),
        )
        rowid = cur.lastrowid
        self.db.executemany(
            "INSERT INTO actor_keys(key, actor, kind) VALUES (?,?,?)",
            [(k, rowid, kind) for k, kind in sorted(set(actor.keys))],
        )
        rows = []
        for a, s in actor.articles.items():
            article, published = self._article(a)
            rows.append((rowid, article, json.dumps(s), actor.leads.get(a, 0), len(s), published))
        self.db.executemany(
            "INSERT INTO actor_articles(actor, article, sentences, lead, n, published) VALUES (?,?,?,?,?,?)", rows
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
                "UPDATE actors SET roles = ?, aliases = ?, n_articles = ?, skey = ?, role_counts = ? WHERE rowid = ?",
                (json.dumps(actor.roles, ensure_ascii=False), json.dumps(sorted(actor.aliases), ensure_ascii=False),
                 len(actor.articles), actor.skey, actor.role_counts, rowid),
            )
            keys = sorted(set(actor.keys))
            if keys != sorted(self.db.execute("SELECT key, kind FROM actor_keys WHERE actor = ?", (rowid,))):
                self.db.execute("DELETE FROM actor_keys WHERE actor = ?", (rowid,))
                self.db.executemany(
                    "INSERT INTO actor_keys(key, actor, kind) VALUES (?,?,?)", [(k, rowid, kind) for k, kind in keys]
                )
            before = {article: (value, lead) for article, value, lead in self.db.execute(
                "SELECT article, sentences, lead FROM actor_articles WHERE actor = ?", (rowid,))}
            changed = []
            for aid, idxs in actor.articles.items():
                article, published = self._article(aid)
                value, lead = json.dumps(idxs), actor.leads.get(aid, 0)
                if before.pop(article, None) != (value, lead):
                    changed.append((rowid, article, value, lead, len(idxs), published))
            self.db.executemany(
                "INSERT OR REPLACE INTO actor_articles(actor, article, sentences, lead, n, published)"
                " VALUES (?,?,?,?,?,?)",
                changed,
            )
            self.db.executemany("DELETE FROM actor_articles WHERE actor = ? AND article = ?",
                                [(rowid, a) for a in before])
        for rowid in set(old.values()) - kept:
            for table, column in (("actor_keys", "actor"), ("actor_articles", "actor"), ("actors", "rowid")):
                self.db.execute(f"DELETE FROM {table} WHERE {column} = ?", (rowid,))

    def update_actor(self, rowid: int, actor: ActorRow, n_articles: int) -> None:
        """One person the index holds, now as `actor` says, in `n_articles` articles; `actor.articles` has
        only the articles whose evidence is new or ordered anew (the others' rows stay as they are)."""
        self.db.execute(
            "UPDATE actors SET roles = ?, aliases = ?, n_articles = ?, role_counts = ? WHERE rowid = ?",
            (json.dumps(actor.roles, ensure_ascii=False), json.dumps(sorted(actor.aliases), ensure_ascii=False),
             n_articles, actor.role_counts, rowid),
        )
        keys = sorted(set(actor.keys))
        if keys != sorted(self.db.execute("SELECT key, kind FROM actor_keys WHERE actor = ?", (rowid,))):
            self.db.execute("DELETE FROM actor_keys WHERE actor = ?", (rowid,))
            self.db.executemany(
                "INSERT INTO actor_keys(key, actor, kind) VALUES (?,?,?)", [(k, rowid, kind) for k, kind in keys]
            )
        rows = []
        for aid, idxs in actor.articles.items():
            article, published = self._article(aid)
            rows.append((rowid, article, json.dumps(idxs), actor.leads.get(aid, 0), len(idxs), published))
        self.db.executemany(
            "INSERT OR REPLACE INTO actor_articles(actor, article, sentences, lead, n, published) VALUES (?,?,?,?,?,?)",
            rows,
        )

    def delete_actors(self, skeys: Iterable[str]) -> None:
        """Drop every person grouped under these surnames (an incremental rebuild writes them anew)."""
        for skey in set(skeys):
            ids = [r for (r,) in self.db.execute("SELECT rowid FROM actors WHERE skey = ?", (skey,))]
            for table, column in (("actor_keys", "actor"), ("actor_articles", "actor"), ("actors", "rowid")):
                self.db.executemany(f"DELETE FROM {table} WHERE {column} = ?", [(i,) for i in ids])

    def add_events(self, rows: Iterable[EventRow]) -> None:
        """Reports of events: a report of an event already in the index joins it as one more source."""
        for r in rows:
            found = self.db.execute("SELECT rowid FROM events WHERE key = ?", (r.key,)).fetchone()
            if found is None:
                cur = self.db.execute(
                    "INSERT INTO events(key, action, start, end, precision) VALUES (?,?,?,?,?)",
                    (r.key, r.action, r.start, r.end, r.precision),
                )
                event = int(cur.lastrowid or 0)
                self.db.executemany("INSERT INTO event_people(event, name) VALUES (?, ?)", [(event, n) for n in r.people])
            else:
                event = found[0]
            article, published = self._article(r.article)
            self.db.execute(
                "INSERT OR IGNORE INTO event_articles(event, article, sentence, date_source, future, place, source,"
                " published) VALUES (?,?,?,?,?,?,?,?)",
                (event, article, r.sentence, r.date_source, int(r.future), r.place, r.source, published),
            )

    def delete_events(self, article_ids: Iterable[str]) -> None:
        """Drop these articles' reports, and the events no article reports any more."""
        rowids = [self._article(a)[0] for a in set(article_ids)]
        events = {e for rowid in rowids for (e,) in self.db.execute(
            "SELECT event FROM event_articles WHERE article = ?", (rowid,))}
        self.db.executemany("DELETE FROM event_articles WHERE article = ?", [(r,) for r in rowids])
        for e in events:
            if self.db.execute("SELECT 1 FROM event_articles WHERE event = ? LIMIT 1", (e,)).fetchone() is None:
                self.db.execute("DELETE FROM event_people WHERE event = ?", (e,))
                self.db.execute("DELETE FROM events WHERE rowid = ?", (e,))

    def add_article_actors(self, article_id: str, rows: Iterable[tuple[str, str]]) -> None:
        """One article's people before the cross-article merge: (grouping surname, JSON)."""
        rowid = self._article(article_id)[0]
        self.db.executemany(
            "INSERT INTO article_actors(article, skey, data) VALUES (?,?,?)", [(rowid, k, d) for k, d in rows]
        )

    def set_article_surnames(self, article_id: str, confirmed: Iterable[str], unconfirmed: Iterable[str]) -> None:
        """The surnames a new article confirms as people's, and those it names only unconfirmed."""
        rowid = self._article(article_id)[0]
        self.db.executemany(
            "INSERT INTO article_surnames(surname, confirmed, article) VALUES (?,?,?)",
            [(s, 1, rowid) for s in sorted(set(confirmed))] + [(s, 0, rowid) for s in sorted(set(unconfirmed))],
        )

    def set_surname_groups(self, skey: str, names: str | None) -> None:
        """The full names counted under one grouping surname (None: the surname has no people now)."""
        if names is None:
            self.db.execute("DELETE FROM surname_groups WHERE skey = ?", (skey,))
        else:
            self.db.execute("INSERT OR REPLACE INTO surname_groups(skey, names) VALUES (?, ?)", (skey, names))

    def replace_article_actors(self, article_id: str, rows: Iterable[tuple[str, str]]) -> None:
        """One article's people before the merge, grouped again."""
        self.db.execute("DELETE FROM article_actors WHERE article = ?", (self._article(article_id)[0],))
        self.add_article_actors(article_id, rows)

    def put_cache(self, entries: dict[str, str]) -> None:
        """Per-article work (key → JSON) into the build cache beside the index, committed at once: its
        entries are keyed by content, so they are true whether or not this index is committed."""
        cache, _ = BuildCache.open(self.target)
        try:
            for key, text in entries.items():
                cache.put_payload(key, pack(text))
        finally:
            cache.close()

    def put_files(self, files: dict[str, tuple[str, int, int]]) -> None:
        """The corpus files this index was built from: name → (sha256 of the bytes, size, mtime_ns)."""
        self.db.executemany(
            "INSERT OR REPLACE INTO build_files(name, sha256, size, mtime_ns) VALUES (?, ?, ?, ?)",
            [(name, *v) for name, v in files.items()],
        )

    def index_article_people(self) -> None:
        """The index of each article's people, now rather than at commit: the events pass looks them up
        once per article, which without it scans every (person, article) row each time."""
        self.db.execute("CREATE INDEX IF NOT EXISTS actor_articles_article ON actor_articles(article)")

    def commit(self) -> None:
        """Finish the file and atomically replace the target."""
        if self.live:
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
        assert self.tmp is not None
        with open(self.tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(self.tmp, self.target)

    def abort(self) -> None:
        if self.live:
            try:
                self.db.execute("ROLLBACK")
            except sqlite3.Error:
                # A commit that failed half-way (a full disk) may leave the rollback to a new connection.
                self.db.close()
                roll_back_hot_journal(self.target)
            finally:
                self.db.close()
            return
        try:
            self.db.close()
        finally:
            if self.tmp is not None:
                self.tmp.unlink(missing_ok=True)
