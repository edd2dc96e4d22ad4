"""open_state: SQLite beside the index unless a postgresql:// state URL is set."""

from dataclasses import dataclass

import pytest

from bot.state import open_state
from bot.state.store import StateError, StateStore


@dataclass(frozen=True)
class Settings:
    state_url: str | None


def test_without_a_state_url_the_state_is_sqlite_beside_the_index(tmp_path):
    store = open_state(Settings(None), tmp_path / "index.db")
    store.close()
    assert isinstance(store, StateStore)
    assert store.location == str(tmp_path / "state.db")


def test_a_postgresql_url_opens_postgresql(postgres_url, tmp_path):
    from bot.state.postgres import PostgresStateStore

    store = open_state(Settings(postgres_url), tmp_path / "index.db")
    store.close()
    assert isinstance(store, PostgresStateStore)
    assert not (tmp_path / "state.db").exists()


def test_a_url_may_be_given_instead_of_settings(postgres_url, tmp_path):
    store = open_state(postgres_url, tmp_path / "index.db")
    assert store.first_time("event:Ev0001", ttl_seconds=60)
    store.close()


def test_a_url_of_another_database_kind_is_refused_without_its_password(tmp_path):
    with pytest.raises(StateError, match="only postgresql:// URLs") as caught:
        open_state("mysql://bot:my-secret@db/state", tmp_path / "index.db")
    assert "my-secret" not in str(caught.value)
