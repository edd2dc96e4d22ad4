"""Every state backend under the same tests: SQLite beside the index, and PostgreSQL (skipped when absent)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.state.api import State
from tests.state.stores import Clock, OpenStore


@pytest.fixture(params=["sqlite", "postgres"])
def open_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[OpenStore]:
    """Opens stores on one state per test, in SQLite and then in PostgreSQL."""
    if request.param == "sqlite":
        opener = OpenStore("sqlite", str(tmp_path / "state.db"))
    else:
        opener = OpenStore("postgres", request.getfixturevalue("postgres_url"))
    yield opener
    for store in opener.opened:
        store.close()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def state(open_store: OpenStore, clock: Clock) -> State:
    return open_store(clock)
