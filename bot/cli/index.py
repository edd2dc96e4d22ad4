"""`ukraine-bot index`: build or update the index from the corpus folder."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from pathlib import Path

from bot.cli.common import EXIT_FAILED, EXIT_OK, EXIT_PROBLEMS
from bot.settings import default_index, default_seeds


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


def _workers(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of processes (1 or more)")
    return n


def register(sub: argparse._SubParsersAction) -> None:
    """Add this module's commands to the `ukraine-bot` parser."""
    p = sub.add_parser("index", help="build the article index")
    p.add_argument("--seeds", default=str(default_seeds()), help="corpus folder (default: %(default)s)")
    p.add_argument("--out", default=str(default_index()), help="index file (default: %(default)s)")
    p.add_argument("--workers", type=_workers, default=os.cpu_count() or 1,
                   help="processes analysing articles; 1 analyses them in this one (default: the cores, %(default)s)")
    p.add_argument("--scheduler", metavar="tcp://HOST:8786",
                   help="analyse on this Dask cluster instead (needs the `cluster` extra; --workers is then unused)")
    p.set_defaults(func=cmd_index)
