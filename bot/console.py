"""The offline console: no Slack tokens, the same answers as text, in a small shell.

On a terminal it has line editing and history (readline, when the platform has it);
`exit`, `quit`, `thoát`, Ctrl-D and Ctrl-C end it. Piped input is answered line by
line with no prompt or banner, so its output is only the answers.
"""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path

from bot.render.labels import labels
from bot.serve.followup import answer_query
from bot.slack.services import Services

log = logging.getLogger("ukraine_bot")

QUIT_WORDS = {"exit", "quit", "thoát", "thoat", ":q"}
HISTORY_LENGTH = 1000


def _enable_line_editing(history: Path | None) -> None:
    """Arrow keys, Ctrl-R and a history kept across sessions, where readline exists."""
    try:
        import readline
    except ImportError:  # Windows without pyreadline: plain input() still works
        return
    readline.set_history_length(HISTORY_LENGTH)
    if history is not None:
        try:
            readline.read_history_file(history)
        except OSError:
            pass
        import atexit

        def save() -> None:
            try:
                history.parent.mkdir(parents=True, exist_ok=True)
                readline.write_history_file(history)
            except OSError:
                pass

        atexit.register(save)


def banner(services: Services) -> str:
    L = labels(services.language)
    return L["console_banner"]


def run_console(services: Services, history: Path | None = None) -> int:
    """No Slack tokens: answer typed queries exactly as the bot would, as text."""
    from bot.render.text import render_text
    from bot.serve.query import parse

    interactive = sys.stdin.isatty()
    if interactive:
        _enable_line_editing(history)
        print(banner(services))
    while True:
        try:
            line = input("/ukraine " if interactive else "")
        except (EOFError, KeyboardInterrupt):
            if interactive:
                print()
            return 0
        if line.strip().casefold() in QUIT_WORDS or parse(line).intent == "exit":
            return 0
        started = time.perf_counter()
        try:
            answer = answer_query(services.engine.answer, line)
            print(render_text(answer, services.language, services.public_url))
        except Exception as exc:
            log.error("could not answer: %s", exc)
            print(labels(services.language)["internal_error"])
        log.debug("console answer in %.1f ms", (time.perf_counter() - started) * 1000)
        print()
