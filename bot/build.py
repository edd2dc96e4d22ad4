"""Build time: corpus → clean → sentences → actors and dates → summaries → index.

The only module that imports underthesea. Per-article work is cached in the
index by content hash, so re-running on an unchanged corpus redoes nothing
but the cheap cross-article merge.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable, Iterable

from bot import actors as actors_mod
from bot.clean import clean
from bot.corpus import (MAX_ARTICLE_BYTES, Corpus, CorpusError, Problem, RawArticle, load_corpus, name_is_utf8,
                        not_an_article_file)
from bot.dates import extract_dates
from bot.index import (SCHEMA_VERSION, ActorRow, ArticleRow, DateRow, IndexWriter, IndexWriteError, build_lock,
                       read_cache, recover, schema_is_ours)
from bot.index import meta as read_meta  # noqa: I001 - "meta" alone would shadow local names
from bot.summary import summarise
from bot.text import fold

# Bump when `analyse` below changes what it stores; the modules it calls are hashed instead.
ANALYSE_VERSION = "2"


def _pipeline_version() -> str:
    """A hash of the code and curated data that shape per-article work, so a changed rule
    invalidates the per-article cache without anyone remembering to bump a number. This file
    is left out (ANALYSE_VERSION stands for it) so that editing the build's plumbing does not
    throw away hours of cached NLP on a large corpus."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256(ANALYSE_VERSION.encode())
    for path in sorted([*(root / n for n in ("corpus.py", "clean.py", "actors.py", "dates.py", "text.py")),
                        *(root.parent / "data").glob("*.yml")]):
        if path.exists():
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


PIPELINE_VERSION = _pipeline_version()
PARALLEL_THRESHOLD = 16


class Nlp:
    """underthesea, loaded on first use: sentence splitting and, where rules leave a name undecided, NER."""

    def __init__(self) -> None:
        from underthesea import ner, sent_tokenize

        self._ner = ner
        self._sent_tokenize = sent_tokenize

    def sentences(self, paragraph: str) -> list[str]:
        return [s.strip() for s in self._sent_tokenize(paragraph) if s.strip()]

    def ner(self, sentence: str) -> list[tuple[str, str]]:
        return [(tok[0], tok[-1]) for tok in self._ner(sentence)]


@dataclass
class BuildReport:
    out: Path
    articles: int = 0
    actors: int = 0
    dated_mentions: int = 0
    reused: int = 0
    seconds: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def summary_line(self) -> str:
        line = (
            f"Indexed {self.articles} articles, {self.actors} people, {self.dated_mentions} dated mentions"
            f" in {self.seconds:.1f} s ({self.reused} reused) → {self.out}"
        )
        if self.problems:
            line += f"; {len(self.problems)} problem(s)"
        return line


def cache_key(article: RawArticle) -> str:
    published = article.meta.published.isoformat() if article.meta.published else ""
    return hashlib.sha256(f"{PIPELINE_VERSION}|{article.sha256}|{published}".encode()).hexdigest()


_WORKER: dict[str, object] = {}


def _worker_state() -> tuple[Nlp, actors_mod.Gazetteer]:
    if "nlp" not in _WORKER:
        _WORKER["nlp"] = Nlp()
        _WORKER["gaz"] = actors_mod.Gazetteer.load()
    return _WORKER["nlp"], _WORKER["gaz"]  # type: ignore[return-value]


def analyse(text: str, published: date | None, nlp: Nlp, gaz: actors_mod.Gazetteer) -> dict:
    """Everything one article yields on its own, as JSON-ready data (cached by content)."""
    t0 = time.perf_counter()
    cleaned = clean(text)
    t1 = time.perf_counter()
    sentences = [s for paragraph in cleaned.body for s in nlp.sentences(paragraph)]
    t2 = time.perf_counter()
    mentions = actors_mod.find_mentions(sentences, gaz, nlp.ner)
    t3 = time.perf_counter()
    dates = []
    for si, sentence in enumerate(sentences):
        for d in extract_dates(sentence, published):
            dates.append(
                {"s": si, "start": d.span.start.isoformat(), "end": d.span.end.isoformat(),
                 "precision": d.span.precision, "text": d.text}
            )
    t4 = time.perf_counter()
    return {
        "sentences": sentences,
        "chrome": cleaned.chrome,
        "mentions": [
            {"name": m.name, "s": m.sentence, "start": m.start, "end": m.end, "role": m.role, "evidence": m.evidence}
            for m in mentions
        ],
        "dates": dates,
        "timing": {"clean": t1 - t0, "sentences": t2 - t1, "actors": t3 - t2, "dates": t4 - t3},
    }


def _analyse_in_worker(args: tuple[str, str | None]) -> dict:
    text, published = args
    nlp, gaz = _worker_state()
    return analyse(text, date.fromisoformat(published) if published else None, nlp, gaz)


def _mentions(payload: dict) -> list[actors_mod.Mention]:
    return [
        actors_mod.Mention(m["name"], m["s"], m["start"], m["end"], m["role"], m["evidence"])
        for m in payload["mentions"]
    ]


def actor_keys(actor: actors_mod.Actor, curated: actors_mod.Curated | None = None) -> list[tuple[str, str]]:
    """Folded lookup keys for the serving path: names, aliases, surnames and roles."""
    keys = {(fold(actor.name), "name")}
    for alias in actor.aliases:
        keys.add((fold(alias), "alias"))
    keys.add((fold(actor.name).split()[-1], "surname"))
    curated = curated or actors_mod.load_curated()
    for variant, canonical in curated.aliases.items():
        if canonical == actor.name:
            keys.add((variant, "alias"))
    for role in actor.roles:
        if len(role.split()) >= 2:
            keys.add((fold(role), "role"))
    return sorted(keys)


def _meta_hash(article: RawArticle) -> str:
    m = article.meta
    fields = [article.file, m.title, m.outlet, m.url, m.published.isoformat() if m.published else None,
              m.author, m.note]
    return hashlib.sha256(json.dumps(fields, ensure_ascii=False).encode()).hexdigest()


def _skey(name: str, curated: actors_mod.Curated) -> str:
    """The surname that decides which merged person a name joins (that of its curated canonical form)."""
    return fold(curated.aliases.get(fold(name), name)).split()[-1]


def merge_people(
    per_article: dict[str, list[actors_mod.ArticleActor]], curated: actors_mod.Curated
) -> list[actors_mod.Actor]:
    """`actors.merge_corpus`, one surname at a time.

    merge_corpus only ever joins names that share a surname (of their canonical form), so running it
    per surname gives the same people, while its name grouping, quadratic in the number of distinct
    names, stays small. tests/bot/test_build.py holds the two equal.
    """
    parts: dict[str, dict[str, list[actors_mod.ArticleActor]]] = {}
    for article_id, people in per_article.items():
        for a in people:
            parts.setdefault(_skey(a.name, curated), {}).setdefault(article_id, []).append(a)
    merged: list[actors_mod.Actor] = []
    for part in parts.values():
        merged.extend(actors_mod.merge_corpus(part, curated))
    return sorted(merged, key=lambda a: (-len(a.articles), a.name))


def _evidence_order(actor: actors_mod.Actor, idxs: list[int], folded: list[str]) -> list[int]:
    """Sentences that give the full name or a role first: they say most about who this is."""
    keys = [fold(actor.name)] + [fold(r) for r in actor.roles]
    return sorted(idxs, key=lambda i: (not any(k in (folded[i] if i < len(folded) else "") for k in keys), i))


def _actor_json(a: actors_mod.ArticleActor) -> str:
    return json.dumps([a.name, sorted(a.aliases), a.roles, a.sentences], ensure_ascii=False)


def _actor_from_json(data: str) -> actors_mod.ArticleActor:
    name, aliases, roles, sentences = json.loads(data)
    return actors_mod.ArticleActor(name=name, aliases=set(aliases), roles=roles, sentences=sentences)


def _known_surnames(payloads: Iterable[dict]) -> set[str]:
    return {fold(m["name"]).split()[-1] for p in payloads for m in p["mentions"] if m["evidence"]}


def _article_row(article: RawArticle, p: dict, people: list[actors_mod.ArticleActor]) -> ArticleRow:
    per_sentence = Counter(s for a in people for s in a.sentences)
    dated = Counter(d["s"] for d in p["dates"])
    title = article.meta.title or article.id
    return ArticleRow(
        id=article.id, file=article.file, title=title, outlet=article.meta.outlet,
        url=article.meta.url,
        published=article.meta.published.isoformat() if article.meta.published else None,
        author=article.meta.author, note=article.meta.note,
        summary=summarise(p["sentences"], title, per_sentence, dated),
        sha256=article.sha256, sentences=p["sentences"],
        cache_key=cache_key(article), meta_hash=_meta_hash(article),
    )


def _add_article(writer: IndexWriter, article: RawArticle, p: dict, people: list[actors_mod.ArticleActor],
                 curated: actors_mod.Curated) -> list[str]:
    """Write one article with its dates and pre-merge people; returns its folded sentences."""
    folded = [fold(s) for s in p["sentences"]]
    writer.add_article(_article_row(article, p, people), folded)
    writer.add_dates(
        DateRow(article.id, d["s"], d["start"], d["end"], d["precision"], d["text"]) for d in p["dates"]
    )
    writer.add_article_actors(article.id, [(_skey(a.name, curated), _actor_json(a)) for a in people])
    return folded


def _actor_row(actor: actors_mod.Actor, curated: actors_mod.Curated, order: Callable[[str, list[int]], list[int]]) -> ActorRow:
    return ActorRow(
        name=actor.name, roles=actor.roles, aliases=sorted(actor.aliases),
        keys=actor_keys(actor, curated),
        articles={aid: order(aid, idxs) for aid, idxs in actor.articles.items()},
        skey=_skey(actor.name, curated),
    )


def _file_sha256(path: str, size: int) -> str:
    """The file's sha256, read in chunks; an over-size file (which the build refuses unread) is hashed by
    its size alone, so a 50 GB file costs one stat, not a read."""
    if size > MAX_ARTICLE_BYTES:
        return "oversize:%d" % size
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 16):
            digest.update(chunk)
    return digest.hexdigest()


def scan_folder(folder: Path, known: dict[str, tuple[str, int, int]] | None = None) -> tuple[dict[str, tuple[str, int, int]], str]:
    """The corpus as bytes: (sha256, size, mtime_ns) of every article file by name, and sha256 of
    sources.yml ('' if none). A file whose size and mtime are those `known` recorded keeps its hash
    unread, as git's index does."""
    folder = Path(folder)
    known = known or {}
    files: dict[str, tuple[str, int, int]] = {}
    with os.scandir(folder) as entries:  # the files load_corpus reads, without a Path per file
        found = sorted(
            (e.name, e) for e in entries if len(e.name) > 4 and e.name[-4:].lower() == ".txt"  # not ".txt" itself
        )
    root = folder.resolve()
    for name, entry in found:
        if not name_is_utf8(name):
            continue  # load_corpus names it as skipped; it cannot be stored as text
        try:
            if entry.is_symlink():
                if not_an_article_file(Path(entry.path), root) is not None:
                    continue  # load_corpus names it as skipped; its target is not part of the corpus
            elif not entry.is_file():
                continue
            st = entry.stat()
            before = known.get(name)
            if before and tuple(before[1:]) == (st.st_size, st.st_mtime_ns):
                files[name] = tuple(before)
            else:
                files[name] = (_file_sha256(entry.path, st.st_size), st.st_size, st.st_mtime_ns)
        except OSError:
            files[name] = ("", -1, -1)
    sources = folder / "sources.yml"
    try:
        sources_sha = hashlib.sha256(sources.read_bytes()).hexdigest() if sources.exists() else ""
    except OSError:
        sources_sha = "unreadable"
    return files, sources_sha


def _code_version() -> str:
    """The code that turns a corpus into an index besides the per-article pipeline."""
    digest = hashlib.sha256(f"{PIPELINE_VERSION}|{SCHEMA_VERSION}".encode())
    root = Path(__file__).resolve().parent
    for name in ("build.py", "index.py", "summary.py"):
        path = root / name
        if path.exists():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def raw_fingerprint(files: dict[str, tuple[str, int, int]], sources_sha: str) -> str:
    """Everything an index is a function of: the code and data versions and the corpus bytes."""
    digest = hashlib.sha256(f"{_code_version()}|{sources_sha}".encode())
    for name, (sha, _, _) in sorted(files.items()):
        digest.update(f"\n{name}|{sha}".encode())
    return digest.hexdigest()


def _listed_files(folder: Path) -> list[str]:
    from bot.corpus import load_sources

    try:
        metas, _, _ = load_sources(Path(folder) / "sources.yml")
    except CorpusError:
        return []
    return sorted(metas)


def build_state(folder: Path, known: dict[str, tuple[str, int, int]] | None = None) -> dict:
    """What a later build compares against to find an unchanged corpus or only new files."""
    files, sources_sha = scan_folder(folder, known)
    return {"files": files, "sources_sha": sources_sha, "fingerprint": raw_fingerprint(files, sources_sha),
            "listed": _listed_files(folder)}


def _set_build_meta(
    writer: IndexWriter, articles: int, actors: int, dated: int, fingerprint: str, problems, **extra: object
) -> None:
    """What a later build and `index` report read back: counts, the corpus fingerprint, the problems."""
    writer.set_meta(
        built_at=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        articles=articles,
        actors=actors,
        dated_mentions=dated,
        fingerprint=fingerprint,
        problem_list=[[p.file, p.reason] for p in problems],
        **extra,
    )


def write_index(
    articles: list[RawArticle],
    payloads: dict[str, dict],
    out: Path,
    problems: list[Problem] = (),
    state: dict | None = None,
) -> tuple[int, int, dict[str, float]]:
    """The cross-article pass and a complete new index from per-article work: (people, dated mentions, timings).

    `payloads` maps article id to what `analyse` returns (or the same shape from known annotations);
    `state` is `build_state(folder)` of the corpus read.
    """
    stage: dict[str, float] = {}
    curated = actors_mod.load_curated()
    # Cross-article pass: a surname confirmed as a person anywhere names a person everywhere.
    t_merge = time.perf_counter()
    known = _known_surnames(payloads[a.id] for a in articles)
    per_article = {a.id: actors_mod.group_article(_mentions(payloads[a.id]), known) for a in articles}
    merged = merge_people(per_article, curated)
    stage["merge"] = time.perf_counter() - t_merge

    t_write = time.perf_counter()
    writer = IndexWriter(Path(out))
    try:
        n_dates = 0
        folded: dict[str, list[str]] = {}
        for article in articles:
            p = payloads[article.id]
            folded[article.id] = _add_article(writer, article, p, per_article[article.id], curated)
            n_dates += len(p["dates"])
        for actor in merged:
            writer.add_actor(_actor_row(actor, curated, lambda aid, idxs, a=actor: _evidence_order(a, idxs, folded[aid])))
        writer.set_known_surnames(known)
        writer.put_cache({cache_key(a): json.dumps(payloads[a.id], ensure_ascii=False) for a in articles})
        state = state or {}
        writer.put_files(state.get("files", {}))
        _set_build_meta(
            writer, len(articles), len(merged), n_dates, state.get("fingerprint", ""), problems,
            pipeline=PIPELINE_VERSION, sources_sha=state.get("sources_sha", ""), listed_files=state.get("listed", []),
        )
        writer.commit()
    except BaseException:
        writer.abort()
        raise
    stage["write"] = time.perf_counter() - t_write
    return len(merged), n_dates, stage


def _previous(out: Path) -> dict | None:
    """What the index at `out` was built from, or None when it cannot be built upon."""
    if not Path(out).exists():
        return None
    try:
        db = sqlite3.connect(f"file:{out}?mode=ro", uri=True)
        try:
            if db.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION or not schema_is_ours(db):
                return None
            info = read_meta(db)
            if info.get("pipeline") != PIPELINE_VERSION:
                return None
            info["files"] = {n: (sha, size, mtime) for n, sha, size, mtime in db.execute(
                "SELECT name, sha256, size, mtime_ns FROM build_files")}
            return info
        finally:
            db.close()
    except (sqlite3.DatabaseError, ValueError):
        return None


def _analyse_all(
    todo: list[RawArticle], workers: int | None, on_done: Callable[[RawArticle, dict], None]
) -> None:
    jobs = [(a.text, a.meta.published.isoformat() if a.meta.published else None) for a in todo]
    workers = workers or min(os.cpu_count() or 1, 4)
    if len(todo) >= PARALLEL_THRESHOLD and workers > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for article, payload in zip(todo, pool.map(_analyse_in_worker, jobs, chunksize=4)):
                on_done(article, payload)
    else:
        for article, job in zip(todo, jobs):
            on_done(article, _analyse_in_worker(job))


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
    db = sqlite3.connect(f"file:{out}?mode=ro", uri=True)
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
    curated = actors_mod.load_curated()
    db = sqlite3.connect(f"file:{out}?mode=ro", uri=True)
    try:
        known = {s for (s,) in db.execute("SELECT surname FROM known_surnames")}
        if not _known_surnames(payloads.values()) <= known:
            return False
        people = {a.id: actors_mod.group_article(_mentions(payloads[a.id]), known) for a in added}
        skeys = sorted({_skey(p.name, curated) for ps in people.values() for p in ps})
        parts: dict[str, dict[str, list[actors_mod.ArticleActor]]] = {}
        previous_actors: dict[str, tuple[set[str], dict[str, list[int]]]] = {}
        for skey in skeys:
            part: dict[str, list[actors_mod.ArticleActor]] = {}
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
        merged = [m for part in parts.values() for m in actors_mod.merge_corpus(part, curated)]
    finally:
        db.close()
    folded_new: dict[str, list[str]] = {}

    def order(actor: actors_mod.Actor):
        keys = {fold(actor.name)} | {fold(r) for r in actor.roles}
        before = previous_actors.get(actor.name)

        def article_order(aid: str, idxs: list[int]) -> list[int]:
            if aid in folded_new:
                return _evidence_order(actor, idxs, folded_new[aid])
            if before and before[0] == keys and sorted(before[1].get(aid, [])) == idxs:
                return before[1][aid]
            return _evidence_order(actor, idxs, _folded_sentences(writer, aid))

        return article_order

    writer = IndexWriter(out, in_place=True)
    try:
        n_dates = 0
        for a in added:
            folded_new[a.id] = _add_article(writer, a, payloads[a.id], people[a.id], curated)
            n_dates += len(payloads[a.id]["dates"])
        writer.load_articles(aid for m in merged for aid in m.articles)
        writer.replace_actors(
            skeys, [_actor_row(a, curated, order(a)) for a in sorted(merged, key=lambda a: (-len(a.articles), a.name))]
        )
        n_actors = writer.db.execute("SELECT count(*) FROM actors").fetchone()[0]
        writer.put_cache({cache_key(a): json.dumps(payloads[a.id], ensure_ascii=False) for a in added})
        writer.put_files({name: state["files"][name] for name in names})
        dated = int(previous.get("dated_mentions", 0)) + n_dates
        _set_build_meta(writer, total, n_actors, dated, state["fingerprint"], problems)
        writer.commit()
    except BaseException:
        writer.abort()
        raise
    report.problems = problems
    report.articles = total
    report.actors = n_actors
    report.dated_mentions = dated
    report.reused = n_old
    stage = Counter()
    for p in payloads.values():
        stage.update(p.get("timing", {}))
    report.stage_seconds = {**stage, "analyse": analyse_seconds, "merge": time.perf_counter() - t_merge}
    return True


def _folded_sentences(writer: IndexWriter, article_id: str) -> list[str]:
    rowid = writer._article(article_id)[0]
    return [fold(t) for (t,) in writer.db.execute("SELECT text FROM sentences WHERE article = ? ORDER BY idx", (rowid,))]


def build_index(
    seeds: Path,
    out: Path,
    progress: Callable[[int, int], None] | None = None,
    workers: int | None = None,
    incremental: bool = True,
) -> BuildReport:
    """Build the index at `out`. Raises CorpusError, leaving `out` untouched, if the corpus cannot be read.

    An unchanged corpus (the same bytes, code and data) leaves the index as it is; new articles are
    added to it when that gives the same index as a rebuild (see `_incremental`); otherwise the
    index is rewritten, reusing the cached per-article work of every unchanged article.

    One build at a time writes an index (IndexWriteError for a second one), and each first undoes
    what a killed build left: a hot journal is rolled back and stale temporary files removed.
    """
    out = Path(out)
    if out.is_dir():
        raise IndexWriteError(f"{out} is a folder, not an index file; give --out a file path")
    with build_lock(out):
        recover(out)
        return _build(seeds, out, progress, workers, incremental)


def _build(
    seeds: Path, out: Path, progress: Callable[[int, int], None] | None, workers: int | None, incremental: bool
) -> BuildReport:
    started = time.perf_counter()
    folder = Path(seeds)
    report = BuildReport(out=Path(out))
    previous = _previous(Path(out)) if incremental and folder.is_dir() else None
    state = None
    if previous is not None:
        state = build_state(folder, previous["files"])
        if previous.get("fingerprint") == state["fingerprint"] and state["files"]:
            report.articles = report.reused = int(previous.get("articles", 0))
            report.actors = int(previous.get("actors", 0))
            report.dated_mentions = int(previous.get("dated_mentions", 0))
            report.problems = [Problem(f, r) for f, r in previous.get("problem_list", [])]
            report.seconds = time.perf_counter() - started
            if progress:
                progress(report.articles, report.articles)
            return report
        if _incremental(folder, Path(out), previous, state, report, workers, progress):
            report.seconds = time.perf_counter() - started
            return report

    corpus = load_corpus(folder)
    if not corpus.articles:
        if not list(folder.glob("*.txt")):
            raise CorpusError(f"{seeds}: no .txt articles in this folder")
        # Every file was skipped: writing would replace a good index with an empty one.
        named = "; ".join(str(p) for p in corpus.problems)
        raise CorpusError(f"{seeds}: no readable article, nothing indexed ({named})")
    state = state or build_state(folder)
    report.problems = list(corpus.problems)
    total = len(corpus.articles)
    cache = read_cache(Path(out))
    payloads: dict[str, dict] = {}
    todo: list[RawArticle] = []
    for article in corpus.articles:
        key = cache_key(article)
        if key in cache:
            payloads[article.id] = json.loads(cache[key])
            report.reused += 1
        else:
            todo.append(article)
    del cache
    if progress:
        progress(len(payloads), total)

    def done(article: RawArticle, payload: dict) -> None:
        payloads[article.id] = payload
        if progress:
            progress(len(payloads), total)

    _analyse_all(todo, workers, done)
    stage = Counter()
    for p in payloads.values():
        stage.update(p.get("timing", {}))
    n_actors, n_dates, write_stages = write_index(corpus.articles, payloads, Path(out), corpus.problems, state)
    stage.update(write_stages)
    report.articles = total
    report.actors = n_actors
    report.dated_mentions = n_dates
    report.stage_seconds = dict(stage)
    report.seconds = time.perf_counter() - started
    return report
