"""Serve time: answer a query from the index. Needs only the index, rapidfuzz and the standard library."""

from __future__ import annotations

import json
import re
import sqlite3
import threading
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from bot.answers import ActorMatch, Answer, ArticleHit, Candidate, DateRange, Evidence
from bot.dates import InvalidDate, parse_query_date
from bot.index import IndexUnavailable, open_index
from bot.query import parse
from bot.text import fold, words

MAX_ARTICLES = 100
MAX_EVIDENCE = 2
ACCEPT = 86.0  # a fuzzy score this high names the person
SUGGEST = 60.0  # below this, a name is not even worth suggesting
AMBIGUOUS_MARGIN = 4.0
_HONORIFIC = re.compile(r"^(?:ong|ba|ngai|tt|mr|mrs|ms|dr|sir)\.?\s+")
_KIND_RANK = {"name": 0, "alias": 0, "surname": 1, "role": 2}


@dataclass
class _ActorRecord:
    rowid: int
    name: str
    roles: list[str]
    aliases: list[str]
    n_articles: int


def _trigrams(key: str) -> set[str]:
    padded = f"  {key} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


class Engine:
    """Answers who/on/search/help queries from one index file; reloads when the file is replaced."""

    def __init__(self, index_path: Path) -> None:
        self.index_path = Path(index_path)
        self._lock = threading.Lock()
        self._local = threading.local()
        self._generation = 0
        self._load()

    # -- loading ---------------------------------------------------------
    def _stat(self) -> tuple[int, int] | None:
        try:
            st = self.index_path.stat()
        except OSError:
            return None
        return (st.st_ino, st.st_mtime_ns)

    def _load(self) -> None:
        db = open_index(self.index_path)
        try:
            actors = {
                rowid: _ActorRecord(rowid, name, json.loads(roles), json.loads(aliases), n)
                for rowid, name, roles, aliases, n in db.execute(
                    "SELECT rowid, name, roles, aliases, n_articles FROM actors"
                )
            }
            keys: dict[str, list[tuple[int, str]]] = defaultdict(list)
            for key, actor, kind in db.execute("SELECT key, actor, kind FROM actor_keys"):
                keys[key].append((actor, kind))
        except sqlite3.DatabaseError as exc:
            db.close()
            raise IndexUnavailable(f"the index at {self.index_path} is damaged ({exc}); run `ukraine-bot index`") from None
        db.close()
        key_list = sorted(keys)
        grams: dict[str, list[int]] = defaultdict(list)
        for i, key in enumerate(key_list):
            for g in _trigrams(key):
                grams[g].append(i)
        with self._lock:
            self._actors = actors
            self._keys = dict(keys)
            self._key_list = key_list
            self._grams = dict(grams)
            self._stamp = self._stat()
            self._generation += 1

    def reload_if_changed(self) -> bool:
        """Pick up an index that `ukraine-bot index` swapped in, without a restart."""
        stamp = self._stat()
        if stamp is None or stamp == self._stamp:
            return False
        self._load()
        return True

    def _db(self) -> sqlite3.Connection:
        local = self._local
        if getattr(local, "generation", None) != self._generation:
            if getattr(local, "db", None) is not None:
                local.db.close()
            local.db = open_index(self.index_path)
            local.generation = self._generation
        return local.db

    # -- entry point -----------------------------------------------------
    def answer(self, text: str) -> Answer:
        """Answer one query; never raises for bad input."""
        self.reload_if_changed()
        q = parse(text)
        if q.intent == "help":
            return Answer(query=q.raw, intent="help")
        if q.intent == "who":
            return self.who(q.raw, q.target)
        if q.intent == "on":
            return self.on(q.raw, q.target)
        return self.search(q.raw, q.target)

    # -- who ---------------------------------------------------------------
    def _match_keys(self, key: str) -> list[tuple[float, str]]:
        """(score, key) for index keys near `key`: exact first, else trigram-narrowed fuzzy scores."""
        if key in self._keys:
            return [(100.0, key)]
        counts: dict[int, int] = defaultdict(int)
        for g in _trigrams(key):
            for i in self._grams.get(g, ()):
                counts[i] += 1
        shortlist = sorted(counts, key=counts.__getitem__, reverse=True)[:60]
        scored = []
        for i in shortlist:
            cand = self._key_list[i]
            score = fuzz.ratio(key, cand)
            # One or two typing slips in a long enough name are still that name.
            dist = Levenshtein.distance(key, cand, score_cutoff=2)
            if dist <= 2 and len(key) >= 5 and len(cand) >= 5:
                score = max(score, 100.0 - 6 * dist)
            elif dist <= 1 and len(key) >= 4:
                score = max(score, 90.0)
            if " " in cand and " " not in key:
                # A single word against a full name: compare with its best word.
                score = max(score, max(fuzz.ratio(key, part) for part in cand.split()) - 8)
            scored.append((score, cand))
        scored.sort(reverse=True)
        return scored[:10]

    def who(self, raw: str, target: str) -> Answer:
        answer = Answer(query=raw, intent="who", target=target)
        key = _HONORIFIC.sub("", fold(target)).strip(" .,:;!?\"'")
        if not key:
            answer.error = "empty_query"
            return answer
        best: dict[int, tuple[float, int]] = {}
        for score, k in self._match_keys(key):
            for actor_id, kind in self._keys[k]:
                rank = _KIND_RANK.get(kind, 3)
                prev = best.get(actor_id)
                if prev is None or (score, -rank) > (prev[0], -prev[1]):
                    best[actor_id] = (score, rank)
        ranked = sorted(
            best.items(),
            key=lambda item: (-item[1][0], item[1][1], -self._actors[item[0]].n_articles),
        )
        if not ranked or ranked[0][1][0] < ACCEPT:
            answer.error = "no_actor"
            answer.suggestions = [self._actors[a].name for a, (s, _) in ranked if s >= SUGGEST][:5]
            return answer
        top_id, (top_score, _) = ranked[0]
        rivals = [(a, s) for a, (s, _) in ranked[1:] if s >= max(ACCEPT, top_score - AMBIGUOUS_MARGIN)]
        top = self._actors[top_id]
        answer.actor = ActorMatch(
            name=top.name, role=_display_role(top.roles), aliases=sorted(top.aliases),
            score=round(top_score, 1), roles=top.roles,
        )
        answer.candidates = [
            Candidate(self._actors[a].name, round(s, 1), _display_role(self._actors[a].roles)) for a, s in rivals[:5]
        ]
        answer.articles = self._actor_articles(top)
        return answer

    def _actor_articles(self, actor: _ActorRecord) -> list[ArticleHit]:
        db = self._db()
        rows = db.execute(
            "SELECT a.rowid, a.id, a.title, a.url, a.outlet, a.published, a.summary, aa.sentences"
            " FROM actor_articles aa JOIN articles a ON a.rowid = aa.article WHERE aa.actor = ?",
            (actor.rowid,),
        ).fetchall()
        name_keys = [fold(actor.name)] + [fold(r) for r in actor.roles]
        hits = []
        for rowid, aid, title, url, outlet, published, summary, sentences in rows:
            idxs = json.loads(sentences)
            texts = self._sentences(rowid, idxs)
            # Sentences that give the full name or a role say most about who this is.
            ordered = sorted(
                idxs,
                key=lambda i: (not any(k in fold(texts.get(i, "")) for k in name_keys), i),
            )
            dates = self._sentence_dates(rowid, ordered[:MAX_EVIDENCE])
            evidence = [Evidence(texts[i], dates.get(i), i) for i in ordered[:MAX_EVIDENCE] if i in texts]
            hits.append((len(idxs), published or "", ArticleHit(aid, title, url, outlet, published, summary, evidence)))
        hits.sort(key=lambda h: (-h[0], h[1]), reverse=False)
        return [h[2] for h in hits[:MAX_ARTICLES]]

    def _sentences(self, article_rowid: int, idxs: list[int]) -> dict[int, str]:
        if not idxs:
            return {}
        marks = ",".join("?" * len(idxs))
        return dict(
            self._db().execute(
                f"SELECT idx, text FROM sentences WHERE article = ? AND idx IN ({marks})", (article_rowid, *idxs)
            )
        )

    def _sentence_dates(self, article_rowid: int, idxs: list[int]) -> dict[int, str]:
        if not idxs:
            return {}
        marks = ",".join("?" * len(idxs))
        out: dict[int, str] = {}
        for idx, start, precision in self._db().execute(
            f"SELECT sentence, start, precision FROM dates WHERE article = ? AND sentence IN ({marks})"
            " ORDER BY precision = 'day' DESC",
            (article_rowid, *idxs),
        ):
            out.setdefault(idx, start if precision == "day" else start[:7])
        return out

    # -- on ----------------------------------------------------------------
    def on(self, raw: str, target: str) -> Answer:
        answer = Answer(query=raw, intent="on", target=target)
        try:
            span = parse_query_date(target)
        except InvalidDate as exc:
            answer.error = "invalid_date"
            answer.detail = str(exc)
            return answer
        if span is None:
            answer.error = "invalid_date"
            answer.detail = f"“{target}” is not a date I can read"
            return answer
        start, end = span.start.isoformat(), span.end.isoformat()
        answer.date = DateRange(start, end, span.precision)
        precisions = {"day": ("day",), "month": ("day", "month"), "year": ("day", "month", "year")}[span.precision]
        marks = ",".join("?" * len(precisions))
        db = self._db()
        rows = db.execute(
            f"SELECT article, sentence, start, precision FROM dates"
            f" WHERE start <= ? AND end >= ? AND start >= ? AND precision IN ({marks})"
            " ORDER BY article, sentence",
            (end, start, start, *precisions),
        ).fetchall()
        by_article: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
        for article, sentence, s, precision in rows:
            if all(sentence != x[0] for x in by_article[article]):
                by_article[article].append((sentence, s, precision))
        published = [
            r[0] for r in db.execute("SELECT rowid FROM articles WHERE published BETWEEN ? AND ?", (start, end))
        ]
        hits = []
        for article in set(by_article) | set(published):
            meta = db.execute(
                "SELECT id, title, url, outlet, published, summary FROM articles WHERE rowid = ?", (article,)
            ).fetchone()
            mentions = by_article.get(article, [])
            texts = self._sentences(article, [m[0] for m in mentions[:MAX_EVIDENCE]])
            evidence = [
                Evidence(texts[i], s if p == "day" else s[:7], i) for i, s, p in mentions[:MAX_EVIDENCE] if i in texts
            ]
            hits.append((-len(mentions), meta[4] or "", ArticleHit(meta[0], meta[1], meta[2], meta[3], meta[4], meta[5], evidence)))
        hits.sort(key=lambda h: (h[0], h[1]))
        answer.articles = [h[2] for h in hits[:MAX_ARTICLES]]
        if not answer.articles:
            answer.error = "no_results"
            answer.nearest = self._nearest(start, end)
        return answer

    def _nearest(self, start: str, end: str, n: int = 3) -> list[str]:
        """The closest dates, before and after, that do have something."""
        db = self._db()
        before = [
            r[0] for r in db.execute(
                "SELECT d FROM (SELECT start AS d FROM dates WHERE precision = 'day' AND start < ?"
                " UNION SELECT published FROM articles WHERE published < ?) ORDER BY d DESC LIMIT ?",
                (start, start, n),
            )
        ]
        after = [
            r[0] for r in db.execute(
                "SELECT d FROM (SELECT start AS d FROM dates WHERE precision = 'day' AND start > ?"
                " UNION SELECT published FROM articles WHERE published > ?) ORDER BY d ASC LIMIT ?",
                (end, end, n),
            )
        ]
        origin = date.fromisoformat(start)

        def distance(d: str) -> int:
            return abs((date.fromisoformat(d) - origin).days)

        return sorted(sorted(set(before + after), key=distance)[:n])

    # -- articles --------------------------------------------------------------
    def article(self, article_id: str) -> dict | None:
        """One cleaned article, for the page the HTTP app serves."""
        db = self._db()
        row = db.execute(
            "SELECT rowid, id, title, url, outlet, published FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        if row is None:
            return None
        sentences = [t for (t,) in db.execute("SELECT text FROM sentences WHERE article = ? ORDER BY idx", (row[0],))]
        return {"id": row[1], "title": row[2], "url": row[3], "outlet": row[4], "published": row[5],
                "sentences": sentences}

    # -- search --------------------------------------------------------------
    def search(self, raw: str, target: str) -> Answer:
        answer = Answer(query=raw, intent="search", target=target)
        terms = [w for w in words(target) if len(w) > 1 or w.isdigit()][:12]
        if not terms:
            answer.error = "empty_query"
            return answer
        db = self._db()
        rows: list = []
        for joiner in (" AND ", " OR "):
            expr = joiner.join(f'"{t}"' for t in terms)
            rows = db.execute(
                "SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ? ORDER BY bm25(sentences_fts) LIMIT 300",
                (expr,),
            ).fetchall()
            if rows or len(terms) == 1:
                break
        by_article: dict[int, list[int]] = {}
        for (rowid,) in rows:
            by_article.setdefault(rowid // 100_000, []).append(rowid % 100_000)
        hits = []
        for article, idxs in by_article.items():
            meta = db.execute(
                "SELECT id, title, url, outlet, published, summary FROM articles WHERE rowid = ?", (article,)
            ).fetchone()
            texts = self._sentences(article, idxs[:MAX_EVIDENCE])
            dates = self._sentence_dates(article, idxs[:MAX_EVIDENCE])
            evidence = [Evidence(texts[i], dates.get(i), i) for i in idxs[:MAX_EVIDENCE] if i in texts]
            hits.append(ArticleHit(meta[0], meta[1], meta[2], meta[3], meta[4], meta[5], evidence))
            if len(hits) >= MAX_ARTICLES:
                break
        answer.articles = hits
        if not hits:
            answer.error = "no_results"
        return answer


def _display_role(roles: list[str]) -> str | None:
    """The most telling role: the most frequent one that names more than a bare title."""
    if not roles:
        return None
    best = next((r for r in roles if len(r.split()) > 2), roles[0])
    return best[:1].upper() + best[1:]
