"""`ai là ngoại trưởng Mỹ ngày 1/6/2024`, `who was Russian defence minister in June 2024`.

The holders of a role are the people the articles give that role, each with the first and the
last date of the sentences that give it (the sentence's own date, else the article's
publication date). A sentence that calls someone the former holder ("cựu", "nguyên") does not
count. On the date asked, the holder is the one whose dates span it, else the one seen in
the role most recently before it; nobody before the first date the articles give.
"""

from __future__ import annotations

import json
import re

from bot.serve.answers import Answer, ArticleHit, DateRange, Evidence, Holder, RoleAnswer
from bot.serve.rows import articles_meta, sentence_texts
from bot.serve.session import ReadSession
from bot.shared.dates import DateSpan
from bot.shared.text import fold

# One role under the two names the press gives it.
_SAME_ROLE = (("ngoai truong", "bo truong ngoai giao"),)
_FORMER = re.compile(r"(?:^|\s)(?:cuu|nguyen|tien nhiem)\s+$")
_NEAR = 60  # characters after the role within which the person's name must stand


def role_keys(role: str) -> list[str]:
    keys = [role]
    for a, b in _SAME_ROLE:
        for x, y in ((a, b), (b, a)):
            if role.startswith(x + " ") or role == x:
                keys.append(y + role[len(x):])
    return keys


def _gives_role(folded: str, keys: list[str], aliases: list[str]) -> bool:
    """The sentence puts the role right before one of the person's names, and not as a former one."""
    for key in keys:
        for m in re.finditer(r"(?<!\w)" + re.escape(key) + r"(?!\w)", folded):
            if _FORMER.search(folded[: m.start()]):
                continue
            after = folded[m.end() : m.end() + _NEAR]
            if any(re.search(r"(?<!\w)" + re.escape(a) + r"(?!\w)", after) for a in aliases):
                return True
    return False


def answer_role(
    session: ReadSession, raw: str, role: str, when: DateSpan | None, invalid: str | None, label: str = ""
) -> Answer:
    """`role` folded Vietnamese ("ngoai truong my"); `label` the role as the user wrote it."""
    answer = RoleAnswer(query=raw, intent="role", target=label or role, role=label or role)
    if invalid is not None or when is None:
        answer.error, answer.detail = "invalid_date", invalid
        return answer
    answer.date = DateRange(when.start.isoformat(), when.end.isoformat(), when.precision)
    db = session.db()
    keys = role_keys(role)
    marks = ",".join("?" * len(keys))
    actors = db.execute(
        "SELECT DISTINCT a.rowid, a.name, a.aliases FROM actor_keys k JOIN actors a ON a.rowid = k.actor"
        f" WHERE k.kind = 'role' AND k.key IN ({marks}) ORDER BY a.name", keys,
    ).fetchall()
    spans: dict[str, list[str]] = {}
    evidence: dict[int, list[Evidence]] = {}
    for rowid, name, aliases in actors:
        names = sorted({fold(n) for n in json.loads(aliases) + [name]}, key=len, reverse=True)
        rows = db.execute(
            "SELECT article, sentences, published FROM actor_articles WHERE actor = ?", (rowid,)
        ).fetchall()
        wanted = [(article, json.loads(s)) for article, s, _ in rows]
        texts = sentence_texts(session, wanted)
        published = {article: p for article, _, p in rows}
        for article, idxs in wanted:
            for i in idxs:
                text = texts.get((article, i))
                if text is None or not _gives_role(fold(text), keys, names):
                    continue
                day = _sentence_day(session, article, i) or published.get(article) or None
                if day:
                    spans.setdefault(name, []).append(day)
                    evidence.setdefault(article, []).append(Evidence(text, day, i))
    answer.holders = sorted(
        (Holder(n, min(ds), max(ds)) for n, ds in spans.items()), key=lambda h: (h.first, h.name)
    )
    answer.holder = holder_on(answer.holders, when)
    meta = articles_meta(session, sorted(evidence))
    answer.articles = [
        ArticleHit(meta[a][0], meta[a][1], meta[a][2], meta[a][3], meta[a][4], meta[a][5], evidence[a][:2])
        for a in sorted(evidence, key=lambda a: (meta[a][4] or "", meta[a][0]))
    ]
    if not answer.holders:
        answer.error = "no_results"
    return answer


def holder_on(holders: list[Holder], when: DateSpan) -> str | None:
    """Who held the role on `when`: dates that span it first, else the latest seen before it."""
    start, end = when.start.isoformat(), when.end.isoformat()
    spanning = [h for h in holders if h.first <= end and h.last >= start]
    if spanning:
        return max(spanning, key=lambda h: (h.last, h.name)).name
    before = [h for h in holders if h.last < start]
    return max(before, key=lambda h: (h.last, h.name)).name if before else None


def _sentence_day(session: ReadSession, article: int, sentence: int) -> str | None:
    row = session.db().execute(
        "SELECT start FROM dates WHERE article = ? AND sentence = ? AND precision = 'day' ORDER BY rowid LIMIT 1",
        (article, sentence),
    ).fetchone()
    return row[0] if row else None
