"""The threads the bot answered in, and what each was last about, kept in the state.

A reply in such a thread is a follow-up the bot may answer without a new @mention;
in any other thread it stays quiet. The last person and date let "còn ngày 22/1?"
or "and Lavrov?" be read against what the thread was about. The threads live in the
state (the SQLite file beside the index, or the shared PostgreSQL), so with replicas a
follow-up is recognised whichever replica Slack sends it to.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from bot.state.api import State
from bot.state.lazy import LazyState


@dataclass(frozen=True)
class ThreadMemory:
    """What a thread the bot answered in was last about (a person's name, a date label like 2022-01-21)."""

    person: str | None
    date: str | None


class ThreadStore:
    """The Slack side's view of the threads in the state; the state is opened on first use.

    `url` names the shared PostgreSQL state when replicas use one, else the SQLite file at `path`
    holds the threads; both are plain values, so an answering worker process can open the same.
    """

    def __init__(self, path: Path, url: str | None = None) -> None:
        self.path = Path(path)
        self.url = url
        self._state = LazyState(self.path, self._opener() if url else None)

    def _opener(self) -> Callable[[], State]:
        from bot.state import open_state

        return lambda: open_state(self.url, self.path)

    def remember(self, channel: str, thread_ts: str, person: str | None = None, date: str | None = None) -> None:
        """Note an answer in this thread; a person or date left None keeps what the thread had."""
        self._state.get().remember_thread(channel, thread_ts, person, date)

    def recall(self, channel: str, thread_ts: str) -> ThreadMemory | None:
        """What the thread was last about, or None if the bot never answered in it."""
        if not self._state.may_hold_anything():
            return None
        found = self._state.get().recall_thread(channel, thread_ts)
        return ThreadMemory(*found) if found else None

    def remember_assistant(self, channel: str, thread_ts: str) -> None:
        """Note a thread the user opened in the assistant pane."""
        self._state.get().remember_assistant_thread(channel, thread_ts)

    def is_assistant(self, channel: str, thread_ts: str) -> bool:
        """Whether this thread was opened in the assistant pane."""
        return self._state.may_hold_anything() and self._state.get().is_assistant_thread(channel, thread_ts)
