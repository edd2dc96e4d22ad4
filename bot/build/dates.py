"""Dates in Vietnamese news text: every dated mention of a sentence, against the publication date.

Build time only (standard library). The spans it yields and the grammar of
the dates users type live in `bot.shared.dates`, which serving uses too.

Vietnamese press writes dates in many ways ("hôm 4/11", "ngày 9 và 10.1 tới",
"hồi tháng 9", "vào thứ Năm", "năm 2014") and reuses the same shapes for
things that are not dates ("2/3 dân số", "tỷ số 2-1", "lần thứ hai",
"3 tháng"). The rules below therefore ask for a date word, a year or an
unmistakable layout before they call a number pair a date, and they never
raise on article text: an impossible day or month is simply not a mention.

Choices worth knowing:
- A day range sharing one month ("từ 18-20/1", "ngày 18 đến 20.1") yields
  every day of the range (at most 31); a list ("ngày 3, 4 và 5/6") yields each
  day. All mentions of one such expression share its text and offsets.
- A year range ("năm 2014-2016") yields every year when it spans at most ten,
  otherwise only its two ends.
- Relative days count from the publication day: "hôm qua", "tối hôm qua",
  "đêm qua", "ngày mai", "hôm kia", and the same-day "hôm nay", "tối nay";
  "cho đến hôm nay" / "ngày nay" mean "to this day" / "nowadays" and are no
  day. "Cùng ngày" is the day the text last gave before it. Inside a
  quotation a relative day is the speaker's, not resolvable, and "Hôm qua
  (12/3)" or "Hôm qua, ngày 12/3" take the written date. Relative weeks,
  months and years on their own ("tuần trước", "năm ngoái") are not
  mentions; "năm nay/ngoái/trước/sau/tới" only fix the year of a day or month.
- A bare "D/M" with no date word counts only when zero-padded ("21/01") or
  followed by "tới"/"vừa qua"; "D.M" and "D-M" always need a date word.
- A weekday counts after hôm/vào/sáng/chiều/tối/trưa or a week word
  ("tuần trước"), when followed by a date, or when written with a capital
  ("thứ Sáu", "ngày thứ Hai") except as a clause-opening "Thứ Hai, ..." or
  after an ordinal's noun ("vòng thứ Ba"). Lower-case "lần thứ hai",
  "ngày thứ hai" are ordinals.
- Weekday-dated mentions ("hôm thứ Tư") need the anchor; with anchor None
  they are dropped along with every other mention that lacks its own year.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Callable

from bot.shared.dates import MAX_YEAR as _MAX_YEAR
from bot.shared.dates import MIN_YEAR as _MIN_YEAR
from bot.shared.dates import DateSpan
from bot.shared.dates import day_span as _day
from bot.shared.dates import month_span as _month
from bot.shared.dates import real_day as _real_day
from bot.shared.dates import year_span as _year

__all__ = ["DateMention", "extract_dates"]


@dataclass(frozen=True)
class DateMention:
    """One dated expression found in a sentence, with where it was found."""

    span: DateSpan
    text: str  # the matched surface text, e.g. "ngày 6/11", "hôm thứ Tư", "hồi tháng 9"
    start_char: int  # offsets into the sentence
    end_char: int


# --------------------------------------------------------------------------- text view


_CONTEXT = 80  # how far around a match the rules look, in characters


class _View:
    """The sentence in lower-case NFC, with a map back to the original offsets.

    Scraped text arrives both precomposed and decomposed; matching one form
    keeps the patterns simple while offsets still point into the caller's
    string. Capitalisation (which tells "thứ Hai" from "thứ hai") is read
    from the original through the same map.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        chars: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        i, n = 0, len(text)
        while i < n:
            j = i + 1
            while j < n and unicodedata.combining(text[j]):
                j += 1
            for ch in unicodedata.normalize("NFC", text[i:j]).lower():
                chars.append(ch)
                starts.append(i)
                ends.append(j)
            i = j
        self.s = "".join(chars)
        self._starts = starts
        self._ends = ends

    def before(self, i: int) -> str:
        """The view just before offset i: every rule looks only this far, so a match costs the same
        wherever it stands (slicing from 0 each time made long sentences quadratic)."""
        return self.s[max(0, i - _CONTEXT) : i]

    def after(self, i: int) -> str:
        """The view just after offset i (see before)."""
        return self.s[i : i + _CONTEXT]

    def span(self, a: int, b: int) -> tuple[int, int]:
        """Original offsets of the view slice [a, b)."""
        return self._starts[a], self._ends[b - 1]

    def is_capitalised(self, a: int) -> bool:
        """Whether the word at view offset a starts with a capital and is not all capitals."""
        m = re.match(r"\w+", self.s[a : a + _CONTEXT])
        o1, o2 = self.span(a, a + (m.end() if m else 1))
        letters = [c for c in self.text[o1:o2] if c.isalpha()]
        return bool(letters) and letters[0].isupper() and (len(letters) == 1 or not all(c.isupper() for c in letters))


def _words_alt(words: list[str]) -> str:
    """A regex alternation of phrases, longest first, spaces matching any whitespace."""
    ordered = sorted(set(words), key=len, reverse=True)
    return "|".join(r"\s+".join(map(re.escape, w.split())) for w in ordered)


# A number standing alone: not glued to other digits, times, decimals, URLs or signs.
_NB = r"(?<![\w.,/:+\-–])"
_NA = r"(?![\w/:%]|[.,\-–]\d)"

# Words that make the number after them a date by themselves.
_STRONG_DAY = ["ngày", "hôm", "sáng", "chiều", "tối", "trưa", "đêm", "khuya", "rạng sáng", "sáng sớm",
               "mùng", "mồng", "hồi"]
# Words that often but not always introduce a date ("từ 2-3 tuần", "đến 2/3 dân số").
_WEAK_DAY = ["từ", "đến", "tới", "vào", "trước", "sau", "cho đến", "tính đến", "kể từ", "trong"]
# A day's prefix is at most: a connector, a time of day, a day word ("từ sáng ngày 5/3"), so a
# word that belongs to what comes before ("bắt đầu", "phía sau") is not taken in.
_DAY_CONNECTORS = ["hồi", "từ", "đến", "tới", "vào", "trước", "sau", "cho đến", "tính đến", "kể từ", "trong"]
_TIMES_OF_DAY = ["sáng", "chiều", "tối", "trưa", "đêm", "khuya", "rạng sáng", "sáng sớm"]
_DAY_WORDS = ["ngày", "hôm", "mùng", "mồng"]
_DAY_PRE = (
    rf"(?P<pre>(?:\b(?:{_words_alt(_DAY_CONNECTORS)})\s+)?"
    rf"(?:\b(?:{_words_alt(_TIMES_OF_DAY)})\s+)?"
    rf"(?:\b(?:{_words_alt(_DAY_WORDS)})\s+)?)"
)
# Words before "ngày" that make it a count of days ("mỗi ngày 2-3 lần"), not a date word.
_QUANTIFIERS = {"mỗi", "hằng", "hàng", "một", "vài", "mấy", "các", "những", "nhiều", "mươi"}
# What follows an amount, not a date ("2/3 dân số", "từ 2-3 tuần").
_UNIT_AFTER = re.compile(
    r"\s*(?:%|\d|(?:dân\s+số|số|lãnh\s+thổ|diện\s+tích|tổng|phần|trong\s+số|ngày|tuần|tháng|năm|giờ|tiếng"
    r"|phút|giây|lần|người|tỷ|triệu|nghìn|ngàn|km|binh\s+sĩ|quốc\s+gia|nước)(?!\w))"
)
# A duration right after "D tháng M" ("3 tháng 9 ngày") means it was never a date.
_DURATION_AFTER = re.compile(r"\s+(?:ngày|tuần|giờ|tiếng|phút)(?!\w)")

_WEEKDAY_NUM = {"hai": 0, "2": 0, "ba": 1, "3": 1, "tư": 2, "4": 2, "năm": 3, "5": 3,
                "sáu": 4, "6": 4, "bảy": 5, "7": 5}
_WEEKDAY = r"(?:\bthứ\s+(?P<wn>hai|ba|tư|năm|sáu|bảy|[2-7])|\bchủ\s+nhật)(?!\w)"
_WEEK_SHIFT = {"trước": -1, "qua": -1, "rồi": -1, "này": 0, "tới": 1, "sau": 1}
_REL_YEAR = {"nay": 0, "ngoái": -1, "trước": -1, "sau": 1, "tới": 1}
_REL_YEAR_TAIL = r"(?:\s+năm\s+(?P<rel>nay|ngoái|trước|sau|tới)(?!\w))?"

_DAY_JOIN = r"(?:\s*,\s*|\s+và\s+|\s*[-–—]\s*|\s+(?:đến|tới|cho\s+đến)\s+)(?:ngày\s+)?"
# A list of days is short ("3, 4 và 5/6"); bounding it keeps a long run of "1 - 1 - ..." that never
# reaches a month from being rescanned from every number in it (quadratic time on scraped tables).
_MAX_LISTED = 9
_RANGE_JOIN = re.compile(r"[-–—]|đến|tới")

_MONTH_WORDS = {"một": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7,
                "tám": 8, "chín": 9, "mười": 10, "mười một": 11, "mười hai": 12}
_MONTH_WORDS_ALT = _words_alt(list(_MONTH_WORDS))

_EXPLICIT = re.compile(
    rf"{_DAY_PRE}"
    rf"(?P<wd>{_WEEKDAY}\s*(?:,|(?P<paren>\())?\s*)?"
    r"(?P<ngay>(?:ngày|mùng|mồng)\s+)?"
    rf"{_NB}(?P<body>"
    r"(?P<fd>\d{1,2})(?P<fs>[/.\-])(?P<fm>\d{1,2})(?P=fs)(?P<fy>\d{4})"
    rf"|(?P<ld>\d{{1,2}}(?:{_DAY_JOIN}\d{{1,2}}){{0,{_MAX_LISTED}}})(?P<ls>[/.\-])(?P<lm>\d{{1,2}})"
    r"(?:\s*,?\s*năm\s+(?P<ly>\d{4}))?"
    rf"|(?P<vd>\d{{1,2}}(?:{_DAY_JOIN}\d{{1,2}}){{0,{_MAX_LISTED}}})\s+tháng\s+(?P<vm>\d{{1,2}}|{_MONTH_WORDS_ALT})(?!\w)"
    r"(?:(?:\s*[,/]\s*|\s+năm\s+)(?P<vy>\d{4}))?"
    rf"){_NA}(?(paren)\s*\)){_REL_YEAR_TAIL}"
)

_ISO = re.compile(rf"{_NB}(?P<y>\d{{4}})-(?P<m>\d{{1,2}})-(?P<d>\d{{1,2}}){_NA}")

_WEEKDAY_PRE_STRONG = ["hôm", "vào", "sáng", "chiều", "tối", "trưa", "khuya", "rạng sáng", "sáng sớm",
                       "tuần trước", "tuần qua", "tuần này", "tuần tới", "tuần sau"]
_WEEKDAY_PRE_DAYLIKE = ["ngày", "đêm"]  # "ngày thứ hai" is also "the second day"
_WEEKDAY_CONNECTORS = ["từ", "đến", "cho đến", "trước", "sau", "tới", "vào", "hồi",
                       "tuần trước", "tuần qua", "tuần này", "tuần tới", "tuần sau"]
_WEEKDAY_RE = re.compile(
    rf"(?P<pre>(?:\b(?:{_words_alt(_WEEKDAY_CONNECTORS)})\s+)?"
    rf"(?:\b(?:{_words_alt(_TIMES_OF_DAY)})\s+)?"
    r"(?:\b(?:ngày|hôm)\s+)?)"
    rf"(?P<wd>{_WEEKDAY})"
    r"(?P<post>\s+tuần\s+(?P<wk>trước|qua|rồi|này|tới|sau)(?!\w))?"
)
# Nouns that take an ordinal "thứ hai" after them: "lần thứ hai", "người thứ ba".
_ORDINAL_HEADS = {"lần", "người", "vòng", "bước", "đợt", "kỳ", "khóa", "khoá", "phần", "hạng", "lượt",
                  "chương", "con", "cái", "điểm", "vị", "nước", "quốc", "gia", "đường", "thế", "hệ"}

# Before a month or year: at most one connector, then at most one position ("vào cuối tháng 3"),
# so a word that belongs to the verb before ("bắt đầu vào tháng 2") is not taken in.
_PERIOD_CONNECTORS = ["hồi", "vào", "trong", "từ", "đến", "tới", "cho đến", "tính đến", "kể từ", "suốt",
                      "hết", "trước", "sau"]
_PERIOD_POSITIONS = ["cuối", "đầu", "giữa", "hạ tuần", "thượng tuần", "trung tuần"]
_PERIOD_PRE = (
    rf"(?P<pre>(?:\b(?:{_words_alt(_PERIOD_CONNECTORS)})\s+)?"
    rf"(?:(?<!bắt\s)\b(?:{_words_alt(_PERIOD_POSITIONS)})\s+)?)"
)
_MONTH_RE = re.compile(
    rf"{_PERIOD_PRE}"
    rf"\btháng\s+(?P<m>\d{{1,2}}|{_words_alt(list(_MONTH_WORDS))})(?!\w)"
    r"(?:\s*[/.\-]\s*(?P<y1>\d{4})|\s*,?\s*năm\s+(?P<y2>\d{4}))?"
    rf"{_NA}{_REL_YEAR_TAIL}"
)
_YEAR_RE = re.compile(
    rf"{_PERIOD_PRE}\bnăm\s+(?P<y>\d{{4}})(?:\s*[-–]\s*(?P<y2>\d{{4}}))?{_NA}"
)

# Looking back or ahead from right after the expression ("tháng 9 vừa qua", "ngày 10.1 tới").
_BACK_AFTER = re.compile(r"\s+(?:vừa\s+qua|vừa\s+rồi|trước\s+đó|đã\s+qua)(?!\w)")
_AHEAD_AFTER = re.compile(r"\s+(?:sắp\s+tới|tới\s+đây|(?P<toi>tới))(?!\w)")
_NEXT_WORD = re.compile(r"\s+(\w+)")
# "dự kiến diễn ra vào đầu tháng 3", "sẽ được tổ chức trong tháng 5": the clause before a month
# says it is still to come (no comma or stop between, a few words at most).
_AHEAD_BEFORE = re.compile(r"\b(?:dự\s+kiến|sẽ|sắp)(?:\s+[^\s,.;:!?]+){0,6}\s+$")
# "hôm 4/11 tới thăm Kiev": here "tới" is the verb "to go to", not "coming".
_TOI_VERB_OBJECTS = {"thăm", "dự", "gặp", "làm", "tham", "hội", "đàm", "họp", "nơi", "đó", "các",
                     "những", "một", "thủ", "trụ", "biên", "chiến", "khu", "vùng", "thành", "nước"}
_ENUMERATION_AFTER = re.compile(r"\s*[,:]")
_CLAUSE_START = re.compile(r"(?:^|[.,;:!?…\"“”'(\-–—])\s*$")
_JOINED = re.compile(r"^\s*(?:,|và|hoặc|đến|tới|cho\s+đến|[-–—])\s*(?:ngày\s+)?$")


@dataclass
class _Cand:
    """A matched stretch of the view; no spans means it blocks overlapping weaker matches."""

    start: int
    end: int
    spans: tuple[DateSpan, ...]


def _pre_words(pre: str) -> set[str]:
    """The single words and two-word phrases in a prefix, for set tests."""
    words = pre.split()
    found = set(words)
    found.update(f"{a} {b}" for a, b in zip(words, words[1:]))
    return found


def _lean_after(v: _View, end: int) -> int:
    """-1 when the text right after looks back, +1 when it looks ahead, else 0."""
    rest = v.after(end)
    if _BACK_AFTER.match(rest):
        return -1
    m = _AHEAD_AFTER.match(rest)
    if not m:
        return 0
    if m.group("toi"):
        nxt = _NEXT_WORD.match(rest, m.end())
        if nxt:
            word = nxt.group(1)
            if word.isdigit() or word in _TOI_VERB_OBJECTS or v.is_capitalised(end + nxt.start(1)):
                return 0
    return 1


_NEAR_FUTURE_DAYS = 62


def _pick_year(day: int, month: int, anchor: date, lean: int) -> date | None:
    """The year for a day and month: nearest the anchor, or on/after (+1) or on/before (-1) it."""
    options = [d for y in range(anchor.year - 4, anchor.year + 5) if (d := _real_day(y, month, day))]
    if lean > 0:
        options = [d for d in options if d >= anchor]
        return min(options) if options else None
    if lean < 0:
        options = [d for d in options if d <= anchor]
        return max(options) if options else None
    # News mostly looks back: take the latest date on/before the anchor, unless the next one
    # after it is both nearer and close enough to be a scheduled event ("sớm nhất là ngày 23/10").
    past = max((d for d in options if d <= anchor), default=None)
    future = min((d for d in options if d > anchor), default=None)
    if future and (future - anchor).days <= _NEAR_FUTURE_DAYS and (
        past is None or (future - anchor) < (anchor - past)
    ):
        return future
    if past and (anchor - past).days <= 366:
        return past
    # Only a leap day can be this far off: take whichever occurrence is nearer.
    return min(options, key=lambda d: (abs((d - anchor).days), d)) if options else None


def _month_year(month: int, anchor: date, lean: int) -> int:
    """A month without a year: the latest one on/before the anchor, or next on/after with lean +1."""
    if lean > 0:
        return anchor.year if month >= anchor.month else anchor.year + 1
    return anchor.year if month <= anchor.month else anchor.year - 1


def _days_of(listing: str) -> list[int]:
    """The days of "9 và 10", "3, 4 và 5" or "18 - 20" (ranges expanded, at most 31 days)."""
    numbers = [int(n) for n in re.findall(r"\d+", listing)]
    joins = re.split(r"\d+", listing)[1:-1]
    days: list[int] = []
    for i, n in enumerate(numbers):
        prev = numbers[i - 1] if i else None
        if i and prev is not None and _RANGE_JOIN.search(joins[i - 1]) and prev < n <= prev + 31:
            days.extend(range(prev + 1, n + 1))
        else:
            days.append(n)
    return list(dict.fromkeys(days))


def _gate_of(v: _View, m: re.Match[str]) -> str:
    """How strongly the words before a numeric day say "date": "strong", "weak" or "none"."""
    if m.group("wd"):
        return "strong"  # "thứ Sáu ngày 21/01", "thứ Năm (12/1)"
    words = _pre_words(m.group("pre")) | ({"ngày"} if m.group("ngay") else set())
    before = v.before(m.start()).split()
    leading = (m.group("pre") or m.group("ngay") or "").split()
    counted = bool(before) and before[-1].isdigit() and m.group("ls") == "/" and (
        int(before[-1]) == len(_days_of(m.group("ld") or ""))
    )  # "2 ngày 14-15/3": the two days are then listed
    if leading and leading[0] == "ngày" and before and (before[-1] in _QUANTIFIERS or before[-1].isdigit()) \
            and not counted:
        words.discard("ngày")  # "mỗi ngày 2-3 lần": a count of days, not a date word
    if words & set(_STRONG_DAY):
        return "strong"
    if words & set(_WEAK_DAY):
        return "weak"
    return "none"


def _numeric_day_ok(v: _View, m: re.Match[str], gate: str, single: bool) -> bool:
    """Whether "D/M", "D.M" or "D-M" without a year is a date here and not an amount or score.

    With no date word, only a zero-padded "21/01" or one followed by "tới" /
    "vừa qua" counts, so "2/3 dân số", "24/7" and "tỷ số 2-1" do not. After a
    weak word ("từ", "đến") a single day must use "/" and not be followed by a
    unit, so "từ 2-3 tuần" and "đến 2/3 dân số" do not either.
    """
    if m.group("ly"):
        return True
    sep, end = m.group("ls"), m.end()
    if gate == "strong":
        return True
    if gate == "weak":
        return not single or (sep == "/" and not _UNIT_AFTER.match(v.after(end)))
    if sep != "/" or not single:
        return False
    day, month = m.group("ld"), m.group("lm")
    padded = len(day) == 2 and len(month) == 2 and "0" in (day[0], month[0])
    return padded or _lean_after(v, end) != 0


def _long_day_ok(v: _View, m: re.Match[str], gate: str, single: bool) -> bool:
    """Whether "D tháng M" is a date: not when a duration follows ("3 tháng 9 ngày")."""
    if m.group("vy") or gate == "strong":
        return True
    if _DURATION_AFTER.match(v.after(m.end())):
        return False
    return not (gate == "weak" and single and _UNIT_AFTER.match(v.after(m.end())))


def _explicit(v: _View, anchor: date | None, out: list[_Cand]) -> None:
    """Dates with a day number: "4/11/2022", "ngày 6/11", "ngày 9 và 10.1 tới", "21 tháng 1, 2022"."""
    last_end = -1
    for m in _EXPLICIT.finditer(v.s):
        start, end = m.start(), m.end()
        if m.group("fd"):
            d = _real_day(int(m.group("fy")), int(m.group("fm")), int(m.group("fd")))
            ok = d is not None and _MIN_YEAR <= d.year <= _MAX_YEAR
            out.append(_Cand(start, end, (_day(d),) if ok and d else ()))
            last_end = end if ok else last_end
            continue
        numeric = m.group("ld") is not None
        listing = m.group("ld") if numeric else m.group("vd")
        raw_month = m.group("lm") if numeric else m.group("vm")
        if raw_month.isdigit():
            month = int(raw_month)
        elif v.is_capitalised(m.start("vm")):
            month = _MONTH_WORDS[" ".join(raw_month.split())]  # "ngày 28 tháng Hai" is 28 February
        else:
            continue  # "3 tháng năm": months and years, not a date
        own_year = m.group("ly") or m.group("vy")
        days = _days_of(listing)
        single = listing.isdigit()
        gate = _gate_of(v, m)
        if gate == "none" and 0 <= last_end and start - last_end <= 20 and _JOINED.match(v.s[last_end:start]):
            gate = "strong"  # "ngày 6/11 và 7/11": the second rides on the first
        if gate == "none" and not m.group("pre") and not m.group("ngay"):
            if v.before(start).rstrip().endswith("(") and v.after(end).lstrip()[:1] in (")", ","):
                gate = "strong"  # "Hôm qua (12/3), ..."
        ok = _numeric_day_ok(v, m, gate, single) if numeric else _long_day_ok(v, m, gate, single)
        dates: list[date] = []
        if ok:
            year: int | None = None
            if own_year:
                year = int(own_year)
            elif m.group("rel") and anchor is not None:
                year = anchor.year + _REL_YEAR[m.group("rel")]
            elif anchor is not None:
                lean = -1 if "hồi" in _pre_words(m.group("pre")) else _lean_after(v, end)
                first = _pick_year(days[0], month, anchor, lean)
                year = first.year if first else None
            if year is not None and _MIN_YEAR <= year <= _MAX_YEAR:
                dates = [d for day in days if (d := _real_day(year, month, day))]
            if len(dates) != len(days):
                dates = []  # an impossible day, or no year to resolve against: block, emit nothing
        out.append(_Cand(start, end, tuple(_day(d) for d in dates)))
        if dates:
            last_end = end
    for m in _ISO.finditer(v.s):
        d = _real_day(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        ok = d is not None and _MIN_YEAR <= d.year <= _MAX_YEAR
        out.append(_Cand(m.start(), m.end(), (_day(d),) if ok and d else ()))


def _weekdays(v: _View, anchor: date | None, out: list[_Cand]) -> None:
    """"hôm thứ Tư", "vào thứ Năm tuần tới", "Chủ nhật": resolved in the anchor's Monday-start week."""
    for m in _WEEKDAY_RE.finditer(v.s):
        pre = _pre_words(m.group("pre"))
        wn = m.group("wn")
        weekday = 6 if wn is None else _WEEKDAY_NUM[wn]
        strong = bool(pre & set(_WEEKDAY_PRE_STRONG)) or bool(m.group("post"))
        daylike = bool(pre & set(_WEEKDAY_PRE_DAYLIKE))
        capital = wn is not None and not wn.isdigit() and v.is_capitalised(m.start("wn"))
        before = v.before(m.start())
        prev_word = before.split()[-1] if before.split() else ""
        clause_start = not m.group("pre") and bool(_CLAUSE_START.search(before))
        if wn is None or strong:
            ok = True
        elif capital and daylike:
            ok = True
        elif capital and not m.group("pre") and prev_word not in _ORDINAL_HEADS:
            # "Thứ Hai, ..." opening a clause reads like an enumeration ("Secondly, ..."); elsewhere
            # a capitalised weekday word is a day, since ordinals are written in lower case.
            ok = not (clause_start and _ENUMERATION_AFTER.match(v.after(m.end())))
        else:
            ok = False
        spans: tuple[DateSpan, ...] = ()
        if ok and anchor is not None:
            monday = anchor - timedelta(days=anchor.weekday())
            day = monday + timedelta(days=weekday)
            shift = None
            if m.group("wk"):
                shift = _WEEK_SHIFT[m.group("wk")]
            else:
                for phrase, weeks in (("tuần trước", -1), ("tuần qua", -1), ("tuần này", 0), ("tuần tới", 1),
                                      ("tuần sau", 1)):
                    if phrase in pre:
                        shift = weeks
            if shift is not None:
                day += timedelta(days=7 * shift)
            elif _lean_after(v, m.end()) > 0:
                if day <= anchor:
                    day += timedelta(days=7)
            elif day > anchor:
                day -= timedelta(days=7)
            spans = (_day(day),)
        out.append(_Cand(m.start(), m.end(), spans))


def _months(v: _View, anchor: date | None, out: list[_Cand]) -> None:
    """"hồi tháng 9", "tháng 2/2022", "cuối tháng 3", "tháng Ba năm ngoái" at month precision."""
    for m in _MONTH_RE.finditer(v.s):
        raw = m.group("m")
        own_year = m.group("y1") or m.group("y2")
        if raw.isdigit():
            month = int(raw)
        elif v.is_capitalised(m.start("m")):
            month = _MONTH_WORDS[" ".join(raw.split())]  # "tháng Năm" is May ...
        else:
            continue  # ... but "tháng năm" is "months and years": not a date, and blocks nothing
        # "3 tháng 9 ngày": a number before "tháng" makes it a duration, not a month.
        ok = bool(m.group("pre")) or not re.search(r"\d\s*$", v.before(m.start()))
        spans: tuple[DateSpan, ...] = ()
        if ok and 1 <= month <= 12:
            year: int | None = None
            if own_year:
                year = int(own_year)
            elif anchor is not None and m.group("rel"):
                year = anchor.year + _REL_YEAR[m.group("rel")]
            elif anchor is not None:
                lean = -1 if "hồi" in _pre_words(m.group("pre")) else _lean_after(v, m.end())
                if lean == 0 and _AHEAD_BEFORE.search(v.before(m.start())):
                    lean = 1
                year = _month_year(month, anchor, lean)
            if year is not None and _MIN_YEAR <= year <= _MAX_YEAR:
                spans = (_month(year, month),)
        out.append(_Cand(m.start(), m.end(), spans))


# "hôm qua", "sáng nay", "tối hôm qua", "ngày mai", "đêm qua": a day counted from publication.
_REL_DAY_RE = re.compile(
    r"(?P<pre>(?:\b(?:vào|từ|đến|tới|cho\s+đến|trong|ngay)\s+)?)"
    r"\b(?P<time>hôm|ngày|sáng|trưa|chiều|tối|đêm|khuya|rạng\s+sáng|sáng\s+sớm)\s+(?:hôm\s+)?"
    r"(?P<rel>nay|qua|kia|mai)(?!\w)"
)
_REL_DAY_SHIFT = {"qua": -1, "mai": 1}
_OWN_DATE_AFTER = re.compile(r"\s*[(,]?\s*(?:ngày\s+)?\d{1,2}\s*[/.\-]\s*\d")
_OPEN_QUOTES, _CLOSE_QUOTES, _BOTH_QUOTES = "“«", "”»", "\""


def _quote_marks(s: str, depth_open: bool) -> tuple[list[int], bool]:
    """Offsets where quoting opens and closes (flattened pairs), and whether a quote is still open at the end."""
    inside: list[int] = [0] if depth_open else []
    for i, ch in enumerate(s):
        if ch in _OPEN_QUOTES and not depth_open or ch in _BOTH_QUOTES and not depth_open:
            inside.append(i)
            depth_open = True
        elif ch in _CLOSE_QUOTES and depth_open or ch in _BOTH_QUOTES and depth_open:
            inside.append(i)
            depth_open = False
    return inside, depth_open


def ends_inside_quote(sentence: str, starts_inside: bool = False) -> bool:
    """Whether a quotation is still open at the end of `sentence`: a speech often runs over sentences."""
    return _quote_marks(sentence, starts_inside)[1]


def _quote_test(s: str, starts_inside: bool = False) -> Callable[[int], bool]:
    """A test of whether an offset stands inside a quotation, from one pass over the sentence."""
    inside, depth_open = _quote_marks(s, starts_inside)
    if depth_open:
        inside.append(len(s))

    def test(offset: int) -> bool:
        return bisect.bisect_right(inside, offset) % 2 == 1

    return test


def _relatives(v: _View, anchor: date | None, out: list[_Cand], in_quote: bool = False) -> None:
    """Days said relative to the publication day: "hôm qua", "đêm qua", "ngày mai", "hôm kia"."""
    if anchor is None:
        return
    quoted = _quote_test(v.s, in_quote)
    for m in _REL_DAY_RE.finditer(v.s):
        time, rel = " ".join(m.group("time").split()), m.group("rel")
        if rel == "nay" and (time == "ngày" or m.group("pre").split()[-1:] in (["đến"], ["tới"])):
            # "ngày nay" (nowadays) and "cho đến hôm nay" (to this day) are no day at all.
            continue
        if time == "ngày" and rel == "qua":
            continue  # "những ngày qua": the past days
        if _OWN_DATE_AFTER.match(v.after(m.end())):
            continue  # "Hôm qua (12/3)", "Hôm nay, ngày 21/1": the date written next to it says which day
        if quoted(m.start()):
            continue  # "“... đã thảo luận hôm nay”": the speaker's day, which the page does not give
        # "hôm nay", "tối nay": the publication day (the press dates in its own time zone).
        shift = (-2 if time == "hôm" else 2) if rel == "kia" else _REL_DAY_SHIFT.get(rel, 0)
        out.append(_Cand(m.start(), m.end(), (_day(anchor + timedelta(days=shift)),)))


# "cùng ngày", "trước đó cùng ngày", "trong cùng ngày hôm đó": the day the text last gave.
_SAME_DAY_RE = re.compile(r"\bcùng\s+ngày(?:\s+hôm\s+đó)?(?!\w)")


def _same_day(v: _View, previous: date | None, out: list[_Cand]) -> None:
    """"Cùng ngày" means the day of the last dated sentence before it, when there is one."""
    if previous is None:
        return
    for m in _SAME_DAY_RE.finditer(v.s):
        if re.match(r"\s*\d", v.after(m.end())):
            continue  # "cùng ngày 5/3": the written date is the mention
        out.append(_Cand(m.start(), m.end(), (_day(previous),)))


def _years(v: _View, out: list[_Cand]) -> None:
    """"năm 2014", "vào năm 1991", "năm 2014-2016" at year precision."""
    for m in _YEAR_RE.finditer(v.s):
        first = int(m.group("y"))
        last = int(m.group("y2")) if m.group("y2") else first
        years = [first, last] if last != first else [first]
        if first < last <= first + 10:
            years = list(range(first, last + 1))
        spans = tuple(_year(y) for y in years if _MIN_YEAR <= y <= _MAX_YEAR)
        out.append(_Cand(m.start(), m.end(), spans if len(spans) == len(years) else ()))


def extract_dates(
    sentence: str, anchor: date | None, previous: date | None = None, *, in_quote: bool = False
) -> list[DateMention]:
    """Every dated mention in one sentence of an article body, resolved against the publication date `anchor`.

    `previous` is the day the article's text last gave before this sentence ("cùng ngày" is that day);
    `in_quote` says the sentence opens inside a quotation begun by an earlier one.
    With anchor None, only mentions that carry their own year are returned.
    Never raises on odd input: impossible dates are just not mentions.
    """
    if not sentence:
        return []
    v = _View(sentence)
    cands: list[_Cand] = []
    _explicit(v, anchor, cands)
    _weekdays(v, anchor, cands)
    _months(v, anchor, cands)
    _years(v, cands)
    _relatives(v, anchor, cands, in_quote)
    _same_day(v, previous, cands)
    cands.sort(key=lambda c: (c.start, -(c.end - c.start)))
    mentions: list[DateMention] = []
    taken_end = -1
    for c in cands:
        if c.start < taken_end:
            continue
        taken_end = c.end
        if not c.spans:
            continue
        a, b = v.span(c.start, c.end)
        text = sentence[a:b]
        seen: set[DateSpan] = set()
        for span in c.spans:
            if span not in seen:
                seen.add(span)
                mentions.append(DateMention(span, text, a, b))
    return mentions
