"""Date spans and the dates users type (standard library only).

Both sides use this: the build dates every sentence of an article as a `DateSpan`,
and serving reads the date in a query into one. Extraction from article text lives
in `bot.build.dates`; this module must never pull in an NLP package.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

__all__ = ["InvalidDate", "DateSpan", "day_span", "month_span", "year_span", "real_day", "parse_query_date"]


class InvalidDate(ValueError):
    """A date the user wrote that cannot exist (2022-02-30, 32/1/2022, month 13).

    str() is a clear English message naming the input, e.g.
    "2022-02-30 is not a real date (February 2022 has 28 days)", so the bot can
    tell the user exactly what is wrong instead of answering "no news".
    """


@dataclass(frozen=True)
class DateSpan:
    """A day, month or year as an inclusive range, so all precisions compare the same way."""

    start: date
    end: date  # inclusive: == start for a day, last day of month for a month, Dec 31 for a year
    precision: str  # "day" | "month" | "year"

    def iso(self) -> str:
        """"2022-01-21", "2022-01" or "2022": only as precise as the source was."""
        if self.precision == "year":
            return f"{self.start.year:04d}"
        if self.precision == "month":
            return f"{self.start.year:04d}-{self.start.month:02d}"
        return self.start.isoformat()


# --------------------------------------------------------------------------- spans


def day_span(d: date) -> DateSpan:
    return DateSpan(d, d, "day")


def month_span(year: int, month: int) -> DateSpan:
    last = calendar.monthrange(year, month)[1]
    return DateSpan(date(year, month, 1), date(year, month, last), "month")


def year_span(year: int) -> DateSpan:
    return DateSpan(date(year, 1, 1), date(year, 12, 31), "year")


def real_day(year: int, month: int, day: int) -> date | None:
    """The date, or None when it cannot exist (31/2, 45/1, 12/13)."""
    if not (1 <= year <= 9999 and 1 <= month <= 12 and day >= 1):
        return None
    if day > calendar.monthrange(year, month)[1]:
        return None
    return date(year, month, day)


MIN_YEAR, MAX_YEAR = 1000, 2999  # a four-digit number outside this is not a year in the news


# --------------------------------------------------------------------------- what users type

_EN_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
_MON = "(?P<mon>" + "|".join(sorted(_EN_MONTHS, key=len, reverse=True)) + r")\.?"
_ORD = r"(?:st|nd|rd|th)?"
# "ngày" is part of the spelled-out form only; for "ngày 21/1/2022" the query parser strips the word
# itself and keeps the bare date as its target.
_Q_DAY = r"(?:(?:vao\s+)?(?:ngay|hom)\s+)?"
_Q_PATTERNS_DAY = [
    re.compile(r"(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})"),
    re.compile(r"(?P<d>\d{1,2})(?P<s>[/.\-])(?P<m>\d{1,2})(?P=s)(?P<y>\d{4}|\d{2})"),
    re.compile(rf"{_Q_DAY}(?P<d>\d{{1,2}})\s+thang\s+(?P<m>\d{{1,2}})(?:\s*[,/.\-]\s*|\s+nam\s+|\s+)(?P<y>\d{{4}})"),
    re.compile(rf"{_MON}\s*(?P<d>\d{{1,2}}){_ORD}\s*,?\s*(?P<y>\d{{4}})"),
    re.compile(rf"(?:the\s+)?(?P<d>\d{{1,2}}){_ORD}\s+(?:of\s+)?{_MON}\s*,?\s*(?P<y>\d{{4}})"),
]
_Q_PATTERNS_MONTH = [
    re.compile(r"(?P<y>\d{4})[-/.](?P<m>\d{1,2})"),
    re.compile(r"(?:thang\s+)?(?P<m>\d{1,2})\s*[/.\-]\s*(?P<y>\d{4})"),
    re.compile(r"thang\s+(?P<m>\d{1,2})(?:\s*,\s*|\s+nam\s+|\s+)(?P<y>\d{4})"),
    re.compile(rf"{_MON}\s*,?\s*(?P<y>\d{{4}})"),
]
_Q_YEAR = re.compile(r"(?:nam\s+)?(?P<y>\d{4})")


def _fold(text: str) -> str:
    """Lower-case without diacritics (đ→d) and single spaces: "Tháng 1" == "thang 1"."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().split())


def _month_of(m: re.Match[str]) -> int:
    mon = m.groupdict().get("mon")
    return _EN_MONTHS[mon] if mon else int(m.group("m"))


def _check_year(raw: str, year: int) -> None:
    if not 1 <= year <= 9999:
        raise InvalidDate(f"{raw} is not a real date (there is no year {year})")


def _check_month(raw: str, month: int) -> None:
    if not 1 <= month <= 12:
        raise InvalidDate(f"{raw} is not a real date (there is no month {month}; months run from 1 to 12)")


def parse_query_date(text: str) -> DateSpan | None:
    """A date typed by a user in a query, at the precision they typed it.

    Numeric dates are day-first (Vietnamese convention) except ISO, which is
    year-first; a two-digit year means 20yy. A leading "ngày" is read only
    with the spelled-out form ("ngày 21 tháng 1 năm 2022"): for "ngày 21/1/2022"
    the query parser strips the word itself and passes the bare date here. Returns None if the text is not a date at all; raises
    InvalidDate if it is shaped like a date that cannot exist, so the user
    hears "30/2 does not exist" rather than "nothing happened".
    """
    raw = text.strip().rstrip("?？.!").strip() if text else ""
    q = _fold(raw)
    if not q:
        return None
    for pattern in _Q_PATTERNS_DAY:
        if m := pattern.fullmatch(q):
            year, month, day = int(m.group("y")), _month_of(m), int(m.group("d"))
            if len(m.group("y")) == 2:
                year += 2000
            _check_year(raw, year)
            _check_month(raw, month)
            last = calendar.monthrange(year, month)[1]
            if not 1 <= day <= last:
                name = calendar.month_name[month]
                if day < 1:
                    raise InvalidDate(f"{raw} is not a real date (there is no day {day})")
                raise InvalidDate(f"{raw} is not a real date ({name} {year} has {last} days)")
            return day_span(date(year, month, day))
    for pattern in _Q_PATTERNS_MONTH:
        if m := pattern.fullmatch(q):
            year, month = int(m.group("y")), _month_of(m)
            _check_year(raw, year)
            _check_month(raw, month)
            return month_span(year, month)
    if m := _Q_YEAR.fullmatch(q):
        year = int(m.group("y"))
        return year_span(year) if MIN_YEAR <= year <= MAX_YEAR else None
    return None
