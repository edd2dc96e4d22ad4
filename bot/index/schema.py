"""The SQLite contract between build and serve: the schema, its version, and the rows the build writes.

Standard library only. Bump SCHEMA_VERSION whenever a table changes shape; readers refuse
any other version with the command that rebuilds.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass, field

SCHEMA_VERSION = 5  # 5: article rowids spaced ROWID_GAP apart, evidence leads, surnames per article


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
    skey TEXT NOT NULL DEFAULT '',
    role_counts TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX actors_skey ON actors(skey);
CREATE TABLE actor_keys(key TEXT NOT NULL, actor INTEGER NOT NULL, kind TEXT NOT NULL);
CREATE INDEX actor_keys_key ON actor_keys(key);
CREATE INDEX actor_keys_actor ON actor_keys(actor);
-- sentences: the article's sentence indices, those naming the full name or a role first
-- (the order evidence is quoted in); lead: how many of them do; n: how many in all;
-- published: the article's, '' if none.
CREATE TABLE actor_articles(
    actor INTEGER NOT NULL,
    article INTEGER NOT NULL,
    sentences TEXT NOT NULL,
    lead INTEGER NOT NULL DEFAULT 0,
    n INTEGER NOT NULL DEFAULT 0,
    published TEXT NOT NULL DEFAULT '',
    PRIMARY KEY(actor, article)
) WITHOUT ROWID;
CREATE INDEX actor_articles_rank ON actor_articles(actor, n DESC, published, article);
-- A person's articles newest first, the order `who` answers in.
CREATE INDEX actor_articles_newest ON actor_articles(actor, published DESC, n DESC, article);
-- The people of an article, for who else an answer's articles name and who a dated sentence involves.
CREATE INDEX actor_articles_article ON actor_articles(article);
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
-- The days that have something, in order: the nearest-date search reads them without stepping over
-- month and year mentions (a year's all start on its 1 January) or fetching rows to check precision.
CREATE INDEX dates_day ON dates(start, precision) WHERE precision = 'day';
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
-- keyed by the surname that decides which merged person they join; and the surnames each article
-- confirms as a person's (confirmed = 1) or names only in runs nothing marks as a person (0): a
-- surname confirmed anywhere is a person everywhere, so when one becomes known or unknown the
-- articles with unconfirmed runs of it are the ones to group again.
CREATE TABLE article_actors(article INTEGER NOT NULL, skey TEXT NOT NULL, data TEXT NOT NULL);
CREATE INDEX article_actors_skey ON article_actors(skey);
CREATE INDEX article_actors_article ON article_actors(article);
CREATE TABLE article_surnames(
    surname TEXT NOT NULL,
    confirmed INTEGER NOT NULL,
    article INTEGER NOT NULL,
    PRIMARY KEY(surname, confirmed, article)
) WITHOUT ROWID;
CREATE INDEX article_surnames_article ON article_surnames(article);
-- Per grouping surname, its full names with how many articles' people bear each and where each was
-- first seen: what grouping the spellings depends on, so an add can tell whether it changes it.
CREATE TABLE surname_groups(skey TEXT PRIMARY KEY, names TEXT NOT NULL) WITHOUT ROWID;
-- How many sentences hold each full-text term, so search can tell a broad query from a narrow one.
CREATE TABLE term_df(term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
-- Events: one per people set, action and day, however many articles report it (event_articles,
-- with the sentence, how it was dated, the place, the cited outlet, and whether it was future).
-- key: the JSON of [people, action, start, precision] that makes two reports one event.
CREATE TABLE events(
    rowid INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    action TEXT NOT NULL,
    start TEXT,
    end TEXT,
    precision TEXT
);
CREATE INDEX events_start ON events(start, key);
CREATE TABLE event_people(event INTEGER NOT NULL, name TEXT NOT NULL, PRIMARY KEY(event, name)) WITHOUT ROWID;
CREATE INDEX event_people_name ON event_people(name, event);
CREATE TABLE event_articles(
    event INTEGER NOT NULL,
    article INTEGER NOT NULL,
    sentence INTEGER NOT NULL,
    date_source TEXT,
    future INTEGER NOT NULL,
    place TEXT,
    source TEXT,
    published TEXT NOT NULL DEFAULT '',
    PRIMARY KEY(event, article, sentence)
) WITHOUT ROWID;
CREATE INDEX event_articles_article ON event_articles(article);
-- The corpus folder as built: each file's sha256, and the size and mtime it had when hashed.
CREATE TABLE build_files(name TEXT PRIMARY KEY, sha256 TEXT NOT NULL, size INTEGER, mtime_ns INTEGER) WITHOUT ROWID;
"""


# Article rowids are spaced this far apart in corpus order, so an article added later between two
# others takes a rowid between theirs: rowids order articles (evidence, ties in ranking) as the
# corpus does, whichever build wrote them. Sentence rowids are article rowid × 100,000 + index.
ROWID_GAP = 1 << 20
SENTENCES_PER_ARTICLE = 100_000  # sentence rowid = article rowid × this + its index


SCHEMA = "\n".join(line for line in _SCHEMA.splitlines() if not line.startswith("CREATE INDEX"))


# Created once the rows are in (faster than keeping them up to date row by row); IF NOT EXISTS, as a
# build may create one early to read its own rows back (`IndexWriter.index_article_people`).
INDEXES = "\n".join(line.replace("CREATE INDEX", "CREATE INDEX IF NOT EXISTS", 1)
                     for line in _SCHEMA.splitlines() if line.startswith("CREATE INDEX"))


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
    leads: dict[str, int] = field(default_factory=dict)  # article id -> how many sentences name them in full
    role_counts: str = "[]"  # JSON: [role, times given, where first seen] in the order first seen



@dataclass
class DateRow:
    article: str
    sentence: int
    start: str
    end: str
    precision: str
    text: str



@dataclass(frozen=True)
class EventRow:
    """One sentence's report of an event; people are corpus names, sorted."""

    article: str
    sentence: int
    action: str
    people: tuple[str, ...]
    start: str | None
    end: str | None
    precision: str | None
    date_source: str | None
    future: bool
    place: str | None
    source: str | None

    @property
    def key(self) -> str:
        """What makes two reports one event: the same people, action and day."""
        return json.dumps([list(self.people), self.action, self.start, self.precision], ensure_ascii=False)


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
