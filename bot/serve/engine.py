"""Serve time: answer a query from the index. Needs only the index, rapidfuzz and the standard library.

A small facade: parse the query, settle what the parse leaves to the index (the year of a day typed
without one, the outlet's spelling, whether a bare name is a person), then hand it to the module for
its intent (`who`, `on`, `pair`, `search`), all reading through one `ReadSession` and one
`NameMatcher`. Every answer says how the question was read (`Answer.reading`).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from bot.serve.answers import Answer, DateRange
from bot.serve.names import NameMatcher
from bot.serve.on import answer_on
from bot.serve.outlets import OutletMatcher
from bot.serve.pair import answer_pair
from bot.serve.periods import choose_year
from bot.serve.query import ParsedQuery, parse
from bot.serve.roles import role_holders
from bot.serve.rows import article_text
from bot.serve.scope import Scope
from bot.serve.search import answer_search
from bot.serve.session import ReadSession
from bot.serve.show import ArticleReport, article_report
from bot.serve.views import answer_view
from bot.serve.views_query import is_role_phrase, read_view
from bot.serve.who import answer_who, is_exact_key
from bot.shared.roles import canonical_role
from bot.shared.text import fold

MAX_OUTLETS_LISTED = 10


class Engine:
    """Answers who/on/pair/search/help queries from one index file; reloads when the file is replaced.

    People, keys and dates are looked up in the index as queries need them. The one in-memory
    structure, a trigram map of the people's lookup keys for typo-tolerant matching, is built
    once per index generation when the engine opens or reloads the index, not by a query.
    """

    def __init__(self, index_path: Path) -> None:
        self.session = ReadSession(index_path)
        self.names = NameMatcher(self.session)
        self.outlets = OutletMatcher(self.session)
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

    def answer(self, text: str, today: date | None = None) -> Answer:
        """Answer one query; never raises for bad input (a damaged index is IndexUnavailable).

        `today` anchors "hôm nay", "tuần này" and the year of a day typed without one.
        """
        self.reload_if_changed()
        if (view := read_view(text)) is not None:
            with self.session.reading():
                return answer_view(self.session, self.names, view)
        today = today or date.today()
        q = parse(text, today)
        if q.intent in ("help", "exit"):
            return _read_as(Answer(query=q.raw, intent=q.intent), q)
        if q.invalid_date:
            answer = Answer(query=q.raw, intent="on", target=q.target, error="invalid_date", detail=q.invalid_date)
            return _read_as(answer, q)
        with self.session.reading():
            return self._answer(q, today)

    def _answer(self, q: ParsedQuery, today: date) -> Answer:
        other_years: tuple[int, ...] = ()
        if q.period is not None and not q.period.year_known:
            choice = choose_year(self.session, q.period, today)
            q = replace(q, period=choice.period)
            other_years = choice.other_years
        outlets: tuple[str, ...] | None = None
        if q.outlet:
            outlets = self.outlets.match(q.outlet)
            if not outlets:
                return _read_as(self._unknown_outlet(q), q)
        scope = Scope(q.period, outlets)
        answer = self._dispatch(q, scope)
        if answer.date is None and q.period is not None and q.period.start and q.period.end:
            answer.date = DateRange(q.period.start.isoformat(), q.period.end.isoformat(), q.period.precision)
        answer.other_years = list(other_years)
        answer.outlet = outlets[0] if outlets and len(outlets) == 1 else answer.outlet
        return answer

    def _dispatch(self, q: ParsedQuery, scope: Scope) -> Answer:
        s, names = self.session, self.names
        if q.intent == "on" and q.period is not None:
            return _read_as(answer_on(s, q.raw, q.target, q.period, scope), q)
        if q.intent == "who":
            return _read_as(self._who(q, scope), q)
        if q.intent == "pair":
            pair = answer_pair(s, names, q.raw, q.target, q.people, scope, exact=q.maybe_person)
            if pair is not None:
                return _read_as(pair, replace(q, maybe_person=False))
        elif q.maybe_person:
            # A bare name: the person when it is exactly one the index keys, else maybe several people.
            if is_exact_key(s, q.target):
                return _read_as(answer_who(s, names, q.raw, q.target, scope), replace(q, intent="who"))
            if len(q.people) >= 2:
                pair = answer_pair(s, names, q.raw, q.target, q.people, scope, exact=True)
                if pair is not None and len(pair.actors) >= 2:
                    return _read_as(pair, replace(q, intent="pair", maybe_person=False))
        words = replace(q, intent="search", maybe_person=False)
        return _read_as(answer_search(s, q.raw, q.target, scope), words)

    def _who(self, q: ParsedQuery, scope: Scope) -> Answer:
        """A person, or for a role the person the articles give it most recently, with every holder.

        "ai là thủ tướng Anh" over articles from several years: each person the articles call
        that, most recent first, each with the first and last dates they do.
        """
        s, names = self.session, self.names
        answer = answer_who(s, names, q.raw, q.target, scope)
        if answer.actor is None or not is_role_phrase(fold(q.target)):
            return answer
        holders = role_holders(s, canonical_role(fold(q.target)))
        if len(holders) < 2:
            return answer
        if holders[0].name != answer.actor.name:
            latest = answer_who(s, names, q.raw, holders[0].name, scope)
            if latest.actor is not None:
                answer = latest
        answer.holders = holders
        return answer

    def _unknown_outlet(self, q: ParsedQuery) -> Answer:
        """An outlet the index has no article from: said so, with the outlets it has, not silently dropped."""
        known = self.outlets.known()
        answer = Answer(query=q.raw, intent=q.intent if q.intent != "pair" else "search", target=q.target,
                        error="no_results", outlet=q.outlet)
        answer.detail = "unknown_outlet"
        if q.period is not None and q.period.start is not None and q.period.end is not None:
            answer.date = DateRange(q.period.start.isoformat(), q.period.end.isoformat(), q.period.precision)
        answer.suggestions = list(known[:MAX_OUTLETS_LISTED])
        return answer

    def show(self, article_id: str) -> ArticleReport | None:
        """What the index holds for one article (`ukraine-bot show`)."""
        with self.session.reading():
            return article_report(self.session, article_id)

    def article(self, article_id: str) -> dict | None:
        """One cleaned article, for the page the HTTP app serves."""
        return article_text(self.session, article_id)


def _read_as(answer: Answer, q: ParsedQuery) -> Answer:
    """The reading that won, in both label languages (the year of a yearless day already chosen)."""
    answer.reading = {"en": q.reading("en"), "vi": q.reading("vi")}
    return answer
