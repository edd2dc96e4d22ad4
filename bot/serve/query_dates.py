"""The days and periods a question is about: days, months, quarters, years, ranges, parts of a month,
days without a year and words relative to today (standard library only).

Everything here reads the folded question (lower case, no diacritics, single spaces, punctuation
split off as its own word), so "Tháng 1" and "thang 1" are one form. Every pattern is a fixed
sequence of bounded pieces: no quantifier is nested over another, so matching stays linear.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from bot.shared.dates import InvalidDate

__all__ = ["InvalidDate", "Period", "FoundPeriod", "find_period"]

Precision = Literal["day", "month", "quarter", "year", "range"]
# How the user named the period when it was not by its numbers; it only changes how it is read back.
Named = Literal[
    "early", "mid", "late", "today", "yesterday", "day_before_yesterday", "this_week", "last_week",
    "this_month", "last_month", "this_year", "last_year", "past_days",
]

_EN_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
_MONTH_NAMES = [calendar.month_name[i] for i in range(13)]
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_ORDINAL = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}


@dataclass(frozen=True)
class Period:
    """An inclusive run of days. Without a year, `start`/`end` are None and `yearless` holds
    (month, day) of both ends: the engine picks the year from what the articles report."""

    start: date | None
    end: date | None
    precision: Precision
    yearless: tuple[tuple[int, int], tuple[int, int]] | None = None
    named: Named | None = None

    @property
    def year_known(self) -> bool:
        return self.start is not None

    def in_year(self, year: int) -> "Period | None":
        """This period in `year` (a range that wraps past December ends the next year); None if
        that year has no such day (29/2 outside leap years)."""
        if self.yearless is None:
            return self
        (m1, d1), (m2, d2) = self.yearless
        try:
            start = date(year, m1, d1)
            end = date(year + 1 if (m2, d2) < (m1, d1) else year, m2, d2)
        except ValueError:
            return None
        return Period(start, end, self.precision, None, self.named)

    def to_dict(self) -> dict:
        """ISO dates; a day without its year is ISO 8601's "--MM-DD"."""
        if self.yearless is not None:
            (m1, d1), (m2, d2) = self.yearless
            return {"start": f"--{m1:02d}-{d1:02d}", "end": f"--{m2:02d}-{d2:02d}", "precision": self.precision}
        assert self.start is not None and self.end is not None
        return {"start": self.start.isoformat(), "end": self.end.isoformat(), "precision": self.precision}

    def reading(self, lang: Literal["en", "vi"] = "en") -> str:
        """How the period was understood, in words: "January 2022" / "tháng 1/2022"."""
        en = lang == "en"
        if self.yearless is not None:
            (m1, d1), (m2, d2) = self.yearless
            year_note = " (any year)" if en else " (năm bất kỳ)"
            if self.precision == "month":
                return (_MONTH_NAMES[m1] if en else f"tháng {m1}") + year_note
            if self.named in ("early", "mid", "late"):
                return _part_words(self.named, en) + (_MONTH_NAMES[m1] if en else f"tháng {m1}") + year_note
            one = f"{d1} {_MONTH_NAMES[m1]}" if en else f"{d1}/{m1}"
            if (m1, d1) == (m2, d2):
                return one + year_note
            two = f"{d2} {_MONTH_NAMES[m2]}" if en else f"{d2}/{m2}"
            return f"{one} – {two}{year_note}"
        s, e = self.start, self.end
        assert s is not None and e is not None
        if self.named in _RELATIVE_WORDS:
            word = _RELATIVE_WORDS[self.named][0 if en else 1]
            span = _span_words(s, e, en)
            return f"{word} ({span})"
        if self.named in ("early", "mid", "late"):
            if self.precision == "range" and s.month == e.month:
                return _part_words(self.named, en) + (f"{_MONTH_NAMES[s.month]} {s.year}" if en else f"tháng {s.month}/{s.year}")
            return _part_words(self.named, en) + (str(s.year) if en else f"năm {s.year}")
        if self.precision == "quarter":
            q = (s.month - 1) // 3 + 1
            return f"Q{q} {s.year}" if en else f"quý {q}/{s.year}"
        return _span_words(s, e, en)


_RELATIVE_WORDS = {
    "today": ("today", "hôm nay"), "yesterday": ("yesterday", "hôm qua"),
    "day_before_yesterday": ("the day before yesterday", "hôm kia"),
    "this_week": ("this week", "tuần này"), "last_week": ("last week", "tuần trước"),
    "this_month": ("this month", "tháng này"), "last_month": ("last month", "tháng trước"),
    "this_year": ("this year", "năm nay"), "last_year": ("last year", "năm ngoái"),
    "past_days": ("the past days", "những ngày qua"),
}


def _part_words(part: str, en: bool) -> str:
    return {"early": ("early ", "đầu "), "mid": ("mid-", "giữa "), "late": ("late ", "cuối ")}[part][0 if en else 1]


def _day_words(d: date, en: bool) -> str:
    return f"{d.day} {_MONTH_NAMES[d.month]} {d.year}" if en else f"{d.day}/{d.month}/{d.year}"


def _span_words(s: date, e: date, en: bool) -> str:
    """A span read at the coarsest unit it fills: whole years, whole months, else days."""
    if (s.month, s.day, e.month, e.day) == (1, 1, 12, 31):
        if s.year == e.year:
            return str(s.year) if en else f"năm {s.year}"
        return f"{s.year} – {e.year}" if en else f"năm {s.year} – {e.year}"
    if s.day == 1 and e == _month_end(e.year, e.month):
        one = f"{_MONTH_NAMES[s.month]} {s.year}" if en else f"tháng {s.month}/{s.year}"
        if (s.year, s.month) == (e.year, e.month):
            return one
        two = f"{_MONTH_NAMES[e.month]} {e.year}" if en else f"tháng {e.month}/{e.year}"
        return f"{one} – {two}"
    if s == e:
        return _day_words(s, en)
    return f"{_day_words(s, en)} – {_day_words(e, en)}"


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


# --------------------------------------------------------------------------- atoms

_MON = r"(?P<mon>" + "|".join(sorted(_EN_MONTHS, key=len, reverse=True)) + r")\.?"
_ORD = r"(?:st|nd|rd|th)?"
# A year joined to a day or month: "/2022", ", 2022", " năm 2022", " 2022".
_Y = r"(?:\s?[/.\-]\s?|\s,\s|\s(?:nam\s)?)(?P<y>\d{4})"
_PART_VI = r"(?:(?P<part>dau|giua|cuoi)\s)"

_ATOMS: list[tuple[str, re.Pattern[str]]] = [
    ("day", re.compile(r"(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})")),
    ("day", re.compile(r"(?P<d>\d{1,2})(?P<s>[/.\-])(?P<m>\d{1,2})(?P=s)(?P<y>\d{4}|\d{2})")),
    # "18-20/1/2022", "18 đến 20/1", "18-20 tháng 1 năm 2022": days of one month.
    ("days", re.compile(
        r"(?P<d>\d{1,2})\s?(?:-|–|den|toi|to)\s?(?P<d2>\d{1,2})(?:/|\sthang\s)(?P<m>\d{1,2})"
        rf"(?:{_Y})?")),
    ("day", re.compile(rf"(?P<d>\d{{1,2}})\sthang\s(?P<m>\d{{1,2}})(?:{_Y})?")),
    ("day", re.compile(r"(?P<d>\d{1,2})/(?P<m>\d{1,2})")),
    ("day", re.compile(rf"{_MON}\s?(?P<d>\d{{1,2}}){_ORD}(?:\s?,?\s(?P<y>\d{{4}}))?")),
    ("day", re.compile(rf"(?:the\s)?(?P<d>\d{{1,2}}){_ORD}\s(?:of\s)?{_MON}(?:\s?,?\s(?P<y>\d{{4}}))?")),
    # "tháng 1-3/2022", "tháng 1 đến 3 năm 2022".
    ("months", re.compile(rf"thang\s(?P<m>\d{{1,2}})\s?(?:-|–|den|toi)\s?(?P<m2>\d{{1,2}})(?:{_Y})?")),
    ("month", re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})")),
    ("month", re.compile(rf"{_PART_VI}?thang\s(?P<m>\d{{1,2}})(?:{_Y})?")),
    ("month", re.compile(r"(?P<m>\d{1,2})\s?[/.\-]\s?(?P<y>\d{4})")),
    ("month", re.compile(
        rf"(?:(?P<epart>early|mid|late|beginning\sof|end\sof)[\s\-])?{_MON}(?:\s?,?\s(?P<y>\d{{4}}))?")),
    ("quarter", re.compile(rf"(?:quy|q)\s?(?P<q>[1-4]|iv|iii|ii|i)(?:{_Y})?")),
    ("quarter", re.compile(r"(?:the\s)?(?P<qn>first|second|third|fourth|1st|2nd|3rd|4th)\squarter(?:\sof)?\s(?P<y>\d{4})")),
    ("relative", re.compile(
        r"(?P<rel>hom\snay|hom\squa|hom\skia|tuan\snay|tuan\struoc|tuan\squa|thang\snay|thang\struoc"
        r"|nam\snay|nam\sngoai|nam\struoc|today|yesterday|this\sweek|last\sweek|past\sweek|this\smonth"
        r"|last\smonth|this\syear|last\syear)")),
    ("relative_part", re.compile(r"(?P<part>dau|giua|cuoi)\sthang(?:\s(?P<rel>nay|truoc))?")),
    ("past_days", re.compile(r"(?:(?P<n>\d{1,3})\sngay\s(?:qua|gan\sday|vua\squa)|(?:last|past)\s(?P<n2>\d{1,3})\sdays)")),
    ("year", re.compile(r"(?:(?P<part>dau|giua|cuoi)\s)?nam\s(?P<y>\d{4})")),
    ("year", re.compile(r"(?:(?P<epart>early|mid|late)[\s\-])?(?P<y>\d{4})")),
]
# Between the two ends of a range: "–", "đến", "tới", "to", "until", "and" (after "between").
_JOIN = re.compile(r"\s?(?:-|–|—|cho\sden|den|toi|to|until|till|through|and|va)\s(?:ngay\s)?|-|–|—")
# An English month name alone is a month only after one of these ("in May", not "who may").
_EN_MONTH_LEAD = {"in", "during", "from", "since", "to", "until", "and", "of", "between", "early", "late", "mid"}
# A bare four-digit number is a year only in the years news is about, unless "năm"/"in" says so.
_BARE_YEARS = range(1900, 2100)
# Words after a bare "D/M" that make it an amount: "2/3 dân số", "1/5 lãnh thổ", "3/4 số người".
_AMOUNT_AFTER = {"dan", "so", "lanh", "dien", "tong", "phan", "nguoi", "quoc", "nuoc", "%", "trong", "cac"}


@dataclass(frozen=True)
class FoundPeriod:
    """A period and where it was found in the folded text, [start, end) in characters."""

    period: Period
    start: int
    end: int
    text: str


def _at_boundary(text: str, end: int) -> bool:
    return end == len(text) or text[end] == " "


def _check(raw: str, year: int | None, month: int, day: int | None = None) -> None:
    if not 1 <= month <= 12:
        raise InvalidDate(f"{raw} is not a real date (there is no month {month}; months run from 1 to 12)")
    if day is None:
        return
    last = calendar.monthrange(year if year is not None else 2000, month)[1]  # 2000: 29/2 may exist
    if day < 1:
        raise InvalidDate(f"{raw} is not a real date (there is no day {day})")
    if day > last:
        if year is None:
            raise InvalidDate(f"{raw} is not a real date ({_MONTH_NAMES[month]} has at most {last} days)")
        raise InvalidDate(f"{raw} is not a real date ({_MONTH_NAMES[month]} {year} has {last} days)")


def _year_of(m: re.Match[str]) -> int | None:
    y = m.groupdict().get("y")
    if not y:
        return None
    return int(y) + 2000 if len(y) == 2 else int(y)


def _month_of(m: re.Match[str]) -> int:
    mon = m.groupdict().get("mon")
    return _EN_MONTHS[mon] if mon else int(m.group("m"))


def _yearless(m1: int, d1: int, m2: int, d2: int, precision: Precision, named: Named | None = None) -> Period:
    return Period(None, None, precision, ((m1, d1), (m2, d2)), named)


_THIRDS = {"dau": "early", "giua": "mid", "cuoi": "late", "early": "early", "beginning of": "early",
           "mid": "mid", "late": "late", "end of": "late"}


def _month_part(part: str, year: int | None, month: int) -> Period:
    """'đầu tháng' is days 1–10, 'giữa tháng' 11–20, 'cuối tháng' 21 to the month's end."""
    named: Named = _THIRDS[part]  # type: ignore[assignment]
    first, last = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}[named]
    if year is None:
        last = min(last, calendar.monthrange(2000, month)[1])
        return _yearless(month, first, month, last, "range", named)
    last = min(last, calendar.monthrange(year, month)[1])
    return Period(date(year, month, first), date(year, month, last), "range", None, named)


def _atom(kind: str, m: re.Match[str], raw: str, today: date) -> Period | None:
    g = m.groupdict()
    if kind == "day":
        year, month, day = _year_of(m), _month_of(m), int(g["d"])
        _check(raw, year, month, day)
        if year is None:
            return _yearless(month, day, month, day, "day")
        return Period(date(year, month, day), date(year, month, day), "day")
    if kind == "days":
        year, month, d1, d2 = _year_of(m), int(g["m"]), int(g["d"]), int(g["d2"])
        _check(raw, year, month, d1)
        _check(raw, year, month, d2)
        if d2 < d1:
            raise InvalidDate(f"{raw} is not a real range (it ends before it starts)")
        if year is None:
            return _yearless(month, d1, month, d2, "range")
        return Period(date(year, month, d1), date(year, month, d2), "range")
    if kind == "months":
        year, m1, m2 = _year_of(m), int(g["m"]), int(g["m2"])
        _check(raw, year, m1)
        _check(raw, year, m2)
        if m2 < m1:
            raise InvalidDate(f"{raw} is not a real range (it ends before it starts)")
        if year is None:
            return _yearless(m1, 1, m2, calendar.monthrange(2000, m2)[1], "range")
        return Period(date(year, m1, 1), _month_end(year, m2), "range")
    if kind == "month":
        year, month = _year_of(m), _month_of(m)
        part = g.get("part") or g.get("epart")
        _check(raw, year, month)
        if part:
            return _month_part(part, year, month)
        if year is None:
            return _yearless(month, 1, month, calendar.monthrange(2000, month)[1], "month")
        return Period(date(year, month, 1), _month_end(year, month), "month")
    if kind == "quarter":
        year = _year_of(m)
        q = _ORDINAL[g["qn"]] if g.get("qn") else (_ROMAN.get(g["q"]) or int(g["q"]))
        first, last = 3 * q - 2, 3 * q
        if year is None:
            return _yearless(first, 1, last, calendar.monthrange(2000, last)[1], "quarter")
        return Period(date(year, first, 1), _month_end(year, last), "quarter")
    if kind == "year":
        year = int(g["y"])
        part = g.get("part") or g.get("epart")
        if part:
            # Thirds of a year, as of a month: 'đầu năm' January–April, 'giữa năm' May–August, 'cuối năm' September–December.
            named: Named = _THIRDS[part]  # type: ignore[assignment]
            first = {"early": 1, "mid": 5, "late": 9}[named]
            return Period(date(year, first, 1), _month_end(year, first + 3), "range", None, named)
        return Period(date(year, 1, 1), date(year, 12, 31), "year")
    if kind == "relative":
        return _relative(g["rel"], today)
    if kind == "relative_part":
        base = today if g.get("rel") != "truoc" else today.replace(day=1) - timedelta(days=1)
        return _month_part(g["part"], base.year, base.month)
    if kind == "past_days":
        n = int(g.get("n") or g.get("n2") or 0)
        if n < 1:
            return None
        return Period(today - timedelta(days=n - 1), today, "range", None, "past_days")
    raise AssertionError(kind)


def _relative(word: str, today: date) -> Period:
    """'hôm nay', 'tuần này', 'tháng trước' … against `today`; a week runs Monday to Sunday."""
    if word in ("hom nay", "today"):
        return Period(today, today, "day", None, "today")
    if word in ("hom qua", "yesterday"):
        d = today - timedelta(days=1)
        return Period(d, d, "day", None, "yesterday")
    if word == "hom kia":
        d = today - timedelta(days=2)
        return Period(d, d, "day", None, "day_before_yesterday")
    if word in ("tuan nay", "this week"):
        monday = today - timedelta(days=today.weekday())
        return Period(monday, monday + timedelta(days=6), "range", None, "this_week")
    if word in ("tuan truoc", "tuan qua", "last week", "past week"):
        monday = today - timedelta(days=today.weekday() + 7)
        return Period(monday, monday + timedelta(days=6), "range", None, "last_week")
    if word in ("thang nay", "this month"):
        return Period(today.replace(day=1), _month_end(today.year, today.month), "month", None, "this_month")
    if word in ("thang truoc", "last month"):
        last = today.replace(day=1) - timedelta(days=1)
        return Period(last.replace(day=1), last, "month", None, "last_month")
    if word in ("nam nay", "this year"):
        return Period(date(today.year, 1, 1), date(today.year, 12, 31), "year", None, "this_year")
    # "năm ngoái", "năm trước", "last year"
    return Period(date(today.year - 1, 1, 1), date(today.year - 1, 12, 31), "year", None, "last_year")


def _accept(kind: str, m: re.Match[str], text: str, pos: int) -> bool:
    """Forms that are dates only in company: an English month name alone, a bare D/M, a bare year."""
    before = text[:pos].split()[-1:] or [""]
    g = m.groupdict()
    if kind == "month" and g.get("mon") and not g.get("y") and not g.get("epart"):
        return before[0] in _EN_MONTH_LEAD
    if kind == "day" and not g.get("y") and not g.get("mon") and "/" in m.group(0):
        # "2/3 dân số": a fraction of something, not 2 March.
        after = text[m.end():].split()[:1]
        return not after or after[0] not in _AMOUNT_AFTER
    if kind == "year" and not g.get("part") and m.group(0).isdigit():
        return int(m.group(0)) in _BARE_YEARS or before[0] in ("in", "nam", "year")
    return True


def _longest_atom(text: str, pos: int, original: str, today: date,
                  boundary: bool = True) -> tuple[Period, int] | None:
    best: tuple[str, re.Match[str]] | None = None
    for kind, pattern in _ATOMS:
        m = pattern.match(text, pos)
        if m is None or (boundary and not _at_boundary(text, m.end())) or not _accept(kind, m, text, pos):
            continue
        if best is None or m.end() > best[1].end():
            best = (kind, m)
    if best is None:
        return None
    kind, m = best
    period = _atom(kind, m, original[m.start():m.end()] if original else m.group(0), today)
    return (period, m.end()) if period is not None else None


def _fill_years(a: Period, b: Period) -> tuple[Period, Period]:
    """'từ 1/1 đến 3/3/2022': an end without a year takes the other end's (the year before or after
    when its month-day would otherwise put it on the wrong side)."""
    if a.yearless and b.start:
        y = b.start.year - (1 if a.yearless[0] > (b.start.month, b.start.day) else 0)
        a = a.in_year(y) or a
    elif b.yearless and a.start:
        y = a.start.year + (1 if b.yearless[0] < (a.start.month, a.start.day) else 0)
        b = b.in_year(y) or b
    return a, b


def find_period(text: str, today: date | None = None, original: str | None = None) -> FoundPeriod | None:
    """The first period in folded `text` (words split by single spaces), with a range joined up:
    "từ D1 đến D2", "D1–D2", "from D1 to D2", "between D1 and D2".

    `original` is the same text in the user's spelling, character for character, for messages.
    Raises InvalidDate for a day or month that cannot exist ("30/2/2022", "tháng 13").
    """
    today = today or date.today()
    source = original if original is not None and len(original) == len(text) else text
    pos = 0
    while pos < len(text):
        hit = _longest_atom(text, pos, source, today, boundary=False)
        if hit is not None:
            first, end = hit
            joined = _JOIN.match(text, end)
            if joined is not None:
                second = _longest_atom(text, joined.end(), source, today)
                if second is not None:
                    a, b = _fill_years(first, second[0])
                    span = _range(a, b, source[pos:second[1]])
                    if span is not None:
                        return FoundPeriod(span, pos, second[1], source[pos:second[1]])
            # Not a range: the first period alone, if it ends at a word boundary.
            alone = _longest_atom(text, pos, source, today)
            if alone is not None:
                return FoundPeriod(alone[0], pos, alone[1], source[pos:alone[1]])
        nxt = text.find(" ", pos)
        if nxt < 0:
            break
        pos = nxt + 1
    return None


def _range(a: Period, b: Period, raw: str) -> Period | None:
    if a.yearless and b.yearless:
        return _yearless(*a.yearless[0], *b.yearless[1], "range")
    if a.start is None or b.end is None:
        return None
    if b.end < a.start:
        raise InvalidDate(f"{raw} is not a real range (it ends before it starts)")
    return Period(a.start, b.end, "range")
