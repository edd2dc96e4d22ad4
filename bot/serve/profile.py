"""What the articles say about one person: roles as printed and when, dated things they did, who they appear with.

Built from the sentences that name the person in the answer's articles (so it follows the answer's
period and outlet), and from the index's counts for how many articles name them and when.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from bot.serve.answers import ArticleHit, Companion, DatedLine, PersonProfile, RoleSeen
from bot.serve.rows import ActorRecord, actor_records, people_of, shorten
from bot.serve.scope import EVERYTHING, Scope
from bot.serve.session import ReadSession
from bot.shared.text import fold

MAX_ROLES = 6
MAX_EVENTS = 10
MAX_COMPANIONS = 5


def person_profile(
    session: ReadSession, actor: ActorRecord, hits: list[ArticleHit], scope: Scope = EVERYTHING,
) -> PersonProfile:
    db = session.db()
    rowid_of = _rowids(session, [h.id for h in hits])
    people = people_of(session, list(rowid_of.values()))
    named: dict[tuple[int, int], set[int]] = defaultdict(set)
    together: Counter[int] = Counter()
    for article, actors in people.items():
        for other, sentences in actors:
            if other != actor.rowid:
                together[other] += 1
                for i in sentences:
                    named[article, i].add(other)
    top = [a for a, _ in sorted(together.items(), key=lambda x: (-x[1], x[0]))[:MAX_COMPANIONS]]
    others = actor_records(session, sorted({a for ids in named.values() for a in ids} | set(top)))
    companions = tuple(Companion(others[a].name, together[a]) for a in top if a in others)

    roles = []
    for role in actor.roles[:MAX_ROLES]:
        key = fold(role)
        when = sorted(
            ev.date or h.published or ""
            for h in hits for ev in h.sentences if key in fold(ev.text)
        )
        when = [w for w in when if w]
        roles.append(RoleSeen(role, when[0] if when else None, when[-1] if when else None))

    events: list[DatedLine] = []
    seen: set[tuple] = set()
    for h in hits:
        article = rowid_of.get(h.id, -1)
        for ev in h.sentences:
            if not ev.date or ev.sentence is None or not _inside(ev.date, scope):
                continue
            ids = sorted(named.get((article, ev.sentence), set()) & others.keys(),
                         key=lambda a: (-others[a].n_articles, others[a].name))
            with_them = tuple(others[a].name for a in ids)
            text = shorten(ev.text)
            same = (ev.date, frozenset(with_them)) if with_them else (ev.date, text)
            if same in seen:
                continue
            seen.add(same)
            events.append(DatedLine(ev.date, text, h.id, ev.sentence, with_them))
    events.sort(key=lambda e: (e.date, e.article, e.sentence))

    first, last = db.execute(
        "SELECT min(published), max(published) FROM actor_articles WHERE actor = ? AND published != ''",
        (actor.rowid,),
    ).fetchone()
    return PersonProfile(tuple(roles), tuple(events[:MAX_EVENTS]), actor.n_articles, first, last, companions)


def _inside(day: str, scope: Scope) -> bool:
    """A sentence's date (a day, or a month) inside the scope's period, if there is one."""
    p = scope.period
    if p is None or p.start is None or p.end is None:
        return True
    start, end = p.start.isoformat(), p.end.isoformat()
    return start[: len(day)] <= day <= end[: len(day)] if len(day) < 10 else start <= day <= end


def _rowids(session: ReadSession, ids: list[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for chunk in range(0, len(ids), 500):
        part = ids[chunk : chunk + 500]
        out.update(session.db().execute(
            f"SELECT id, rowid FROM articles WHERE id IN ({','.join('?' * len(part))})", part))
    return out
