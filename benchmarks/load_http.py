"""Full-size HTTP load run: 2,000 signed /ukraine commands, 50 at a time, against the waitress-served app.

    python -m benchmarks.load_http [--commands 2000] [--concurrency 50]

The app runs exactly as `ukraine-bot run --http` serves it (bot.app.create_app +
create_http_server) on 127.0.0.1, with the Web API answered by the local
FakeSlackAPI from tests/fakes, over an index built from seeds/ in a temporary
folder. Prints ack latency (p50/p99/max), errors (non-200 acks, acks over 3 s,
answers missing or failed) and the process RSS after the first and after the
last half of the commands. Exit status 1 if there were errors.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.stats import percentile, rss_mb  # noqa: E402

ACK_LIMIT = 3.0
QUERIES = ["who Sullivan", "ai là Lavrov", "on 2022-01-21", "Nga", "who ngoại trưởng Nga", "2022-01", "help"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commands", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=50)
    args = parser.parse_args(argv)

    import logging

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s %(message)s")
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # "Task queue depth is N" is the point of a load run

    from bot.build.pipeline import build_index
    from bot.serve.engine import Engine
    from tests.e2e.harness import http_bot
    from tests.fakes.slack_api import FakeSlackAPI

    with tempfile.TemporaryDirectory() as tmp, FakeSlackAPI() as api:
        index = Path(tmp) / "index.db"
        build_index(ROOT / "seeds", index)
        engine = Engine(index)
        with http_bot(api, engine, index) as bot:
            rss_start = rss_mb()
            acks: list[float] = []
            statuses: list[int] = []
            rss_marks: list[float] = []
            counts = {"expected posts": 0, "posts": 0, "failed posts": 0, "expected helps": 0, "helps": 0}
            half = args.commands // 2

            def one(i: int):
                return bot.command(QUERIES[i % len(QUERIES)])[0]

            started = time.perf_counter()
            with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
                for chunk in (range(0, half), range(half, args.commands)):
                    for resp in pool.map(one, chunk):
                        acks.append(resp.elapsed)
                        statuses.append(resp.status)
                    helps = sum(1 for i in chunk if QUERIES[i % len(QUERIES)] == "help")
                    expected = 2 * (len(chunk) - helps)
                    deadline = time.monotonic() + 120
                    while time.monotonic() < deadline and (
                        len(api.calls_to("chat.postMessage")) < expected or len(api.responses) < helps
                    ):
                        time.sleep(0.05)
                    time.sleep(0.3)
                    posts = api.calls_to("chat.postMessage")
                    counts["expected posts"] += expected
                    counts["posts"] += len(posts)
                    counts["failed posts"] += sum(1 for c in posts if not c.ok)
                    counts["expected helps"] += helps
                    counts["helps"] += len(api.responses)
                    # The fake records every call; forget them so RSS tracks the app, not the recorder.
                    api.reset()
                    gc.collect()
                    rss_marks.append(rss_mb())
            wall = time.perf_counter() - started

    errors = {
        "non-200 acks": sum(1 for s in statuses if s != 200),
        f"acks over {ACK_LIMIT:.0f} s": sum(1 for a in acks if a >= ACK_LIMIT),
        "failed posts": counts["failed posts"],
        "missing or extra posts": abs(counts["posts"] - counts["expected posts"]),
        "missing or extra help replies": abs(counts["helps"] - counts["expected helps"]),
    }
    print(f"{args.commands} commands at concurrency {args.concurrency} in {wall:.1f} s ({args.commands / wall:.0f}/s)")
    print(
        f"ack p50 {statistics.median(acks) * 1000:.1f} ms · p99 {percentile(acks, 0.99) * 1000:.1f} ms"
        f" · max {max(acks) * 1000:.1f} ms"
    )
    print("errors: " + ", ".join(f"{k} {v}" for k, v in errors.items()))
    print(
        f"RSS {rss_start:.1f} MB at start · {rss_marks[0]:.1f} MB after the first {half}"
        f" · {rss_marks[1]:.1f} MB after the last {args.commands - half} (fake's records cleared before each reading)"
    )
    return 1 if any(errors.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
