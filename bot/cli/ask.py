"""`ukraine-bot ask` and `ukraine-bot show`: answers and articles as the bot sees them, in the terminal."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from bot.cli.common import EXIT_FAILED, EXIT_OK, EXIT_PROBLEMS, IndexBuildFailed, dumps, ensure_index
from bot.settings import SettingsError, default_index


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
                print(dumps(_answering(engine, query, lambda e, q: _answer_json(e, q, lang))))
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
        print(dumps(data), flush=True)
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
    print(dumps(report.to_dict()) if args.json else render_report(report, args.lang))
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    """Add this module's commands to the `ukraine-bot` parser."""
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
