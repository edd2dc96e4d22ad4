"""What only the PostgreSQL backend has to get right: its URL's password, its schema, its connections.

The behaviour every backend shares is in test_store.py (run against PostgreSQL too).
"""

from __future__ import annotations

import socket
import threading
from urllib.parse import urlsplit

import pytest

from bot.state import sql as state_sql
from bot.state.store import StateError

try:
    import psycopg

    from bot.state import postgres as pg_state
    from bot.state.postgres import PostgresStateStore
except ImportError:  # no driver: the postgres_server fixture skips these tests, or fails them in CI
    pass

pytestmark = pytest.mark.usefixtures("postgres_server")


def _password(url: str) -> str:
    password = urlsplit(url).password
    assert password, "the test server's URL carries a password (see .ci/postgres.sh)"
    return password


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_location_names_the_database_without_its_password(postgres_url):
    store = PostgresStateStore(postgres_url)
    store.close()
    assert _password(postgres_url) not in store.location
    assert "***" in store.location
    assert urlsplit(postgres_url).hostname in store.location


def test_a_server_that_does_not_answer_is_named_without_the_password():
    url = f"postgresql://bot:s3cret-pw@127.0.0.1:{_free_port()}/state"
    with pytest.raises(StateError, match="cannot connect") as caught:
        PostgresStateStore(url)
    assert "s3cret-pw" not in str(caught.value)
    assert "127.0.0.1" in str(caught.value)
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


def test_a_wrong_password_is_refused_without_showing_either_password(postgres_url):
    parts = urlsplit(postgres_url)
    wrong = postgres_url.replace(f":{parts.password}@", ":not-the-password@")
    with pytest.raises(StateError, match="cannot connect") as caught:
        PostgresStateStore(wrong)
    assert "not-the-password" not in str(caught.value)
    assert _password(postgres_url) not in str(caught.value)


def test_a_schema_holding_other_tables_is_refused_untouched(postgres_url):
    with psycopg.connect(postgres_url, autocommit=True) as db:
        db.execute("CREATE TABLE invoices(id INTEGER)")
    with pytest.raises(StateError, match="holds other tables"):
        PostgresStateStore(postgres_url)
    with psycopg.connect(postgres_url, autocommit=True) as db:
        tables = db.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()").fetchall()
    assert tables == [("invoices",)]


def test_a_database_from_a_newer_schema_is_refused(postgres_url):
    PostgresStateStore(postgres_url).close()
    with psycopg.connect(postgres_url, autocommit=True) as db:
        db.execute("UPDATE state_meta SET schema_version = %s", (pg_state.SCHEMA_VERSION + 1,))
    with pytest.raises(StateError, match="newer version"):
        PostgresStateStore(postgres_url)


def test_replicas_starting_together_create_the_tables_once(postgres_url):
    stores: list[PostgresStateStore] = []
    failures: list[BaseException] = []
    start = threading.Barrier(6)

    def open_one() -> None:
        start.wait()
        try:
            stores.append(PostgresStateStore(postgres_url))
        except BaseException as exc:  # noqa: BLE001 - reported below
            failures.append(exc)

    threads = [threading.Thread(target=open_one) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for store in stores:
        store.close()
    assert failures == []
    with psycopg.connect(postgres_url, autocommit=True) as db:
        assert db.execute("SELECT count(*) FROM state_meta").fetchone() == (1,)


def test_a_connection_the_server_dropped_is_replaced_on_the_next_call(postgres_url):
    store = PostgresStateStore(postgres_url)
    backend = store._db().info.backend_pid
    with psycopg.connect(postgres_url, autocommit=True) as db:
        db.execute("SELECT pg_terminate_backend(%s)", (backend,))
    with pytest.raises(psycopg.OperationalError):
        store.digests()  # the call that finds the connection gone fails; it is not retried blindly
    assert store.digests() == []
    store.close()


def test_expired_request_keys_are_deleted_from_the_database(postgres_url, clock, monkeypatch):
    store = PostgresStateStore(postgres_url, now=clock)
    monkeypatch.setattr(state_sql, "ONCE_CLEANUP_EVERY", 0)
    store.first_time("event:old", ttl_seconds=10)
    clock.advance(60)
    store.first_time("event:new", ttl_seconds=10)
    store.close()
    with psycopg.connect(postgres_url, autocommit=True) as db:
        assert db.execute("SELECT key FROM once_keys").fetchall() == [("event:new",)]


def test_text_with_a_nul_character_is_stored_without_it(postgres_url):
    store = PostgresStateStore(postgres_url)
    store.record_feedback(query="ai\x00 là Lavrov", answer={"text": "a\x00b"}, verdict="bad", text="sai\x00", user="U1")
    [item] = store.feedback()
    store.close()
    assert (item.query, item.answer, item.text) == ("ai là Lavrov", {"text": "a\x00b"}, "sai")


def test_tables_of_schema_1_are_upgraded_keeping_the_watches(postgres_url):
    first = PostgresStateStore(postgres_url)
    first.add_watch("C1", "person", "Lavrov")
    first.close()
    with psycopg.connect(postgres_url, autocommit=True) as db:
        db.execute("DROP TABLE checked_articles")
        db.execute("UPDATE state_meta SET schema_version = 1")
    upgraded = PostgresStateStore(postgres_url)
    assert [str(w) for w in upgraded.watches("C1")] == ["Lavrov"]
    upgraded.mark_checked(["a"])
    assert upgraded.unchecked(["a", "b"]) == ["b"]
    upgraded.close()


def test_tables_of_schema_2_gain_the_threads_keeping_the_watches(postgres_url):
    first = PostgresStateStore(postgres_url)
    first.add_watch("C1", "person", "Lavrov")
    first.close()
    with psycopg.connect(postgres_url, autocommit=True) as db:
        db.execute("DROP TABLE threads")
        db.execute("DROP TABLE assistant_threads")
        db.execute("UPDATE state_meta SET schema_version = 2")
    upgraded = PostgresStateStore(postgres_url)
    assert [str(w) for w in upgraded.watches("C1")] == ["Lavrov"]
    upgraded.remember_thread("C1", "1.0", person="Sergei Lavrov")
    assert upgraded.recall_thread("C1", "1.0") == ("Sergei Lavrov", None)
    upgraded.close()
