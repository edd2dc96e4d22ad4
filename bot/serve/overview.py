"""What the index holds, for the App Home: counts, when it was built, the most-named people, the latest articles.

Read in one transaction of the pinned index generation, like an answer, so the figures
agree with each other even while `ukraine-bot index` swaps in a new file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from bot.index.reader import meta
from bot.serve.session import ReadSession


@dataclass(frozen=True)
class PersonLine:
    name: str
    role: str | None
    n_articles: int


@dataclass(frozen=True)
class ArticleLine:
    id: str
    title: str
    outlet: str | None
    published: str | None


@dataclass(frozen=True)
class IndexOverview:
    """How fresh the index is and what is in it."""

    articles: int
    people: int
    built_at: str | None  # ISO UTC time of the build
    newest_published: str | None  # the latest publication date of any article
    top_people: tuple[PersonLine, ...]
    latest_articles: tuple[ArticleLine, ...]


def index_overview(session: ReadSession, top: int = 5, latest: int = 5) -> IndexOverview:
    """Counts and lists from the index; the newest articles are those with the latest publication date."""
    session.reload_if_changed()
    with session.reading():
        db = session.db()
        info = meta(db)
        (articles,) = db.execute("SELECT count(*) FROM articles").fetchone()
        (people,) = db.execute("SELECT count(*) FROM actors").fetchone()
        (newest,) = db.execute("SELECT max(published) FROM articles WHERE published IS NOT NULL").fetchone()
        top_people = tuple(
            PersonLine(name, (json.loads(roles) or [None])[0], n)
            for name, roles, n in db.execute(
                "SELECT name, roles, n_articles FROM actors ORDER BY n_articles DESC, name LIMIT ?", (top,)
            )
        )
        latest_articles = tuple(
            ArticleLine(*row)
            for row in db.execute(
                "SELECT id, title, outlet, published FROM articles"
                " ORDER BY published IS NULL, published DESC, id LIMIT ?",
                (latest,),
            )
        )
    built = info.get("built_at")
    return IndexOverview(articles, people, str(built) if built else None, newest, top_people, latest_articles)


class IndexCatalog:
    """The overview of one index, for the listeners (a fake stands in for it in tests)."""

    def __init__(self, session: ReadSession) -> None:
        self.session = session

    def overview(self) -> IndexOverview:
        return index_overview(self.session)
