"""`ukraine-bot feedback`: what users said about answers."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.cli.common import EXIT_FAILED, EXIT_OK, dumps
from bot.settings import SettingsError


def cmd_feedback(args: argparse.Namespace) -> int:
    """What users said about answers, newest first: one line each, or one JSON object per line."""
    from bot.settings import load_settings
    from bot.state.feedback import FeedbackStore

    try:
        settings = load_settings(args.config)
    except SettingsError as exc:
        print(f"ukraine-bot feedback: {exc}", file=sys.stderr)
        return EXIT_FAILED
    if args.state:
        store = FeedbackStore(Path(args.state))
    else:
        from bot.app import shared_state

        store = FeedbackStore(settings.state_file, shared_state(settings))
    try:
        items = store.list(args.limit)
    except Exception as exc:  # the shared database is down, or the file is not a state file
        print(f"ukraine-bot feedback: {exc}", file=sys.stderr)
        return EXIT_FAILED
    for item in items:
        if args.json:
            print(dumps(item.to_dict()))
            continue
        vote = "+1" if item.vote == "up" else "-1"
        why = f" [{item.reason}]" if item.reason else ""
        said = f": {item.comment}" if item.comment else ""
        print(f"{item.at} {vote}{why} {item.query!r} -> {item.answer} ({item.user}){said}")
    if not items and not args.json:
        print("No feedback yet.", file=sys.stderr)
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    """Add this module's commands to the `ukraine-bot` parser."""
    p = sub.add_parser("feedback", help="list what users said about answers (👍/👎), newest first")
    p.add_argument("--json", action="store_true", help="print one JSON object per line")
    p.add_argument("--limit", type=int, default=None, help="only the N newest")
    p.add_argument("--state", default=None, help="state file (default: UKRAINE_BOT_STATE or state.db beside the index)")
    p.add_argument("--config", type=Path, default=None, help="optional YAML settings file")
    p.set_defaults(func=cmd_feedback)
