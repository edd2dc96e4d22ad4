"""The `ukraine-bot` command: index, add, fetch, ask, run, feedback."""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

from bot.settings import SettingsError, default_index, default_seeds

EXIT_OK = 0
EXIT_PROBLEMS = 1  # the index was written, but some files or entries were skipped
EXIT_FAILED = 2  # nothing was written


def _progress_bar(stream=sys.stderr):
    """A one-line progress bar, only when someone is watching a terminal."""
    if not stream.isatty():
        return None

    def show(done: int, total: int) -> None:
        width = 30
        filled = int(width * done / total) if total else width
        stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} articles")
        if done >= total:
            stream.write("\n")
        stream.flush()

    return show


def cmd_index(args: argparse.Namespace) -> int:
    import sqlite3

    from bot.build.cluster import ClusterError, cluster_executor
    from bot.build.corpus import CorpusError
    from bot.build.pipeline import build_index
    from bot.index.writer import IndexWriteError
    from bot.shared.text import printable

    try:
        with contextlib.ExitStack() as stack:
            executor = stack.enter_context(cluster_executor(args.scheduler)) if args.scheduler else None
            report = build_index(Path(args.seeds), Path(args.out), progress=_progress_bar(), workers=args.workers,
                                 executor=executor, remote=executor is not None)
    except ClusterError as exc:
        print(f"ukraine-bot index: {printable(str(exc))}. Nothing was written; the previous index is unchanged.",
              file=sys.stderr)
        return EXIT_FAILED
    except (CorpusError, IndexWriteError) as exc:
        print(f"ukraine-bot index: {printable(str(exc))}. Nothing was written; the previous index is unchanged.",
              file=sys.stderr)
        return EXIT_FAILED
    except (OSError, sqlite3.Error) as exc:
        # A read-only folder, a full disk: the build's temporary file is removed, an add is rolled back.
        print(f"ukraine-bot index: could not write {printable(args.out)} ({printable(str(exc))}). Nothing was written;"
              " the previous index is unchanged.", file=sys.stderr)
        return EXIT_FAILED
    for note in report.notes:
        print(f"note: {printable(note)}", file=sys.stderr)
    for problem in report.problems:
        print(f"problem: {printable(str(problem))}", file=sys.stderr)
    print(printable(report.summary_line()))
    return EXIT_PROBLEMS if report.problems else EXIT_OK


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
        print(_dumps(data), flush=True)
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


class IndexBuildFailed(Exception):
    """Building the missing index failed; the child's own messages already went to stderr."""


def ensure_index(path: Path) -> None:
    """Build the index from the default corpus when there is none yet, in a child process.

    The answering process (the server above all) must never load the NLP toolkit, whatever
    the corpus size, so the build runs as `ukraine-bot index` in a process of its own.
    """
    if path.exists():
        return
    print(f"No index at {path}; building it from {default_seeds()} …", file=sys.stderr)
    child = subprocess.run(
        [sys.executable, "-m", "bot", "index", "--seeds", str(default_seeds()), "--out", str(path)],
        stdin=subprocess.DEVNULL,
        stdout=sys.stderr,  # the build's summary is not the answer: keep stdout for that
        check=False,
    )
    if child.returncode == EXIT_FAILED or not path.exists():
        raise IndexBuildFailed(f"could not build the index at {path} from {default_seeds()} (see above)")


def _answer(engine, query: str):
    """The answer the bot gives in Slack, `who <person> on <date>` included."""
    from bot.serve.followup import answer_query

    return answer_query(engine.answer, query)


def _answer_json(engine, query: str, lang: str) -> dict:
    from bot.render.text import render_text

    answer = _answer(engine, query)
    data = answer.to_dict()
    data["text"] = render_text(answer, lang)
    return data


def _stdout_is_unicode() -> bool:
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "").replace("_", "")
    return encoding.startswith("utf")


def _dumps(data: dict) -> str:
    # Readable Vietnamese on a UTF-8 terminal; \u escapes (still valid JSON) on anything narrower.
    return json.dumps(data, ensure_ascii=not _stdout_is_unicode())


class _AnswerFailed(Exception):
    """Answering one query failed; the message says why and what to do. `code` is the exit status."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


def _answering(engine, query: str, make):
    """`make(engine, query)`, with a damaged index or an engine failure turned into one clear message."""
    import sqlite3

    from bot.index.reader import IndexUnavailable

    try:
        return make(engine, query)
    except IndexUnavailable as exc:
        raise _AnswerFailed(str(exc), EXIT_FAILED) from None
    except sqlite3.DatabaseError as exc:
        raise _AnswerFailed(
            f"the index at {engine.index_path} is damaged ({exc}); run `ukraine-bot index` to rebuild it", EXIT_FAILED
        ) from None
    except Exception as exc:
        logging.getLogger("ukraine_bot").debug("answering %r failed", query, exc_info=True)
        raise _AnswerFailed(
            f"could not answer {query[:80]!r} ({type(exc).__name__}: {exc}); if this persists,"
            " rebuild the index with `ukraine-bot index`",
            EXIT_PROBLEMS,
        ) from None


def cmd_ask(args: argparse.Namespace) -> int:
    from bot.index.reader import IndexUnavailable
    from bot.render.text import render_text
    from bot.serve.engine import Engine
    from bot.settings import load_settings

    try:
        # The settings (environment, then the config file) give the defaults a flag leaves unset.
        settings = load_settings(args.config)
    except SettingsError as exc:
        print(f"ukraine-bot ask: {exc}", file=sys.stderr)
        return EXIT_FAILED
    path = Path(args.index) if args.index else settings.index_path
    try:
        ensure_index(path)
        engine = Engine(path)
    except IndexUnavailable as exc:
        print(f"ukraine-bot ask: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except IndexBuildFailed as exc:
        print(f"ukraine-bot ask: {exc}", file=sys.stderr)
        return EXIT_FAILED
    lang = args.lang or settings.language
    if args.query:
        query = " ".join(args.query)
        try:
            if args.json:
                print(_dumps(_answering(engine, query, lambda e, q: _answer_json(e, q, lang))))
            else:
                print(_answering(engine, query, lambda e, q: render_text(_answer(e, q), lang)))
        except _AnswerFailed as exc:
            print(f"ukraine-bot ask: {exc}", file=sys.stderr)
            return exc.code
        return EXIT_OK
    if sys.stdin.isatty() and not args.json:
        from bot.console import run_console
        from bot.slack.services import Services

        return run_console(Services(engine=engine, language=lang), history=settings.state_file.parent / "console_history")
    status = EXIT_OK
    for line in sys.stdin:
        query = line.rstrip("\r\n")
        try:
            data = _answering(engine, query, lambda e, q: _answer_json(e, q, lang))
        except _AnswerFailed as exc:
            # Still one object per line, so a reader pairing answers with questions stays in step.
            print(f"ukraine-bot ask: {exc}", file=sys.stderr)
            status = max(status, exc.code)
            error = "index_unavailable" if exc.code == EXIT_FAILED else "internal_error"
            data = {"query": query, "intent": "unknown", "error": error, "detail": str(exc), "text": str(exc)}
        print(_dumps(data), flush=True)
    return status


def cmd_show(args: argparse.Namespace) -> int:
    """What the index holds for one article: metadata, people, dated mentions, dropped chrome."""
    from bot.index.reader import IndexUnavailable
    from bot.render.show import render_report
    from bot.serve.engine import Engine

    try:
        report = Engine(Path(args.index)).show(args.article_id)
    except IndexUnavailable as exc:
        print(f"ukraine-bot show: {exc}", file=sys.stderr)
        return EXIT_FAILED
    if report is None:
        print(f"ukraine-bot show: no article with id {args.article_id[:200]!r} in {args.index}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(_dumps(report.to_dict()) if args.json else render_report(report, args.lang))
    return EXIT_OK


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


def _seconds(text: str) -> float:
    """A fetch timeout: 1 to 60 seconds, so one slow server cannot hold a run for long."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not 1 <= value <= 60:
        raise argparse.ArgumentTypeError(f"{text!r} is outside 1 to 60 seconds")
    return value


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
        from bot.app import feedback_store

        store = feedback_store(settings)
    try:
        items = store.list(args.limit)
    except Exception as exc:  # the shared database is down, or the file is not a state file
        print(f"ukraine-bot feedback: {exc}", file=sys.stderr)
        return EXIT_FAILED
    for item in items:
        if args.json:
            print(_dumps(item.to_dict()))
            continue
        vote = "+1" if item.vote == "up" else "-1"
        why = f" [{item.reason}]" if item.reason else ""
        said = f": {item.comment}" if item.comment else ""
        print(f"{item.at} {vote}{why} {item.query!r} -> {item.answer} ({item.user}){said}")
    if not items and not args.json:
        print("No feedback yet.", file=sys.stderr)
    return EXIT_OK


def _workers(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of processes (1 or more)")
    return n


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ukraine-bot",
        description="Who and when in Vietnamese news of US–Russia–Ukraine diplomacy.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("index", help="build the article index")
    p.add_argument("--seeds", default=str(default_seeds()), help="corpus folder (default: %(default)s)")
    p.add_argument("--out", default=str(default_index()), help="index file (default: %(default)s)")
    p.add_argument("--workers", type=_workers, default=os.cpu_count() or 1,
                   help="processes analysing articles; 1 analyses them in this one (default: the cores, %(default)s)")
    p.add_argument("--scheduler", metavar="tcp://HOST:8786",
                   help="analyse on this Dask cluster instead (needs the `cluster` extra; --workers is then unused)")
    p.set_defaults(func=cmd_index)

    p = sub.add_parser("add", help="fetch web articles by URL into the corpus folder and index them")
    p.add_argument("urls", nargs="+", metavar="URL", help="an article's web address")
    p.add_argument("--seeds", default=str(default_seeds()), help="corpus folder (default: %(default)s)")
    p.add_argument("--out", default=str(default_index()), help="index file (default: %(default)s)")
    p.add_argument("--json", action="store_true", help="print one JSON object with every URL's outcome")
    p.add_argument("--allow-private", action="store_true", help="also fetch from private and loopback addresses")
    p.add_argument("--timeout", type=_seconds, default=10.0, help="seconds for each fetch, 1 to 60 (default: %(default)g)")
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
    p.add_argument("--timeout", type=_seconds, default=10.0, help="seconds for each fetch, 1 to 60 (default: %(default)g)")
    p.set_defaults(func=cmd_fetch)

    p = sub.add_parser("ask", help="answer a query as the bot would")
    p.add_argument("query", nargs="*", help="e.g. who Sullivan; on 2022-01-21; ai là Lavrov")
    p.add_argument("--index", default=None, help=f"index file (default: UKRAINE_BOT_INDEX, the config file, or {default_index()})")
    p.add_argument("--json", action="store_true", help="print one JSON object per answer")
    p.add_argument("--lang", choices=("en", "vi"), default=None,
                   help="label language (default: UKRAINE_BOT_LANGUAGE, the config file, or en)")
    p.add_argument("--config", type=Path, default=None, help="optional YAML settings file")
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("show", help="what the index holds for one article")
    p.add_argument("article_id", help="the article's id (its file name without .txt)")
    p.add_argument("--index", default=str(default_index()), help="index file (default: %(default)s)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--lang", choices=("en", "vi"), default="en", help="label language")
    p.set_defaults(func=cmd_show)

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

    p = sub.add_parser("feedback", help="list what users said about answers (👍/👎), newest first")
    p.add_argument("--json", action="store_true", help="print one JSON object per line")
    p.add_argument("--limit", type=int, default=None, help="only the N newest")
    p.add_argument("--state", default=None, help="state file (default: UKRAINE_BOT_STATE or state.db beside the index)")
    p.add_argument("--config", type=Path, default=None, help="optional YAML settings file")
    p.set_defaults(func=cmd_feedback)
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


if __name__ == "__main__":
    raise SystemExit(main())
