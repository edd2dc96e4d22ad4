"""`on D`: the articles that report something inside a day, month, quarter, year or range, the dated sentence first.

The answer leads with the events of the period: the dated sentences, one line each, with the people
each one names (sentences of one day naming the same people are one event).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from bot.serve.answers import Answer, ArticleHit, DatedLine, DateRange, Evidence
from bot.serve.periods import bounds, rank_key
from bot.serve.query_dates import Period
from bot.serve.rows import (
    MAX_ARTICLES,
    MAX_EVIDENCE,
    actor_records,
    articles_meta,
    people_of,
    sentence_texts,
    shorten,
)
from bot.serve.scope import Scope
from bot.serve.session import ReadSession

MAX_EVENTS = 12
_EVENT_SENTENCES = 6  # dated sentences read per article for the events


def answer_on(session: ReadSession, raw: str, target: str, period: Period, scope: Scope) -> Answer:
    answer = Answer(query=raw, intent="on", target=target, order="mentions")
    start, end = bounds(period)
    answer.date = DateRange(start, end, period.precision)
    db = session.db()
    outlet_and, outlet_args = scope.outlet_sql("a.outlet")
    # Articles ranked by how many of their sentences are dated inside the period, then by publication
    # date; those only published in it come after. `date_rank` holds the counts per day, month and year.
    key = rank_key(period)
    ranked: list[tuple[int, int]] = []
    if key is not None and scope.outlets is None:
        ranked = db.execute(
            "SELECT article, n FROM date_rank WHERE period = ? ORDER BY n DESC, published, article LIMIT ?",
            (key, MAX_ARTICLES),
        ).fetchall()
    else:
        counts: dict[int, set[int]] = defaultdict(set)
        published_of: dict[int, str] = {}
        for article, sentence, published in db.execute(
            "SELECT d.article, d.sentence, a.published FROM dates d JOIN articles a ON a.rowid = d.article"
            f" WHERE d.start >= ? AND d.start <= ? AND d.end <= ?{outlet_and}",
            (start, end, end, *outlet_args),
        ):
            counts[article].add(sentence)
            published_of[article] = published or ""
        ranked = sorted(((a, len(s)) for a, s in counts.items()), key=lambda x: (-x[1], published_of[x[0]], x[0]))
        ranked = ranked[:MAX_ARTICLES]
    if len(ranked) < MAX_ARTICLES:
        seen = {a for a, _ in ranked}
        for (article,) in db.execute(
            f"SELECT a.rowid FROM articles a WHERE a.published BETWEEN ? AND ?{outlet_and}"
            " ORDER BY a.published, a.rowid",
            (start, end, *outlet_args),
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
            f"SELECT article, sentence, start, precision FROM dates WHERE article IN ({','.join('?' * len(part))})"
            " AND start >= ? AND end <= ? ORDER BY article, sentence, rowid",
            (*part, start, end),
        ):
            found = mentions[article]
            if len(found) < _EVENT_SENTENCES and all(sentence != x[0] for x in found):
                found.append((sentence, s, precision))
    wanted = [(a, [m[0] for m in mentions.get(a, [])][:MAX_EVIDENCE]) for a, _ in ranked]
    quoted = sentence_texts(session, wanted)
    meta = articles_meta(session, [a for a, _ in ranked])
    hits = []
    for article, _ in ranked:
        m = meta[article]
        dated = [
            Evidence(quoted[article, i], s if p == "day" else s[:7], i)
            for i, s, p in mentions.get(article, [])[:MAX_EVIDENCE] if (article, i) in quoted
        ]
        hits.append(ArticleHit(m[0], m[1], m[2], m[3], m[4], m[5], dated))
    answer.articles = hits
    answer.events = _events(session, [(a, meta[a][0]) for a, _ in ranked], mentions, quoted)
    if not answer.articles:
        answer.error = "no_results"
        answer.nearest = nearest(session, start, end)
    return answer


def _events(
    session: ReadSession,
    ranked: list[tuple[int, str]],
    mentions: dict[int, list[tuple[int, str, str]]],
    quoted: dict[tuple[int, int], str],
) -> list[DatedLine]:
    """The dated sentences of the period, in date order, each with the people it names.

    Sentences are read in date order a batch at a time (their texts and people only then), until
    MAX_EVENTS distinct events are found: a year's hundred articles cost a few batches, not all.
    """
    order = {a: n for n, (a, _) in enumerate(ranked)}
    ids = dict(ranked)
    candidates = sorted(
        ((s if p == "day" else s[:7], order[a], i, a) for a in order for i, s, p in mentions.get(a, []))
    )
    texts = dict(quoted)
    named: dict[tuple[int, int], list[int]] = defaultdict(list)
    read: set[int] = set()
    records: dict = {}
    lines: list[DatedLine] = []
    seen: set[tuple[str, frozenset[str]] | tuple[str, str]] = set()
    batch = 3 * MAX_EVENTS
    for start in range(0, len(candidates), batch):
        part = candidates[start : start + batch]
        texts.update(sentence_texts(session, [(a, [i]) for *_, i, a in part if (a, i) not in texts]))
        new = sorted({a for *_, a in part} - read)
        read.update(new)
        for article, present in people_of(session, new).items():
            for actor, sentences in present:
                for i in sentences:
                    named[article, i].append(actor)
        records.update(actor_records(session, sorted(
            {x for *_, i, a in part for x in named.get((a, i), []) if x not in records})))
        for day, _, i, article in part:
            if (article, i) not in texts:
                continue
            who = sorted({x for x in named.get((article, i), []) if x in records},
                         key=lambda x: (-records[x].n_articles, records[x].name))
            people = tuple(records[x].name for x in who)
            text = shorten(texts[article, i])
            same: tuple[str, frozenset[str]] | tuple[str, str] = (day, frozenset(people)) if people else (day, text)
            if same in seen:
                continue
            seen.add(same)
            lines.append(DatedLine(day, text, ids[article], i, people))
            if len(lines) >= MAX_EVENTS:
                return lines
    return lines


def nearest(session: ReadSession, start: str, end: str, n: int = 3, articles: list[int] | None = None) -> list[str]:
    """The closest dates, before and after, that do have something (among `articles`, if given)."""
    db = session.db()
    only, only_a = "", ""
    args: tuple[int, ...] = ()
    if articles is not None:
        if not articles:
            return []
        marks = ",".join("?" * len(articles))
        only, only_a, args = f" AND article IN ({marks})", f" AND rowid IN ({marks})", tuple(articles)
    # The n latest distinct days before (earliest after) among dated mentions and publication dates.
    before = sorted(
        {r[0] for r in db.execute(
            f"SELECT DISTINCT start FROM dates WHERE precision = 'day' AND start < ?{only} ORDER BY start DESC LIMIT ?",
            (start, *args, n))}
        | {r[0] for r in db.execute(
            f"SELECT DISTINCT published FROM articles WHERE published < ?{only_a} ORDER BY published DESC LIMIT ?",
            (start, *args, n))},
        reverse=True,
    )[:n]
    after = sorted(
        {r[0] for r in db.execute(
            f"SELECT DISTINCT start FROM dates WHERE precision = 'day' AND start > ?{only} ORDER BY start LIMIT ?",
            (end, *args, n))}
        | {r[0] for r in db.execute(
            f"SELECT DISTINCT published FROM articles WHERE published > ?{only_a} ORDER BY published LIMIT ?",
            (end, *args, n))}
    )[:n]
    origin = date.fromisoformat(start)

    def distance(d: str) -> int:
        return abs((date.fromisoformat(d) - origin).days)

    return sorted(sorted(set(before + after), key=distance)[:n])
