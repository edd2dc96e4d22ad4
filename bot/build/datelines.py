"""Datelines and bylines near the top of a page: which lines they are, and the publication date they print.

Build time only. Cleaning drops these lines as chrome (`is_dateline`); the corpus
reader takes the publication date from the first one that qualifies
(`find_dateline`) when `sources.yml` gives none.
"""

from __future__ import annotations

import re
from datetime import date

from bot.build.dates import _View, extract_dates
from bot.shared.dates import real_day as _real_day
from bot.shared.text import fold

__all__ = ["is_dateline", "find_dateline"]

# A short byline/dateline: a date with a clock time or weekday, or a "Name | date" pair.
_DATELINE = re.compile(
    r"(\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}.{0,20}\d{1,2}[:h]\d{2}"
    r"|\d{1,2}[:h]\d{2}.{0,25}\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}"
    r"|\|\s*\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}"
    r"|^(thu (hai|ba|tu|nam|sau|bay)|chu nhat),? (ngay )?\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4})"
)

def is_dateline(line: str) -> bool:
    """A byline or dateline such as "Cẩm Bình | 31/12/2021, 07:35"."""
    stripped = line.rstrip()
    return (
        len(stripped) <= 140
        and not stripped.endswith((".", "!", "?"))
        and bool(_DATELINE.search(fold(stripped)))
    )


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
_DATELINE_MAX_CHARS = 120
_NEAR = 30  # a time or weekday this close to the date belongs to it


def _dateline_date(m: re.Match[str]) -> date | None:
    if m.group("d"):
        y = int(m.group("y"))
        y = y + 2000 if y < 100 else y
        return _real_day(y, int(m.group("m")), int(m.group("d")))
    if m.group("iy"):
        return _real_day(int(m.group("iy")), int(m.group("im")), int(m.group("id")))
    return _real_day(int(m.group("vy")), int(m.group("vm")), int(m.group("vd")))


def find_dateline(text: str) -> date | None:
    """The publication date printed in a dateline or byline near the top of an article.

    Accepts lines such as "Cẩm Bình | 31/12/2021, 07:35", "Thứ bảy, ngày
    04/11/2023 08:25 AM (GMT+7)" or "Cập nhật: 12:30 ngày 05/03/2024": short
    (< 120 chars), not ending like a sentence, and with the date next to a
    clock time, a capitalised weekday, or after a "|" byline separator. A
    caption or body sentence that merely contains a date is not a dateline.
    Returns None when no line qualifies.
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()][:_DATELINE_LINES]
    for line in lines:
        if len(line) >= _DATELINE_MAX_CHARS or line.endswith((".", "!", "?", "…")):
            continue
        v = _View(line)
        for m in _DL_DATE.finditer(v.s):
            found = _dateline_date(m)
            if found is None or not (1900 <= found.year <= 2100):
                continue
            near_time = bool(_DL_TIME.search(v.s[max(0, m.start() - _NEAR): m.start()])) or bool(
                _DL_TIME.search(v.s[m.end(): m.end() + _NEAR])
            )
            weekday = any(
                v.is_capitalised(w.start()) and not re.search(r"\b(?:hôm|vào)\s*$", v.s[: w.start()])
                for w in _DL_WEEKDAY.finditer(v.s[: m.start()])
                if m.start() - w.end() <= _NEAR
            )
            byline = "|" in v.s[: m.start()]
            lead = not v.s[: m.start()].strip(" \t-–:") and len(line) <= _DL_LEAD_MAX_CHARS and bool(m.group("d"))
            if near_time or weekday or byline or lead:
                return _read_ambiguous(m, found, text, line)
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
