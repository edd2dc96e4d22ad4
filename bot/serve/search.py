"""Word search over the article sentences, blind to diacritics, ranked by bm25."""

from __future__ import annotations

import math
import re
from collections import Counter

from bot.serve.answers import Answer, ArticleHit, Evidence
from bot.serve.periods import dated_in, published_in
from bot.serve.query import MAX_QUERY_CHARS, STOP_WORDS
from bot.serve.rows import MAX_ARTICLES, MAX_EVIDENCE, articles_meta, sentence_dates, sentence_texts
from bot.serve.scope import EVERYTHING, Scope
from bot.serve.session import ReadSession
from bot.shared.text import fold, words

EXACT_POSTINGS = 5_000  # search terms with more postings than this in all are ranked over a bounded set
BROAD_CANDIDATES = 500
SCOPED_ROWS = 3_000  # with a period or an outlet, more matches are read so the filter does not starve the answer
K1, B = 1.2, 0.75  # SQLite FTS5's bm25 constants


def _broad_search(session: ReadSession, expr: str, terms: list[str], df: dict[str, int]) -> list[tuple[int]]:
    """Terms too common for bm25 over all their postings: the BROAD_CANDIDATES last-indexed matching
    sentences, ranked by the same bm25 (k1 = 1.2, b = 0.75, IDF from the stored term counts)."""
    db = session.db()
    candidates = [r for (r,) in db.execute(
        "SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ? ORDER BY rowid DESC LIMIT ?",
        (expr, BROAD_CANDIDATES),
    )]
    if not candidates:
        return []
    n_docs, avgdl = _fts_averages(session)
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


def _fts_averages(session: ReadSession) -> tuple[int, float]:
    """Rows and mean tokens per row of the full-text index (its own 'averages' record)."""
    block = session.db().execute("SELECT block FROM sentences_fts_data WHERE id = 1").fetchone()[0]
    n_docs, pos = _varint_at(block, 0)
    tokens, _ = _varint_at(block, pos)
    return n_docs, (tokens / n_docs if n_docs else 1.0) or 1.0


def search_terms(target: str) -> list[str]:
    """The words searched for: stop words out ("những cuộc đàm phán của Nga và Mỹ" is an AND over
    cuoc dam phan nga my), unless that leaves nothing (a search for "the who" still searches).

    A stop word written capitalised beside another capitalised word is part of a name and stays:
    "Ai Cập" (Egypt) is not a search for "cập".
    """
    raw = re.findall(r"\w+", target[:MAX_QUERY_CHARS])
    kept = []
    for n, word in enumerate(raw):
        key = fold(word)
        in_name = word[:1].isupper() and any(
            0 <= m < len(raw) and raw[m][:1].isupper() for m in (n - 1, n + 1))
        if (key not in STOP_WORDS or in_name) and (len(key) > 1 or key.isdigit()):
            kept.append(key)
    return (kept or [w for w in words(target) if len(w) > 1 or w.isdigit()])[:12]


def answer_search(session: ReadSession, raw: str, target: str, scope: Scope = EVERYTHING) -> Answer:
    answer = Answer(query=raw, intent="search", target=target, order="relevance")
    terms = search_terms(target)
    if not terms:
        answer.error = "empty_query"
        return answer
    db = session.db()
    rows: list = []
    df = dict(db.execute(
        f"SELECT term, df FROM term_df WHERE term IN ({','.join('?' * len(terms))})", terms
    ))
    limit = 300 if scope == EVERYTHING else SCOPED_ROWS
    for joiner in (" AND ", " OR "):
        expr = joiner.join(f'"{t}"' for t in terms)
        if sum(df.get(t, 0) for t in set(terms)) <= EXACT_POSTINGS:
            # SQLite's bm25 reads every posting of every term (for its IDF); cheap for these terms.
            rows = db.execute(
                "SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ? ORDER BY bm25(sentences_fts) LIMIT ?",
                (expr, limit),
            ).fetchall()
        else:
            rows = _broad_search(session, expr, terms, df)
        rows = _in_scope(session, rows, scope)
        if rows or len(terms) == 1:
            break
    by_article: dict[int, list[int]] = {}
    for (rowid,) in rows:
        by_article.setdefault(rowid // 100_000, []).append(rowid % 100_000)
    wanted = [(a, idxs[:MAX_EVIDENCE]) for a, idxs in list(by_article.items())[:MAX_ARTICLES]]
    meta = articles_meta(session, [a for a, _ in wanted])
    found = sentence_texts(session, wanted)
    dates = sentence_dates(session, wanted)
    hits = []
    for article, idxs in wanted:
        m = meta[article]
        evidence = [Evidence(found[article, i], dates.get((article, i)), i) for i in idxs if (article, i) in found]
        hits.append(ArticleHit(m[0], m[1], m[2], m[3], m[4], m[5], evidence))
    answer.articles = hits
    if not hits:
        answer.error = "no_results"
    return answer


def _in_scope(session: ReadSession, rows: list, scope: Scope) -> list:
    """The matching sentences whose article is from the scope's outlets and that are dated inside its
    period (or whose article came out inside it), in rank order."""
    if scope == EVERYTHING or not rows:
        return rows
    articles = sorted({r[0] // 100_000 for r in rows})
    meta = articles_meta(session, articles)
    inside = dated_in(session, articles, scope.period) if scope.period is not None else {}
    kept = []
    for row in rows:
        article, idx = divmod(row[0], 100_000)
        m = meta.get(article)
        if m is None or not scope.outlet_ok(m[3]):
            continue
        if scope.period is not None and (article, idx) not in inside and not published_in(m[4], scope.period):
            continue
        kept.append(row)
    return kept



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
