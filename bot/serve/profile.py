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
from bot.shared.text import nfc

MAX_ROLES = 6
MAX_EVENTS = 10
MAX_COMPANIONS = 5


def person_profile(
    session: ReadSession, actor: ActorRecord, hits: list[ArticleHit], scope: Scope = EVERYTHING,
) -> PersonProfile:
    db = session.db()
    rowid_of = _rowids(session, [h.id for h in hits])
    articles = list(rowid_of.values())
    together: Counter[int] = Counter()
    for chunk in range(0, len(articles), 500):
        part = articles[chunk : chunk + 500]
        together.update(dict(db.execute(
            f"SELECT actor, count(*) FROM actor_articles WHERE article IN ({','.join('?' * len(part))})"
            " AND actor != ? GROUP BY actor", (*part, actor.rowid))))
    top = [a for a, _ in sorted(together.items(), key=lambda x: (-x[1], x[0]))[:MAX_COMPANIONS]]
    names = actor_records(session, top)
    companions = tuple(Companion(names[a].name, together[a]) for a in top if a in names)

    # A role is printed in the sentences as the build read it: compared case-blind, as printed.
    lowered = [(ev.date or h.published or "", nfc(ev.text).casefold()) for h in hits for ev in h.sentences]
    roles = []
    for role in actor.roles[:MAX_ROLES]:
        key = nfc(role).casefold()
        when = sorted(day for day, text in lowered if day and key in text)
        roles.append(RoleSeen(role, when[0] if when else None, when[-1] if when else None))

    # The latest MAX_EVENTS distinct dated things, in date order (sentences of one day naming the
    # same people are one event); read newest first so a person in hundreds of articles costs ten.
    dated = sorted(
        ((ev.date, h.id, ev.sentence, ev.text) for h in hits for ev in h.sentences
         if ev.date and ev.sentence is not None and _inside(ev.date, scope)),
        reverse=True,
    )
    events: list[DatedLine] = []
    seen: set[tuple] = set()
    named: dict[tuple[int, int], set[int]] = defaultdict(set)
    others: dict[int, ActorRecord] = {}
    batch = 3 * MAX_EVENTS
    for start in range(0, len(dated), batch):
        some = dated[start : start + batch]
        # The people of these sentences' articles, read only for the sentences that may be shown.
        for article, present in people_of(session, sorted({rowid_of[aid] for _, aid, _, _ in some})).items():
            for other, sentences in present:
                if other != actor.rowid:
                    for i in sentences:
                        named[article, i].add(other)
        others.update(actor_records(session, sorted(
            {a for _, aid, i, _ in some for a in named.get((rowid_of[aid], i), ()) if a not in others})))
        for day, aid, i, full in some:
            ids = sorted(named.get((rowid_of[aid], i), set()) & others.keys(),
                         key=lambda a: (-others[a].n_articles, others[a].name))
            with_them = tuple(others[a].name for a in ids)
            text = shorten(full)
            same = (day, frozenset(with_them)) if with_them else (day, text)
            if same in seen:
                continue
            seen.add(same)
            events.append(DatedLine(day, text, aid, i, with_them))
            if len(events) >= MAX_EVENTS:
                break
        if len(events) >= MAX_EVENTS:
            break
    events.reverse()

    first, last = db.execute(
        "SELECT min(published), max(published) FROM actor_articles WHERE actor = ? AND published != ''",
        (actor.rowid,),
    ).fetchone()
    return PersonProfile(tuple(roles), tuple(events), actor.n_articles, first, last, companions)


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
