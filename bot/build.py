"""Build time: corpus → clean → sentences → actors and dates → summaries → index.

The only module that imports underthesea. Per-article work is cached in the
index by content hash, so re-running on an unchanged corpus redoes nothing
but the cheap cross-article merge.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable

from bot import actors as actors_mod
from bot.clean import clean
from bot.corpus import CorpusError, Problem, RawArticle, load_corpus
from bot.dates import extract_dates
from bot.index import ActorRow, ArticleRow, DateRow, IndexWriter, read_cache
from bot.summary import summarise
from bot.text import fold

def _pipeline_version() -> str:
    """A hash of the code and curated data that shape per-article work, so any change to them
    (not only a remembered version bump) invalidates the cache."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted([*(root / n for n in ("clean.py", "actors.py", "dates.py", "build.py", "text.py")),
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


def actor_keys(actor: actors_mod.Actor) -> list[tuple[str, str]]:
    """Folded lookup keys for the serving path: names, aliases, surnames and roles."""
    keys = {(fold(actor.name), "name")}
    for alias in actor.aliases:
        keys.add((fold(alias), "alias"))
    keys.add((fold(actor.name).split()[-1], "surname"))
    curated = actors_mod.load_curated()
    for variant, canonical in curated.aliases.items():
        if canonical == actor.name:
            keys.add((variant, "alias"))
    for role in actor.roles:
        if len(role.split()) >= 2:
            keys.add((fold(role), "role"))
    return sorted(keys)


def build_index(
    seeds: Path,
    out: Path,
    progress: Callable[[int, int], None] | None = None,
    workers: int | None = None,
) -> BuildReport:
    """Build the index at `out`. Raises CorpusError, leaving `out` untouched, if the corpus cannot be read."""
    started = time.perf_counter()
    corpus = load_corpus(Path(seeds))
    if not corpus.articles and not list(Path(seeds).glob("*.txt")):
        raise CorpusError(f"{seeds}: no .txt articles in this folder")
    report = BuildReport(out=Path(out), problems=list(corpus.problems))
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
    done = len(payloads)
    total = len(corpus.articles)
    if progress:
        progress(done, total)
    jobs = [(a.text, a.meta.published.isoformat() if a.meta.published else None) for a in todo]
    workers = workers or min(os.cpu_count() or 1, 4)
    if len(todo) >= PARALLEL_THRESHOLD and workers > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for article, payload in zip(todo, pool.map(_analyse_in_worker, jobs, chunksize=4)):
                payloads[article.id] = payload
                done += 1
                if progress:
                    progress(done, total)
    else:
        for article, job in zip(todo, jobs):
            payloads[article.id] = _analyse_in_worker(job)
            done += 1
            if progress:
                progress(done, total)
    stage = Counter()
    for p in payloads.values():
        stage.update(p.get("timing", {}))

    # Cross-article pass: a surname confirmed as a person anywhere names a person everywhere.
    t_merge = time.perf_counter()
    known = {
        fold(m["name"]).split()[-1] for p in payloads.values() for m in p["mentions"] if m["evidence"]
    }
    per_article = {aid: actors_mod.group_article(_mentions(p), known) for aid, p in payloads.items()}
    merged = actors_mod.merge_corpus(per_article)
    stage["merge"] = time.perf_counter() - t_merge

    t_write = time.perf_counter()
    writer = IndexWriter(Path(out))
    try:
        n_dates = 0
        for article in corpus.articles:
            p = payloads[article.id]
            people = Counter(s for a in per_article[article.id] for s in a.sentences)
            dated = Counter(d["s"] for d in p["dates"])
            title = article.meta.title or article.id
            row = ArticleRow(
                id=article.id, file=article.file, title=title, outlet=article.meta.outlet,
                url=article.meta.url,
                published=article.meta.published.isoformat() if article.meta.published else None,
                author=article.meta.author, note=article.meta.note,
                summary=summarise(p["sentences"], title, people, dated),
                sha256=article.sha256, sentences=p["sentences"],
            )
            writer.add_article(row, [fold(s) for s in p["sentences"]])
            writer.add_dates(
                DateRow(article.id, d["s"], d["start"], d["end"], d["precision"], d["text"]) for d in p["dates"]
            )
            n_dates += len(p["dates"])
        for actor in merged:
            writer.add_actor(
                ActorRow(
                    name=actor.name, roles=actor.roles, aliases=sorted(actor.aliases),
                    keys=actor_keys(actor), articles=actor.articles,
                )
            )
        writer.put_cache({cache_key(a): json.dumps(payloads[a.id], ensure_ascii=False) for a in corpus.articles})
        writer.set_meta(
            built_at=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            pipeline=PIPELINE_VERSION,
            articles=len(corpus.articles),
            problems=[str(p) for p in report.problems],
        )
        writer.commit()
    except BaseException:
        writer.abort()
        raise
    stage["write"] = time.perf_counter() - t_write
    report.articles = len(corpus.articles)
    report.actors = len(merged)
    report.dated_mentions = n_dates
    report.stage_seconds = dict(stage)
    report.seconds = time.perf_counter() - started
    return report
