"""What every `ukraine-bot` command shares: exit codes, JSON output, argument types, the index on demand."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from bot.settings import default_seeds

EXIT_OK = 0
EXIT_PROBLEMS = 1  # the index was written, but some files or entries were skipped
EXIT_FAILED = 2  # nothing was written


def stdout_is_unicode() -> bool:
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "").replace("_", "")
    return encoding.startswith("utf")


def dumps(data: dict) -> str:
    # Readable Vietnamese on a UTF-8 terminal; \u escapes (still valid JSON) on anything narrower.
    return json.dumps(data, ensure_ascii=not stdout_is_unicode())


def seconds(text: str) -> float:
    """A fetch timeout: 1 to 60 seconds, so one slow server cannot hold a run for long."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not 1 <= value <= 60:
        raise argparse.ArgumentTypeError(f"{text!r} is outside 1 to 60 seconds")
    return value


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
