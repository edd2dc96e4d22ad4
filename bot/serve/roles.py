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
from collections.abc import Iterator

from bot.serve.answers import Answer, ArticleHit, DateRange, Evidence, Holder, RoleAnswer
from bot.serve.rows import articles_meta, sentence_texts
from bot.serve.session import ReadSession
from bot.shared.dates import DateSpan
from bot.shared.text import fold

# One role under the two names the press gives it.
_SAME_ROLE = (("ngoai truong", "bo truong ngoai giao"),)
_FORMER = re.compile(r"(?:^|\s)(?:cuu|nguyen|tien nhiem)\s+$")
_CURRENT = ("tan", "quyen")  # "tân Bộ trưởng", "quyền Bộ trưởng": the role is theirs now
# "Ông Belousov, tân Bộ trưởng Quốc phòng Nga": the name, a comma, then its role.
_NAME_THEN_ROLE = re.compile(r"^\s*,\s*(?:(?:tan|quyen)\s+)?$")
_NEAR = 60  # characters around the role within which the person's name must stand
_MAX_BETWEEN = 4  # words between the role and the name: "Ngoại trưởng Mỹ và Nga là Antony Blinken"
MAX_SENTENCES = 2000  # sentences with the role's words looked at, the latest articles first
_FTS_WORD = re.compile(r"[^\W_]+")


def role_keys(role: str) -> list[str]:
    """The lookup keys of a role: its other name, and the new or acting holder ("tân", "quyền")."""
    keys = [role]
    for a, b in _SAME_ROLE:
        for x, y in ((a, b), (b, a)):
            if role.startswith(x + " ") or role == x:
                keys.append(y + role[len(x):])
    return keys + [f"{prefix} {k}" for k in keys for prefix in _CURRENT]


def _gives_role(folded: str, keys: list[str], aliases: list[str]) -> bool:
    """The sentence puts the role right before one of the person's names, and not as a former one."""
    for key in keys:
        for m in re.finditer(r"(?<!\w)" + re.escape(key) + r"(?!\w)", folded):
            if _FORMER.search(folded[: m.start()]):
                continue
            after = folded[m.end() : m.end() + _NEAR]
            for a in aliases:
                hit = re.search(r"(?<!\w)" + re.escape(a) + r"(?!\w)", after)
                if hit and len(after[: hit.start()].split()) <= _MAX_BETWEEN:
                    return True
            before = folded[max(0, m.start() - _NEAR) : m.start()]
            for a in aliases:
                at = before.rfind(a)
                if at >= 0 and _NAME_THEN_ROLE.match(before[at + len(a) :]):
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
    keys = role_keys(role)
    spans: dict[str, list[str]] = {}
    evidence: dict[int, list[Evidence]] = {}
    for article, i, text, name, names, published in _role_sentences(session, keys):
        if not _gives_role(fold(text), keys, names):
            continue
        day = _sentence_day(session, article, i) or published or None
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


def _role_sentences(session: ReadSession, keys: list[str]) -> Iterator[tuple[int, int, str, str, list[str], str]]:
    """(article, index, text, person, their folded names, published) for every person named in a
    sentence that has the role's words: found from the sentences, so a role the people index did
    not keep for someone ("tân Bộ trưởng Quốc phòng Nga" after the name) still counts."""
    db = session.db()
    words = [" ".join(_FTS_WORD.findall(k)) for k in keys]
    expr = " OR ".join(f'"{w}"' for w in words if w)
    if not expr:
        return
    hits: dict[int, set[int]] = {}
    for (rowid,) in db.execute(
        "SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ? ORDER BY rowid DESC LIMIT ?", (expr, MAX_SENTENCES)
    ):
        hits.setdefault(rowid // 100_000, set()).add(rowid % 100_000)
    articles = sorted(hits)
    texts = sentence_texts(session, [(a, sorted(hits[a])) for a in articles])
    for chunk in range(0, len(articles), 500):
        part = articles[chunk : chunk + 500]
        marks = ",".join("?" * len(part))
        for article, sentences, published, name, aliases in db.execute(
            "SELECT aa.article, aa.sentences, aa.published, a.name, a.aliases FROM actor_articles aa"
            f" JOIN actors a ON a.rowid = aa.actor WHERE aa.article IN ({marks}) ORDER BY a.name", part,
        ):
            names = sorted({fold(n) for n in json.loads(aliases) + [name]}, key=len, reverse=True)
            for i in sorted(hits[article] & set(json.loads(sentences))):
                if (article, i) in texts:
                    yield article, i, texts[article, i], name, names, published


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
