"""Rows every intent reads: sentences, their dates, article metadata and people, by rowid, in chunks."""

from __future__ import annotations

import json
from dataclasses import dataclass

from bot.serve.session import ReadSession

MAX_ARTICLES = 100
MAX_EVIDENCE = 2


@dataclass
class ActorRecord:
    rowid: int
    name: str
    roles: list[str]
    aliases: list[str]
    n_articles: int


def sentence_texts(session: ReadSession, wanted: list[tuple[int, list[int]]]) -> dict[tuple[int, int], str]:
    """Sentence texts by (article rowid, index)."""
    ids = [a * 100_000 + i for a, idxs in wanted for i in idxs if 0 <= i < 100_000]
    out: dict[tuple[int, int], str] = {}
    for chunk in range(0, len(ids), 500):
        part = ids[chunk : chunk + 500]
        marks = ",".join("?" * len(part))
        for _rowid, article, idx, text in session.db().execute(
            f"SELECT rowid, article, idx, text FROM sentences WHERE rowid IN ({marks})", part
        ):
            out[article, idx] = text
    return out


def sentence_dates(session: ReadSession, wanted: list[tuple[int, list[int]]]) -> dict[tuple[int, int], str]:
    """The date each sentence gives (a day if it gives one, else a month), by (article rowid, index)."""
    want = {(a, i) for a, idxs in wanted for i in idxs}
    articles = sorted({a for a, _ in want})
    out: dict[tuple[int, int], str] = {}
    for chunk in range(0, len(articles), 500):
        part = articles[chunk : chunk + 500]
        marks = ",".join("?" * len(part))
        for article, idx, start, precision in session.db().execute(
            f"SELECT article, sentence, start, precision FROM dates WHERE article IN ({marks})"
            " ORDER BY precision = 'day' DESC, rowid",
            part,
        ):
            if (article, idx) in want:
                out.setdefault((article, idx), start if precision == "day" else start[:7])
    return out


def articles_meta(session: ReadSession, rowids: list[int]) -> dict[int, tuple]:
    """(id, title, url, outlet, published, summary) by article rowid."""
    out: dict[int, tuple] = {}
    for chunk in range(0, len(rowids), 500):
        part = rowids[chunk : chunk + 500]
        marks = ",".join("?" * len(part))
        for row in session.db().execute(
            f"SELECT rowid, id, title, url, outlet, published, summary FROM articles WHERE rowid IN ({marks})", part
        ):
            out[row[0]] = row[1:]
    return out


def actor_records(session: ReadSession, ids: list[int]) -> dict[int, ActorRecord]:
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    return {
        rowid: ActorRecord(rowid, name, json.loads(roles), json.loads(aliases), n)
        for rowid, name, roles, aliases, n in session.db().execute(
            f"SELECT rowid, name, roles, aliases, n_articles FROM actors WHERE rowid IN ({marks})", ids
        )
    }


def article_text(session: ReadSession, article_id: str) -> dict | None:
    """One cleaned article, for the page the HTTP app serves."""
    db = session.db()
    row = db.execute(
        "SELECT rowid, id, title, url, outlet, published FROM articles WHERE id = ?", (article_id,)
    ).fetchone()
    if row is None:
        return None
    sentences = [t for (t,) in db.execute("SELECT text FROM sentences WHERE article = ? ORDER BY idx", (row[0],))]
    return {"id": row[1], "title": row[2], "url": row[3], "outlet": row[4], "published": row[5],
            "sentences": sentences}



def people_of(session: ReadSession, articles: list[int]) -> dict[int, list[tuple[int, list[int]]]]:
    """Per article rowid, its people: (actor rowid, the indices of the sentences naming them)."""
    out: dict[int, list[tuple[int, list[int]]]] = {}
    for chunk in range(0, len(articles), 500):
        part = articles[chunk : chunk + 500]
        for actor, article, sentences in session.db().execute(
            f"SELECT actor, article, sentences FROM actor_articles WHERE article IN ({','.join('?' * len(part))})",
            part,
        ):
            out.setdefault(article, []).append((actor, json.loads(sentences)))
    return out


def shorten(text: str, limit: int = 180) -> str:
    """A sentence cut at a word before `limit` characters, for one-line lists."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:–-")
    return cut + "…"
