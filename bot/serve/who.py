"""`who X`: the person a name, a misspelling or a role points to, and the articles that name them, newest first."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field

from bot.serve.answers import ActorMatch, Answer, ArticleHit, Candidate, Evidence
from bot.serve.event_rows import event_ids, load_events
from bot.serve.names import NameMatcher
from bot.serve.on import nearest
from bot.serve.periods import bounds, dated_in
from bot.serve.profile import person_profile
from bot.serve.rows import MAX_ARTICLES, MAX_EVIDENCE, ActorRecord, actor_records, sentence_dates, sentence_texts
from bot.serve.scope import EVERYTHING, Scope
from bot.serve.session import ReadSession
from bot.shared.text import fold

ACCEPT = 86.0  # a fuzzy score this high names the person
SUGGEST = 60.0  # below this, a name is not even worth suggesting
AMBIGUOUS_MARGIN = 4.0
_HONORIFIC = re.compile(r"^(?:ong|ba|ngai|tt|mr|mrs|ms|dr|sir)\.?\s+")
_KIND_RANK = {"name": 0, "alias": 0, "surname": 1, "role": 2}


@dataclass
class Resolved:
    """What a name resolves to: the person (if one is named clearly enough), close rivals, suggestions."""

    actor: ActorRecord | None
    match: ActorMatch | None = None
    candidates: list[Candidate] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)


RECENT_EVENTS = 3


def lookup_key(target: str) -> str:
    """The folded name as the index keys it: honorifics ("ông", "Mr") and edge punctuation off."""
    return _HONORIFIC.sub("", fold(target)).strip(" .,:;!?\"'")


def is_exact_key(session: ReadSession, target: str) -> bool:
    """Is `target` exactly a name, spelling, surname or role the index keys a person by?"""
    key = lookup_key(target)
    return bool(key) and session.db().execute(
        "SELECT 1 FROM actor_keys WHERE key = ? LIMIT 1", (key,)).fetchone() is not None


def resolve(session: ReadSession, names: NameMatcher, target: str) -> Resolved:
    key = lookup_key(target)
    matches = names.match_keys(key) if key else []
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
    ranked = sorted(best.items(), key=lambda item: (-item[1][0], item[1][1], -n_articles[item[0]]))
    if not ranked or ranked[0][1][0] < ACCEPT:
        suggested = [a for a, (s, _) in ranked if s >= SUGGEST][:5]
        records = actor_records(session, suggested)
        return Resolved(None, suggestions=[records[a].name for a in suggested])
    top_id, (top_score, _) = ranked[0]
    rivals = [(a, s) for a, (s, _) in ranked[1:] if s >= max(ACCEPT, top_score - AMBIGUOUS_MARGIN)][:5]
    records = actor_records(session, [top_id] + [a for a, _ in rivals])
    top = records[top_id]
    match = ActorMatch(
        name=top.name, role=display_role(top.roles), aliases=sorted(top.aliases),
        score=round(top_score, 1), roles=top.roles, n_articles=top.n_articles,
    )
    candidates = [Candidate(records[a].name, round(s, 1), display_role(records[a].roles)) for a, s in rivals]
    return Resolved(top, match, candidates)


def answer_who(session: ReadSession, names: NameMatcher, raw: str, target: str, scope: Scope = EVERYTHING) -> Answer:
    answer = Answer(query=raw, intent="who", target=target, order="newest")
    if not lookup_key(target):
        answer.error = "empty_query"
        return answer
    found = resolve(session, names, target)
    if found.actor is None:
        answer.error = "no_actor"
        answer.suggestions = found.suggestions
        return answer
    answer.actor, answer.candidates = found.match, found.candidates
    answer.articles = actor_articles(session, [found.actor], scope)
    answer.profile = person_profile(session, found.actor, answer.articles, scope)
    # The person's card ends with their last three events, and the timeline holds the rest.
    answer.recent_events = load_events(session, event_ids(session, [found.actor.name], limit=RECENT_EVENTS))
    if not answer.articles:
        answer.error = "no_results"
        if scope.period is not None:
            mine = [a for (a,) in session.db().execute(
                "SELECT article FROM actor_articles WHERE actor = ? LIMIT 1000", (found.actor.rowid,))]
            answer.nearest = nearest(session, *bounds(scope.period), articles=mine)
    return answer


def actor_articles(session: ReadSession, people: list[ActorRecord], scope: Scope = EVERYTHING) -> list[ArticleHit]:
    """The articles naming every one of `people`, newest first, inside the scope.

    Every sentence naming them is kept (`sentences`, in article order); the quoted evidence is the
    best few: those naming all of them first, then those dated inside the period, then the order the
    build stores (the full name or a role first).
    """
    first = people[0]
    joins, where, args = "", "", []
    for n, other in enumerate(people[1:], 1):
        joins += f" JOIN actor_articles p{n} ON p{n}.article = aa.article AND p{n}.actor = ?"
        args.append(other.rowid)
    outlet_and, outlet_args = scope.outlet_sql("a.outlet")
    if scope.period is not None:
        start, end = bounds(scope.period)
        # Published inside, or one of the sentences naming the (first) person is dated inside.
        where = (" AND (a.published BETWEEN ? AND ? OR EXISTS (SELECT 1 FROM json_each(aa.sentences) j"
                 " JOIN dates d ON d.article = aa.article AND d.sentence = j.value WHERE d.start >= ? AND d.end <= ?))")
        args_where: list = [start, end, start, end]
    else:
        args_where = []
    columns = "".join(f", p{n}.sentences" for n in range(1, len(people)))
    rows = session.db().execute(
        f"SELECT a.rowid, a.id, a.title, a.url, a.outlet, a.published, a.summary, aa.sentences{columns}"
        f" FROM actor_articles aa{joins} JOIN articles a ON a.rowid = aa.article"
        f" WHERE aa.actor = ?{outlet_and}{where}"
        " ORDER BY aa.published DESC, aa.n DESC, aa.article LIMIT ?",
        (*args, first.rowid, *outlet_args, *args_where, MAX_ARTICLES),
    ).fetchall()
    per_person = [[json.loads(col) for col in r[7 : 7 + len(people)]] for r in rows]
    inside: dict[tuple[int, int], str] = {}
    if scope.period is not None:
        inside = dated_in(session, [r[0] for r in rows], scope.period)
    wanted = []
    for r, lists in zip(rows, per_person):
        every = sorted({i for idxs in lists for i in idxs})
        wanted.append((r[0], every))
    texts = sentence_texts(session, wanted)
    dates = sentence_dates(session, wanted)
    hits = []
    for r, lists, (rowid, every) in zip(rows, per_person, wanted):
        both = set.intersection(*(set(idxs) for idxs in lists)) if len(lists) > 1 else set()
        stored = list(dict.fromkeys(i for idxs in lists for i in idxs))
        rank = {i: n for n, i in enumerate(stored)}
        best = sorted(stored, key=lambda i: (i not in both, (rowid, i) not in inside, rank[i]))
        if len(lists) > 1:
            best = list(dict.fromkeys([i for i in best if i in both] + [idxs[0] for idxs in lists if idxs] + best))
        evidence = [Evidence(texts[rowid, i], dates.get((rowid, i)), i) for i in best if (rowid, i) in texts]
        sentences = [Evidence(texts[rowid, i], dates.get((rowid, i)), i) for i in every if (rowid, i) in texts]
        hits.append(ArticleHit(r[1], r[2], r[3], r[4], r[5], r[6], evidence[:MAX_EVIDENCE], sentences))
    return hits


def display_role(roles: list[str]) -> str | None:
    """The most telling role: the most frequent one that names more than a bare title."""
    if not roles:
        return None
    best = next((r for r in roles if len(r.split()) > 2), roles[0])
    return best[:1].upper() + best[1:]
