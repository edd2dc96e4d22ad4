"""Build time: corpus → clean → sentences → people and dates → summaries → index.

Per-article work (`analysis`) is cached beside the index by content hash (`bot.index.cache`), so re-running on an
unchanged corpus redoes nothing but the cheap cross-article merge; new articles are added
in place when that gives the same index (`incremental`).
"""

from __future__ import annotations

import json
import time
from collections import Counter
from functools import partial
from pathlib import Path
from typing import Callable

from bot.build import actors as actors_mod
from bot.build.analysis import PIPELINE_VERSION, _analyse_all, _mentions, cache_key
from bot.build.corpus import CorpusError, Problem, RawArticle, is_article_name, load_corpus
from bot.build.events import load_lexicon
from bot.build.incremental import _incremental
from bot.build.people import _actor_row, _evidence_order, _known_surnames, merge_people
from bot.build.records import BuildReport, _add_article, _add_events, _set_build_meta
from bot.build.state import _previous, build_state
from bot.index.cache import cache_path
from bot.index.reader import read_cache
from bot.index.writer import IndexWriteError, IndexWriter, build_lock, recover


def _order_in(actor: actors_mod.Actor, folded: dict[str, list[str]], article_id: str, idxs: list[int]) -> list[int]:
    return _evidence_order(actor, idxs, folded[article_id])


def write_index(
    articles: list[RawArticle],
    payloads: dict[str, dict],
    out: Path,
    problems: list[Problem] | tuple[()] = (),
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
    with IndexWriter.fresh(Path(out)) as writer:
        n_dates = 0
        folded: dict[str, list[str]] = {}
        for article in articles:
            p = payloads[article.id]
            folded[article.id] = _add_article(writer, article, p, per_article[article.id], curated)
            n_dates += len(p["dates"])
        for actor in merged:
            writer.add_actor(_actor_row(actor, curated, partial(_order_in, actor, folded)))
        lex = load_lexicon()
        for article in articles:
            _add_events(writer, article.id, article.meta.published, payloads[article.id], lex)
        writer.set_known_surnames(known)
        writer.put_cache({cache_key(a): json.dumps(payloads[a.id], ensure_ascii=False) for a in articles})
        state = state or {}
        writer.put_files(state.get("files", {}))
        _set_build_meta(
            writer, len(articles), len(merged), n_dates, state.get("fingerprint", ""), problems,
            pipeline=PIPELINE_VERSION, sources_sha=state.get("sources_sha", ""), listed_files=state.get("listed", []),
            published_from={a.id: a.meta.published_from for a in articles if a.meta.published_from},
        )
    stage["write"] = time.perf_counter() - t_write
    return len(merged), n_dates, stage



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
        recover(cache_path(out))
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
        if not any(is_article_name(p.name) for p in folder.iterdir()):
            raise CorpusError(f"{seeds}: no .txt articles or saved .html pages in this folder")
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
    stage: Counter[str] = Counter()
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
