"""A process that serves the index the way production does, for the benchmarks to time from outside.

    python -m benchmarks.serve http INDEX (real|noop)   # waitress on loopback + a fake Slack Web API;
                                                        # prints "PORT <n>" then serves until killed
    python -m benchmarks.serve queries INDEX            # reads queries on stdin, answers each, then prints
                                                        # one JSON line: rss_kb, hwm_kb, answers

`noop` serves the same waitress + Bolt stack with a /ukraine listener that only acks: the baseline.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECRET = "bench-signing-secret"
TOKEN = "xoxb-bench"


def _rss() -> tuple[int, int]:
    status = Path("/proc/self/status").read_text()
    values = {line.split(":")[0]: int(line.split()[1]) for line in status.splitlines() if line.startswith("Vm")}
    return values.get("VmRSS", 0), values.get("VmHWM", 0)


def serve_http(index: Path, mode: str) -> None:
    sys.path.insert(0, str(ROOT))
    from bot.app import create_app
    from bot.serve.engine import Engine
    from bot.settings import Settings
    from bot.slack.http import create_http_server
    from bot.slack.services import Services
    from tests.fakes.slack_api import FakeSlackAPI

    logging.basicConfig(level=logging.WARNING)
    fake = FakeSlackAPI().start()
    settings = Settings(bot_token=TOKEN, signing_secret=SECRET, api_url=fake.base_url, index_path=index)
    engine = Engine(index)
    if mode != "real":
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
    app = create_app(settings, Services(engine=engine, language="en"))
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


if __name__ == "__main__":
    kind, index = sys.argv[1], Path(sys.argv[2])
    if kind == "http":
        serve_http(index, sys.argv[3])
    else:
        serve_queries(index)
