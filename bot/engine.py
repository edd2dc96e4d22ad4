"""Serve time: answer a query from the index. Needs only the index, rapidfuzz and the standard library."""

from __future__ import annotations

import json
import math
import re
import sqlite3
import threading
from array import array
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from bot.answers import ActorMatch, Answer, ArticleHit, Candidate, DateRange, Evidence
from bot.dates import InvalidDate, parse_query_date
from bot.index import IndexUnavailable, fts_tokens, open_index
from bot.query import parse
from bot.text import fold, words

MAX_ARTICLES = 100
MAX_EVIDENCE = 2
EXACT_POSTINGS = 5_000  # search terms with more postings than this in all are ranked over a bounded set
BROAD_CANDIDATES = 500
K1, B = 1.2, 0.75  # SQLite FTS5's bm25 constants
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
    """Answers who/on/search/help queries from one index file; reloads when the file is replaced.

    Nothing but a file check happens at start: people, keys and dates are looked up in the
    index as queries need them. The one in-memory structure, a trigram map of the people's
    lookup keys for typo-tolerant matching, is built on the first query that needs it.
    """

    def __init__(self, index_path: Path) -> None:
        self.index_path = Path(index_path)
        self._lock = threading.Lock()
        self._local = threading.local()
        self._generation = 0
        self._fuzzy: tuple[int, list[str], dict[str, array]] | None = None
        self._load()

    # -- loading ---------------------------------------------------------
    def _stat(self) -> tuple[int, int] | None:
        try:
            st = self.index_path.stat()
        except OSError:
            return None
        return (st.st_ino, st.st_mtime_ns)

    def _load(self) -> None:
        stamp = self._stat()
        db = open_index(self.index_path)
        try:
            db.execute("SELECT rowid, name, roles, aliases, n_articles FROM actors LIMIT 1").fetchall()
            db.execute("SELECT key, actor, kind FROM actor_keys LIMIT 1").fetchall()
        except sqlite3.DatabaseError as exc:
            raise IndexUnavailable(f"the index at {self.index_path} is damaged ({exc}); run `ukraine-bot index`") from None
        finally:
            db.close()
        with self._lock:
            self._fuzzy = None
            self._stamp = stamp
            self._generation += 1

    def reload_if_changed(self) -> bool:
        """Pick up an index that `ukraine-bot index` swapped in, without a restart."""
        stamp = self._stat()
        if stamp is None or stamp == self._stamp:
            return False
        self._load()
        return True

    def _pinned(self) -> int:
        """The index generation this thread's current answer reads (see `answer`)."""
        return getattr(self._local, "pinned", None) or self._generation

    def _db(self) -> sqlite3.Connection:
        local = self._local
        want = self._pinned()
        if getattr(local, "generation", None) != want:
            if getattr(local, "db", None) is not None:
                local.db.close()
            local.db = open_index(self.index_path)
            local.generation = want
        return local.db

    def _fuzzy_index(self) -> tuple[list[str], dict[str, array]]:
        """Every lookup key, sorted, and for each trigram the positions of the keys that have it."""
        fuzzy = self._fuzzy
        generation = self._pinned()
        if fuzzy is not None and fuzzy[0] == generation:
            return fuzzy[1], fuzzy[2]
        with self._lock:
            key_list = [k for (k,) in self._db().execute("SELECT DISTINCT key FROM actor_keys ORDER BY key")]
            grams: dict[str, array] = {}
            for i, key in enumerate(key_list):
                for g in _trigrams(key):
                    postings = grams.get(g)
                    if postings is None:
                        grams[g] = postings = array("i")
                    postings.append(i)
            self._fuzzy = (generation, key_list, grams)
            return key_list, grams

    # -- entry point -----------------------------------------------------
    def answer(self, text: str) -> Answer:
        """Answer one query; never raises for bad input.

        One answer reads one index: the thread is pinned to the generation current when the
        answer starts and reads inside one read transaction, so a rebuild that swaps the file
        (or an incremental add that commits to it) midway can neither mix two indexes' rows
        nor show half of an update. Damage found while reading is IndexUnavailable.
        """
        self.reload_if_changed()
        q = parse(text)
        if q.intent == "help":
            return Answer(query=q.raw, intent="help")
        local = self._local
        local.pinned = self._generation
        db = None
        try:
            db = self._db()
            db.execute("BEGIN")
            if q.intent == "who":
                return self.who(q.raw, q.target)
            if q.intent == "on":
                return self.on(q.raw, q.target)
            return self.search(q.raw, q.target)
        except sqlite3.DatabaseError as exc:
            local.generation = None  # reopen next time: the file may have been repaired or replaced
            raise IndexUnavailable(
                f"the index at {self.index_path} could not be read ({exc}); run `ukraine-bot index`"
            ) from None
        finally:
            local.pinned = None
            if db is not None and db.in_transaction:
                try:
                    db.rollback()
                except sqlite3.Error:
                    pass

    # -- who ---------------------------------------------------------------
    def _match_keys(self, key: str) -> list[tuple[float, str]]:
        """(score, key) for index keys near `key`: exact first, else trigram-narrowed fuzzy scores."""
        if self._db().execute("SELECT 1 FROM actor_keys WHERE key = ? LIMIT 1", (key,)).fetchone():
            return [(100.0, key)]
        key_list, grams = self._fuzzy_index()
        counts: Counter = Counter()
        for g in sorted(_trigrams(key)):
            postings = grams.get(g)
            if postings is not None:
                counts.update(postings)
        # The 60 keys sharing the most trigrams, and any tied with the last of them (at most 200).
        top = counts.most_common(200)
        shortlist = [i for i, c in top if c >= top[min(59, len(top) - 1)][1]] if top else []
        scored = []
        for i in shortlist:
            cand = key_list[i]
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

    def _actors(self, ids: list[int]) -> dict[int, _ActorRecord]:
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        return {
            rowid: _ActorRecord(rowid, name, json.loads(roles), json.loads(aliases), n)
            for rowid, name, roles, aliases, n in self._db().execute(
                f"SELECT rowid, name, roles, aliases, n_articles FROM actors WHERE rowid IN ({marks})", ids
            )
        }

    def who(self, raw: str, target: str) -> Answer:
        answer = Answer(query=raw, intent="who", target=target)
        key = _HONORIFIC.sub("", fold(target)).strip(" .,:;!?\"'")
        if not key:
            answer.error = "empty_query"
            return answer
        matches = self._match_keys(key)
        by_key: dict[str, list[tuple[int, str, int, str]]] = defaultdict(list)
        if matches:
            keys = sorted({k for _, k in matches})
            marks = ",".join("?" * len(keys))
            for k, actor_id, kind, n, name in self._db().execute(
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
            records = self._actors(suggested)
            answer.suggestions = [records[a].name for a in suggested]
            return answer
        top_id, (top_score, _) = ranked[0]
        rivals = [(a, s) for a, (s, _) in ranked[1:] if s >= max(ACCEPT, top_score - AMBIGUOUS_MARGIN)][:5]
        records = self._actors([top_id] + [a for a, _ in rivals])
        top = records[top_id]
        answer.actor = ActorMatch(
            name=top.name, role=_display_role(top.roles), aliases=sorted(top.aliases),
            score=round(top_score, 1), roles=top.roles,
        )
        answer.candidates = [
            Candidate(records[a].name, round(s, 1), _display_role(records[a].roles)) for a, s in rivals
        ]
        answer.articles = self._actor_articles(top)
        return answer

    def _actor_articles(self, actor: _ActorRecord) -> list[ArticleHit]:
        # The build stores each article's sentences in the order evidence is quoted (those giving
        # the full name or a role first), and ranks articles by how many sentences name the person.
        rows = self._db().execute(
            "SELECT a.rowid, a.id, a.title, a.url, a.outlet, a.published, a.summary, aa.sentences"
            " FROM actor_articles aa JOIN articles a ON a.rowid = aa.article WHERE aa.actor = ?"
            " ORDER BY aa.n DESC, aa.published, aa.article LIMIT ?",
            (actor.rowid, MAX_ARTICLES),
        ).fetchall()
        wanted = [(r[0], json.loads(r[7])[:MAX_EVIDENCE]) for r in rows]
        texts = self._texts(wanted)
        dates = self._dates(wanted)
        hits = []
        for (rowid, aid, title, url, outlet, published, summary, _), (_, idxs) in zip(rows, wanted):
            evidence = [Evidence(texts[rowid, i], dates.get((rowid, i)), i) for i in idxs if (rowid, i) in texts]
            hits.append(ArticleHit(aid, title, url, outlet, published, summary, evidence))
        return hits

    def _texts(self, wanted: list[tuple[int, list[int]]]) -> dict[tuple[int, int], str]:
        """Sentence texts by (article rowid, index)."""
        ids = [a * 100_000 + i for a, idxs in wanted for i in idxs if 0 <= i < 100_000]
        out: dict[tuple[int, int], str] = {}
        for chunk in range(0, len(ids), 500):
            part = ids[chunk : chunk + 500]
            marks = ",".join("?" * len(part))
            for rowid, article, idx, text in self._db().execute(
                f"SELECT rowid, article, idx, text FROM sentences WHERE rowid IN ({marks})", part
            ):
                out[article, idx] = text
        return out

    def _dates(self, wanted: list[tuple[int, list[int]]]) -> dict[tuple[int, int], str]:
        """The date each sentence gives (a day if it gives one, else a month), by (article rowid, index)."""
        want = {(a, i) for a, idxs in wanted for i in idxs}
        articles = sorted({a for a, _ in want})
        out: dict[tuple[int, int], str] = {}
        for chunk in range(0, len(articles), 500):
            part = articles[chunk : chunk + 500]
            marks = ",".join("?" * len(part))
            for article, idx, start, precision in self._db().execute(
                f"SELECT article, sentence, start, precision FROM dates WHERE article IN ({marks})"
                " ORDER BY precision = 'day' DESC, rowid",
                part,
            ):
                if (article, idx) in want:
                    out.setdefault((article, idx), start if precision == "day" else start[:7])
        return out

    def _articles_meta(self, rowids: list[int]) -> dict[int, tuple]:
        """(id, title, url, outlet, published, summary) by article rowid."""
        out: dict[int, tuple] = {}
        for chunk in range(0, len(rowids), 500):
            part = rowids[chunk : chunk + 500]
            marks = ",".join("?" * len(part))
            for row in self._db().execute(
                f"SELECT rowid, id, title, url, outlet, published, summary FROM articles WHERE rowid IN ({marks})", part
            ):
                out[row[0]] = row[1:]
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
        # Articles ranked by how many of their sentences are dated inside the span, then by publication
        # date; those only published in it come after. `date_rank` holds the counts per day, month and year.
        period = _period(span)
        ranked: list[tuple[int, int]] = []
        if period is not None:
            ranked = db.execute(
                "SELECT article, n FROM date_rank WHERE period = ? ORDER BY n DESC, published, article LIMIT ?",
                (period, MAX_ARTICLES),
            ).fetchall()
        else:
            counts: dict[int, set[int]] = defaultdict(set)
            for article, sentence in db.execute(
                f"SELECT article, sentence FROM dates WHERE start <= ? AND end >= ? AND start >= ? AND precision IN ({marks})",
                (end, start, start, *precisions),
            ):
                counts[article].add(sentence)
            published_of = {r: p or "" for r, p in db.execute(
                f"SELECT rowid, published FROM articles WHERE rowid IN ({','.join(str(a) for a in counts)})"
            )} if counts else {}
            ranked = sorted(((a, len(s)) for a, s in counts.items()), key=lambda x: (-x[1], published_of[x[0]], x[0]))
            ranked = ranked[:MAX_ARTICLES]
        if len(ranked) < MAX_ARTICLES:
            seen = {a for a, _ in ranked}
            for (article,) in db.execute(
                "SELECT rowid FROM articles WHERE published BETWEEN ? AND ? ORDER BY published, rowid", (start, end)
            ):
                if article not in seen:
                    ranked.append((article, 0))
                    if len(ranked) >= MAX_ARTICLES:
                        break
        mentions: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
        with_dates = [a for a, n in ranked if n]
        for chunk in range(0, len(with_dates), 500):
            part = with_dates[chunk : chunk + 500]
            for article, sentence, s, precision in db.execute(
                f"SELECT article, sentence, start, precision FROM dates"
                f" WHERE article IN ({','.join('?' * len(part))})"
                f" AND start <= ? AND end >= ? AND start >= ? AND precision IN ({marks})"
                " ORDER BY article, sentence, rowid",
                (*part, end, start, start, *precisions),
            ):
                found = mentions[article]
                if len(found) < MAX_EVIDENCE and all(sentence != x[0] for x in found):
                    found.append((sentence, s, precision))
        wanted = [(a, [m[0] for m in mentions.get(a, [])]) for a, _ in ranked]
        texts = self._texts(wanted)
        meta = self._articles_meta([a for a, _ in ranked])
        hits = []
        for article, _ in ranked:
            m = meta[article]
            evidence = [
                Evidence(texts[article, i], s if p == "day" else s[:7], i)
                for i, s, p in mentions.get(article, []) if (article, i) in texts
            ]
            hits.append(ArticleHit(m[0], m[1], m[2], m[3], m[4], m[5], evidence))
        answer.articles = hits
        if not answer.articles:
            answer.error = "no_results"
            answer.nearest = self._nearest(start, end)
        return answer

    def _nearest(self, start: str, end: str, n: int = 3) -> list[str]:
        """The closest dates, before and after, that do have something."""
        db = self._db()
        # The n latest distinct days before (earliest after) among dated mentions and publication dates.
        before = sorted(
            {r[0] for r in db.execute(
                "SELECT DISTINCT start FROM dates WHERE precision = 'day' AND start < ? ORDER BY start DESC LIMIT ?",
                (start, n))}
            | {r[0] for r in db.execute(
                "SELECT DISTINCT published FROM articles WHERE published < ? ORDER BY published DESC LIMIT ?",
                (start, n))},
            reverse=True,
        )[:n]
        after = sorted(
            {r[0] for r in db.execute(
                "SELECT DISTINCT start FROM dates WHERE precision = 'day' AND start > ? ORDER BY start LIMIT ?",
                (end, n))}
            | {r[0] for r in db.execute(
                "SELECT DISTINCT published FROM articles WHERE published > ? ORDER BY published LIMIT ?", (end, n))}
        )[:n]
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
    def _broad_search(self, expr: str, terms: list[str], df: dict[str, int]) -> list[tuple[int]]:
        """Terms too common for bm25 over all their postings: the BROAD_CANDIDATES last-indexed matching
        sentences, ranked by the same bm25 (k1 = 1.2, b = 0.75, IDF from the stored term counts)."""
        db = self._db()
        candidates = [r for (r,) in db.execute(
            "SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ? ORDER BY rowid DESC LIMIT ?",
            (expr, BROAD_CANDIDATES),
        )]
        if not candidates:
            return []
        n_docs, avgdl = self._fts_averages()
        marks = ",".join("?" * len(candidates))
        texts = dict(db.execute(f"SELECT rowid, text FROM sentences WHERE rowid IN ({marks})", candidates))
        lengths = {r: (sz[0] if sz[0] < 0x80 else _varint(sz)) for r, sz in db.execute(
            f"SELECT id, sz FROM sentences_fts_docsize WHERE id IN ({marks})", candidates)}
        unique = sorted(set(terms), key=lambda t: (-len(t), t))
        idf = {t: max(math.log((n_docs - df.get(t, 0) + 0.5) / (df.get(t, 0) + 0.5)), 1e-6) for t in unique}
        # The query terms as whole tokens of the folded sentence (what unicode61 indexed).
        find = re.compile(r"(?<![^\W_])(?:%s)(?![^\W_])" % "|".join(re.escape(t) for t in unique)).findall
        k = K1 + 1
        scored = []
        for rowid in candidates:
            tf = Counter(find(_fold_fast(texts.get(rowid, ""))))
            norm = K1 * (1 - B + B * lengths.get(rowid, avgdl) / avgdl)
            score = 0.0
            for t, f in tf.items():
                score += idf[t] * f * k / (f + norm)
            scored.append((-score, rowid))
        scored.sort()
        return [(rowid,) for _, rowid in scored[:300]]

    def _fts_averages(self) -> tuple[int, float]:
        """Rows and mean tokens per row of the full-text index (its own 'averages' record)."""
        block = self._db().execute("SELECT block FROM sentences_fts_data WHERE id = 1").fetchone()[0]
        n_docs, pos = _varint_at(block, 0)
        tokens, _ = _varint_at(block, pos)
        return n_docs, (tokens / n_docs if n_docs else 1.0) or 1.0

    def search(self, raw: str, target: str) -> Answer:
        answer = Answer(query=raw, intent="search", target=target)
        terms = [w for w in words(target) if len(w) > 1 or w.isdigit()][:12]
        if not terms:
            answer.error = "empty_query"
            return answer
        db = self._db()
        rows: list = []
        df = dict(db.execute(
            f"SELECT term, df FROM term_df WHERE term IN ({','.join('?' * len(terms))})", terms
        ))
        for joiner in (" AND ", " OR "):
            expr = joiner.join(f'"{t}"' for t in terms)
            if sum(df.get(t, 0) for t in set(terms)) <= EXACT_POSTINGS:
                # SQLite's bm25 reads every posting of every term (for its IDF); cheap for these terms.
                rows = db.execute(
                    "SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ? ORDER BY bm25(sentences_fts) LIMIT 300",
                    (expr,),
                ).fetchall()
            else:
                rows = self._broad_search(expr, terms, df)
            if rows or len(terms) == 1:
                break
        by_article: dict[int, list[int]] = {}
        for (rowid,) in rows:
            by_article.setdefault(rowid // 100_000, []).append(rowid % 100_000)
        wanted = [(a, idxs[:MAX_EVIDENCE]) for a, idxs in list(by_article.items())[:MAX_ARTICLES]]
        meta = self._articles_meta([a for a, _ in wanted])
        texts = self._texts(wanted)
        dates = self._dates(wanted)
        hits = []
        for article, idxs in wanted:
            m = meta[article]
            evidence = [Evidence(texts[article, i], dates.get((article, i)), i) for i in idxs if (article, i) in texts]
            hits.append(ArticleHit(m[0], m[1], m[2], m[3], m[4], m[5], evidence))
        answer.articles = hits
        if not hits:
            answer.error = "no_results"
        return answer


def _varint_at(data: bytes, pos: int) -> tuple[int, int]:
    """SQLite's varint (as FTS5 writes it) at `pos`: (value, next position)."""
    value = 0
    for i in range(8):
        byte = data[pos + i]
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, pos + i + 1
    return (value << 8) | data[pos + 8], pos + 9


def _varint(data: bytes) -> int:
    return _varint_at(data, 0)[0]


class _FoldTable(dict):
    """`fold` one character at a time, for str.translate: filled in as characters are met."""

    def __missing__(self, code: int) -> str:
        c = chr(code)
        value = " " if c.isspace() else fold(c)
        self[code] = value
        return value


_FOLD_TABLE = _FoldTable()


def _fold_fast(text: str) -> str:
    """The terms of `fold(text)` without normalising whole strings (whitespace is not collapsed)."""
    return text.translate(_FOLD_TABLE)


def _period(span) -> str | None:
    """The `date_rank` period a query span is exactly, if it is one."""
    start, end = span.start, span.end
    if span.precision == "day" and start == end:
        return "D" + start.isoformat()
    if span.precision == "month" and start.day == 1 and end == _month_end(start):
        return "M" + start.isoformat()[:7]
    if span.precision == "year" and (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) \
            and start.year == end.year:
        return "Y" + f"{start.year:04d}"
    return None


def _month_end(d: date) -> date:
    return (d.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def _display_role(roles: list[str]) -> str | None:
    """The most telling role: the most frequent one that names more than a bare title."""
    if not roles:
        return None
    best = next((r for r in roles if len(r.split()) > 2), roles[0])
    return best[:1].upper() + best[1:]
