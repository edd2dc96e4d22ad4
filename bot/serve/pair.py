"""Two or more people asked about together ("Blinken và Lavrov"): the articles naming all of them.

The evidence quoted first is the sentences naming them all, then the first sentence naming each.
A name typed bare (no "who" frame) must be exactly a name the index keys a person by; a name that
is not one turns the question back into a word search (the engine decides, on `None`).
"""

from __future__ import annotations

from bot.serve.answers import Answer
from bot.serve.names import NameMatcher
from bot.serve.rows import ActorRecord
from bot.serve.scope import EVERYTHING, Scope
from bot.serve.session import ReadSession
from bot.serve.who import Resolved, actor_articles, is_exact_key, resolve


def answer_pair(
    session: ReadSession, names: NameMatcher, raw: str, target: str, people: tuple[str, ...],
    scope: Scope = EVERYTHING, exact: bool = False,
) -> Answer | None:
    """The articles naming every one of `people`, newest first; None when `exact` and one of them
    is not exactly a person the index knows."""
    answer = Answer(query=raw, intent="pair", target=target, order="newest")
    found: list[tuple[str, Resolved]] = []
    for typed in people:
        if exact and not is_exact_key(session, typed):
            return None
        r = resolve(session, names, typed)
        if r.actor is None:
            if exact:
                return None
            answer.error = "no_actor"
            answer.target = typed
            answer.detail = typed
            answer.suggestions = r.suggestions
            return answer
        found.append((typed, r))
    distinct: dict[int, tuple[str, Resolved]] = {}
    for typed, r in found:
        assert r.actor is not None
        distinct.setdefault(r.actor.rowid, (typed, r))
    records: list[ActorRecord] = [r.actor for _, r in distinct.values() if r.actor is not None]
    answer.actors = [r.match for _, r in distinct.values() if r.match is not None]
    answer.people = [m.name for m in answer.actors]
    answer.actor = answer.actors[0] if answer.actors else None
    answer.articles = actor_articles(session, records, scope)
    if not answer.articles:
        answer.error = "no_results"
    return answer
