"""`who X`: the person a name, a misspelling or a role points to, and the articles that name them."""

from __future__ import annotations

import json
import re
from collections import defaultdict

from bot.serve.answers import ActorMatch, Answer, ArticleHit, Candidate, Evidence
from bot.serve.names import NameMatcher
from bot.serve.rows import MAX_ARTICLES, MAX_EVIDENCE, ActorRecord, actor_records, sentence_dates, sentence_texts
from bot.serve.session import ReadSession
from bot.shared.text import fold

ACCEPT = 86.0  # a fuzzy score this high names the person
SUGGEST = 60.0  # below this, a name is not even worth suggesting
AMBIGUOUS_MARGIN = 4.0
_HONORIFIC = re.compile(r"^(?:ong|ba|ngai|tt|mr|mrs|ms|dr|sir)\.?\s+")
_KIND_RANK = {"name": 0, "alias": 0, "surname": 1, "role": 2}


def answer_who(session: ReadSession, names: NameMatcher, raw: str, target: str) -> Answer:
    answer = Answer(query=raw, intent="who", target=target)
    key = _HONORIFIC.sub("", fold(target)).strip(" .,:;!?\"'")
    if not key:
        answer.error = "empty_query"
        return answer
    matches = names.match_keys(key)
    by_key: dict[str, list[tuple[int, str, int, str]]] = defaultdict(list)
    if matches:
        keys = sorted({k for _, k in matches})
        marks = ",".join("?" * len(keys))
        for k, actor_id, kind, n, name in session.db().execute(
            "SELECT k.key, k.actor, k.kind, a.n_articles, a.name FROM actor_keys k JOIN actors a ON a.rowid = k.actor"
            f" WHERE k.key IN ({marks})", keys
        ):
            by_key[k].append((actor_id, kind, n, name))
    n_articles: dict[int, int] = {}
    best: dict[int, tuple[float, int]] = {}
    for score, k in matches:
        # People in the order the index lists them: most articles first, then by name.
        for actor_id, kind, n, _ in sorted(by_key[k], key=lambda r: (-r[2], r[3], r[1])):
            n_articles[actor_id] = n
            rank = _KIND_RANK.get(kind, 3)
            prev = best.get(actor_id)
            if prev is None or (score, -rank) > (prev[0], -prev[1]):
                best[actor_id] = (score, rank)
    ranked = sorted(
        best.items(),
        key=lambda item: (-item[1][0], item[1][1], -n_articles[item[0]]),
    )
    if not ranked or ranked[0][1][0] < ACCEPT:
        answer.error = "no_actor"
        suggested = [a for a, (s, _) in ranked if s >= SUGGEST][:5]
        records = actor_records(session, suggested)
        answer.suggestions = [records[a].name for a in suggested]
        return answer
    top_id, (top_score, _) = ranked[0]
    rivals = [(a, s) for a, (s, _) in ranked[1:] if s >= max(ACCEPT, top_score - AMBIGUOUS_MARGIN)][:5]
    records = actor_records(session, [top_id] + [a for a, _ in rivals])
    top = records[top_id]
    answer.actor = ActorMatch(
        name=top.name, role=_display_role(top.roles), aliases=sorted(top.aliases),
        score=round(top_score, 1), roles=top.roles,
    )
    answer.candidates = [
        Candidate(records[a].name, round(s, 1), _display_role(records[a].roles)) for a, s in rivals
    ]
    answer.articles = _actor_articles(session, top)
    return answer


def _actor_articles(session: ReadSession, actor: ActorRecord) -> list[ArticleHit]:
    # The build stores each article's sentences in the order evidence is quoted (those giving
    # the full name or a role first), and ranks articles by how many sentences name the person.
    rows = session.db().execute(
        "SELECT a.rowid, a.id, a.title, a.url, a.outlet, a.published, a.summary, aa.sentences"
        " FROM actor_articles aa JOIN articles a ON a.rowid = aa.article WHERE aa.actor = ?"
        " ORDER BY aa.n DESC, aa.published, aa.article LIMIT ?",
        (actor.rowid, MAX_ARTICLES),
    ).fetchall()
    wanted = [(r[0], json.loads(r[7])[:MAX_EVIDENCE]) for r in rows]
    found = sentence_texts(session, wanted)
    dates = sentence_dates(session, wanted)
    hits = []
    for (rowid, aid, title, url, outlet, published, summary, _), (_, idxs) in zip(rows, wanted):
        evidence = [Evidence(found[rowid, i], dates.get((rowid, i)), i) for i in idxs if (rowid, i) in found]
        hits.append(ArticleHit(aid, title, url, outlet, published, summary, evidence))
    return hits



def _display_role(roles: list[str]) -> str | None:
    """The most telling role: the most frequent one that names more than a bare title."""
    if not roles:
        return None
    best = next((r for r in roles if len(r.split()) > 2), roles[0])
    return best[:1].upper() + best[1:]
