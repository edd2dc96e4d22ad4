"""Datelines and bylines near the top of a page: which lines they are, and the publication date they print.

Build time only. One detector (`line_stamp`) says whether a line prints a date as a
stamp and what marks it so; cleaning drops such lines as chrome (`is_dateline`), and the
corpus reader takes the publication date from the first one near the top (`find_dateline`)
when `sources.yml` gives none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from bot.build.dates import _View, extract_dates
from bot.shared.dates import real_day as _real_day

__all__ = ["Stamp", "line_stamp", "is_dateline", "find_dateline"]

# A stamp may be glued to a label ("author25/04/2022 12:13") or carry an ISO time ("2024-09-03T08:15"),
# so letters may touch it on either side; digits and separators may not.
_DL_DATE = re.compile(
    r"(?<![\d.,/:+\-–])(?:(?P<d>\d{1,2})(?P<s>[/.\-])(?P<m>\d{1,2})(?P=s)(?P<y>\d{4}|\d{2})"
    r"|(?P<iy>\d{4})-(?P<im>\d{1,2})-(?P<id>\d{1,2})"
    r"|ngày\s+(?P<vd>\d{1,2})\s+tháng\s+(?P<vm>\d{1,2})\s*(?:,|năm)\s*(?P<vy>\d{4}))"
    r"(?![\d/:%]|[.,\-–]\d)"
)
_DL_TIME = re.compile(r"(?<![\d.,/:])\d{1,2}\s*(?::|h)\s*\d{2}(?!\d)")
_DL_LEAD_MAX_CHARS = 60  # "03.09.2024, Báo X": a full date opening a short line is the stamp
_DL_CHECK_DAYS = 7  # how far before a stamp the body's own dates must fall to confirm its reading
_DL_WEEKDAY = re.compile(r"\b(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s+nhật)(?!\w)")
_DATELINE_LINES = 15
_DATELINE_MAX_CHARS = 140
_NEAR = 30  # a time or weekday this close to the date belongs to it


def _dateline_date(m: re.Match[str]) -> date | None:
    if m.group("d"):
        y = int(m.group("y"))
        y = y + 2000 if y < 100 else y
        return _real_day(y, int(m.group("m")), int(m.group("d")))
    if m.group("iy"):
        return _real_day(int(m.group("iy")), int(m.group("im")), int(m.group("id")))
    return _real_day(int(m.group("vy")), int(m.group("vm")), int(m.group("vd")))


StampKind = Literal["time", "weekday", "byline", "lead"]


@dataclass(frozen=True)
class Stamp:
    """A date printed as a page's stamp, and what marks it as one."""

    day: date
    kind: StampKind
    match: re.Match[str]


def line_stamp(line: str) -> Stamp | None:
    """The date a short line prints as a stamp: next to a clock time, after a capitalised weekday or a
    "|" byline separator, or opening a short line on its own ("lead", which only the top of a page
    makes a stamp: lower down it opens a timeline entry such as "24/2/2022: Nga mở chiến dịch").

    A line that ends like a sentence, or is long, is body text however it is dated.
    """
    line = line.strip()
    if len(line) >= _DATELINE_MAX_CHARS or line.endswith((".", "!", "?", "…")):
        return None
    v = _View(line)
    for m in _DL_DATE.finditer(v.s):
        found = _dateline_date(m)
        if found is None or not (1900 <= found.year <= 2100):
            continue
        before = v.s[: m.start()]
        if _DL_TIME.search(before[-_NEAR:]) or _DL_TIME.search(v.s[m.end(): m.end() + _NEAR]):
            return Stamp(found, "time", m)
        if any(
            v.is_capitalised(w.start()) and not re.search(r"\b(?:hôm|vào)\s*$", v.s[: w.start()])
            for w in _DL_WEEKDAY.finditer(before)
            if m.start() - w.end() <= _NEAR
        ):
            return Stamp(found, "weekday", m)
        if "|" in before:
            return Stamp(found, "byline", m)
        if not before.strip(" \t-–:") and len(line) <= _DL_LEAD_MAX_CHARS and m.group("d"):
            return Stamp(found, "lead", m)
    return None


def is_dateline(line: str) -> bool:
    """A byline or dateline such as "Cẩm Bình | 31/12/2021, 07:35", wherever it stands: chrome."""
    stamp = line_stamp(line)
    return stamp is not None and stamp.kind != "lead"


def find_dateline(text: str) -> date | None:
    """The publication date printed in a dateline or byline near the top of an article.

    The first of the top lines with a stamp (`line_stamp`): "Cẩm Bình | 31/12/2021, 07:35",
    "Thứ bảy, ngày 04/11/2023 08:25 AM (GMT+7)", "Cập nhật: 12:30 ngày 05/03/2024",
    "03.09.2024, Báo X". A caption or body sentence that merely contains a date is not a
    dateline. Returns None when no line qualifies.
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()][:_DATELINE_LINES]
    for line in lines:
        stamp = line_stamp(line)
        if stamp is not None:
            return _read_ambiguous(stamp.match, stamp.day, text, line)
    return None


def _read_ambiguous(m: re.Match[str], found: date, text: str, stamp: str) -> date:
    """ "03-01-2025" is 3 January to Vietnamese readers and 1 March to forum software that writes
    month first. Read it month first only when the page's own day-month mentions agree: more of
    them fall in the week before that reading than in the week before the day-first one."""
    if not m.group("d"):
        return found
    day, month = int(m.group("d")), int(m.group("m"))
    if day > 12 or day == month:
        return found
    other = _real_day(found.year, day, month)
    if other is None:
        return found

    def support(anchor: date) -> int:
        n = 0
        for line in text.splitlines():
            if line.strip() == stamp:
                continue  # the stamp itself agrees with either reading
            for mention in extract_dates(line, anchor):
                gap = (anchor - mention.span.start).days
                n += mention.span.precision == "day" and 0 <= gap <= _DL_CHECK_DAYS
        return n

    return other if support(other) > support(found) else found
