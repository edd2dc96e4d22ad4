"""The offline console: no Slack tokens, the same answers as text."""

from __future__ import annotations

import logging
import sys
import time

from bot.slack.services import Services

log = logging.getLogger("ukraine_bot")


def run_console(services: Services) -> int:
    """No Slack tokens: answer typed queries exactly as the bot would, as text."""
    from bot.render.text import render_text
    from bot.serve.query import parse

    interactive = sys.stdin.isatty()
    if interactive:
        print("No Slack tokens set: console mode. Type what you would type after /ukraine (exit, thoát or Ctrl-D quits).")
    while True:
        try:
            line = input("/ukraine " if interactive else "")
        except (EOFError, KeyboardInterrupt):
            if interactive:
                print()
            return 0
        if parse(line).intent == "exit":
            return 0
        started = time.perf_counter()
        try:
            answer = services.engine.answer(line)
            print(render_text(answer, services.language, services.public_url))
        except Exception as exc:
            log.error("could not answer: %s", exc)
            print("Sorry, something went wrong answering that.")
        log.debug("console answer in %.1f ms", (time.perf_counter() - started) * 1000)
        print()
