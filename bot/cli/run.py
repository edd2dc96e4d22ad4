"""`ukraine-bot run`: the Slack app over Socket Mode or HTTP, or a console without tokens."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.cli.common import EXIT_FAILED, IndexBuildFailed, ensure_index
from bot.settings import SettingsError


def cmd_run(args: argparse.Namespace) -> int:
    from bot.app import choose_mode, run
    from bot.index.reader import IndexUnavailable
    from bot.settings import load_settings
    from bot.state import StateError

    try:
        settings = load_settings(args.config)
        mode = choose_mode(settings, args.http)
        ensure_index(settings.index_path)
        return run(settings, mode, host=args.host, port=args.port, fetch_every=args.fetch_every)
    except OSError as exc:  # Slack could not be reached to open the Socket Mode connection, or the port is taken
        reason = getattr(exc, "reason", exc)
        print(f"ukraine-bot run: could not start: {type(reason).__name__}: {reason}", file=sys.stderr)
        return EXIT_FAILED
    except SettingsError as exc:
        print(f"ukraine-bot run: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except (IndexUnavailable, IndexBuildFailed, StateError) as exc:
        print(f"ukraine-bot run: {exc}", file=sys.stderr)
        return EXIT_FAILED


def _interval(text: str) -> float:
    """`30m`, `2h`, `900s` or `900` as seconds; at least a minute, so a feed is not hammered."""
    import re

    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smh]?)\s*", text.lower())
    if not match:
        raise argparse.ArgumentTypeError(f"{text!r} is not an interval like 30m, 2h or 900s")
    seconds = float(match[1]) * {"": 1, "s": 1, "m": 60, "h": 3600}[match[2]]
    if seconds < 60:
        raise argparse.ArgumentTypeError(f"{text!r} is shorter than a minute; feeds are polled at most once a minute")
    return seconds


def register(sub: argparse._SubParsersAction) -> None:
    """Add this module's commands to the `ukraine-bot` parser."""
    p = sub.add_parser("run", help="run the Slack app (Socket Mode, HTTP, or a console without tokens)")
    p.add_argument("--http", action="store_true", help="serve Slack over HTTP at POST /slack/events")
    p.add_argument("--port", type=int, default=3000)
    p.add_argument("--host", default="0.0.0.0")
    p.add_argument("--config", type=Path, default=None, help="optional YAML settings file")
    p.add_argument(
        "--fetch-every", type=_interval, default=None, metavar="INTERVAL",
        help="also run `ukraine-bot fetch` in a child process this often, e.g. 30m, 2h, 900s",
    )
    p.set_defaults(func=cmd_run)
