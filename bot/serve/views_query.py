"""The analyst's view questions: a timeline, who met whom, who held a role when, what is scheduled.

Read before the general parser (`Engine.answer`), so "Lavrov làm gì" is a timeline and not a
full-text search. Anything that is not one of these returns None and goes on to who/on/search.
Matching is on folded text (no diacritics, lower case); names keep the user's own spelling.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from bot.serve.query import clean_query
from bot.shared.dates import DateSpan, InvalidDate, parse_query_date
from bot.shared.text import fold

ViewKind = Literal["timeline", "contacts", "role", "upcoming"]


@dataclass(frozen=True)
class ViewQuery:
    """One view question. `people` in the user's spelling; `role` folded Vietnamese ("ngoai truong my")."""

    raw: str
    kind: ViewKind
    people: tuple[str, ...] = ()
    role: str = ""
    role_label: str = ""  # the role in the user's words, for the answer's title
    when: DateSpan | None = None
    window_days: int | None = None  # "lịch tuần tới": only the next N days
    invalid: str | None = None  # why the date the user wrote cannot exist


_TIMELINE = (
    re.compile(r"^(?:timeline(?:\s+of)?|dong\s+thoi\s+gian(?:\s+cua)?|lich\s+su(?:\s+cua)?|what\s+did)\s+(?P<x>.+?)(?:\s+do)?$"),
    # "Lavrov làm gì", "Lavrov đã làm gì": what someone did.
    re.compile(r"^(?P<x>.+?)\s+(?:da\s+)?lam\s+gi(?:\s+roi)?$"),
)
_PAIR = r"(?P<x>.+?)\s+(?:va|and|&|voi|with)\s+(?P<y>.+?)"
_CONTACTS = (
    # "X và Y gặp nhau", "X và Y gặp nhau khi nào", "when did X and Y meet", "contacts X và Y".
    re.compile(rf"^{_PAIR}\s+(?:da\s+)?gap\s+nhau(?:\s+khi\s+nao|\s+bao\s+gio|\s+luc\s+nao)?$"),
    re.compile(rf"^(?:when\s+did\s+)?{_PAIR}\s+meet$"),
    re.compile(rf"^(?:contacts?|meetings?)\s+{_PAIR}$"),
    # "X gặp Y khi nào", "when did X meet Y".
    re.compile(r"^(?P<x>.+?)\s+(?:da\s+)?gap\s+(?P<y>.+?)\s+(?:khi\s+nao|bao\s+gio|luc\s+nao|o\s+dau)$"),
    re.compile(r"^(?:when\s+did\s+)?(?P<x>.+?)\s+meet\s+(?P<y>.+?)$"),
    # One person: who they met.
    re.compile(r"^(?:contacts?|meetings?|who\s+did)\s+(?P<x>.+?)(?:\s+meet)?$"),
    re.compile(r"^(?P<x>.+?)\s+(?:da\s+)?gap\s+(?:nhung\s+)?ai$"),
)
_UPCOMING = re.compile(
    r"^(?:lich\s+(?:trinh\s+)?(?P<week>tuan\s+toi|tuan\s+nay|7\s+ngay\s+toi)|(?P<week_en>next\s+week|this\s+week)"
    r"|(?:su\s+kien\s+|lich\s+trinh\s+|lich\s+)?sap\s+toi|upcoming|coming\s+up|schedule|scheduled|lich\s+trinh|lich)"
    r"(?:\s+(?:cua\s+|of\s+|for\s+)?(?P<x>.+))?$"
)
_ROLE_ASK = re.compile(r"^(?:ai\s+la|ai\s+giu\s+chuc|ai\s+lam|who\s+was|who\s+is|who\s+were|who\s+held)\s+(?P<rest>.+)$")
# Words between the role and its date: "ngày", "vào", "in", "on", "as of".
_DATE_LEAD = re.compile(r"^(?:(?:vao\s+)?(?:ngay|nam|luc|hom)\s+|(?:in|on|as\s+of|at|vao)\s+)?")
# Role heads a role question may name, folded. A question about a name ("ai là Lavrov ngày 1/6")
# is not a role question and goes to `who`.
_ROLE_HEADS = (
    "ngoai truong", "bo truong", "tong thong", "thu tuong", "pho thu tuong", "pho tong thong", "co van",
    "nguoi phat ngon", "phat ngon vien", "dai su", "dac phai vien", "dac su", "chu tich", "giam doc",
    "tong thu ky", "thu truong", "tham muu truong", "tong tham muu truong", "tu lenh", "thu ky", "chanh van phong",
    "truong phai doan", "truong doan", "nha dam phan", "tong chuong ly", "thu linh", "lanh dao",
)
# English roles in Vietnamese word order: the head, then what it is of, then the country.
_EN_ROLES = (
    (r"(?:secretary\s+of\s+state|foreign\s+minister|foreign\s+secretary)", "ngoai truong"),
    (r"(?:defen[cs]e\s+(?:minister|secretary)|secretary\s+of\s+defen[cs]e|minister\s+of\s+defen[cs]e)",
     "bo truong quoc phong"),
    (r"deputy\s+foreign\s+minister", "thu truong ngoai giao"),
    (r"vice\s+president", "pho tong thong"),
    (r"president", "tong thong"),
    (r"deputy\s+prime\s+minister", "pho thu tuong"),
    (r"prime\s+minister|premier", "thu tuong"),
    (r"national\s+security\s+advis[eo]r", "co van an ninh quoc gia"),
    (r"spokes(?:man|woman|person)", "nguoi phat ngon"),
    (r"ambassador", "dai su"),
    (r"(?:special\s+)?envoy", "dac phai vien"),
    (r"chief\s+of\s+staff", "chanh van phong"),
    (r"secretary\s+general", "tong thu ky"),
)
_EN_COUNTRIES = (
    (r"u\.?s\.?|us|american|america|united\s+states", "my"),
    (r"russian|russia", "nga"),
    (r"ukrainian|ukraine", "ukraine"),
    (r"british|uk|britain", "anh"),
    (r"french|france", "phap"),
    (r"german|germany", "duc"),
    (r"chinese|china", "trung quoc"),
    (r"turkish|turkey", "tho nhi ky"),
    (r"polish|poland", "ba lan"),
)
_EN_ROLE = re.compile(
    r"^(?:the\s+)?(?:(?P<c1>%s)\s+)?(?P<head>%s)(?:\s+of\s+(?:the\s+)?(?P<c2>%s))?$"
    % ("|".join(c for c, _ in _EN_COUNTRIES), "|".join(h for h, _ in _EN_ROLES), "|".join(c for c, _ in _EN_COUNTRIES))
)


def english_role(text: str) -> str | None:
    """"Russian defence minister" → "bo truong quoc phong nga"; None when it is not an English role."""
    m = _EN_ROLE.match(text)
    if not m:
        return None
    head = next(vi for en, vi in _EN_ROLES if re.fullmatch(en, m.group("head")))
    country = m.group("c1") or m.group("c2")
    if country is None:
        return head
    return f"{head} {next(vi for en, vi in _EN_COUNTRIES if re.fullmatch(en, country))}"


def _original(raw: str, folded: str, part: str) -> str:
    """`part` of the folded text, in the user's spelling (folding keeps the words in place)."""
    words, fwords = raw.split(), folded.split()
    pwords = part.split()
    for i in range(len(fwords) - len(pwords) + 1):
        if fwords[i : i + len(pwords)] == pwords and len(words) == len(fwords):
            return " ".join(words[i : i + len(pwords)])
    return part


def _role_view(raw: str, key: str) -> ViewQuery | None:
    m = _ROLE_ASK.match(key)
    if not m:
        return None
    words = m.group("rest").split()
    for cut in range(1, len(words)):
        role_text, date_text = " ".join(words[:cut]), " ".join(words[cut:])
        role = english_role(role_text) or role_text
        if not role.startswith(_ROLE_HEADS):
            continue
        lead = _DATE_LEAD.match(date_text)
        bare = date_text[lead.end() :] if lead else date_text
        original = _original(raw, key, bare) if bare else bare
        label = _original(raw, key, role_text)
        for candidate in (original, date_text):
            try:
                when = parse_query_date(candidate)
            except InvalidDate as exc:
                return ViewQuery(raw, "role", role=role, role_label=label, invalid=str(exc))
            if when is not None:
                return ViewQuery(raw, "role", role=role, role_label=label, when=when)
    return None


def read_view(text: str) -> ViewQuery | None:
    """The view a question asks for, or None when it asks for something else."""
    raw = clean_query(text)
    key = fold(raw)
    if not key:
        return None
    if view := _role_view(raw, key):
        return view
    for pattern in _TIMELINE:
        if m := pattern.match(key):
            return ViewQuery(raw, "timeline", people=(_original(raw, key, m.group("x")),))
    if m := _UPCOMING.match(key):
        person = (_original(raw, key, m.group("x")),) if m.group("x") else ()
        window = 7 if (m.group("week") or m.group("week_en")) else None
        return ViewQuery(raw, "upcoming", people=person, window_days=window)
    for pattern in _CONTACTS:
        if m := pattern.match(key):
            people = [m.group("x")] + ([m.group("y")] if "y" in m.groupdict() and m.group("y") else [])
            return ViewQuery(raw, "contacts", people=tuple(_original(raw, key, p) for p in people))
    return None


def today() -> date:
    """The day "upcoming" is measured from (a function so tests can fix it)."""
    return date.today()
