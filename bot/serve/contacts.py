"""`contacts X`, `X gặp Y khi nào`, `X và Y gặp nhau`: whom someone dealt with, or what two people did together.

For one person: every event that names them and someone else, and those others ranked by how
many events they share (the counterparts). For two: the events that name both.
"""

from __future__ import annotations

from bot.serve.answers import ContactsAnswer, Counterpart
from bot.serve.event_rows import MAX_EVENTS, article_hits, event_ids, load_events
from bot.serve.names import NameMatcher
from bot.serve.session import ReadSession
from bot.serve.who import answer_who


def answer_contacts(session: ReadSession, names: NameMatcher, raw: str, people: tuple[str, ...]) -> ContactsAnswer:
    answer = ContactsAnswer(query=raw, intent="contacts", target=" + ".join(people))
    found: list[str] = []
    for person in people:
        who = answer_who(session, names, raw, person)
        if who.actor is None:
            answer.target = person
            answer.error, answer.suggestions = who.error or "no_actor", who.suggestions
            return answer
        if who.actor.name not in found:
            found.append(who.actor.name)
    answer.people = found
    answer.actor = None
    events = [e for e in load_events(session, event_ids(session, found)) if len(e.people) > 1]
    answer.events = events[:MAX_EVENTS]
    if len(found) == 1:
        tally: dict[str, list[str | None]] = {}
        for e in events:
            for other in e.people:
                if other != found[0]:
                    tally.setdefault(other, []).append(e.date)
        answer.counterparts = sorted(
            (Counterpart(n, len(ds), max((d for d in ds if d), default=None)) for n, ds in tally.items()),
            key=lambda c: (-c.events, c.name),
        )
    answer.articles = article_hits(answer.events)
    if not answer.events:
        answer.error = "no_results"  # found nothing: answered to the asker alone, like who and on
    return answer
