"""The answer pool: worker processes answer exactly as the in-process engine does, a lost worker costs
one apology and is replaced, and a rebuilt index reaches every worker without a restart."""

from __future__ import annotations

import os
import shutil
import signal
import threading
import time
from pathlib import Path
from typing import Iterator

import pytest

from bot.index.reader import IndexUnavailable
from bot.serve import pool as pool_module
from bot.serve.pool import AnswerPool, AnswerUnavailable

ROOT = Path(__file__).resolve().parents[2]
SULLIVAN_ARTICLE = "000_4ae53418e66acca5"
QUERY_MIX = [
    "who Sullivan", "ai là Lavrov", "who Sulivan", "who ngoại trưởng Nga", "Ushakov là ai", "who Zqwxv Plorbnik",
    "who", "on 2022-01-21", "ngày 21/1/2022", "2022-01", "on 2022", "on 1990-01-01", "on 2022-02-30",
    "Nga", "đàm phán Genève", "dam phan geneve", "xyzzyq plorbnik", "help", "", "   ", "?!", "a" * 5000,
]
WITKOFF_ARTICLE = "0000_witkoff.txt"
WITKOFF_TEXT = """Đặc phái viên Mỹ tới Moscow

Đặc phái viên Mỹ Steve Witkoff đã gặp Tổng thống Nga Vladimir Putin tại Điện Kremlin ngày 11/2/2025.

Ông Witkoff nói cuộc gặp kéo dài hơn ba giờ và diễn ra trong bầu không khí xây dựng tại Genève.
"""


@pytest.fixture(scope="module")
def pool(seed_index) -> Iterator[AnswerPool]:
    with AnswerPool(seed_index, workers=2) as running:
        yield running


@pytest.fixture
def own_index(seed_index, tmp_path) -> Path:
    """A copy of the seed index that a test may replace or damage."""
    path = tmp_path / "index.db"
    shutil.copyfile(seed_index, path)
    return path


def ask_in_thread(pool: AnswerPool, text: str) -> tuple[threading.Thread, dict[str, object]]:
    outcome: dict[str, object] = {}

    def ask() -> None:
        try:
            outcome["answer"] = pool.answer(text)
        except Exception as exc:
            outcome["error"] = exc

    thread = threading.Thread(target=ask, daemon=True)
    thread.start()
    return thread, outcome


def ask_all_in_threads(pool: AnswerPool, texts: list[str]) -> list[tuple[threading.Thread, dict[str, object]]]:
    return [ask_in_thread(pool, text) for text in texts]


def joined(asked: list[tuple[threading.Thread, dict[str, object]]], within: float) -> list[dict[str, object]]:
    deadline = time.monotonic() + within
    for thread, _ in asked:
        thread.join(max(0.0, deadline - time.monotonic()))
    assert not any(thread.is_alive() for thread, _ in asked), "a caller is still waiting"
    return [outcome for _, outcome in asked]


def assert_closing_apologises_at_once(pool: AnswerPool, asked: list[tuple[threading.Thread, dict[str, object]]]) -> None:
    """Closing `pool` returns every caller in `asked` within 3 s, each with AnswerUnavailable."""
    started = time.monotonic()
    pool.close()
    outcomes = joined(asked, within=5)
    assert time.monotonic() - started < 3
    assert all(isinstance(o.get("error"), AnswerUnavailable) for o in outcomes), outcomes


@pytest.fixture
def starts(monkeypatch) -> list[int]:
    """The number of each worker started after the pool's own start: one entry per (re)start."""
    started: list[int] = []
    real = pool_module._Worker.start

    def counted(self, index_path, timeout):
        started.append(self.number)
        return real(self, index_path, timeout)

    monkeypatch.setattr(pool_module._Worker, "start", counted)
    return started


def wait_for_new_workers(pool: AnswerPool, old: set[int], within: float = 30) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline and old & set(pool.pids()):
        time.sleep(0.05)


# -- the same answers ----------------------------------------------------------------------------------


def test_the_pool_answers_exactly_what_the_in_process_engine_answers(pool, engine):
    for _ in range(2):  # twice, so that every worker answers every query
        for text in QUERY_MIX:
            assert pool.answer(text) == engine.answer(text), text


def test_article_pages_read_through_the_pool_are_those_of_the_engine(pool, engine):
    assert pool.article(SULLIVAN_ARTICLE) == engine.article(SULLIVAN_ARTICLE)
    assert pool.article("no-such-article") is None


def test_queries_asked_at_once_are_all_answered_and_none_is_mixed_up(pool, engine):
    expected = {text: engine.answer(text) for text in QUERY_MIX}
    results: list[tuple[str, object]] = []
    lock = threading.Lock()

    def ask(text: str) -> None:
        answer = pool.answer(text)
        with lock:
            results.append((text, answer))

    threads = [threading.Thread(target=ask, args=(text,)) for text in QUERY_MIX * 3]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert len(results) == len(QUERY_MIX) * 3
    assert all(answer == expected[text] for text, answer in results)


def test_the_pool_has_as_many_worker_processes_as_asked_none_of_them_this_one(pool):
    pids = pool.pids()
    assert len(pids) == pool.workers == 2 and len(set(pids)) == 2 and os.getpid() not in pids


def test_without_a_count_the_pool_has_one_worker_per_core(seed_index):
    with AnswerPool(seed_index) as running:
        assert running.workers == len(os.sched_getaffinity(0))


# -- lost workers --------------------------------------------------------------------------------------


def test_a_worker_killed_while_it_holds_a_query_is_replaced_and_the_asker_gets_an_apology(own_index):
    with AnswerPool(own_index, workers=1, timeout=60) as pool:
        (pid,) = pool.pids()
        os.kill(pid, signal.SIGSTOP)  # it takes the query but cannot answer it
        thread, outcome = ask_in_thread(pool, "who Sullivan")
        time.sleep(0.3)
        os.kill(pid, signal.SIGKILL)
        thread.join(10)

        assert not thread.is_alive(), "the asker is still waiting on a dead worker"
        assert isinstance(outcome.get("error"), AnswerUnavailable)
        assert isinstance(outcome["error"], IndexUnavailable)  # so the listeners apologise as for the index
        assert "killed by SIGKILL" in str(outcome["error"])
        answer = pool.answer("who Sullivan")
        assert answer.actor is not None and answer.actor.name == "Jake Sullivan"
        assert pool.pids() != [pid]


def test_a_worker_that_overruns_its_time_is_stopped_replaced_and_the_asker_gets_an_apology(own_index):
    with AnswerPool(own_index, workers=1, timeout=1.0) as pool:
        (pid,) = pool.pids()
        os.kill(pid, signal.SIGSTOP)
        started = time.monotonic()
        with pytest.raises(AnswerUnavailable, match="longer than 1 s"):
            pool.answer("who Sullivan")
        assert time.monotonic() - started < 5
        answer = pool.answer("who Sullivan")
        assert answer.actor is not None and answer.actor.name == "Jake Sullivan"
        assert pid not in pool.pids()


def test_a_worker_that_died_between_queries_costs_no_apology(own_index):
    with AnswerPool(own_index, workers=1) as pool:
        (pid,) = pool.pids()
        os.kill(pid, signal.SIGKILL)
        time.sleep(0.2)
        answer = pool.answer("who Sullivan")
        assert answer.actor is not None and answer.actor.name == "Jake Sullivan"
        assert pool.pids() != [pid]


def test_the_other_workers_keep_answering_while_one_is_replaced(own_index):
    with AnswerPool(own_index, workers=2, timeout=60) as pool:
        stuck, healthy = pool.pids()
        os.kill(stuck, signal.SIGSTOP)
        thread, outcome = ask_in_thread(pool, "who Sullivan")  # the first query goes to the first worker
        time.sleep(0.3)
        for _ in range(4):
            assert pool.answer("ai là Lavrov").actor is not None  # answered by the other one meanwhile
        os.kill(stuck, signal.SIGKILL)
        thread.join(10)
        assert isinstance(outcome.get("error"), AnswerUnavailable)
        wait_for_new_workers(pool, {stuck})
        assert healthy in pool.pids() and stuck not in pool.pids()


def test_a_closed_pool_apologises_instead_of_answering(own_index):
    pool = AnswerPool(own_index, workers=1)
    pool.close()
    with pytest.raises(AnswerUnavailable):
        pool.answer("who Sullivan")


# -- the index -----------------------------------------------------------------------------------------


def test_a_missing_index_stops_the_pool_at_start_as_it_stops_the_engine(tmp_path):
    with pytest.raises(IndexUnavailable, match="ukraine-bot index"):
        AnswerPool(tmp_path / "nothing-here.db", workers=1)


def test_a_rebuilt_index_is_answered_from_by_every_worker_without_a_restart(own_index, tmp_path):
    from bot.build.pipeline import build_index

    folder = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", folder)
    (folder / WITKOFF_ARTICLE).write_text(WITKOFF_TEXT, encoding="utf-8")
    rebuilt = tmp_path / "rebuilt.db"
    assert not build_index(folder, rebuilt).problems

    with AnswerPool(own_index, workers=2) as pool:
        assert [pool.answer("who Witkoff").error for _ in range(4)] == ["no_actor"] * 4
        os.replace(rebuilt, own_index)  # what `ukraine-bot index` does when it rewrites the file
        assert pool.reload_if_changed() is True  # the parent's watcher sees it
        answers = [pool.answer("who Witkoff") for _ in range(4)]  # queries take the workers in turn

    assert all(a.actor is not None and a.actor.name == "Steve Witkoff" for a in answers)


def test_a_damaged_index_is_an_index_unavailable_and_the_workers_stay_up(own_index):
    with AnswerPool(own_index, workers=1) as pool:
        (pid,) = pool.pids()
        damaged = own_index.with_name("damaged.db")
        damaged.write_bytes(b"this is no longer an index " * 200)
        os.replace(damaged, own_index)
        with pytest.raises(IndexUnavailable, match="ukraine-bot index") as raised:
            pool.answer("who Sullivan")
        assert not isinstance(raised.value, AnswerUnavailable)
        with pytest.raises(IndexUnavailable):
            pool.reload_if_changed()
        assert pool.pids() == [pid]


# -- several requests in flight per worker -------------------------------------------------------------


def test_a_pool_holds_one_request_per_worker_unless_given_more_slots(own_index):
    with AnswerPool(own_index, workers=1, wait=0.5, timeout=60) as pool:
        assert pool.slots == 1
        (pid,) = pool.pids()
        os.kill(pid, signal.SIGSTOP)
        try:
            thread, outcome = ask_in_thread(pool, "who Sullivan")
            time.sleep(0.3)
            with pytest.raises(AnswerUnavailable, match="no answering worker was free within 0.5 s"):
                pool.answer("ai là Lavrov")
        finally:
            os.kill(pid, signal.SIGCONT)
        thread.join(10)
        assert outcome["answer"].actor.name == "Jake Sullivan"


def test_a_pool_needs_at_least_one_slot_per_worker(own_index):
    with pytest.raises(ValueError, match="at least one slot"):
        AnswerPool(own_index, workers=1, slots=0)


def test_queries_in_flight_on_one_worker_are_all_answered_and_none_is_mixed_up(own_index, engine):
    expected = {text: engine.answer(text) for text in QUERY_MIX}
    with AnswerPool(own_index, workers=1, slots=4) as pool:
        outcomes = joined(ask_all_in_threads(pool, QUERY_MIX * 3), within=60)
    assert [o.get("answer") for o in outcomes] == [expected[text] for text in QUERY_MIX * 3]


def test_every_request_in_flight_on_a_killed_worker_gets_an_apology_and_the_worker_is_replaced_once(own_index, starts):
    with AnswerPool(own_index, workers=1, slots=3, timeout=60) as pool:
        (pid,) = pool.pids()
        os.kill(pid, signal.SIGSTOP)  # it takes the queries but cannot answer them
        asked = ask_all_in_threads(pool, ["who Sullivan", "ai là Lavrov", "Nga"])
        time.sleep(0.3)
        os.kill(pid, signal.SIGKILL)
        outcomes = joined(asked, within=10)

        assert all(isinstance(o.get("error"), AnswerUnavailable) for o in outcomes), outcomes
        wait_for_new_workers(pool, {pid})
        answers = joined(ask_all_in_threads(pool, ["who Sullivan"] * 3), within=30)  # all three slots are back
        assert all(a["answer"].actor.name == "Jake Sullivan" for a in answers)
        assert starts == [1] and pid not in pool.pids()


def test_requests_in_flight_on_a_worker_that_overruns_all_get_an_apology_and_it_is_replaced_once(own_index, starts):
    with AnswerPool(own_index, workers=1, slots=2, timeout=1.0) as pool:
        (pid,) = pool.pids()
        os.kill(pid, signal.SIGSTOP)
        started = time.monotonic()
        outcomes = joined(ask_all_in_threads(pool, ["who Sullivan", "ai là Lavrov"]), within=10)

        assert all(isinstance(o.get("error"), AnswerUnavailable) for o in outcomes), outcomes
        assert any("longer than 1 s" in str(o["error"]) for o in outcomes)
        assert time.monotonic() - started < 5
        answer = pool.answer("who Sullivan")
        assert answer.actor is not None and answer.actor.name == "Jake Sullivan"
        assert starts == [1] and pid not in pool.pids()


def test_closing_the_pool_answers_every_request_in_flight_at_once_with_an_apology(own_index):
    pool = AnswerPool(own_index, workers=1, slots=3, timeout=60)
    (pid,) = pool.pids()
    os.kill(pid, signal.SIGSTOP)
    asked = ask_all_in_threads(pool, ["who Sullivan", "ai là Lavrov", "Nga"])
    time.sleep(0.3)

    assert_closing_apologises_at_once(pool, asked)


def test_closing_the_pool_tells_a_caller_waiting_for_a_free_slot_at_once(own_index):
    pool = AnswerPool(own_index, workers=1, slots=1, timeout=60, wait=60)
    (pid,) = pool.pids()
    os.kill(pid, signal.SIGSTOP)
    asked = ask_all_in_threads(pool, ["who Sullivan"])
    time.sleep(0.3)
    asked += ask_all_in_threads(pool, ["ai là Lavrov"])  # no slot free: it waits for one
    time.sleep(0.3)

    assert_closing_apologises_at_once(pool, asked)
