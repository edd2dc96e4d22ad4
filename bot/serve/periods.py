"""The period an answer is limited to: the year of a day asked without one, and which sentences fall inside.

A period holds a dated mention when it contains it whole (`start >= p.start AND end <= p.end`),
whatever the mention's precision: "tháng 1" counts in "quý 1/2022" but not in "đầu tháng 1/2022".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from bot.serve.query_dates import Period
from bot.serve.session import ReadSession


@dataclass(frozen=True)
class YearChoice:
    """A yearless period placed in a year: the newest year (not after today) whose articles have it."""

    period: Period
    found: bool  # False: no year has it; `period` is then this year's (or last year's) for the reply
    other_years: tuple[int, ...] = field(default=())


def bounds(p: Period) -> tuple[str, str]:
    assert p.start is not None and p.end is not None
    return p.start.isoformat(), p.end.isoformat()


def rank_key(p: Period) -> str | None:
    """The `date_rank` period a question's period is exactly (a whole day, month or year), if it is one."""
    if p.start is None or p.end is None:
        return None
    s, e = p.start, p.end
    if s == e:
        return "D" + s.isoformat()
    if s.day == 1 and (e.month, e.day) == (12, 31) and s.month == 1 and s.year == e.year:
        return "Y" + f"{s.year:04d}"
    if s.day == 1 and (s.year, s.month) == (e.year, e.month) and _is_month_end(e):
        return "M" + s.isoformat()[:7]
    return None


def _is_month_end(d: date) -> bool:
    return d.month != date.fromordinal(d.toordinal() + 1).month


def choose_year(session: ReadSession, p: Period, today: date) -> YearChoice:
    """Place a yearless period in the newest year, not later than today, that the articles have it in.

    Candidate years are those with dated mentions (the `Y` rows of `date_rank`, read with one
    index seek per year) and those between the first and last publication; each is probed with
    one indexed lookup, newest first. The other years that have it are listed for the reply.
    """
    if p.year_known:
        return YearChoice(p, True)
    hits: list[Period] = []
    for year in sorted(_candidate_years(session), reverse=True):
        placed = p.in_year(year)
        if placed is not None and has_anything(session, placed):
            hits.append(placed)
    past = [h for h in hits if h.start is not None and h.start <= today]
    if past:
        chosen = past[0]
        others = tuple(h.start.year for h in hits if h is not chosen and h.start is not None)
        return YearChoice(chosen, True, others)
    return YearChoice(_latest_by(p, today), False, tuple(h.start.year for h in hits if h.start is not None))


def _latest_by(p: Period, today: date) -> Period:
    """The period in the latest year in which it has begun by `today` (29/2: the last leap year)."""
    for year in range(today.year, today.year - 9, -1):
        placed = p.in_year(year)
        if placed is not None and placed.start is not None and placed.start <= today:
            return placed
    raise AssertionError(f"{p} exists in no year before {today}")


def _candidate_years(session: ReadSession) -> set[int]:
    db = session.db()
    years: set[int] = set()
    cur = "Y"
    while True:
        row = db.execute(
            "SELECT period FROM date_rank WHERE period > ? AND period < 'Z' ORDER BY period LIMIT 1", (cur,)
        ).fetchone()
        if row is None:
            break
        cur = row[0]
        if cur[1:].isdigit():
            years.add(int(cur[1:]))
    first, last = db.execute(
        "SELECT min(published), max(published) FROM articles WHERE published IS NOT NULL AND published != ''"
    ).fetchone()
    if first and last and first[:4].isdigit() and last[:4].isdigit():
        years.update(range(int(first[:4]), int(last[:4]) + 1))
    return years


def has_anything(session: ReadSession, p: Period) -> bool:
    """Does any article report something inside `p` or come out during it? (indexed probes only)"""
    db = session.db()
    start, end = bounds(p)
    key = rank_key(p)
    if key is not None:
        if db.execute("SELECT 1 FROM date_rank WHERE period = ? LIMIT 1", (key,)).fetchone():
            return True
    elif db.execute(
        "SELECT 1 FROM dates WHERE start >= ? AND start <= ? AND end <= ? LIMIT 1", (start, end, end)
    ).fetchone():
        return True
    return db.execute("SELECT 1 FROM articles WHERE published BETWEEN ? AND ? LIMIT 1", (start, end)).fetchone() \
        is not None


def dated_in(session: ReadSession, articles: list[int], p: Period) -> dict[tuple[int, int], str]:
    """(article, sentence) → the date it gives, for the sentences of `articles` dated inside `p`."""
    start, end = bounds(p)
    out: dict[tuple[int, int], str] = {}
    for chunk in range(0, len(articles), 500):
        part = articles[chunk : chunk + 500]
        for article, sentence, s, precision in session.db().execute(
            f"SELECT article, sentence, start, precision FROM dates WHERE article IN ({','.join('?' * len(part))})"
            " AND start >= ? AND end <= ? ORDER BY precision = 'day' DESC, rowid",
            (*part, start, end),
        ):
            out.setdefault((article, sentence), s if precision == "day" else s[:7])
    return out


def published_in(published: str | None, p: Period) -> bool:
    start, end = bounds(p)
    return bool(published) and start <= (published or "") <= end
