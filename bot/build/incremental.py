"""Add new articles to an index in one transaction, when that gives the same index as a rebuild."""

from __future__ import annotations

import json
import time
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Callable

from bot.build.analysis import _analyse_all, _mentions, cache_key
from bot.build.corpus import Corpus, Problem, RawArticle, load_corpus
from bot.build.curated import load_curated
from bot.build.events import load_lexicon
from bot.build.grouping import ArticleActor, group_article
from bot.build.merging import Actor, merge_corpus
from bot.build.people import _actor_from_json, _actor_row, _evidence_order, _known_surnames, _skey
from bot.build.records import BuildReport, _add_article, _add_events, _set_build_meta
from bot.index.reader import connect_ro, read_cache
from bot.index.writer import IndexWriter
from bot.shared.text import fold

MAX_INCREMENTAL = 200  # more new files than this: rewrite the whole index


def _new_files(out: Path, previous: dict, state: dict) -> list[str] | None:
    """The files added since the previous build, if that is the only change and they sort after the rest."""
    if state["sources_sha"] != previous.get("sources_sha") or not previous.get("fingerprint"):
        return None
    old = previous.get("files") or {}
    files = state["files"]
    if not old or any(name not in files or files[name][0] != v[0] for name, v in old.items()):
        return None
    new = sorted(set(files) - set(old))
    if not new or len(new) > MAX_INCREMENTAL or new[0] <= max(old):
        return None
    if set(new) & set(previous.get("listed_files", [])):
        return None  # sources.yml names them: their metadata and problems are not theirs alone
    return new



def _load_files(folder: Path, names: list[str]) -> Corpus:
    """`load_corpus` of just these files (not listed in sources.yml)."""
    return load_corpus(Path(folder), set(names))


def _incremental(
    folder: Path, out: Path, previous: dict, state: dict, report: BuildReport,
    workers: int | None, progress: Callable[[int, int], None] | None,
) -> bool:
    """Add new articles to the previous index in place of a full rewrite, when that gives the same index.

    Applies when the only change to the corpus is new files that sort after all the others and that
    sources.yml does not name, and when the new articles confirm no surname the corpus did not
    already know (that would change how other articles' names are read). Then only the people who
    share a surname with someone in the new articles are merged again, from the per-article people
    the previous build stored, in one transaction on the index. Returns False, having written
    nothing, when it does not apply.
    """
    names = _new_files(out, previous, state)
    if names is None:
        return False
    loaded = _load_files(folder, names)
    added = loaded.articles
    problems = [Problem(f, r) for f, r in previous.get("problem_list", [])] + loaded.problems
    n_old = int(previous.get("articles", 0))
    total = n_old + len(added)
    db = connect_ro(out)
    try:
        if db.execute(
            f"SELECT count(*) FROM articles WHERE id IN ({','.join('?' * len(added))})", [a.id for a in added]
        ).fetchone()[0]:
            return False
    finally:
        db.close()
    t_analyse = time.perf_counter()
    payloads: dict[str, dict] = {}
    cache = read_cache(out, [cache_key(a) for a in added])
    todo = []
    for a in added:
        if cache_key(a) in cache:
            payloads[a.id] = json.loads(cache[cache_key(a)])
        else:
            todo.append(a)

    def done(article: RawArticle, payload: dict) -> None:
        payloads[article.id] = payload
        if progress:
            progress(n_old + len(payloads), total)

    _analyse_all(todo, workers, done)
    analyse_seconds = time.perf_counter() - t_analyse

    t_merge = time.perf_counter()
    curated = load_curated()
    db = connect_ro(out)
    try:
        known = {s for (s,) in db.execute("SELECT surname FROM known_surnames")}
        if not _known_surnames(payloads.values()) <= known:
            return False
        people = {a.id: group_article(_mentions(payloads[a.id]), known) for a in added}
        skeys = sorted({_skey(p.name, curated) for ps in people.values() for p in ps})
        parts: dict[str, dict[str, list[ArticleActor]]] = {}
        previous_actors: dict[str, tuple[set[str], dict[str, list[int]]]] = {}
        for skey in skeys:
            part: dict[str, list[ArticleActor]] = {}
            for aid, data in db.execute(
                "SELECT a.id, x.data FROM article_actors x JOIN articles a ON a.rowid = x.article"
                " WHERE x.skey = ? ORDER BY x.article, x.rowid", (skey,)
            ):
                part.setdefault(aid, []).append(_actor_from_json(data))
            for a in added:
                for p in people[a.id]:
                    if _skey(p.name, curated) == skey:
                        part.setdefault(a.id, []).append(p)
            parts[skey] = part
            for rowid, name, roles in db.execute("SELECT rowid, name, roles FROM actors WHERE skey = ?", (skey,)):
                keys = {fold(name)} | {fold(r) for r in json.loads(roles)}
                orders = {
                    aid: json.loads(s)
                    for aid, s in db.execute(
                        "SELECT a.id, aa.sentences FROM actor_articles aa JOIN articles a ON a.rowid = aa.article"
                        " WHERE aa.actor = ?", (rowid,)
                    )
                }
                previous_actors[name] = (keys, orders)
        merged = [m for part in parts.values() for m in merge_corpus(part, curated)]
    finally:
        db.close()
    older = _older_payloads(out, _recoloured(parts, previous_actors, merged, added))
    if older is None:
        return False
    folded_new: dict[str, list[str]] = {}

    def order(actor: Actor):
        keys = {fold(actor.name)} | {fold(r) for r in actor.roles}
        before = previous_actors.get(actor.name)

        def article_order(aid: str, idxs: list[int]) -> list[int]:
            if aid in folded_new:
                return _evidence_order(actor, idxs, folded_new[aid])
            if before and before[0] == keys and sorted(before[1].get(aid, [])) == idxs:
                return before[1][aid]
            return _evidence_order(actor, idxs, _folded_sentences(writer, aid))

        return article_order

    with IndexWriter.in_place(out) as writer:
        n_dates = 0
        for a in added:
            folded_new[a.id] = _add_article(writer, a, payloads[a.id], people[a.id], curated)
            n_dates += len(payloads[a.id]["dates"])
        writer.load_articles(aid for m in merged for aid in m.articles)
        writer.replace_actors(
            skeys, [_actor_row(a, curated, order(a)) for a in sorted(merged, key=lambda a: (-len(a.articles), a.name))]
        )
        _replace_events(writer, added, payloads, older)
        n_actors = writer.db.execute("SELECT count(*) FROM actors").fetchone()[0]
        writer.put_cache({cache_key(a): json.dumps(payloads[a.id], ensure_ascii=False) for a in added})
        writer.put_files({name: state["files"][name] for name in names})
        dated = int(previous.get("dated_mentions", 0)) + n_dates
        published_from = dict(previous.get("published_from") or {})
        published_from.update({a.id: a.meta.published_from for a in added if a.meta.published_from})
        _set_build_meta(writer, total, n_actors, dated, state["fingerprint"], problems, published_from=published_from)
    report.problems = problems
    report.articles = total
    report.actors = n_actors
    report.dated_mentions = dated
    report.reused = n_old
    stage: Counter[str] = Counter()
    for payload in payloads.values():
        stage.update(payload.get("timing", {}))
    report.stage_seconds = {**stage, "analyse": analyse_seconds, "merge": time.perf_counter() - t_merge}
    return True



def _folded_sentences(writer: IndexWriter, article_id: str) -> list[str]:
    rowid = writer._article(article_id)[0]
    return [fold(t) for (t,) in writer.db.execute("SELECT text FROM sentences WHERE article = ? ORDER BY idx", (rowid,))]



def _recoloured(
    parts: dict[str, dict[str, list[ArticleActor]]],
    previous_actors: dict[str, tuple[set[str], dict[str, list[int]]]],
    merged: list[Actor],
    added: list[RawArticle],
) -> list[str]:
    """The older articles whose events may name other people now: those where the merged people
    under the re-merged surnames, or the sentences they cover, differ from the previous build."""
    new_ids = {a.id for a in added}
    before: dict[str, set[tuple[str, tuple[int, ...]]]] = {}
    for name, (_, orders) in previous_actors.items():
        for aid, idxs in orders.items():
            before.setdefault(aid, set()).add((name, tuple(sorted(idxs))))
    after: dict[str, set[tuple[str, tuple[int, ...]]]] = {}
    for actor in merged:
        for aid, idxs in actor.articles.items():
            after.setdefault(aid, set()).add((actor.name, tuple(sorted(idxs))))
    touched = {aid for part in parts.values() for aid in part} - new_ids
    return sorted(aid for aid in touched if before.get(aid, set()) != after.get(aid, set()))


def _older_payloads(out: Path, ids: list[str]) -> dict[str, tuple[date | None, dict]] | None:
    """(published, cached work) of these indexed articles, or None when some work is not cached."""
    if not ids:
        return {}
    db = connect_ro(out)
    try:
        rows = db.execute(
            f"SELECT id, cache_key, published FROM articles WHERE id IN ({','.join('?' * len(ids))})", ids
        ).fetchall()
    finally:
        db.close()
    cached = read_cache(out, [k for _, k, _ in rows if k])
    if len(rows) != len(ids) or any(k not in cached for _, k, _ in rows):
        return None
    return {aid: (date.fromisoformat(p) if p else None, json.loads(cached[k])) for aid, k, p in rows}


def _replace_events(
    writer: IndexWriter, added: list[RawArticle], payloads: dict[str, dict], older: dict[str, tuple[date | None, dict]]
) -> None:
    """Events of the new articles, and of the older ones whose people changed, as a rebuild writes them."""
    lex = load_lexicon()
    writer.delete_events(older)
    for aid in sorted(older):
        published, payload = older[aid]
        _add_events(writer, aid, published, payload, lex)
    for a in added:
        _add_events(writer, a.id, a.meta.published, payloads[a.id], lex)
