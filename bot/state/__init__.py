"""The bot's own writable state (seen feed items, watchlists, schedules, feedback, requests answered,
the threads the bot answered in).

Kept apart from the read-only search index so that rebuilding the index never
loses what users asked the bot to remember. `open_state` chooses where: a
PostgreSQL database when a state URL is set (replicas share it), otherwise an
SQLite file beside the index.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from bot.state.api import State, is_postgres_url, redact_url
from bot.state.store import StateError, StateStore, default_state_path


class HasStateUrl(Protocol):
    """Settings, as far as choosing the state goes."""

    @property
    def state_url(self) -> str | None: ...


def open_state(settings_or_url: HasStateUrl | str | None, index_path: Path) -> State:
    """The state store the settings (or a URL) name: PostgreSQL for postgresql:// URLs, else SQLite beside the index.

    StateError says why it cannot be opened, naming the database without its password.
    """
    url = settings_or_url if isinstance(settings_or_url, str) or settings_or_url is None else settings_or_url.state_url
    if not url:
        # Settings may name the file (UKRAINE_BOT_STATE); one file holds every kind of state.
        chosen = None if isinstance(settings_or_url, str) or settings_or_url is None else getattr(
            settings_or_url, "state_file", None)
        return StateStore(Path(chosen) if chosen else default_state_path(index_path))
    if not is_postgres_url(url):
        raise StateError(f"state URL {redact_url(url)}: only postgresql:// URLs are supported")
    from bot.state.postgres import PostgresStateStore

    return PostgresStateStore(url)


__all__ = ["State", "StateError", "StateStore", "open_state"]
