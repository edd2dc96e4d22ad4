"""`timeline X`, `dòng thời gian X`, `X làm gì`: the events of one person, oldest first."""

from __future__ import annotations

from bot.serve.answers import TimelineAnswer
from bot.serve.event_rows import MAX_EVENTS, article_hits, event_ids, load_events
from bot.serve.names import NameMatcher
from bot.serve.session import ReadSession
from bot.serve.who import answer_who


def answer_timeline(session: ReadSession, names: NameMatcher, raw: str, person: str) -> TimelineAnswer:
    answer = TimelineAnswer(query=raw, intent="timeline", target=person)
    who = answer_who(session, names, raw, person)
    if who.actor is None:
        answer.error, answer.suggestions = who.error or "no_actor", who.suggestions
        return answer
    answer.actor = who.actor
    answer.events = load_events(session, event_ids(session, [who.actor.name]))[:MAX_EVENTS]
    answer.articles = article_hits(answer.events)
    if not answer.events:
        answer.error = "no_results"  # found nothing: answered to the asker alone, like who and on
    return answer
