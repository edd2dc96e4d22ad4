"""`sắp tới`, `upcoming`, `lịch tuần tới`: what the articles report as going to happen.

Coming events first, soonest first (those without a date after the dated ones); then those whose
day has passed, latest first, each saying whether a later article reports that it took place:
an event of the same people (and, for a scheduled meeting, a meeting, call or visit) dated
in the same day or month, reported as done.
"""

from __future__ import annotations

from datetime import date, timedelta

from bot.serve.answers import EventItem, UpcomingAnswer
from bot.serve.event_rows import MAX_EVENTS, article_hits, event_ids, events_in, load_events
from bot.serve.names import NameMatcher
from bot.serve.session import ReadSession
from bot.serve.who import answer_who

_TAKES_PLACE_AS = {"scheduled": ("met", "call", "visit")}
UNDATED_WINDOW = 31  # days after the announcement in which an undated event may be reported held


def _span(event: EventItem) -> tuple[str, str] | None:
    """The days a report of the event taking place may carry: its day, its month, or after its announcement."""
    if event.date is not None:
        if event.precision == "day":
            return event.date, event.date
        if event.precision == "month":
            return event.date + "-01", event.date + "-31"
        return event.date + "-01-01", event.date + "-12-31"
    if event.announced is None:
        return None
    until = date.fromisoformat(event.announced) + timedelta(days=UNDATED_WINDOW)
    return event.announced, until.isoformat()


def _happened(session: ReadSession, event: EventItem) -> bool:
    """Whether a report, published no earlier than the announcement, has the same people doing it then."""
    span = _span(event)
    if span is None or not event.people:
        return False
    kinds = _TAKES_PLACE_AS.get(event.action, (event.action,))
    ids = events_in(session, event.people[0], kinds, *span)
    for other in load_events(session, ids):
        if other.future or not set(event.people) <= set(other.people):
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
    fresh = (today - timedelta(days=UNDATED_WINDOW)).isoformat()
    # Undated: coming while its announcement is recent; after that it is a past one like the others.
    coming = [e for e in future if (e.date is None and (e.announced or "") >= fresh)
              or (e.date is not None and e.date >= now[: len(e.date)])]
    if window_days is not None:
        until = (today + timedelta(days=window_days)).isoformat()
        coming = [e for e in coming if e.date is not None and e.date <= until]
        past: list[EventItem] = []
    else:
        past = [e for e in future if e not in coming]
        for e in past:
            e.happened = _happened(session, e)
        past.sort(key=lambda e: e.date or "", reverse=True)
    answer.events = (coming + past)[:MAX_EVENTS]
    answer.articles = article_hits(answer.events)
    if not answer.events:
        answer.error = "no_results"  # found nothing: answered to the asker alone, like who and on
    return answer
