"""The people and dates a message names, each with the articles that support it ("Find sources").

Candidates are read from the message itself: runs of capitalised words for people,
numeric dates (21/1/2022, 2022-01-21, 21.01.2022, tháng 1/2022) for dates. Each is
answered like a typed `who`/`on` query; a person is kept only when the name written is
one of the person's own spellings (or part of one), so a capitalised country ("Nga")
does not come back as whichever leader it is fuzzily nearest to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from bot.serve.answers import Answer
from bot.shared.dates import InvalidDate, parse_query_date
from bot.shared.text import fold, nfc

MAX_PEOPLE = 8
MAX_DATES = 5
MAX_MESSAGE_CHARS = 4000

_CAPITALISED = re.compile(r"(?<![\w@#])(?:[^\W\d_a-zà-ỹ][\w'’-]*)(?:\s+[^\W\d_a-zà-ỹ][\w'’-]*)*")
_DATE = re.compile(
    r"(?<!\d)(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.-]\d{1,2}[/.-]\d{4}|\d{4}-\d{1,2}|(?:tháng|thang)\s+\d{1,2}/\d{4})(?!\d)",
    re.IGNORECASE,
)
_SLACK_MARKUP = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class Sources:
    """What "Find sources" found: one answer per person and per date, in the order the message names them."""

    people: tuple[Answer, ...]
    dates: tuple[Answer, ...]


def name_candidates(text: str) -> list[str]:
    """Runs of capitalised words, longest first within each run's position, without repeats."""
    seen: set[str] = set()
    out: list[str] = []
    for m in _CAPITALISED.finditer(text):
        words = m.group(0).split()
        # "Ngoại trưởng Sergei Lavrov": the whole run, then its tail, so a title in front does not hide the name.
        for start in range(len(words)):
            phrase = " ".join(words[start:])
            key = fold(phrase)
            if key not in seen:
                seen.add(key)
                out.append(phrase)
    return out


def date_candidates(text: str) -> list[str]:
    seen: list[str] = []
    for m in _DATE.finditer(text):
        if m.group(0) not in seen:
            seen.append(m.group(0))
    return seen


def _spelled_by(answer: Answer, written: str) -> bool:
    """True when `written` is one of the person's spellings or a run of whole words of one."""
    if answer.actor is None or answer.error:
        return False
    want = f" {fold(written)} "
    return any(want in f" {fold(alias)} " for alias in [answer.actor.name, *answer.actor.aliases])


def find_sources(answer: Callable[[str], Answer], text: str) -> Sources:
    """Answer every person and date `text` names; `answer` is the engine's (one query in, one Answer out)."""
    clean = nfc(_SLACK_MARKUP.sub(" ", text[:MAX_MESSAGE_CHARS]))
    people: dict[str, Answer] = {}
    for name in name_candidates(clean):
        if len(people) >= MAX_PEOPLE:
            break
        found = answer(f"who {name}")
        if found.actor is not None and found.actor.name not in people and _spelled_by(found, name):
            people[found.actor.name] = found
    dates: dict[str, Answer] = {}
    for raw in date_candidates(clean):
        if len(dates) >= MAX_DATES:
            break
        try:
            span = parse_query_date(raw)
        except InvalidDate:
            continue
        if span is None:
            continue
        found = answer(f"on {raw}")
        label = found.date.label if found.date else raw
        if not found.error and label not in dates:
            dates[label] = found
    return Sources(tuple(people.values()), tuple(dates.values()))
