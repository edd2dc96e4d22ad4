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
