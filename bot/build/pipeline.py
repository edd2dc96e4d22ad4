"""Build time: corpus → clean → sentences → people and dates → summaries → index.

Each article file is read, cleaned and analysed once, in a worker (`work`); its work comes back in
corpus order, goes into the build cache beside the index (`bot.index.cache`) and its rows into the
new index as it arrives, and the cross-article pass then reads it back one article at a time
(`stream`), so memory stays flat however large the corpus. The cache is keyed by content: re-running
on an unchanged corpus redoes nothing but the cheap cross-article merge (without reading an unchanged
file again); new articles are added in place when that gives the same index (`incremental`).
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import ExitStack
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping

from bot.build.analysis import PARALLEL_THRESHOLD, cache_key
from bot.build.corpus import (
    CorpusError,
    FileFacts,
    Listing,
    Problem,
    RawArticle,
    SourceMeta,
    article_of,
    is_article_name,
    list_corpus,
    read_article_bytes,
)
from bot.build.incremental import _incremental
from bot.build.records import BuildReport
from bot.build.state import _previous, build_state
from bot.build.stream import StreamWriter
from bot.build.work import FileJob, FileResult, Ready, analyse_file, facts_key, in_order
from bot.index.cache import BuildCache, cache_path, pack, unpack
from bot.index.writer import IndexWriteError, IndexWriter, build_lock, recover

# Commit the build cache after this many newly analysed articles: a killed build keeps its work.
CACHE_COMMIT_EVERY = 200


def write_index(
    articles: list[RawArticle],
    payloads: Mapping[str, dict],
    out: Path,
    problems: list[Problem] | tuple[()] = (),
    state: dict | None = None,
) -> tuple[int, int, dict[str, float]]:
    """The cross-article pass and a complete new index from per-article work: (people, dated mentions, timings).

    `payloads` maps article id to what `analyse` returns (or the same shape from known annotations);
    `state` is `build_state(folder)` of the corpus read.
    """
    return write_streamed(((a, payloads[a.id]) for a in articles), out, problems, state)


def write_streamed(
    items: Iterable[tuple[RawArticle, dict]],
    out: Path,
    problems: list[Problem] | tuple[()] = (),
    state: dict | None = None,
) -> tuple[int, int, dict[str, float]]:
    """`write_index` from (article, work) pairs taken one at a time, in corpus order: each goes into the
    build cache, where the cross-article pass reads it back, so memory stays flat however many there are."""
    cache, _ = BuildCache.open(Path(out))
    try:
        with IndexWriter.fresh(Path(out)) as writer:
            stream = StreamWriter(writer, lambda key: json.loads(_cached(cache, key)))
            for n, (article, p) in enumerate(items, 1):
                key = cache_key(article)
                cache.put_payload(key, pack(json.dumps(p, ensure_ascii=False)))
                stream.add(article, key, p)
                if n % CACHE_COMMIT_EVERY == 0:
                    cache.commit()
            n_actors, stage = stream.finish(problems, state or {})
        cache.prune((k.key for k in stream.kept), None)
    finally:
        cache.close()
    return n_actors, stream.n_dates, stage



def build_index(
    seeds: Path,
    out: Path,
    progress: Callable[[int, int], None] | None = None,
    workers: int | None = None,
    incremental: bool = True,
    executor: Executor | None = None,
    remote: bool = False,
    changed: Iterable[str] | None = None,
) -> BuildReport:
    """Build the index at `out`. Raises CorpusError, leaving `out` untouched, if the corpus cannot be read.

    An unchanged corpus (the same bytes, code and data) leaves the index as it is; new articles are
    added to it when that gives the same index as a rebuild (see `_incremental`); otherwise the
    index is rewritten, reusing the cached per-article work of every unchanged article.

    One build at a time writes an index (IndexWriteError for a second one), and each first undoes
    what a killed build left: a hot journal is rolled back and stale temporary files removed.

    Articles are analysed by `executor` when given (a process pool, a Dask cluster's executor; with
    `remote`, its workers cannot read this machine's files and get each file's bytes instead), else
    by a pool of `workers` processes (1: in this process), else of up to 4.

    `changed` names the only files that may differ from the previous build (those an add or a fetch
    wrote): the rest of the folder is taken from the index's file list, not scanned. Should the change
    need a full rewrite, the folder is scanned after all.
    """
    out = Path(out)
    if out.is_dir():
        raise IndexWriteError(f"{out} is a folder, not an index file; give --out a file path")
    with build_lock(out):
        recover(out)
        recover(cache_path(out))
        return _build(seeds, out, progress, workers, incremental, executor, remote, changed)


def _build(
    seeds: Path, out: Path, progress: Callable[[int, int], None] | None, workers: int | None, incremental: bool,
    executor: Executor | None = None, remote: bool = False, changed: Iterable[str] | None = None,
) -> BuildReport:
    started = time.perf_counter()
    folder = Path(seeds)
    report = BuildReport(out=Path(out))
    previous = _previous(Path(out)) if incremental and folder.is_dir() else None
    state = None
    if previous is not None:
        state = build_state(folder, previous["files"], changed)
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
        if changed is not None:
            state = build_state(folder, previous["files"])  # a full rewrite reads the whole folder

    listing = list_corpus(folder)
    if not any(is_article_name(p.name) for p in folder.iterdir()):
        raise CorpusError(f"{seeds}: no .txt articles or saved .html pages in this folder")
    state = state or build_state(folder)
    cache, note = BuildCache.open(Path(out))
    if note:
        report.notes.append(note)
    with ExitStack() as stack:
        stack.callback(cache.close)
        plan, n_jobs = _plan(listing, state, cache)
        n_workers = workers or min(os.cpu_count() or 1, 4)
        if executor is None and n_jobs >= PARALLEL_THRESHOLD and n_workers > 1:
            pool = ProcessPoolExecutor(max_workers=n_workers)
            # A build that fails drops the jobs not yet started rather than waiting for them.
            stack.callback(pool.shutdown, wait=True, cancel_futures=True)
            executor = pool
        # Enough jobs in flight to keep every worker busy; few enough that the results waiting behind
        # a slow article stay small. (A cluster's size is not known here: at least 64.)
        window = max(64, 8 * n_workers)
        results = in_order(_items(plan, remote, str(cache.path)), analyse_file, executor, window)
        problems = list(listing.problems)
        with IndexWriter.fresh(Path(out)) as writer:
            stream = StreamWriter(writer, lambda key: json.loads(_cached(cache, key)))
            stage, read_keys = _stream_articles(results, stream, cache, problems, report, progress, len(listing.files))
            if not stream.kept:
                # Every file was skipped: writing would replace a good index with an empty one.
                named = "; ".join(str(p) for p in problems)
                raise CorpusError(f"{seeds}: no readable article, nothing indexed ({named})")
            if progress:  # skipped files are not counted: the bar ends at the articles indexed
                progress(len(stream.kept), len(stream.kept))
            n_actors, write_stages = stream.finish(problems, state)
        # The new index is in place: the cache keeps only what it was built from.
        cache.prune((k.key for k in stream.kept), read_keys)
    stage.update(write_stages)
    report.problems = problems
    report.articles = len(stream.kept)
    report.actors = n_actors
    report.dated_mentions = stream.n_dates
    report.stage_seconds = dict(stage)
    report.seconds = time.perf_counter() - started
    return report


Planned = tuple[Path, SourceMeta | None, FileResult | None]  # a file, its sources.yml entry, its cached work


def _plan(listing: Listing, state: dict, cache: BuildCache) -> tuple[list[Planned], int]:
    """Each listed file with its cached work when its bytes (by the hash the folder scan took) were read
    and analysed before; how many need analysing."""
    plan: list[Planned] = []
    n_jobs = 0
    for path in listing.files:
        given = listing.given.get(path.name)
        sha = state["files"].get(path.name, ("",))[0]
        known = cache.facts(facts_key(path.name, sha)) if sha else None
        if known is not None:
            article = article_of(path.name, "", FileFacts.from_json(path.name, json.loads(known)), given)
            if cache.has_payload(cache_key(article)):
                redo = FileJob(path.name, str(path), given)
                plan.append((path, given, FileResult(path.name, article=article, cached=True, redo=redo)))
                continue
        plan.append((path, given, None))
        n_jobs += 1
    return plan, n_jobs


def _items(plan: list[Planned], remote: bool, cache: str) -> Iterator[FileJob | Ready[FileResult]]:
    """The plan as work for `in_order`, each file's bytes read only as it is sent (remote workers)."""
    for path, given, done in plan:
        if done is not None:
            yield Ready(done)
        elif not remote:
            yield FileJob(path.name, str(path), given, cache=cache)
        else:
            try:
                yield FileJob(path.name, str(path), given, read_article_bytes(path))
            except (OSError, ValueError) as exc:
                yield Ready(FileResult(path.name, problem=str(exc)))


def _stream_articles(
    results: Iterator[FileResult], stream: StreamWriter, cache: BuildCache, problems: list[Problem],
    report: BuildReport, progress: Callable[[int, int], None] | None, total: int,
) -> tuple[Counter[str], list[str]]:
    """Take each file's outcome in corpus order: new work into the cache, the article's rows into the index.

    Returns the summed per-stage seconds and the facts keys of the articles indexed."""
    ids: dict[str, str] = {}
    stage: Counter[str] = Counter()
    read_keys: list[str] = []
    fresh = 0
    for r in results:
        stem = Path(r.name).stem
        if stem in ids:
            problems.append(Problem(r.name, f"skipped: {ids[stem]} has the same name; rename one of them"))
            continue
        if r.problem is not None or r.article is None:
            problems.append(Problem(r.name, f"skipped: {r.problem}"))
            continue
        article, key = r.article, cache_key(r.article)
        text = cache.payload(key) if r.cached else None
        if text is not None:
            report.reused += 1
            if r.facts:  # found by a worker that read the file: remember what it read
                cache.put_facts(facts_key(r.name, article.sha256), r.facts)
        else:
            if r.redo is not None:  # cached work that would not unpack: redo it here
                r = analyse_file(r.redo)
                if r.problem is not None or r.article is None:
                    problems.append(Problem(r.name, f"skipped: {r.problem}"))
                    continue
                article, key = r.article, cache_key(r.article)
            cache.put_payload(key, r.packed)
            cache.put_facts(facts_key(r.name, article.sha256), r.facts)
            text = unpack(r.packed)
            fresh += 1
            if fresh % CACHE_COMMIT_EVERY == 0:
                cache.commit()
        ids[stem] = r.name
        read_keys.append(facts_key(r.name, article.sha256))
        p = json.loads(text)
        stage.update(p.get("timing", {}))
        stream.add(article, key, p)
        if progress:
            progress(len(stream.kept), total)
    return stage, read_keys


def _cached(cache: BuildCache, key: str) -> str:
    text = cache.payload(key)
    if text is None:
        raise CorpusError(f"the build cache {cache.path} lost an entry during the build; run the build again")
    return text
