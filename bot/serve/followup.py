"""Follow-ups in a thread, and the one combined question they need: a person on a date.

In a thread about Lavrov, "còn ngày 22/1?" asks what Lavrov is reported doing on
22 January; in a thread about 21 January, "and Blinken?" asks about Blinken that day.
Both become `who <person> on <date>`: the articles of that date (or period) that name
that person. The same form typed as a query gets the same answer, so buttons under
a combined answer (Show more, Share, 👍/👎) can run it again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Literal

from bot.serve.answers import Answer
from bot.serve.query import parse
from bot.shared.dates import DateSpan, InvalidDate, parse_query_date
from bot.shared.text import fold

Ask = Callable[[str], Answer]

_COMBINED = re.compile(r"^\s*who\s+(?P<person>.+?)\s+on\s+(?P<date>\d{4}(?:-\d{2}(?:-\d{2})?)?)\s*$", re.IGNORECASE)
_LEAD = re.compile(r"^(?:còn|con|và|va|and|what about|how about|also|thế còn|the con)\b[\s,]*", re.IGNORECASE)
_DATE_LEAD = re.compile(r"^(?:in|on|ngày|ngay|hôm|hom|vào|vao|tháng|thang)\b\s*", re.IGNORECASE)
_DAY_NO_YEAR = re.compile(r"^(?P<d>\d{1,2})\s*[/.\-]\s*(?P<m>\d{1,2})$")
_MONTH_NO_YEAR = re.compile(r"^(?:tháng|thang)\s+(?P<m>\d{1,2})$", re.IGNORECASE)
MAX_PERSON_WORDS = 4


@dataclass(frozen=True)
class FollowUp:
    """What a reply in a thread asks: a full question as typed, or a person and/or a date to combine."""

    query: str | None = None
    person: str | None = None
    date: str | None = None  # a date label: 2022-01-22, 2022-02 or 2022
    said: Literal["question", "date", "person"] = "question"  # what the reply itself gave; the rest is the thread's


def combined_query(person: str, date: str) -> str:
    return f"who {person} on {date}"


def span_label(span: DateSpan) -> str:
    iso = span.start.isoformat()
    return iso if span.precision == "day" else iso[:7] if span.precision == "month" else iso[:4]


def _strip(text: str) -> str:
    t = text.strip().rstrip("?？.!").strip()
    while (m := _LEAD.match(t)) and m.end() > 0:
        t = t[m.end():].strip()
    return t


def bare_date(text: str, last_date: str | None) -> str | None:
    """The date label a bare date or period means ("22/1", "in February", "tháng 2/2022"), the year from the thread."""
    t = _strip(text)
    raw = t
    year = last_date[:4] if last_date else None
    for candidate in (raw, _DATE_LEAD.sub("", raw, count=1).strip()):
        if not candidate:
            continue
        tries = [candidate]
        if year and (m := _DAY_NO_YEAR.match(candidate)):
            tries.append(f"{m.group('d')}/{m.group('m')}/{year}")
        if year and (m := _MONTH_NO_YEAR.match(raw)):
            tries.append(f"{m.group('m')}/{year}")
        if year:
            tries.append(f"{candidate} {year}")  # "February" -> "February 2022"
        for attempt in tries:
            try:
                span = parse_query_date(attempt)
            except InvalidDate:
                return None
            if span is not None:
                return span_label(span)
    return None


def read_followup(text: str, last_person: str | None, last_date: str | None) -> FollowUp | None:
    """What a reply means in a thread last about `last_person` and `last_date`; None when it asks nothing."""
    date = bare_date(text, last_date)
    if date is not None:
        return FollowUp(person=last_person, date=date, said="date")
    parsed = parse(text)
    if parsed.intent in ("who", "on", "help"):
        return FollowUp(query=text)
    rest = _strip(text)
    words = rest.split()
    if 0 < len(words) <= MAX_PERSON_WORDS and rest[:1].isupper():
        return FollowUp(person=rest, date=last_date, said="person")
    if text.strip().endswith(("?", "？")):
        return FollowUp(query=text)
    return None


def spelled_as(answer: Answer, written: str) -> bool:
    """True when `written` is one of the person's spellings, or a run of whole words of one."""
    if answer.actor is None or answer.error:
        return False
    want = f" {fold(written)} "
    return any(want in f" {fold(alias)} " for alias in [answer.actor.name, *answer.actor.aliases])


def answer_person_on(ask: Ask, person: str, date: str) -> Answer | None:
    """The articles of `date` that name `person`; None when `person` is nobody the index knows."""
    who = ask(f"who {person}")
    if who.actor is None or who.error:
        return None
    on = ask(f"on {date}")
    if on.error:
        return on
    named = {hit.id for hit in who.articles}
    kept = [hit for hit in on.articles if hit.id in named]
    return Answer(
        query=combined_query(who.actor.name, date),
        intent="on",
        target=date,
        actor=who.actor,
        date=on.date,
        articles=kept,
        error=None if kept else "no_results",
    )


def answer_query(ask: Ask, text: str) -> Answer:
    """`ask(text)`, except that `who <person> on <date>` gets the combined answer."""
    if m := _COMBINED.match(text):
        combined = answer_person_on(ask, m.group("person"), m.group("date"))
        if combined is not None:
            return combined
    return ask(text)


def answer_followup(ask: Ask, followup: FollowUp) -> Answer | None:
    """The answer to a follow-up; None when a bare name is nobody the index knows (the reply was not a question)."""
    if followup.query is not None:
        return ask(followup.query)
    if followup.said == "person":
        person = followup.person or ""
        who = ask(f"who {person}")
        if not spelled_as(who, person):
            return None  # a capitalised reply that names nobody ("Cảm ơn nhé"): chatter, not a question
        return answer_person_on(ask, person, followup.date) if followup.date else who
    if followup.date is None:
        return None
    if followup.person:
        combined = answer_person_on(ask, followup.person, followup.date)
        if combined is not None:
            return combined
    return ask(f"on {followup.date}")
