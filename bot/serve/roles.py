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
from functools import lru_cache
from typing import NamedTuple

from bot.serve.answers import Answer, ArticleHit, DateRange, Evidence, Holder, RoleAnswer
from bot.serve.rows import articles_meta, sentence_texts
from bot.serve.session import ReadSession
from bot.shared.dates import DateSpan
from bot.shared.text import fold, fold_fast

# One role under the two names the press gives it.
_SAME_ROLE = (("ngoai truong", "bo truong ngoai giao"),)
_FORMER_WORDS = ("cuu", "nguyen", "tien nhiem")
_FORMER = re.compile(r"(?:^|\s)(?:" + "|".join(_FORMER_WORDS) + r")\s+$")
_DEPUTY = re.compile(r"(?:^|\s)pho\s+$")
_CLAUSE_BREAK = re.compile(r"[,;()\-–—]")
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


class _Row(NamedTuple):
    """A person named in a sentence that has the role's words."""

    article: int
    sentence: int
    text: str
    person: str
    names: tuple[str, ...]  # folded, the longest first
    published: str


@lru_cache(maxsize=8192)
def _as_words(text: str) -> re.Pattern[str]:
    """`text` standing as whole words, not inside a longer one. Kept: one role query tries a few
    thousand names on many sentences, more patterns than `re`'s own cache holds."""
    return re.compile(r"(?<!\w)" + re.escape(text) + r"(?!\w)")


def _named_right_after(after: str, aliases: list[str]) -> bool:
    """One of these names stands within a few words after a role, in the same clause."""
    for a in aliases:
        hit = _as_words(a).search(after) if a in after else None
        # "Tổng thống Mỹ Donald Trump, ông Jared Kushner": past a comma the name is someone else's.
        between = after[: hit.start()] if hit else ""
        if hit and len(between.split()) <= _MAX_BETWEEN and not _CLAUSE_BREAK.search(between):
            return True
    return False


def _role_sites(folded: str, keys: list[str]) -> list[tuple[str, str]]:
    """The text after and before each mention of the role in a folded sentence, but for a former
    holder's or a deputy's: the same for every person of the sentence."""
    sites = []
    for key in keys:
        if key not in folded:
            continue
        for m in _as_words(key).finditer(folded):
            head = folded[: m.start()]
            if _said_before(head, _FORMER_WORDS, _FORMER) or _said_before(head, ("pho",), _DEPUTY):
                continue  # "cựu Ngoại trưởng", and "Phó Tổng thống" is another role than "Tổng thống"
            sites.append((folded[m.end() : m.end() + _NEAR], folded[max(0, m.start() - _NEAR) : m.start()]))
    return sites


def _said_before(head: str, words: tuple[str, ...], pattern: re.Pattern[str]) -> bool:
    """`pattern` (one of `words`, then spaces, at the end) matches `head`. Its search tries every
    position of the sentence so far; it can only match where `head` ends in one of the words and
    spaces, which is cheap to test first."""
    return head[-1:].isspace() and head.rstrip().endswith(words) and pattern.search(head) is not None


def _gives_role(folded: str, keys: list[str], aliases: list[str], others: list[list[str]] | None = None) -> bool:
    """The sentence puts the role right before one of the person's names, or right after it as an
    appositive ("Ông X, tân Bộ trưởng …"), and not as a former one. In a list ("…, Chủ tịch Ủy ban
    Châu Âu X, Thủ tướng Đức Y, …") a role followed by someone else's name is that person's."""
    return _sites_give(_role_sites(folded, keys), aliases, others or [])


def _sites_give(sites: list[tuple[str, str]], aliases: list[str], others: list[list[str]]) -> bool:
    """`_gives_role` on the role's mentions of one sentence (`_role_sites`)."""
    for after, before in sites:
        if _named_right_after(after, aliases):
            return True
        if any(_named_right_after(after, other) for other in others):
            continue
        for a in aliases:
            at = before.rfind(a)
            if at >= 0 and _NAME_THEN_ROLE.match(before[at + len(a) :]):
                return True
    return False


def _given(rows: list[_Row], keys: list[str]) -> list[_Row]:
    """The rows whose sentence gives their person the role, in their order. Each sentence is folded
    and searched for the role once, for all its people; a name the sentence does not contain can
    neither take the role nor be the someone else it goes to, so only the names it has are tried."""
    by_sentence: dict[tuple[int, int], list[int]] = {}
    for n, row in enumerate(rows):
        by_sentence.setdefault((row.article, row.sentence), []).append(n)
    gives = [False] * len(rows)
    for members in by_sentence.values():
        folded = fold_fast(rows[members[0]].text)
        sites = _role_sites(folded, keys)
        if not sites:
            continue
        present = [[a for a in rows[n].names if a in folded] for n in members]
        for n, own in zip(members, present):
            if own:
                others = [names for m, names in zip(members, present) if names and rows[m].person != rows[n].person]
                gives[n] = _sites_give(sites, own, others)
    return [row for row, g in zip(rows, gives) if g]


def answer_role(
    session: ReadSession, raw: str, role: str, when: DateSpan | None, invalid: str | None, label: str = ""
) -> Answer:
    """`role` folded Vietnamese ("ngoai truong my"); `label` the role as the user wrote it."""
    answer = RoleAnswer(query=raw, intent="role", target=label or role, role=label or role)
    if invalid is not None or when is None:
        answer.error, answer.detail = "invalid_date", invalid
        return answer
    answer.date = DateRange(when.start.isoformat(), when.end.isoformat(), when.precision)
    answer.holders, evidence = _holders_and_evidence(session, role)
    answer.holder = holder_on(answer.holders, when)
    meta = articles_meta(session, sorted(evidence))
    answer.articles = [
        ArticleHit(meta[a][0], meta[a][1], meta[a][2], meta[a][3], meta[a][4], meta[a][5], evidence[a][:2])
        for a in sorted(evidence, key=lambda a: (meta[a][4] or "", meta[a][0]))
    ]
    if not answer.holders:
        answer.error = "no_results"
    return answer


def _holders_and_evidence(session: ReadSession, role: str) -> tuple[list[Holder], dict[int, list[Evidence]]]:
    """Everyone the articles give `role`, first holder first, and the sentences that give it, by article."""
    holders, evidence = session.memo.get(session.pinned(), ("role", role), lambda: _kept(*_find_holders(session, role)))
    # Fresh objects for every answer: answers are filled in and trimmed after this.
    return [Holder(*h) for h in holders], {a: [Evidence(*e) for e in ev] for a, ev in evidence}


def _kept(
    holders: list[Holder], evidence: dict[int, list[Evidence]]
) -> tuple[tuple[tuple[str, str, str], ...], tuple[tuple[int, tuple[tuple[str, str | None, int | None], ...]], ...]]:
    """Holders and evidence as plain tuples, to keep for the next answers."""
    return (tuple((h.name, h.first, h.last) for h in holders),
            tuple((a, tuple((e.text, e.date, e.sentence) for e in ev)) for a, ev in evidence.items()))


def _find_holders(session: ReadSession, role: str) -> tuple[list[Holder], dict[int, list[Evidence]]]:
    keys = role_keys(role)
    spans: dict[str, list[str]] = {}
    evidence: dict[int, list[Evidence]] = {}
    given = _given(list(_role_sentences(session, keys)), keys)
    days = _sentence_days(session, {(row.article, row.sentence) for row in given})
    for article, i, text, name, _names, published in given:
        day = days.get((article, i)) or published or None
        if day:
            spans.setdefault(name, []).append(day)
            evidence.setdefault(article, []).append(Evidence(text, day, i))
    holders = sorted((Holder(n, min(ds), max(ds)) for n, ds in spans.items()), key=lambda h: (h.first, h.name))
    return holders, evidence


def role_holders(session: ReadSession, role: str) -> list[Holder]:
    """Everyone the articles give `role` (folded), the most recent holder first."""
    holders, _ = _holders_and_evidence(session, role)
    return sorted(holders, key=lambda h: (h.last, h.first, h.name), reverse=True)


def _role_sentences(session: ReadSession, keys: list[str]) -> Iterator[_Row]:
    """A row for every person named in a sentence that has the role's words: found from the
    sentences, so a role the people index did not keep for someone ("tân Bộ trưởng Quốc phòng Nga"
    after the name) still counts."""
    db = session.db()
    expr = " OR ".join(f'"{w}"' for w in _fts_phrases(keys))
    if not expr:
        return
    hits: dict[int, set[int]] = {}
    for (rowid,) in db.execute(
        "SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ? ORDER BY rowid DESC LIMIT ?", (expr, MAX_SENTENCES)
    ):
        hits.setdefault(rowid // 100_000, set()).add(rowid % 100_000)
    articles = sorted(hits)
    named: list[tuple[int, list[int], str, str, tuple[str, ...]]] = []
    for chunk in range(0, len(articles), 500):
        part = articles[chunk : chunk + 500]
        marks = ",".join("?" * len(part))
        for article, sentences, published, name, aliases in db.execute(
            "SELECT aa.article, aa.sentences, aa.published, a.name, a.aliases FROM actor_articles aa"
            f" JOIN actors a ON a.rowid = aa.actor WHERE aa.article IN ({marks}) ORDER BY a.name", part,
        ):
            if found := hits[article].intersection(json.loads(sentences)):
                named.append((article, sorted(found), published, name, _folded_names(name, aliases)))
    # Only the sentences that name someone are read: many with the role's words name nobody.
    wanted: dict[int, set[int]] = {}
    for article, indices, *_ in named:
        wanted.setdefault(article, set()).update(indices)
    texts = sentence_texts(session, [(a, sorted(wanted[a])) for a in sorted(wanted)])
    for article, indices, published, name, names in named:
        for i in indices:
            if (article, i) in texts:
                yield _Row(article, i, texts[article, i], name, names, published)


def _fts_phrases(keys: list[str]) -> list[str]:
    """The keys as full-text phrases, less those that contain another: "tan ngoai truong nga" is
    matched by "ngoai truong nga" already, and every phrase costs the search a pass."""
    words = list(dict.fromkeys(w for w in (" ".join(_FTS_WORD.findall(k)) for k in keys) if w))
    return [w for w in words if not any(v != w and f" {v} " in f" {w} " for v in words)]


@lru_cache(maxsize=8192)
def _folded_names(name: str, aliases: str) -> tuple[str, ...]:
    """A person's name and aliases (a JSON list) folded, the longest first. Kept across queries:
    the same people are in the sentences of every role."""
    return tuple(sorted({fold(n) for n in json.loads(aliases) + [name]}, key=len, reverse=True))


def holder_on(holders: list[Holder], when: DateSpan) -> str | None:
    """Who held the role on `when`: dates that span it first, else the latest seen before it."""
    start, end = when.start.isoformat(), when.end.isoformat()
    spanning = [h for h in holders if h.first <= end and h.last >= start]
    if spanning:
        return max(spanning, key=lambda h: (h.last, h.name)).name
    before = [h for h in holders if h.last < start]
    return max(before, key=lambda h: (h.last, h.name)).name if before else None


def _sentence_days(session: ReadSession, wanted: set[tuple[int, int]]) -> dict[tuple[int, int], str | None]:
    """The first day a sentence gives (by `dates.rowid`), by (article rowid, index), for those that give one."""
    articles = sorted({a for a, _ in wanted})
    out: dict[tuple[int, int], str | None] = {}
    for chunk in range(0, len(articles), 500):
        part = articles[chunk : chunk + 500]
        for article, sentence, start in session.db().execute(
            f"SELECT article, sentence, start FROM dates WHERE article IN ({','.join('?' * len(part))})"
            " AND precision = 'day' ORDER BY rowid", part,
        ):
            if (article, sentence) in wanted:
                out.setdefault((article, sentence), start)
    return out
