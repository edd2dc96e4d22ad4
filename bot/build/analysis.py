"""One article on its own: clean → sentences → people and dates, as JSON-ready data cached by content.

The cache key hashes the code and curated data that shape this work, so a changed
rule re-analyses cached articles without anyone bumping a number.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path
from typing import Callable

from bot.build.actors import Mention, find_mentions
from bot.build.clean import clean
from bot.build.corpus import RawArticle
from bot.build.curated import DATA_DIR, Gazetteer
from bot.build.dates import ends_inside_quote, extract_dates
from bot.build.nlp import Nlp

# Bump when `analyse` below changes what it stores; the modules it calls are hashed instead.
ANALYSE_VERSION = "2"


# The modules and curated data whose every byte shapes per-article work. A module that is
# renamed or removed fails the import here, loudly, rather than silently leaving the cache stale.
ANALYSIS_MODULES = (
    "bot.build.corpus", "bot.build.clean", "bot.build.datelines", "bot.build.curated", "bot.build.actors", "bot.build.dates",
    "bot.shared.dates", "bot.shared.text",
)
ANALYSIS_DATA = ("gazetteer.yml", "actors.yml")


def code_digest(seed: str, modules: tuple[str, ...], data: tuple[str, ...] = ()) -> str:
    """sha256 over `seed`, the source of each named module and each named file of data/.

    Raises ModuleNotFoundError or FileNotFoundError when one is missing: a cache key that
    quietly skipped a renamed module would keep serving work done by old rules.
    """
    digest = hashlib.sha256(seed.encode())
    for name in modules:
        source = importlib.import_module(name).__file__
        if source is None:
            raise ModuleNotFoundError(f"{name} has no source file to hash")
        digest.update(name.encode() + b"\0" + Path(source).read_bytes())
    for file in data:
        digest.update(file.encode() + b"\0" + (DATA_DIR / file).read_bytes())
    return digest.hexdigest()


def _pipeline_version() -> str:
    """A hash of the code and curated data that shape per-article work, so a changed rule
    invalidates the per-article cache without anyone remembering to bump a number. This module
    is left out (ANALYSE_VERSION stands for it) so that editing the build's plumbing does not
    throw away hours of cached NLP on a large corpus."""
    return code_digest(ANALYSE_VERSION, ANALYSIS_MODULES, ANALYSIS_DATA)[:16]


PIPELINE_VERSION = _pipeline_version()


PARALLEL_THRESHOLD = 16


def cache_key(article: RawArticle) -> str:
    published = article.meta.published.isoformat() if article.meta.published else ""
    return hashlib.sha256(f"{PIPELINE_VERSION}|{article.sha256}|{published}".encode()).hexdigest()



_WORKER: dict[str, object] = {}


def _worker_state() -> tuple[Nlp, Gazetteer]:
    if "nlp" not in _WORKER:
        _WORKER["nlp"] = Nlp()
        _WORKER["gaz"] = Gazetteer.load()
    return _WORKER["nlp"], _WORKER["gaz"]  # type: ignore[return-value]



def analyse(text: str, published: date | None, nlp: Nlp, gaz: Gazetteer) -> dict:
    """Everything one article yields on its own, as JSON-ready data (cached by content)."""
    t0 = time.perf_counter()
    cleaned = clean(text)
    t1 = time.perf_counter()
    sentences: list[str] = []
    quoted_from: list[bool] = []  # whether each sentence opens inside a quotation left open before it
    for paragraph in cleaned.body:
        still_open = False
        for sentence in nlp.sentences(paragraph):
            sentences.append(sentence)
            quoted_from.append(still_open)
            still_open = ends_inside_quote(sentence, still_open)
    t2 = time.perf_counter()
    mentions = find_mentions(sentences, gaz, nlp.ner)
    t3 = time.perf_counter()
    dates = []
    last_day: date | None = None  # what "cùng ngày" (the same day) refers to
    for si, sentence in enumerate(sentences):
        found = extract_dates(sentence, published, last_day, in_quote=quoted_from[si])
        # "Cùng ngày" is the day the last dated sentence is about: its first day ("Tối 16/2, …
        # dự kiến diễn ra ngày 17-18/2" is about the 16th).
        last_day = next((d.span.start for d in found if d.span.precision == "day"), last_day)
        for d in found:
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



def _mentions(payload: dict) -> list[Mention]:
    return [
        Mention(m["name"], m["s"], m["start"], m["end"], m["role"], m["evidence"])
        for m in payload["mentions"]
    ]



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
