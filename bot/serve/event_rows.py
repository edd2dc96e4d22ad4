"""Events as the views read them: which events name which people, and each event with its reports.

Every event comes with the sentences and articles that report it, so whatever a view shows
can be traced to the words of an article.
"""

from __future__ import annotations

from collections import defaultdict

from bot.serve.answers import ArticleHit, EventItem, Report
from bot.serve.rows import articles_meta, sentence_texts
from bot.serve.session import ReadSession

MAX_EVENTS = 200


def date_label(start: str | None, precision: str | None) -> str | None:
    """"2022-01-21", "2022-01" or "2022": only as precise as the reports."""
    if start is None:
        return None
    return start[:7] if precision == "month" else start[:4] if precision == "year" else start


def event_ids(session: ReadSession, names: list[str], future_only: bool = False, limit: int = MAX_EVENTS) -> list[int]:
    """The latest `limit` events that name every one of `names` (any event when `names` is empty);
    undated future events count as the latest."""
    db = session.db()
    future = " AND e.rowid IN (SELECT event FROM event_articles WHERE future = 1)" if future_only else ""
    # Ties by key, not rowid: an event's rowid depends on the order the build met its reports in.
    order = " ORDER BY e.start IS NULL DESC, e.start DESC, e.key DESC LIMIT ?"
    if not names:
        return [e for (e,) in db.execute(f"SELECT e.rowid FROM events e WHERE 1{future}{order}", (limit,))]
    marks = ",".join("?" * len(names))
    return [e for (e,) in db.execute(
        f"SELECT e.rowid FROM events e JOIN event_people p ON p.event = e.rowid WHERE p.name IN ({marks}){future}"
        f" GROUP BY e.rowid HAVING count(*) = ?{order}", (*names, len(set(names)), limit),
    )]


def events_in(session: ReadSession, name: str, actions: tuple[str, ...], first: str, last: str) -> list[int]:
    """Events of `name` with one of `actions`, dated between `first` and `last` (inclusive ISO days)."""
    marks = ",".join("?" * len(actions))
    return [e for (e,) in session.db().execute(
        "SELECT e.rowid FROM events e JOIN event_people p ON p.event = e.rowid WHERE p.name = ?"
        f" AND e.action IN ({marks}) AND e.start >= ? AND e.start <= ? ORDER BY e.start, e.key LIMIT ?",
        (name, *actions, first, last, MAX_EVENTS),
    )]


def load_events(session: ReadSession, ids: list[int]) -> list[EventItem]:
    """The events with these rowids, oldest first (undated ones last), each with its reports."""
    db = session.db()
    rows: dict[int, tuple] = {}
    people: dict[int, list[str]] = defaultdict(list)
    reports: dict[int, list[tuple]] = defaultdict(list)
    for chunk in range(0, len(ids), 500):
        part = ids[chunk : chunk + 500]
        marks = ",".join("?" * len(part))
        for row in db.execute(f"SELECT rowid, action, start, precision FROM events WHERE rowid IN ({marks})", part):
            rows[row[0]] = row[1:]
        for event, name in db.execute(
            f"SELECT event, name FROM event_people WHERE event IN ({marks}) ORDER BY name", part
        ):
            people[event].append(name)
        for row in db.execute(
            "SELECT event, article, sentence, future, place, source, published FROM event_articles"
            f" WHERE event IN ({marks}) ORDER BY published, article, sentence", part
        ):
            reports[row[0]].append(row[1:])
    articles = articles_meta(session, sorted({r[0] for rs in reports.values() for r in rs}))
    wanted: dict[int, list[int]] = defaultdict(list)
    for rs in reports.values():
        for r in rs:
            wanted[r[0]].append(r[1])
    texts = sentence_texts(session, list(wanted.items()))
    items = []
    for event, (action, start, precision) in rows.items():
        cited = []
        for article, sentence, _future, _place, source, _published in reports[event]:
            aid, title, url, outlet, published, _summary = articles[article]
            cited.append(Report(aid, sentence, texts.get((article, sentence), ""), title, url, outlet, published,
                                source))
        place = next((r[3] for r in reports[event] if r[3]), None)
        items.append(EventItem(
            date=date_label(start, precision), precision=precision, action=action, people=people[event],
            place=place, text=cited[0].text if cited else "", articles=list(dict.fromkeys(r.article for r in cited)),
            future=any(r[2] for r in reports[event]), reports=cited,
            announced=min((r[5] for r in reports[event] if r[5]), default=None),
        ))
    items.sort(key=lambda e: (e.date is None, e.date or "", e.action, e.people))
    return items


def article_hits(items: list[EventItem]) -> list[ArticleHit]:
    """The articles the events cite, once each, in the order they are first cited."""
    hits: dict[str, ArticleHit] = {}
    for item in items:
        for r in item.reports:
            if r.article not in hits:
                hits[r.article] = ArticleHit(r.article, r.title, r.url, r.outlet, r.published, "")
    return list(hits.values())
