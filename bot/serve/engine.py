"""Serve time: answer a query from the index. Needs only the index, rapidfuzz and the standard library.

A small facade: parse the query, then hand it to the module for its intent (`who`, `on`,
`search`), all reading through one `ReadSession` and one `NameMatcher`.
"""

from __future__ import annotations

from pathlib import Path

from bot.serve.answers import Answer
from bot.serve.names import NameMatcher
from bot.serve.on import answer_on
from bot.serve.query import parse
from bot.serve.rows import article_text
from bot.serve.search import answer_search
from bot.serve.session import ReadSession
from bot.serve.show import ArticleReport, article_report
from bot.serve.views import answer_view
from bot.serve.views_query import read_view
from bot.serve.who import answer_who


class Engine:
    """Answers who/on/search/help queries from one index file; reloads when the file is replaced.

    People, keys and dates are looked up in the index as queries need them. The one in-memory
    structure, a trigram map of the people's lookup keys for typo-tolerant matching, is built
    once per index generation when the engine opens or reloads the index, not by a query.
    """

    def __init__(self, index_path: Path) -> None:
        self.session = ReadSession(index_path)
        self.names = NameMatcher(self.session)
        self.names.warm()

    @property
    def index_path(self) -> Path:
        return self.session.index_path

    def reload_if_changed(self) -> bool:
        """Pick up an index that `ukraine-bot index` swapped in, without a restart (and its name map with it)."""
        if not self.session.reload_if_changed():
            return False
        self.names.warm()
        return True

    def answer(self, text: str) -> Answer:
        """Answer one query; never raises for bad input (a damaged index is IndexUnavailable)."""
        self.reload_if_changed()
        if (view := read_view(text)) is not None:
            with self.session.reading():
                return answer_view(self.session, self.names, view)
        q = parse(text)
        if q.intent == "help":
            return Answer(query=q.raw, intent="help")
        with self.session.reading():
            if q.intent == "who":
                return answer_who(self.session, self.names, q.raw, q.target)
            if q.intent == "on":
                return answer_on(self.session, q.raw, q.target)
            return answer_search(self.session, q.raw, q.target)

    def show(self, article_id: str) -> ArticleReport | None:
        """What the index holds for one article (`ukraine-bot show`)."""
        with self.session.reading():
            return article_report(self.session, article_id)

    def article(self, article_id: str) -> dict | None:
        """One cleaned article, for the page the HTTP app serves."""
        return article_text(self.session, article_id)
