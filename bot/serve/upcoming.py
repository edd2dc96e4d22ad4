"""`sắp tới`, `upcoming`, `lịch tuần tới`: what the articles report as going to happen.

Coming events first, soonest first (those without a date after the dated ones); then those whose
day has passed, latest first, each saying whether a later article reports that it took place:
an event of the same people (and, for a scheduled meeting, a meeting, call or visit) dated
in the same day or month, reported as done.
"""

from __future__ import annotations

from datetime import date, timedelta

from bot.serve.answers import EventItem, UpcomingAnswer
from bot.serve.event_rows import MAX_EVENTS, article_hits, event_ids, load_events
from bot.serve.names import NameMatcher
from bot.serve.session import ReadSession
from bot.serve.who import answer_who

_TAKES_PLACE_AS = {"scheduled": {"met", "call", "visit"}}


def _happened(event: EventItem, done: list[EventItem]) -> bool:
    """Whether a later report has this future event taking place on its day (or in its month)."""
    kinds = _TAKES_PLACE_AS.get(event.action, {event.action})
    for other in done:
        if other.action not in kinds or not set(event.people) <= set(other.people) or other.date is None:
            continue
        if event.date is not None and not other.date.startswith(event.date) and not event.date.startswith(other.date):
            continue
        if event.date is None and (event.announced is None or other.date < event.announced):
            continue
        if any(r.published and (event.announced is None or r.published >= event.announced) for r in other.reports):
            return True
    return False


def answer_upcoming(
    session: ReadSession, names: NameMatcher, raw: str, people: tuple[str, ...], today: date,
    window_days: int | None = None,
) -> UpcomingAnswer:
    answer = UpcomingAnswer(query=raw, intent="upcoming", target=" ".join(people), today=today.isoformat())
    found: list[str] = []
    for person in people:
        who = answer_who(session, names, raw, person)
        if who.actor is None:
            answer.error, answer.suggestions = who.error or "no_actor", who.suggestions
            return answer
        found.append(who.actor.name)
    future = load_events(session, event_ids(session, found, future_only=True))
    now = today.isoformat()
    coming = [e for e in future if e.date is None or e.date >= now[: len(e.date)]]
    if window_days is not None:
        until = (today + timedelta(days=window_days)).isoformat()
        coming = [e for e in coming if e.date is not None and e.date <= until]
        past: list[EventItem] = []
    else:
        past = [e for e in future if e not in coming]
        if past:
            people_seen = sorted({n for e in past for n in e.people})
            done_ids = {i for n in people_seen for i in event_ids(session, [n])}
            done = [e for e in load_events(session, sorted(done_ids)) if not e.future]
            for e in past:
                e.happened = _happened(e, done)
        past.sort(key=lambda e: e.date or "", reverse=True)
    answer.events = (coming + past)[:MAX_EVENTS]
    answer.articles = article_hits(answer.events)
    if not answer.events:
        answer.error = "no_results"  # found nothing: answered to the asker alone, like who and on
    return answer
