"""`on D`: the articles that report something on a day, month or year, the dated sentence first."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from bot.serve.answers import Answer, ArticleHit, DateRange, Evidence
from bot.serve.rows import MAX_ARTICLES, MAX_EVIDENCE, articles_meta, sentence_texts
from bot.serve.session import ReadSession
from bot.shared.dates import InvalidDate, parse_query_date


def answer_on(session: ReadSession, raw: str, target: str) -> Answer:
    answer = Answer(query=raw, intent="on", target=target)
    try:
        span = parse_query_date(target)
    except InvalidDate as exc:
        answer.error = "invalid_date"
        answer.detail = str(exc)
        return answer
    if span is None:
        answer.error = "invalid_date"
        answer.detail = f"“{target}” is not a date I can read"
        return answer
    start, end = span.start.isoformat(), span.end.isoformat()
    answer.date = DateRange(start, end, span.precision)
    precisions = {"day": ("day",), "month": ("day", "month"), "year": ("day", "month", "year")}[span.precision]
    marks = ",".join("?" * len(precisions))
    db = session.db()
    # Articles ranked by how many of their sentences are dated inside the span, then by publication
    # date; those only published in it come after. `date_rank` holds the counts per day, month and year.
    period = _period(span)
    ranked: list[tuple[int, int]] = []
    if period is not None:
        ranked = db.execute(
            "SELECT article, n FROM date_rank WHERE period = ? ORDER BY n DESC, published, article LIMIT ?",
            (period, MAX_ARTICLES),
        ).fetchall()
    else:
        counts: dict[int, set[int]] = defaultdict(set)
        for article, sentence in db.execute(
            f"SELECT article, sentence FROM dates WHERE start <= ? AND end >= ? AND start >= ? AND precision IN ({marks})",
            (end, start, start, *precisions),
        ):
            counts[article].add(sentence)
        published_of = {r: p or "" for r, p in db.execute(
            f"SELECT rowid, published FROM articles WHERE rowid IN ({','.join(str(a) for a in counts)})"
        )} if counts else {}
        ranked = sorted(((a, len(s)) for a, s in counts.items()), key=lambda x: (-x[1], published_of[x[0]], x[0]))
        ranked = ranked[:MAX_ARTICLES]
    if len(ranked) < MAX_ARTICLES:
        seen = {a for a, _ in ranked}
        for (article,) in db.execute(
            "SELECT rowid FROM articles WHERE published BETWEEN ? AND ? ORDER BY published, rowid", (start, end)
        ):
            if article not in seen:
                ranked.append((article, 0))
                if len(ranked) >= MAX_ARTICLES:
                    break
    mentions: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
    with_dates = [a for a, n in ranked if n]
    for chunk in range(0, len(with_dates), 500):
        part = with_dates[chunk : chunk + 500]
        for article, sentence, s, precision in db.execute(
            f"SELECT article, sentence, start, precision FROM dates"
            f" WHERE article IN ({','.join('?' * len(part))})"
            f" AND start <= ? AND end >= ? AND start >= ? AND precision IN ({marks})"
            " ORDER BY article, sentence, rowid",
            (*part, end, start, start, *precisions),
        ):
            found = mentions[article]
            if len(found) < MAX_EVIDENCE and all(sentence != x[0] for x in found):
                found.append((sentence, s, precision))
    wanted = [(a, [m[0] for m in mentions.get(a, [])]) for a, _ in ranked]
    quoted = sentence_texts(session, wanted)
    meta = articles_meta(session, [a for a, _ in ranked])
    hits = []
    for article, _ in ranked:
        m = meta[article]
        evidence = [
            Evidence(quoted[article, i], s if p == "day" else s[:7], i)
            for i, s, p in mentions.get(article, []) if (article, i) in quoted
        ]
        hits.append(ArticleHit(m[0], m[1], m[2], m[3], m[4], m[5], evidence))
    answer.articles = hits
    if not answer.articles:
        answer.error = "no_results"
        answer.nearest = _nearest(session, start, end)
    return answer


def _nearest(session: ReadSession, start: str, end: str, n: int = 3) -> list[str]:
    """The closest dates, before and after, that do have something."""
    db = session.db()
    # The n latest distinct days before (earliest after) among dated mentions and publication dates.
    before = sorted(
        {r[0] for r in db.execute(
            "SELECT DISTINCT start FROM dates WHERE precision = 'day' AND start < ? ORDER BY start DESC LIMIT ?",
            (start, n))}
        | {r[0] for r in db.execute(
            "SELECT DISTINCT published FROM articles WHERE published < ? ORDER BY published DESC LIMIT ?",
            (start, n))},
        reverse=True,
    )[:n]
    after = sorted(
        {r[0] for r in db.execute(
            "SELECT DISTINCT start FROM dates WHERE precision = 'day' AND start > ? ORDER BY start LIMIT ?",
            (end, n))}
        | {r[0] for r in db.execute(
            "SELECT DISTINCT published FROM articles WHERE published > ? ORDER BY published LIMIT ?", (end, n))}
    )[:n]
    origin = date.fromisoformat(start)

    def distance(d: str) -> int:
        return abs((date.fromisoformat(d) - origin).days)

    return sorted(sorted(set(before + after), key=distance)[:n])



def _period(span) -> str | None:
    """The `date_rank` period a query span is exactly, if it is one."""
    start, end = span.start, span.end
    if span.precision == "day" and start == end:
        return "D" + start.isoformat()
    if span.precision == "month" and start.day == 1 and end == _month_end(start):
        return "M" + start.isoformat()[:7]
    if span.precision == "year" and (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) \
            and start.year == end.year:
        return "Y" + f"{start.year:04d}"
    return None



def _month_end(d: date) -> date:
    return (d.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
