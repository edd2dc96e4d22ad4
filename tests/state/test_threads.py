"""The threads table: the bot knows the threads it answered in, and what each was last about."""

from __future__ import annotations

from bot.state.threads import ThreadMemory, ThreadStore


def test_a_thread_the_bot_never_answered_in_is_unknown(tmp_path):
    assert ThreadStore(tmp_path / "state.db").recall("C1", "1.0") is None


def test_a_remembered_thread_recalls_its_person_and_date(tmp_path):
    store = ThreadStore(tmp_path / "state.db")
    store.remember("C1", "1.0", person="Sergei Lavrov", date="2022-01-21")

    assert store.recall("C1", "1.0") == ThreadMemory("Sergei Lavrov", "2022-01-21")
    assert store.recall("C2", "1.0") is None


def test_a_later_answer_replaces_what_it_names_and_keeps_the_rest(tmp_path):
    store = ThreadStore(tmp_path / "state.db")
    store.remember("C1", "1.0", person="Sergei Lavrov")
    store.remember("C1", "1.0", date="2022-01-22")
    store.remember("C1", "1.0", person="Antony Blinken")

    assert store.recall("C1", "1.0") == ThreadMemory("Antony Blinken", "2022-01-22")


def test_an_answer_about_neither_still_marks_the_thread_as_answered(tmp_path):
    store = ThreadStore(tmp_path / "state.db")
    store.remember("C1", "1.0")

    assert store.recall("C1", "1.0") == ThreadMemory(None, None)


def test_the_threads_table_shares_the_state_file_with_the_state_store(tmp_path):
    from bot.state.store import StateStore

    path = tmp_path / "state.db"
    ThreadStore(path).remember("C1", "1.0", person="Sergei Lavrov")

    store = StateStore(path)  # a file this table was added to is still a state file
    store.add_watch("C1", "person", "Lavrov")
    assert ThreadStore(path).recall("C1", "1.0") == ThreadMemory("Sergei Lavrov", None)


def test_a_thread_opened_in_the_assistant_pane_is_known_as_one(tmp_path):
    store = ThreadStore(tmp_path / "state.db")
    store.remember_assistant("D1", "1.0")
    store.remember_assistant("D1", "1.0")  # Slack may say so twice

    assert store.is_assistant("D1", "1.0")
    assert not store.is_assistant("D1", "2.0") and not store.is_assistant("D2", "1.0")


def test_a_thread_the_bot_answered_in_is_not_an_assistant_thread(tmp_path):
    store = ThreadStore(tmp_path / "state.db")
    store.remember("D1", "1.0", person="Sergei Lavrov")

    assert not store.is_assistant("D1", "1.0")
    assert not ThreadStore(tmp_path / "absent.db").is_assistant("D1", "1.0")


def test_a_thread_one_replica_answered_in_is_recalled_by_another(open_store):
    first, second = open_store(), open_store()
    first.remember_thread("C1", "1.0", person="Sergei Lavrov", date="2022-01-21")

    assert second.recall_thread("C1", "1.0") == ("Sergei Lavrov", "2022-01-21")
    assert second.recall_thread("C1", "2.0") is None


def test_a_later_answer_in_another_replica_keeps_what_it_does_not_name(open_store):
    first, second = open_store(), open_store()
    first.remember_thread("C1", "1.0", person="Sergei Lavrov")
    second.remember_thread("C1", "1.0", date="2022-01-22")

    assert first.recall_thread("C1", "1.0") == ("Sergei Lavrov", "2022-01-22")


def test_an_assistant_thread_one_replica_saw_opened_is_known_to_another(open_store):
    first, second = open_store(), open_store()
    first.remember_assistant_thread("D1", "1.0")
    second.remember_assistant_thread("D1", "1.0")  # Slack may tell both

    assert second.is_assistant_thread("D1", "1.0")
    assert not first.is_assistant_thread("D1", "2.0")


def test_with_a_shared_state_threads_go_there_and_not_to_the_local_file(postgres_url, tmp_path):
    local = tmp_path / "local" / "state.db"
    ThreadStore(local, postgres_url).remember("C1", "1.0", person="Sergei Lavrov")

    assert ThreadStore(tmp_path / "other.db", postgres_url).recall("C1", "1.0") == ThreadMemory("Sergei Lavrov", None)
    assert not local.exists()


def test_reading_a_thread_creates_no_state_file(tmp_path):
    store = ThreadStore(tmp_path / "state.db")

    assert store.recall("C1", "1.0") is None and not store.is_assistant("C1", "1.0")
    assert not (tmp_path / "state.db").exists()


def test_threads_kept_in_a_file_of_the_previous_schema_are_still_recalled(tmp_path):
    import sqlite3

    from bot.state.store import StateStore

    path = tmp_path / "state.db"
    StateStore(path).close()
    db = sqlite3.connect(path)
    for table in ("threads", "assistant_threads"):
        db.execute(f"DELETE FROM {table}")
    db.execute("INSERT INTO threads VALUES ('C1', '1.0', 'Sergei Lavrov', NULL, 0)")
    db.execute("PRAGMA user_version=3")
    db.commit()
    db.close()

    assert ThreadStore(path).recall("C1", "1.0") == ThreadMemory("Sergei Lavrov", None)
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == 4
