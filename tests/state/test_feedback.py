"""The feedback table: what is recorded is listed back, newest first, in its own file."""

from __future__ import annotations

import threading

import pytest

from bot.state.feedback import FeedbackStore


def test_a_recorded_vote_is_listed_back_with_its_query_and_answer(tmp_path):
    store = FeedbackStore(tmp_path / "state.db")

    store.record(user="U1", vote="down", query="who Sulivan", answer="Jake Sullivan", articles=("a1", "a2"),
                 reason="wrong_person", comment="Không phải ông này", channel="C1")

    (item,) = store.list()
    assert (item.user, item.vote, item.query, item.answer, item.articles) == ("U1", "down", "who Sulivan",
                                                                           "Jake Sullivan", ("a1", "a2"))
    assert (item.reason, item.comment, item.channel) == ("wrong_person", "Không phải ông này", "C1")


def test_feedback_is_listed_newest_first_and_can_be_limited(tmp_path):
    store = FeedbackStore(tmp_path / "state.db")
    for q in ("q1", "q2", "q3"):
        store.record(user="U1", vote="up", query=q, answer="a")

    assert [f.query for f in store.list()] == ["q3", "q2", "q1"]
    assert [f.query for f in store.list(limit=1)] == ["q3"]


def test_nothing_recorded_lists_nothing_and_creates_no_file(tmp_path):
    assert FeedbackStore(tmp_path / "none" / "state.db").list() == []
    assert not (tmp_path / "none").exists()


def test_the_state_folder_is_created_on_the_first_vote(tmp_path):
    FeedbackStore(tmp_path / "new" / "state.db").record(user="U1", vote="up", query="q", answer="a")

    assert (tmp_path / "new" / "state.db").exists()


def test_an_unknown_reason_is_kept_as_other_and_an_unknown_vote_refused(tmp_path):
    store = FeedbackStore(tmp_path / "state.db")

    assert store.record(user="U1", vote="down", query="q", answer="a", reason="bogus").reason == "other"  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        store.record(user="U1", vote="sideways", query="q", answer="a")  # type: ignore[arg-type]


def test_votes_from_many_threads_are_all_kept(tmp_path):
    store = FeedbackStore(tmp_path / "state.db")
    threads = [threading.Thread(target=store.record, kwargs={"user": f"U{i}", "vote": "up", "query": "q", "answer": "a"})
               for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert len(store.list()) == 20


def test_feedback_is_kept_in_the_shared_state_file(tmp_path):
    from bot.state.store import StateStore

    path = tmp_path / "state.db"
    FeedbackStore(path).record(user="U1", vote="down", query="who X", answer="No one", reason="wrong_person")

    (item,) = StateStore(path).feedback()
    assert (item.verdict, item.reason, item.query) == ("bad", "wrong_person", "who X")


def test_with_a_shared_state_feedback_goes_there_and_not_to_the_local_file(tmp_path):
    from bot.state.store import StateStore

    shared = StateStore(tmp_path / "shared.db")
    store = FeedbackStore(tmp_path / "local" / "state.db", opener=lambda: shared)
    store.record(user="U1", vote="up", query="who Sullivan", answer="Jake Sullivan")

    assert [f.query for f in store.list()] == ["who Sullivan"] and [f.query for f in shared.feedback()] == ["who Sullivan"]
    assert not (tmp_path / "local").exists()
