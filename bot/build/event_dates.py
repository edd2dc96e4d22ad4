"""When an event happened: which of a sentence's dated mentions is the event's, and what an
undated sentence is dated by.

Build time only (standard library). The date of an event is the sentence's own dated mention,
the one in the verb's clause first, but not one inside a quotation, introduced as another moment
("kể từ tháng 2/2022", "trước năm 2014") or in a clause of its own time after the verb ("... kể
từ khi Nga ... vào ngày 24/2/2022"). With none: the day of the article's news when its lead names
one at most STORY_DAYS before publication (Vietnamese pages often appear the morning after), the
day last named for "cùng ngày", the time of the sentence before for "khi đó"; else the
publication date, never for a sentence that points back in time ("từng", "hồi", "trước đó") or
gives a date in words the date reader missed ("Ngày 10 tháng Ba").
"""

from __future__ import annotations

import re
from datetime import date
from typing import Iterable, Literal, Sequence

# mention: the sentence's own date; context: the day of the article's news (its lead names a day at
# most STORY_DAYS before publication) or the day the article last named ("cùng ngày"); published:
# the publication date, for a sentence of the day's news when the article names no such day.
DateSource = Literal["mention", "context", "published"]
STORY_DAYS = 1

# A date introduced by these is another moment ("kể từ tháng 2/2022", "trước năm 2014").
_RELATIVE_DATE = re.compile(r"(?<!\w)(?:kể từ|từ khi|từ|trước|sau|cho đến|đến|tới)\s+(?:khi\s+|ngày\s+|năm\s+|tháng\s+)?$")
# A clause of its own time between the verb and a date: "tới Kiev ... kể từ khi Nga ... vào ngày 24/2/2022".
_OTHER_TIME = re.compile(r"(?<!\w)(?:kể từ|từ khi|sau khi|trước khi|khi)(?!\w)")
# "cùng ngày": the day the article last named.
SAME_DAY = re.compile(r"(?<!\w)(?:cùng ngày|trong ngày|cũng trong ngày)(?!\w)")
# A date the sentence gives in words the date reader does not take ("Ngày 10 tháng Ba"): the
# sentence has a date of its own, so the publication date is not it.
UNREAD_DATE = re.compile(
    r"(?<!\w)(?:ngày|hôm|tháng|hồi|năm)\s+(?:\d|thứ|mùng|mồng|giêng|chạp|một|hai|ba|tư|năm|sáu|bảy|tám|chín|mười)"
)
# "khi đó", "lúc đó": at the time the sentence before gave.
THEN = re.compile(r"(?<!\w)(?:khi đó|lúc đó|thời điểm đó|cùng thời điểm)(?!\w)")
FUTURE_DATE = re.compile(r"(?:tuần|tháng|năm|ngày|thứ\s+\w+|\d)\s+tới(?!\w)")
# Words that put an undated sentence in the past, so the publication date is not its date.
PAST = re.compile(
    r"(?<!\w)(?:từng|hồi|trước đó|trước đây|gần đây|năm ngoái|năm trước|tháng trước|tuần trước|"
    r"hôm qua|cách đây|hồi đầu|đầu năm|cuối năm|khi đó|lúc đó|thời điểm đó|nhiệm kỳ|"
    r"(?:hai|ba|bốn|nhiều|vài|mấy|\d+)\s+lần)(?!\w)"
)


def in_quote(sentence: str, pos: int) -> bool:
    """Inside "..." or “...”: someone else's words, not what happened.

    A sentence may start inside a quotation the previous one opened (`...", X nói`), so a
    quote mark is read by its place: followed by a letter it opens, followed by a comma,
    a stop or a space it closes."""
    i = max(sentence.rfind(q, 0, pos) for q in ('"', "“", "”"))
    if i < 0:
        return False
    mark = sentence[i]
    if mark != '"':
        return mark == "“"
    after = sentence[i + 1 : i + 2]
    return bool(after) and not (after.isspace() or after in ",.;:!?)")


def usable_dates(sentence: str, low: str, dates: Sequence[dict], verb_end: int, clause: tuple[int, int]) -> list[dict]:
    """The sentence's dated mentions that can be the verb's date: not inside a quotation, not
    introduced as another moment ("kể từ tháng 2/2022", "trước năm 2014"), not in a clause of its
    own time after the verb ("... kể từ khi Nga ... vào ngày 24/2/2022")."""
    kept = []
    for d in dates:
        pos = sentence.find(d["text"])
        if pos < 0:
            continue
        text = low[pos : pos + len(d["text"])]
        if in_quote(sentence, pos) or _RELATIVE_DATE.search(low[max(0, pos - 20) : pos]):
            continue
        if re.match(r"(?:kể từ|từ|trước|sau|cho đến|đến|tới)\s", text):
            continue
        if pos > verb_end and _OTHER_TIME.search(low[verb_end:pos]):
            continue
        kept.append((pos, d))
    in_clause = [d for pos, d in kept if clause[0] <= pos < clause[1]]
    return in_clause or [d for _, d in kept]


def choose_date(
    pool: Sequence[dict], context: str | None, published: date | None, future: bool, past: bool
) -> tuple[str | None, str | None, str | None, DateSource | None]:
    """(start, end, precision, source) of the event's date, or Nones when it has none."""
    if pool:
        if len({d["start"] for d in pool if d["precision"] == "day"}) > 1:
            return None, None, None, None  # a range or a list of days: no single day to put it on
        if len({(d["start"], d["precision"]) for d in pool if d["precision"] != "day"}) > 1 and not any(
            d["precision"] == "day" for d in pool
        ):
            return None, None, None, None
        d = min(pool, key=lambda d: ({"day": 0, "month": 1, "year": 2}.get(d["precision"], 3), d["start"]))
        return d["start"], d["end"], d["precision"], "mention"
    if past or future:
        return None, None, None, None
    if context is not None:
        return context, context, "day", "context"
    if published is None:
        return None, None, None, None
    return published.isoformat(), published.isoformat(), "day", "published"


def story_day(dates: Iterable[dict], published: date | None) -> str | None:
    """The day of the article's news: the first day it names that falls at most STORY_DAYS before
    publication (a lead's "Ngày 25/6, ..." on a page published on 26/6)."""
    if published is None:
        return None
    for d in sorted(dates, key=lambda d: d["s"]):
        if d["precision"] == "day":
            day = date.fromisoformat(d["start"])
            if 0 <= (published - day).days <= STORY_DAYS:
                return d["start"]
    return None
