"""What the bot's `who` latencies are measured against, in the same run and on the same index.

- naive fuzzy: `rapidfuzz.process.extractOne(key, every lookup key)` for each typo query of the
  mix: the brute-force scan the trigram map in bot/serve/names.py exists to beat;
- indexed fetch: one lookup-key probe and the person's row through the engine's own SQLite
  connection: the least any `who` of an exact name can do, its floor;
- cold fuzzy: a freshly opened Engine hit by 16 typo queries at once from threads, beside the same
  16 on an engine that has answered them before. When the first queries built the name map
  lazily, each racing to build it, the issue saw 6.1 s against 0.13 s.
"""

from __future__ import annotations

import statistics
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import process

from benchmarks.stats import percentile
from bot.serve.engine import Engine
from bot.serve.query import parse
from bot.serve.who import lookup_key

CONCURRENT = 16


@dataclass(frozen=True)
class Baselines:
    keys: int  # distinct lookup keys the naive scan goes through
    naive_typo: tuple[float, float]  # p50, p99 ms per typo query
    fetch: tuple[float, float]  # p50, p99 ms per exact key → person row
    open_seconds: float  # Engine(index): opening the index and building its name map
    cold_seconds: float  # wall time of the 16 concurrent typo queries on the fresh engine
    warm_seconds: float  # the same 16 on an engine that has answered them before


def query_keys(mix: list[tuple[str, str, str]], intent: str, kind: str) -> list[tuple[str, str]]:
    """(query, folded lookup key) for the mix's queries of one intent and kind, as `who` reads them."""
    return [(text, lookup_key(parse(text).target)) for i, k, text in mix if (i, k) == (intent, kind)]


def all_keys(engine: Engine) -> list[str]:
    """Every distinct lookup key of the index: names, spellings, surnames and roles."""
    return [k for (k,) in engine.session.db().execute("SELECT DISTINCT key FROM actor_keys")]


def naive_match(key: str, keys: list[str]) -> str | None:
    """The best-scoring key by rapidfuzz's default scorer over the whole list, no shortlist."""
    best = process.extractOne(key, keys)
    return best[0] if best else None


def fetch_person(engine: Engine, key: str) -> tuple | None:
    """One indexed probe of actor_keys and the person's row by rowid, through the engine's connection."""
    return engine.session.db().execute(
        "SELECT a.rowid, a.name, a.roles, a.aliases, a.n_articles FROM actor_keys k"
        " JOIN actors a ON a.rowid = k.actor WHERE k.key = ? LIMIT 1", (key,)).fetchone()


def _timed_ms(calls: list, rounds: int) -> tuple[float, float]:
    times = []
    for _ in range(rounds):
        for call in calls:
            t = time.perf_counter()
            call()
            times.append((time.perf_counter() - t) * 1000)
    return percentile(times, 0.5), percentile(times, 0.99)


def concurrent_answers(engine: Engine, queries: list[str]) -> float:
    """Wall seconds for one thread per query, released together, to all have their answers."""
    gate = threading.Barrier(len(queries) + 1)
    failures: list[Exception] = []

    def ask(text: str) -> None:
        gate.wait()
        try:
            engine.answer(text)
        except Exception as exc:  # raised below, once every thread is done
            failures.append(exc)

    threads = [threading.Thread(target=ask, args=(q,)) for q in queries]
    for thread in threads:
        thread.start()
    gate.wait()
    t = time.perf_counter()
    for thread in threads:
        thread.join()
    took = time.perf_counter() - t
    if failures:
        raise failures[0]
    return took


def cold_and_warm(index: Path, queries: list[str], runs: int) -> tuple[float, float, float]:
    """Medians over `runs` fresh engines: seconds to open one, the queries on it fresh, then again warm."""
    opened, cold, warm = [], [], []
    for _ in range(runs):
        t = time.perf_counter()
        engine = Engine(index)
        opened.append(time.perf_counter() - t)
        cold.append(concurrent_answers(engine, queries))
        warm.append(concurrent_answers(engine, queries))
    return statistics.median(opened), statistics.median(cold), statistics.median(warm)


def measure(index: Path, mix: list[tuple[str, str, str]], rounds: int = 3, runs: int = 3) -> Baselines:
    engine = Engine(index)
    keys = all_keys(engine)
    typos = query_keys(mix, "who", "typo")
    exact = query_keys(mix, "who", "exact")
    naive = _timed_ms([lambda k=k: naive_match(k, keys) for _, k in typos], rounds)
    fetch = _timed_ms([lambda k=k: fetch_person(engine, k) for _, k in exact], rounds)
    burst = [typos[i % len(typos)][0] for i in range(CONCURRENT)]
    opened, cold, warm = cold_and_warm(index, burst, runs)
    result = Baselines(len(keys), naive, fetch, opened, cold, warm)
    print(f"  baselines ms: naive extractOne over {len(keys)} keys p50 {naive[0]:.2f} p99 {naive[1]:.2f};"
          f" key → person row p50 {fetch[0]:.3f} p99 {fetch[1]:.3f}; {CONCURRENT} concurrent typo queries:"
          f" fresh engine {cold:.3f} s (opening it {opened:.2f} s), warm {warm:.3f} s", flush=True)
    return result


# The rows benchmarks/run.py's table shows for one N, the bot's own figure beside each baseline.
ROWS = (
    "who typo p50 / p99 (ms): bot",
    "  naive extractOne over every key",
    "  ratio bot / naive (p50 / p99)",
    "who exact p50 / p99 (ms): bot",
    "  key → person row (the floor)",
    "  ratio bot / floor (p50 / p99)",
    f"{CONCURRENT} concurrent who typo (s): fresh engine / warm",
    "  opening the fresh engine (s)",
)


def cells(by_kind: dict[str, tuple[float, float, int]], b: Baselines) -> list[str]:
    """The values of ROWS, in order; `by_kind` is the bot's in-process latency per query kind."""
    typo, exact = by_kind["who/typo"], by_kind["who/exact"]
    return [
        f"{typo[0]:.2f} / {typo[1]:.2f}",
        f"{b.naive_typo[0]:.2f} / {b.naive_typo[1]:.2f} ({b.keys} keys)",
        f"{typo[0] / b.naive_typo[0]:.2f} / {typo[1] / b.naive_typo[1]:.2f}",
        f"{exact[0]:.2f} / {exact[1]:.2f}",
        f"{b.fetch[0]:.3f} / {b.fetch[1]:.3f}",
        f"{exact[0] / b.fetch[0]:.0f} / {exact[1] / b.fetch[1]:.0f}",
        f"{b.cold_seconds:.3f} / {b.warm_seconds:.3f}",
        f"{b.open_seconds:.2f}",
    ]
