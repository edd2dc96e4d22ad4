"""The words of one event that every surface shares: when, what, with whom, where, and the view's title.

Plain and unescaped: Block Kit escapes what it takes from here.
"""

from __future__ import annotations

from bot.render.labels import cut, labels
from bot.serve.answers import Answer, ContactsAnswer, EventItem, RoleAnswer, TimelineAnswer, UpcomingAnswer

VIEW_INTENTS = ("timeline", "contacts", "role", "upcoming")


def is_view(answer: Answer) -> bool:
    return isinstance(answer, (TimelineAnswer, ContactsAnswer, RoleAnswer, UpcomingAnswer))


def has_event_pages(answer: Answer) -> bool:
    """Views whose thread pages are events (a role answer's thread is its articles, like `who`)."""
    return isinstance(answer, (TimelineAnswer, ContactsAnswer, UpcomingAnswer))


def event_phrase(item: EventItem, lang: str = "en", focus: tuple[str, ...] = ()) -> str:
    """"2022-01-21 · met · with Sergei Lavrov · in Genève": the people asked about are left out of "with"."""
    L = labels(lang)
    when = item.date or L["undated"]
    parts = [when, L.get(f"action_{item.action}", item.action)]
    others = [p for p in item.people if p not in focus] or ([] if focus else item.people)
    if others:
        parts.append(f"{L['with']} {', '.join(others)}" if focus else ", ".join(others))
    if item.place:
        parts.append(f"{L['at']} {item.place}")
    return " · ".join(parts)


def upcoming_status(item: EventItem, today: str, lang: str = "en") -> str:
    """"announced 2024-03-01 · coming", or whether a later report has it held."""
    L = labels(lang)
    parts = []
    if item.announced:
        parts.append(f"{L['announced']} {item.announced}")
    if item.happened is True:
        parts.append(L["happened"])
    elif item.happened is False:
        parts.append(L["not_reported"])
    else:
        parts.append(L["coming"])
    return " · ".join(parts)


def sources_phrase(item: EventItem, lang: str = "en") -> str:
    """The outlets the reports cite, then the articles' own outlets: "via Reuters; VnExpress, Dân Việt"."""
    L = labels(lang)
    cited = list(dict.fromkeys(r.source for r in item.reports if r.source))
    outlets = list(dict.fromkeys(r.outlet or L["unknown_source"] for r in item.reports))
    text = ", ".join(outlets)
    return f"{L['via']} {', '.join(cited)}; {text}" if cited else text


def view_title(answer: Answer, lang: str = "en") -> str:
    """The one line that says what a view answer is about, or why it has nothing."""
    L = labels(lang)
    q = cut(answer.target or answer.query, 80)
    if answer.error in ("no_actor",):
        return L["no_actor"].format(q=q)
    if answer.error == "invalid_date":
        return L["invalid_date"].format(detail=cut((answer.detail or q).rstrip("."), 200))
    if answer.error == "no_results" and isinstance(answer, UpcomingAnswer) and not answer.target:
        return L["no_upcoming"]
    if answer.error == "no_results" and isinstance(answer, RoleAnswer):
        return L["no_holder"].format(q=q)
    if answer.error == "no_results":
        return L["no_events"].format(q=q)
    if answer.error:
        return L.get(answer.error, L["internal_error"])
    if isinstance(answer, TimelineAnswer):
        return L["timeline_title"].format(x=answer.actor.name if answer.actor else q)
    if isinstance(answer, ContactsAnswer):
        if len(answer.people) >= 2:
            return L["contacts_pair_title"].format(x=answer.people[0], y=" & ".join(answer.people[1:]))
        return L["contacts_title"].format(x=answer.people[0] if answer.people else q)
    if isinstance(answer, RoleAnswer):
        return L["role_title"].format(role=answer.role, d=answer.date.label if answer.date else "")
    if isinstance(answer, UpcomingAnswer):
        return L["upcoming_title"]
    return q


def role_line(answer: RoleAnswer, lang: str = "en") -> str:
    L = labels(lang)
    d = answer.date.label if answer.date else ""
    return L["role_holder"].format(d=d, name=answer.holder) if answer.holder else L["role_nobody"].format(d=d)


def focus_of(answer: Answer) -> tuple[str, ...]:
    if isinstance(answer, TimelineAnswer) and answer.actor:
        return (answer.actor.name,)
    if isinstance(answer, ContactsAnswer):
        return tuple(answer.people)
    return ()


def events_of(answer: Answer) -> list[EventItem]:
    return list(getattr(answer, "events", []))
