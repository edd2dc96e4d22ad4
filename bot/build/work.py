"""One article file from bytes to cached work, in a worker: read, checked, cleaned and analysed once.

The parent sends a file's path (or, to a cluster that cannot see this machine's folder, its bytes,
read through the same capped read) with its sources.yml entry, and gets back the article's metadata
and its work packed as the cache stores it — never the text, which nothing after analysis reads.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import deque
from concurrent.futures import Executor, Future
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Generic, Iterable, Iterator, TypeVar

from bot.build.analysis import PIPELINE_VERSION, _worker_state, analyse, cache_key
from bot.build.corpus import PAGE_SUFFIXES, RawArticle, SourceMeta, article_of, file_facts, read_article_bytes
from bot.index.cache import pack


@dataclass(frozen=True)
class FileJob:
    name: str
    path: str
    given: SourceMeta | None  # the file's sources.yml entry
    data: bytes | None = None  # the file's bytes, for a worker that cannot read `path`
    cache: str | None = None  # the build cache, for a worker that can read it: work found there is not redone


@dataclass
class FileResult:
    name: str
    problem: str | None = None  # why the file is not an article ("not UTF-8 text …")
    article: RawArticle | None = None  # with text ""
    facts: str = ""  # FileFacts as JSON, remembered by the bytes' hash
    packed: bytes = b""  # the analysis payload as JSON, zlib-packed as the cache stores it
    cached: bool = False  # the payload is already in the build cache (nothing was run)
    redo: FileJob | None = None  # for cached work: the job that redoes it, should the entry not unpack


def facts_key(name: str, sha256: str) -> str:
    """What a file's facts are remembered by: its bytes, its kind and the code that reads them."""
    kind = "page" if name.lower().endswith(PAGE_SUFFIXES) else "text"
    return hashlib.sha256(f"{PIPELINE_VERSION}|{kind}|{sha256}".encode()).hexdigest()


def analyse_file(job: FileJob) -> FileResult:
    """Read, check and analyse one article file (in whatever process runs it)."""
    try:
        raw = job.data if job.data is not None else read_article_bytes(Path(job.path))
        text, facts = file_facts(job.name, raw)
    except (OSError, ValueError) as exc:
        return FileResult(job.name, problem=str(exc))
    article = article_of(job.name, text, facts, job.given)
    article.text = ""
    facts_json = json.dumps(facts.to_json(), ensure_ascii=False)
    if job.cache and _in_cache(job.cache, cache_key(article)):
        # Work stored without the file's facts (an incremental add stores only the work): reuse it.
        return FileResult(job.name, article=article, facts=facts_json, cached=True, redo=replace(job, cache=None))
    nlp, gaz = _worker_state()
    payload = analyse(text, article.meta.published, nlp, gaz)
    return FileResult(job.name, article=article, facts=facts_json, packed=pack(json.dumps(payload, ensure_ascii=False)))


def _in_cache(path: str, key: str) -> bool:
    """Whether the build cache holds work for `key`; False, not a wait, while the build is committing to it
    (the work is then done again, which costs time but not correctness)."""
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=0)
        try:
            return db.execute("SELECT 1 FROM payloads WHERE key = ?", (key,)).fetchone() is not None
        finally:
            db.close()
    except sqlite3.DatabaseError:
        return False


T = TypeVar("T")
R = TypeVar("R")


@dataclass
class Ready(Generic[R]):
    """A result known without running anything (cached work), kept in its place in the order."""

    value: R


def in_order(
    items: Iterable[T | Ready[R]], fn: Callable[[T], R], executor: Executor | None, window: int
) -> Iterator[R]:
    """`fn` of each item, in the items' order, with at most `window` submitted and not yet taken.

    `Executor.map` would submit every job at once: at 100k articles the futures and their results
    (or, for a cluster, the bytes sent) would all sit in the parent. Without an executor, `fn` runs here.
    """
    pending: deque[Future[R] | Ready[R]] = deque()
    for item in items:
        if isinstance(item, Ready):
            pending.append(item)
        elif executor is None:
            pending.append(Ready(fn(item)))
        else:
            pending.append(executor.submit(fn, item))
        while len(pending) > window or (pending and isinstance(pending[0], Ready)):
            yield _take(pending.popleft())
    while pending:
        yield _take(pending.popleft())


def _take(entry: "Future[R] | Ready[R]") -> R:
    return entry.value if isinstance(entry, Ready) else entry.result()
