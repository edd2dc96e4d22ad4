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


def event_ids(session: ReadSession, names: list[str], future_only: bool = False) -> list[int]:
    """Events that name every one of `names` (all events when `names` is empty)."""
    db = session.db()
    if not names:
        sql = "SELECT rowid FROM events"
        if future_only:
            sql += " WHERE rowid IN (SELECT event FROM event_articles WHERE future = 1)"
        return [e for (e,) in db.execute(sql + " ORDER BY start, rowid LIMIT ?", (MAX_EVENTS * 5,))]
    found: set[int] | None = None
    for name in names:
        mine = {e for (e,) in db.execute("SELECT event FROM event_people WHERE name = ?", (name,))}
        found = mine if found is None else found & mine
    ids = sorted(found or set())
    if future_only:
        ids = [e for e in ids if db.execute(
            "SELECT 1 FROM event_articles WHERE event = ? AND future = 1 LIMIT 1", (e,)).fetchone()]
    return ids


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
