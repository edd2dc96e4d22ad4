"""What the index holds for one article: for a user who wonders why an answer is what it is.

Metadata and where the publication date came from, the people the article names (as the
article gives them, before the cross-article merge), every dated mention with its precision
and sentence, and the lines the build dropped as page chrome.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

from bot.index.reader import meta, read_cache
from bot.serve.session import ReadSession


@dataclass(frozen=True)
class ShownPerson:
    name: str
    aliases: list[str]
    roles: list[str]
    sentences: list[int]


@dataclass(frozen=True)
class ShownDate:
    sentence: int
    text: str
    start: str
    end: str
    precision: str
    quote: str


@dataclass(frozen=True)
class ArticleReport:
    id: str
    file: str
    title: str
    outlet: str | None
    url: str | None
    published: str | None
    published_from: str | None  # "sources.yml" | "dateline" | None when the article has no date
    sentences: int
    people: list[ShownPerson] = field(default_factory=list)
    dates: list[ShownDate] = field(default_factory=list)
    chrome: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


def article_report(session: ReadSession, article_id: str) -> ArticleReport | None:
    db = session.db()
    row = db.execute(
        "SELECT rowid, id, file, title, outlet, url, published, cache_key FROM articles WHERE id = ?", (article_id,)
    ).fetchone()
    if row is None:
        return None
    rowid, aid, file, title, outlet, url, published, cache_key = row
    texts = dict(db.execute("SELECT idx, text FROM sentences WHERE article = ?", (rowid,)))
    people = []
    for (data,) in db.execute("SELECT data FROM article_actors WHERE article = ? ORDER BY rowid", (rowid,)):
        name, aliases, roles, sentences = json.loads(data)
        people.append(ShownPerson(name, sorted(aliases), list(roles), list(sentences)))
    dates = [
        ShownDate(s, text, start, end, precision, texts.get(s, ""))
        for s, text, start, end, precision in db.execute(
            "SELECT sentence, text, start, end, precision FROM dates WHERE article = ? ORDER BY sentence, rowid", (rowid,)
        )
    ]
    chrome: list[str] = []
    # The dropped chrome is kept only in the build cache beside the index; without it, none is shown.
    cached = read_cache(session.index_path, [cache_key]) if cache_key else {}
    if cache_key in cached:
        chrome = list(json.loads(cached[cache_key]).get("chrome", []))
    origin = (meta(db).get("published_from") or {}) if published else {}
    published_from = origin.get(aid) if isinstance(origin, dict) else None
    return ArticleReport(aid, file, title, outlet, url, published, published_from, len(texts), people, dates, chrome)
