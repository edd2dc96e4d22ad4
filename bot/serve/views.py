"""The analyst's views, one function to answer any of them (see views_query for the questions)."""

from __future__ import annotations

from bot.serve.answers import Answer
from bot.serve.contacts import answer_contacts
from bot.serve.names import NameMatcher
from bot.serve.roles import answer_role
from bot.serve.session import ReadSession
from bot.serve.timeline import answer_timeline
from bot.serve.upcoming import answer_upcoming
from bot.serve.views_query import ViewQuery, today


def answer_view(session: ReadSession, names: NameMatcher, view: ViewQuery) -> Answer:
    if view.kind == "timeline":
        return answer_timeline(session, names, view.raw, view.people[0])
    if view.kind == "contacts":
        return answer_contacts(session, names, view.raw, view.people)
    if view.kind == "role":
        return answer_role(session, view.raw, view.role, view.when, view.invalid, view.role_label)
    return answer_upcoming(session, names, view.raw, view.people, today(), view.window_days)
