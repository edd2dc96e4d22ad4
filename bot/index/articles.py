"""Articles as the index holds them, read back whole: title, date, link, sentences and the people named.

Both sides need this view of an article just indexed: `ukraine-bot add` prints
what was indexed from it (read from the index, so the report is what the bot
will answer from, not what the build meant to write), and the running bot
checks new articles against the watchlists. Standard library only.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class IndexedPerson:
    """A person as the index links them to one article: the name, other spellings, the sentences (by index)."""

    name: str
    aliases: tuple[str, ...]
    sentences: tuple[int, ...]


@dataclass(frozen=True)
class IndexedEvent:
    """A dated mention: the day (or month, or year) a sentence of the article reports on, and the sentence."""

    start: str  # YYYY-MM-DD, the first day of the span
    precision: str  # day | month | year
    sentence: str


@dataclass(frozen=True)
class IndexedArticle:
    id: str
    file: str
    title: str
    outlet: str | None
    url: str | None
    published: str | None  # YYYY-MM-DD
    sentences: tuple[str, ...]
    people: tuple[IndexedPerson, ...]  # most cited in this article first
    events: tuple[IndexedEvent, ...] = ()  # in date order

    def to_dict(self) -> dict:
        return {
            "id": self.id, "file": self.file, "title": self.title, "outlet": self.outlet, "url": self.url,
            "published": self.published, "people": [p.name for p in self.people],
        }


def article_ids(db: sqlite3.Connection) -> list[str]:
    """Every article id in the index, in index order."""
    return [i for (i,) in db.execute("SELECT id FROM articles ORDER BY rowid")]


def read_articles(db: sqlite3.Connection, ids: Iterable[str]) -> list[IndexedArticle]:
    """The articles with these ids, in the order asked; ids the index does not hold are left out."""
    found: list[IndexedArticle] = []
    for article_id in ids:
        row = db.execute(
            "SELECT rowid, id, file, title, outlet, url, published FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        if row is None:
            continue
        rowid, aid, file, title, outlet, url, published = row
        sentences = tuple(t for (t,) in db.execute("SELECT text FROM sentences WHERE article = ? ORDER BY idx", (rowid,)))
        people = tuple(
            IndexedPerson(name, tuple(json.loads(aliases)), tuple(json.loads(idxs)))
            for name, aliases, idxs in db.execute(
                "SELECT a.name, a.aliases, aa.sentences FROM actor_articles aa JOIN actors a ON a.rowid = aa.actor"
                " WHERE aa.article = ? ORDER BY aa.n DESC, a.n_articles DESC, a.name",
                (rowid,),
            )
        )
        events = tuple(
            IndexedEvent(start, precision, sentences[idx] if 0 <= idx < len(sentences) else text)
            for start, precision, idx, text in db.execute(
                "SELECT start, precision, sentence, text FROM dates WHERE article = ? ORDER BY start, sentence", (rowid,)
            )
        )
        found.append(IndexedArticle(aid, file, title, outlet, url, published, sentences, people, events))
    return found
