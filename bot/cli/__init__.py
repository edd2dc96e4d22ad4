"""The `ukraine-bot` command: index, add, fetch, ask, show, run, feedback — one module per command.

The only place that joins the build side and the serving side; each command imports what it needs
when it runs, so `ukraine-bot ask` never loads the NLP toolkit.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys

from bot.cli import ask, feedback, index, live, run
from bot.cli.common import EXIT_FAILED, EXIT_OK, EXIT_PROBLEMS

__all__ = ["EXIT_FAILED", "EXIT_OK", "EXIT_PROBLEMS", "build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ukraine-bot",
        description="Who and when in Vietnamese news of US–Russia–Ukraine diplomacy.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    for command in (index, live, ask, run, feedback):
        command.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    for stream in (sys.stdout, sys.stderr):
        # A terminal that cannot show Vietnamese gets replacement marks, not a UnicodeEncodeError.
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
        if not encoding.startswith("utf") and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:
        # `ukraine-bot ask … | head`: the reader left. Say nothing more, and let no flush at exit fail.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
