"""HTTP load run: signed /ukraine commands, 50 at a time, against the bot and a no-op Bolt app, in one run.

    python -m benchmarks.load_http [--articles N] [--commands 2000] [--concurrency 50] [--rate R]
                                   [--modes pool,pool-one-job,pool-here,pool-on-listener,in-process,noop]
                                   [--warmup 100] [--queue N] [--slack-latency S]

Each mode is served by its own process exactly as `ukraine-bot run --http` serves it
(benchmarks/serve.py: bot.app.create_app + create_http_server on 127.0.0.1), one after the
other, with the same commands at the same concurrency:

- `pool`: the listener acks and hands off; worker processes (one per core) answer, render and post:
  `ukraine-bot run`'s default, several jobs in flight per worker (UKRAINE_BOT_JOBS_PER_WORKER);
- `pool-one-job`: the same with one job per worker at a time, each worker idle while Slack answers its post;
- `pool-here`: the same hand-off, the workers only answer, the serving process renders and posts;
- `pool-on-listener`: as before the hand-off: the listener answers on Bolt's thread, workers only answer;
- `in-process`: the hand-off, answers in the serving process (UKRAINE_BOT_ANSWER_WORKERS=0);
- `noop`: the same app whose /ukraine listener only acks: the baseline.

The hand-off queue holds --queue answers (UKRAINE_BOT_ANSWER_QUEUE; by default every command sent,
so a closed loop that outruns the answers queues rather than being told "busy").

The Web API is a FakeSlackAPI in a process of its own, so answering the bot's posts costs the
served process nothing (Slack's servers are elsewhere too); with --slack-latency it answers each
post that many seconds late, as Slack does over the internet (a loopback fake answers in ~1 ms). The index is built from seeds/, or
with --articles N from the benchmark corpus (benchmarks/generate.py) written from its annotations
(no NLP, as `python -m benchmarks` does above 10k), kept in --work for the next run. Every mode
first answers --warmup commands (page cache, the workers' first queries), then the timed commands.

Prints, per mode, ack latency (p50/p99/max), the ratios to the no-op app, how long after the last
ack the last answer arrived, the CPU time the serving process spent per command (its workers'
not included), the resident memory of the serving process (and of its workers) at
the end, and errors: non-200 acks, acks over 3 s, commands never answered,
failed posts and apologies. Exit status 1 if there were errors.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.stats import percentile  # noqa: E402

PY = sys.executable
ACK_LIMIT = 3.0
SEED_QUERIES = ["who Sullivan", "ai là Lavrov", "on 2022-01-21", "Nga", "who ngoại trưởng Nga", "2022-01", "help"]
MODES = {"pool": "pool", "pool-one-job": "pool", "pool-here": "pool-here", "pool-on-listener": "pool-on-listener",
         "in-process": "real", "noop": "noop"}  # this run's names -> benchmarks/serve.py's
MODE_ENV = {"pool-one-job": {"UKRAINE_BOT_JOBS_PER_WORKER": "1"}}  # and what else a mode sets


@dataclass
class ModeResult:
    mode: str
    acks: list[float] = field(default_factory=list)
    wall: float = 0.0
    drain: float = float("nan")  # seconds from the last ack to the last answer
    rss_mb: tuple[float, float] = (float("nan"), 0.0)  # the serving process, and its workers together, at the end
    cpu_ms: float = float("nan")  # CPU time of the serving process per timed command (not its workers')
    errors: dict[str, int] = field(default_factory=dict)

    def p(self, q: float) -> float:
        return percentile(self.acks, q)


# -- the processes ------------------------------------------------------------------------------------


class FakeSlack:
    """benchmarks/serve.py fake: the Web API in its own process, asked for counts over its stdin."""

    def __init__(self, latency: float = 0.0) -> None:
        self.proc = subprocess.Popen([PY, "-m", "benchmarks.serve", "fake", str(latency)], cwd=ROOT, text=True,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        assert self.proc.stdout is not None and self.proc.stdin is not None
        line = self.proc.stdout.readline()
        if not line.startswith("URL "):
            raise RuntimeError(f"the fake Slack did not start: {line!r}")
        self.url = line.split()[1]
        self.replies = self.url.removesuffix("/").removesuffix("/api") + "/response"  # response_url POSTs

    def _ask(self, what: str) -> dict:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(what + "\n")
        self.proc.stdin.flush()
        return json.loads(self.proc.stdout.readline())

    def counts(self) -> dict:
        return self._ask("counts")

    def reset(self) -> None:
        self._ask("reset")

    def close(self) -> None:
        self.proc.terminate()
        self.proc.wait(10)


def rss_of(pid: int) -> tuple[float, float]:
    """Resident MB of a process and of its children together (Linux /proc; NaN elsewhere)."""

    def rss(p: int) -> float:
        try:
            line = next(x for x in Path(f"/proc/{p}/status").read_text().splitlines() if x.startswith("VmRSS:"))
        except (OSError, StopIteration):
            return float("nan")
        return int(line.split()[1]) / 1024

    try:
        kids = [int(c) for t in Path(f"/proc/{pid}/task").iterdir() for c in (t / "children").read_text().split()]
    except OSError:
        kids = []
    return rss(pid), sum(rss(k) for k in kids)


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds a process has used (Linux /proc; NaN elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def served(index: Path, mode: str, api_url: str, queue: int = 0) -> Iterator[tuple[str, int]]:
    """One app in its own process; yields its /slack/events URL and its process id."""
    env = {**os.environ, "UKRAINE_BOT_ANSWER_QUEUE": str(queue) if queue else "", **MODE_ENV.get(mode, {})}
    proc = subprocess.Popen([PY, "-m", "benchmarks.serve", "http", str(index), MODES[mode], api_url], cwd=ROOT,
                            stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        if not line.startswith("PORT"):
            raise RuntimeError(f"serve.py {mode} did not start: {line!r}")
        yield f"http://127.0.0.1:{int(line.split()[1])}/slack/events", proc.pid
    finally:
        proc.terminate()
        proc.wait(20)


# -- one mode -----------------------------------------------------------------------------------------


def fire(
    url: str, queries: list[str], commands: int, concurrency: int, replies: str, rate: float = 0.0
) -> tuple[list[float], list[int], float]:
    """`commands` signed commands, at most `concurrency` in flight: ack seconds, statuses, wall seconds.

    With `rate` 0 each client sends its next command as soon as the last is acked (a closed loop:
    the faster the acks, the more commands per second); with a rate, command i is sent at i / rate
    seconds (an open loop: every mode gets the same commands per second, if it keeps up).
    Each command's response_url is `replies`/cmd-<i> on the fake Slack."""
    from benchmarks.serve import SECRET
    from tests.fakes.http_client import post_slash_command
    from tests.fakes.payloads import slash_command_payload

    started = time.perf_counter()

    def one(i: int):
        if rate:
            time.sleep(max(0.0, started + i / rate - time.perf_counter()))
        payload = slash_command_payload(queries[i % len(queries)], response_url=f"{replies}/cmd-{i}")
        return post_slash_command(url, SECRET, payload)

    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        responses = list(pool.map(one, range(commands)))
    return [r.elapsed for r in responses], [r.status for r in responses], time.perf_counter() - started


def answered(counts: dict) -> int:
    """Commands that got their answer: a summary in the channel, or a reply to the asker alone."""
    return counts["summaries"] + counts["responses"]


def wait_for_answers(fake: FakeSlack, commands: int, within: float) -> tuple[dict, float]:
    started = time.perf_counter()
    deadline = time.monotonic() + within
    counts = fake.counts()
    while time.monotonic() < deadline and answered(counts) < commands:
        time.sleep(0.05)
        counts = fake.counts()
    return counts, time.perf_counter() - started


def run_mode(mode: str, index: Path, fake: FakeSlack, queries: list[str], args: argparse.Namespace) -> ModeResult:
    res = ModeResult(mode)
    with served(index, mode, fake.url, args.queue) as (url, pid):
        if args.warmup:
            fire(url, queries, args.warmup, args.concurrency, fake.replies)
            if mode != "noop":
                wait_for_answers(fake, args.warmup, within=60)
        fake.reset()
        cpu_before = cpu_seconds(pid)
        res.acks, statuses, res.wall = fire(url, queries, args.commands, args.concurrency, fake.replies, args.rate)
        if mode == "noop":
            counts, res.drain = fake.counts(), 0.0
        else:
            counts, res.drain = wait_for_answers(fake, args.commands, within=args.answer_timeout)
            time.sleep(0.3)  # anything sent twice arrives now
            counts = fake.counts()
        res.cpu_ms = (cpu_seconds(pid) - cpu_before) / args.commands * 1000  # answers included: all are in
        res.rss_mb = rss_of(pid)
        fake.reset()
    res.errors = {
        "non-200 acks": sum(1 for s in statuses if s != 200),
        f"acks over {ACK_LIMIT:.0f} s": sum(1 for a in res.acks if a >= ACK_LIMIT),
    }
    if mode != "noop":
        res.errors.update({
            "unanswered or twice answered": abs(answered(counts) - args.commands),
            "failed posts": counts["failed_posts"],
            "apologies": counts["apologies"],
            "busy replies": counts["busy"],
        })
    print(f"  {mode}: {args.commands} commands in {res.wall:.1f} s ({args.commands / res.wall:.0f}/s);"
          f" ack p50 {res.p(0.5) * 1000:.0f} ms · p99 {res.p(0.99) * 1000:.0f} ms · max {max(res.acks) * 1000:.0f} ms"
          + ("" if mode == "noop" else f"; last answer {res.drain:.1f} s after the last ack"), flush=True)
    return res


# -- the index ----------------------------------------------------------------------------------------


def benchmark_index(n: int, seed: int, work: Path) -> Path:
    """The benchmark corpus of `n` articles, indexed from its annotations; reused when already built."""
    from benchmarks.run import Result, build, ensure_corpus

    work.mkdir(parents=True, exist_ok=True)
    index = work / f"load_index_{n}_s{seed}.db"
    if not index.exists():
        corpus = ensure_corpus(work, n, seed)
        partial = index.with_suffix(".partial.db")
        build(corpus, partial, n, seed, real=False, workers=None, res=Result(n))
        partial.replace(index)
    return index


def queries_for(index: Path, generated: bool) -> list[str]:
    if not generated:
        return SEED_QUERIES
    from benchmarks.run import query_mix

    return [text for _, _, text in query_mix(index, per_kind=20)] + ["help"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--articles", type=int, default=0, help="benchmark corpus size (default: the seed corpus)")
    parser.add_argument("--commands", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--rate", type=float, default=0.0,
                        help="commands per second, the same for every mode (default: as fast as the acks come back)")
    parser.add_argument("--modes", default="pool,pool-here,pool-on-listener,in-process,noop",
                        help="any of " + ", ".join(MODES))
    parser.add_argument("--queue", type=int, default=-1,
                        help="answers the hand-off may hold (default: every command sent; 0: the bot's own default)")
    parser.add_argument("--warmup", type=int, default=100, help="commands each mode answers before it is timed")
    parser.add_argument("--answer-timeout", type=float, default=300, help="seconds to wait for every answer")
    parser.add_argument("--slack-latency", type=float, default=0.0, metavar="S",
                        help="seconds the fake Web API takes to answer each post, as Slack over the internet (default 0)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--work", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "ukraine-bot-bench")
    args = parser.parse_args(argv)
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    if args.queue < 0:
        args.queue = args.commands + args.warmup
    unknown = set(modes) - set(MODES)
    if unknown:
        parser.error(f"unknown modes: {', '.join(sorted(unknown))}")

    with tempfile.TemporaryDirectory() as tmp:
        if args.articles:
            index = benchmark_index(args.articles, args.seed, args.work)
        else:
            from bot.build.pipeline import build_index

            index = Path(tmp) / "index.db"
            build_index(ROOT / "seeds", index)
        queries = queries_for(index, bool(args.articles))
        load_before = os.getloadavg()
        print(f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC; {os.cpu_count()} cores; load average"
              f" {load_before[0]:.2f}; index {index.name} ({index.stat().st_size / 2**20:.0f} MB);"
              f" {len(queries)} distinct queries; hand-off queue {args.queue or 'default'}", flush=True)
        fake = FakeSlack(args.slack_latency)
        try:
            results = {mode: run_mode(mode, index, fake, queries, args) for mode in modes}
        finally:
            fake.close()

    load_after = os.getloadavg()
    print()
    pace = f" at {args.rate:g}/s" if args.rate else ", each client sending again on its ack"
    print(f"{args.commands} commands at concurrency {args.concurrency}{pace}"
          f" ({args.articles or 'seed'} articles; load average {load_before[0]:.2f} before, {load_after[0]:.2f} after)")
    print("| mode | ack p50 ms | ack p99 ms | ack max ms | p50 / no-op | p99 / no-op | commands/s"
          " | last answer after last ack | answers/s | serving CPU ms/command | RSS serving (+ workers) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    noop = results.get("noop")
    for mode, r in results.items():
        r50 = f"{r.p(0.5) / noop.p(0.5):.2f}" if noop else "–"
        r99 = f"{r.p(0.99) / noop.p(0.99):.2f}" if noop else "–"
        drain = "–" if mode == "noop" else f"{r.drain:.1f} s"
        rate = "–" if mode == "noop" else f"{args.commands / (r.wall + r.drain):.0f}"  # first command to last answer
        print(f"| {mode} | {r.p(0.5) * 1000:.0f} | {r.p(0.99) * 1000:.0f} | {max(r.acks) * 1000:.0f} | {r50} | {r99}"
              f" | {args.commands / r.wall:.0f} | {drain} | {rate} | {r.cpu_ms:.2f} | {r.rss_mb[0]:.0f} MB"
              + (f" (+ {r.rss_mb[1]:.0f} MB)" if r.rss_mb[1] else "") + " |")
    failed = False
    for mode, r in results.items():
        print(f"errors ({mode}): " + ", ".join(f"{k} {v}" for k, v in r.errors.items()))
        failed = failed or any(r.errors.values())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
