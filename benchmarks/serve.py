"""A process that serves the index the way production does, for the benchmarks to time from outside.

    python -m benchmarks.serve http INDEX (real|pool|pool-here|pool-on-listener|noop) [API_URL]
                                        # waitress on loopback; prints "PORT <n>" then serves until killed.
                                        # Without API_URL a fake Slack Web API runs in this process.
    python -m benchmarks.serve queries INDEX            # reads queries on stdin, answers each, then prints
                                                        # one JSON line: rss_kb, hwm_kb, answers
    python -m benchmarks.serve fake [LATENCY]  # a fake Slack Web API on its own (each post answered LATENCY s late): prints "URL <base url>", then
                                        # answers "counts" on stdin with one JSON line, and "reset"

`real` answers in the serving process (UKRAINE_BOT_ANSWER_WORKERS=0), `pool` through the worker pool
(one per core) whose workers also post, as `ukraine-bot run` does by default; both hand the answer off
after the ack (bot.slack.handoff, UKRAINE_BOT_ANSWER_QUEUE). Two modes show what each step gives:
`pool-here` hands off but posts from the serving process (workers only answer), `pool-on-listener` is
the app before the hand-off (listeners answer on Bolt's threads, workers only answer). `noop` serves
the same waitress + Bolt stack with a /ukraine listener that only acks: the baseline. A load run puts the fake Slack in a process of its
own, so answering the bot's posts costs the served process nothing, as Slack's own servers would not.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECRET = "bench-signing-secret"
TOKEN = "xoxb-bench"


def _rss() -> tuple[int, int]:
    status = Path("/proc/self/status").read_text()
    values = {line.split(":")[0]: int(line.split()[1]) for line in status.splitlines() if line.startswith("Vm")}
    return values.get("VmRSS", 0), values.get("VmHWM", 0)


def serve_http(index: Path, mode: str, api_url: str | None = None) -> None:
    sys.path.insert(0, str(ROOT))
    from bot.app import create_app
    from bot.serve.engine import Engine
    from bot.serve.pool import AnswerPool
    from bot.settings import load_settings
    from bot.slack.handoff import ANSWER_THREADS, Handoff
    from bot.slack.http import create_http_server
    from bot.slack.services import Services
    from bot.slack.worker import ENTRY as POSTING_WORKER
    from bot.slack.worker import Delivery, RemoteDelivery
    from tests.fakes.slack_api import FakeSlackAPI

    logging.basicConfig(level=logging.WARNING)
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # "Task queue depth is N" is the point of a load run
    if api_url is None:
        api_url = FakeSlackAPI().start().base_url
    env = {"SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": api_url,
           "UKRAINE_BOT_INDEX": str(index), "UKRAINE_BOT_ANSWER_QUEUE": os.environ.get("UKRAINE_BOT_ANSWER_QUEUE", ""),
           "UKRAINE_BOT_JOBS_PER_WORKER": os.environ.get("UKRAINE_BOT_JOBS_PER_WORKER", "")}
    settings = load_settings(env=env)
    posting = AnswerPool(index, entry=POSTING_WORKER, slots=settings.jobs_per_worker) if mode == "pool" else None
    if posting is not None:
        engine: Engine | AnswerPool = posting
    elif mode in ("pool-here", "pool-on-listener"):
        engine = AnswerPool(index)
    else:
        engine = Engine(index)
    # No thread memory or feedback store, as in earlier runs: the load is the answers and their posts.
    services = Services(engine=engine, language="en")
    if mode != "pool-on-listener":
        remote = None
        if posting is not None:
            remote = RemoteDelivery(posting, Delivery.of(services, TOKEN, api_url))
        threads = max(ANSWER_THREADS, posting.workers * posting.slots) if posting is not None else ANSWER_THREADS
        services = replace(services, handoff=Handoff(threads=threads, size=settings.answer_queue, remote=remote))
    if mode == "noop":
        # The baseline: the very same app (middleware, authorisation, server) whose only listener acks.
        import handlers.actions
        import handlers.commands
        import handlers.events

        def ack_only_register(app, services) -> None:
            @app.command(handlers.commands.COMMAND)
            def ack_only(ack) -> None:
                ack()

        handlers.commands.register = ack_only_register
        handlers.events.register = handlers.actions.register = lambda app, services: None
    app = create_app(settings, services)
    server = create_http_server(app, engine, host="127.0.0.1", port=0, signing_secret=settings.signing_secret)
    print(f"PORT {server.effective_port}", flush=True)
    server.run()


def serve_queries(index: Path) -> None:
    from bot.render.text import render_text
    from bot.serve.engine import Engine

    engine = Engine(index)
    n = 0
    for line in sys.stdin:
        render_text(engine.answer(line.rstrip("\n")), "en")
        n += 1
    rss, hwm = _rss()
    print(json.dumps({"rss_kb": rss, "hwm_kb": hwm, "answers": n}), flush=True)


def serve_fake() -> None:
    """The fake Slack Web API alone; "counts" reports what it was sent, "reset" forgets it."""
    sys.path.insert(0, str(ROOT))
    from bot.render.labels import labels
    from tests.fakes import slack_api
    from tests.fakes.slack_api import FakeSlackAPI

    # The standard library's listen backlog of 5 resets connections when dozens of posts arrive at once.
    slack_api._Server.request_queue_size = 256
    sorry = {labels("en")["index_unavailable"], labels("en")["internal_error"], labels("en")["busy"]}
    busy = labels("en")["busy"]
    fake = FakeSlackAPI().start()
    latency = float(sys.argv[2]) if len(sys.argv) > 2 else 0.0

    def slow_as_slack() -> None:
        """Every post answered `latency` seconds late, as Slack's servers answer over the internet."""
        if latency > 0:
            for method in ("chat.postMessage", "response_url"):
                fake.fail_next(method, delay=latency, times=10**9)

    slow_as_slack()
    print(f"URL {fake.base_url}", flush=True)
    for line in sys.stdin:
        if line.strip() == "counts":
            posts = fake.calls_to("chat.postMessage")
            texts = [c.params.get("text") for c in posts] + [r.get("text") for _, r in fake.responses if isinstance(r, dict)]
            print(json.dumps({
                "posts": len(posts),
                "summaries": sum(1 for c in posts if not c.params.get("thread_ts")),  # one per answered command
                "failed_posts": sum(1 for c in posts if not c.ok),
                "responses": len(fake.responses),  # help and not-found answers go to the asker alone
                "apologies": sum(1 for t in texts if t in sorry),
                "busy": sum(1 for t in texts if t == busy),
            }), flush=True)
        elif line.strip() == "reset":
            fake.reset()
            slow_as_slack()
            print("{}", flush=True)


if __name__ == "__main__":
    kind = sys.argv[1]
    if kind == "fake":
        serve_fake()
    elif kind == "http":
        serve_http(Path(sys.argv[2]), sys.argv[3], sys.argv[4] if len(sys.argv) > 4 else None)
    else:
        serve_queries(Path(sys.argv[2]))
