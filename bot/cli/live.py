"""`ukraine-bot add` and `ukraine-bot fetch`: web pages and feeds into the corpus and the index."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from bot.cli.common import EXIT_FAILED, EXIT_OK, EXIT_PROBLEMS, dumps, seconds
from bot.settings import SettingsError, default_index, default_seeds


def _fetcher(args: argparse.Namespace):
    """fetch_url with its caps; private and loopback addresses only when the operator allows them."""
    import functools
    import os

    from bot.ingest.fetch import fetch_url
    from bot.settings import SettingsError, _bool

    # The extractor's complaints about a page are its own business: the outcome line says what matters.
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)

    try:
        allow = args.allow_private or _bool(os.environ.get("UKRAINE_BOT_FETCH_PRIVATE", ""), "UKRAINE_BOT_FETCH_PRIVATE")
    except SettingsError as exc:
        raise SystemExit(f"ukraine-bot {args.command}: {exc}") from None
    return functools.partial(fetch_url, allow_private=allow, timeout=args.timeout)


def _indexed_line(outcome) -> str:
    article = outcome.article
    people = ", ".join(p.name for p in article.people[:8]) or "no one"
    more = f" and {len(article.people) - 8} more" if len(article.people) > 8 else ""
    again = " (already in the corpus; saved again)" if outcome.replaced else ""
    return (
        f"indexed: {article.title} — {article.published or 'date unknown'}"
        f"{' · ' + article.outlet if article.outlet else ''} — people: {people}{more}"
        f" [{article.id}]{again}"
    )


def _live_exit(report) -> int:
    if not report.indexed and (report.failed or report.problems):
        return EXIT_FAILED
    return EXIT_PROBLEMS if report.failed or report.problems else EXIT_OK


def _print_live(report, as_json: bool, extra: dict | None = None) -> None:
    if as_json:
        data = {
            "outcomes": [o.to_dict() for o in report.outcomes],
            "problems": report.problems,
            "seconds": round(report.seconds, 3),
            "summary": report.build.summary_line() if report.build else None,
            **(extra or {}),
        }
        print(dumps(data), flush=True)
        return
    from bot.shared.text import printable  # titles and reasons come from web pages: no escape sequences

    for outcome in report.outcomes:
        if outcome.status == "indexed":
            print(printable(_indexed_line(outcome)))
        else:
            print(f"failed: {printable(outcome.reason)}", file=sys.stderr)
    for problem in report.problems:
        print(f"problem: {printable(problem)}", file=sys.stderr)
    if report.build:
        print(printable(report.build.summary_line()))


def cmd_add(args: argparse.Namespace) -> int:
    from bot.build.live import add_urls

    folder, out = Path(args.seeds), Path(args.out)
    if not folder.is_dir():
        print(f"ukraine-bot add: {folder}: corpus folder not found; nothing was fetched", file=sys.stderr)
        return EXIT_FAILED
    report = add_urls(folder, out, args.urls, _fetcher(args))
    _print_live(report, args.json)
    return _live_exit(report)


def _notices_after_fetch(out: Path, state, new_ids: set[str]) -> tuple[list[str], int]:
    """Send the new articles' watch notices to Slack, or, without a bot token, show those of this run's
    articles (`new_ids`), unsent, as lines."""
    import os

    from bot.alerts.live import new_article, unchecked_articles
    from bot.alerts.watch import notices_for
    from bot.render.notices import notice_line
    from bot.settings import load_settings

    if not os.environ.get("SLACK_BOT_TOKEN"):
        # Shown, not claimed: a running bot with a token still sends them when it reloads the index.
        articles, baseline = unchecked_articles(out, state)
        watches = state.watches()
        lines = [] if baseline else [
            notice_line(n) for a in articles if a.id in new_ids
            for n in notices_for(new_article(a), watches) if not state.was_sent(n.watch.id, a.id)
        ]
        return [f"not sent (no SLACK_BOT_TOKEN): {line}" for line in lines], 0
    from bot.alerts.ratelimit import RateLimiter
    from bot.slack.auth import web_client
    from bot.slack.notices import NoticeChecker, slack_poster

    settings = load_settings()
    client = web_client(settings, token=settings.bot_token)
    checked = NoticeChecker(out, state, slack_poster(client), RateLimiter()).check()
    if checked is None:
        return ["notices: could not check the new articles (see the log)"], 1
    lines = [f"sent: {notice_line(n)}" for n in checked.sent] + [f"not sent: {f}" for f in checked.failures]
    return lines, len(checked.failures)


def cmd_fetch(args: argparse.Namespace) -> int:
    from bot.build.live import fetch_feeds
    from bot.ingest.feeds import FeedsError, load_feeds
    from bot.settings import load_settings
    from bot.state import open_state
    from bot.state.api import is_postgres_url
    from bot.state.store import StateError, StateStore, default_state_path

    folder, out = Path(args.seeds), Path(args.out)
    feeds_file = Path(args.feeds) if args.feeds else folder / "feeds.yml"
    if not folder.is_dir():
        print(f"ukraine-bot fetch: {folder}: corpus folder not found; nothing was fetched", file=sys.stderr)
        return EXIT_FAILED
    try:
        feeds, feed_problems = load_feeds(feeds_file)
        if args.state:
            state = open_state(args.state, out) if is_postgres_url(args.state) else StateStore(Path(args.state))
        else:
            # As the bot opens it: the shared database, else UKRAINE_BOT_STATE, else state.db beside the index.
            settings = load_settings()
            if settings.state_url:
                state = open_state(settings.state_url, out)
            else:
                state = StateStore(settings.state_path or default_state_path(out))
    except (FeedsError, StateError, SettingsError) as exc:
        print(f"ukraine-bot fetch: {exc}; nothing was fetched", file=sys.stderr)
        return EXIT_FAILED
    try:
        report = fetch_feeds(folder, out, feeds, state, _fetcher(args))
        report.problems[:0] = [str(p) for p in feed_problems]
        new_ids = {o.article.id for o in report.indexed if o.article is not None}
        notices, failed = _notices_after_fetch(out, state, new_ids) if out.exists() else ([], 0)
    finally:
        state.close()
    _print_live(report, args.json, {"notices": notices} if args.json else None)
    if not args.json:
        from bot.shared.text import printable

        for line in notices:
            print(printable(line))
        if not report.outcomes and not report.problems:
            print(f"No new articles in {len(feeds)} feed(s).")
    if report.indexed or not (report.failed or report.problems):
        status = _live_exit(report)
    else:
        # Nothing indexed: a failure only if no feed could be polled at all; else some feeds or items failed.
        status = EXIT_FAILED if report.feeds_failed >= max(report.feeds, 1) or report.failed else EXIT_PROBLEMS
    return max(status, EXIT_PROBLEMS if failed else EXIT_OK)


def register(sub: argparse._SubParsersAction) -> None:
    """Add this module's commands to the `ukraine-bot` parser."""
    p = sub.add_parser("add", help="fetch web articles by URL into the corpus folder and index them")
    p.add_argument("urls", nargs="+", metavar="URL", help="an article's web address")
    p.add_argument("--seeds", default=str(default_seeds()), help="corpus folder (default: %(default)s)")
    p.add_argument("--out", default=str(default_index()), help="index file (default: %(default)s)")
    p.add_argument("--json", action="store_true", help="print one JSON object with every URL's outcome")
    p.add_argument("--allow-private", action="store_true", help="also fetch from private and loopback addresses")
    p.add_argument("--timeout", type=seconds, default=10.0, help="seconds for each fetch, 1 to 60 (default: %(default)g)")
    p.set_defaults(func=cmd_add)

    p = sub.add_parser("fetch", help="poll the feeds once, index their new articles, send the watch notices")
    p.add_argument("--seeds", default=str(default_seeds()), help="corpus folder (default: %(default)s)")
    p.add_argument("--out", default=str(default_index()), help="index file (default: %(default)s)")
    p.add_argument("--feeds", default=None, help="feeds file (default: feeds.yml in the corpus folder)")
    p.add_argument(
        "--state", default=None,
        help="state file or postgresql:// URL (default: UKRAINE_BOT_STATE_URL, UKRAINE_BOT_STATE, else state.db"
        " beside the index)",
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--allow-private", action="store_true", help="also fetch from private and loopback addresses")
    p.add_argument("--timeout", type=seconds, default=10.0, help="seconds for each fetch, 1 to 60 (default: %(default)g)")
    p.set_defaults(func=cmd_fetch)
