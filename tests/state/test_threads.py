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
