"""The `who` baselines: a naive fuzzy scan and an indexed fetch that find the person, and the concurrent burst."""

import threading

import pytest

from benchmarks.baselines import (
    ROWS,
    Baselines,
    all_keys,
    cells,
    concurrent_answers,
    fetch_person,
    naive_match,
    query_keys,
)


@pytest.fixture(scope="module")
def best_known(engine):
    """The index's most written-about person with a full name: (name, the key of that name)."""
    db = engine.session.db()
    for name, key in db.execute("SELECT a.name, k.key FROM actors a JOIN actor_keys k ON k.actor = a.rowid"
                                " WHERE k.kind = 'name' AND k.key LIKE '% %' ORDER BY a.n_articles DESC"):
        if len(key) >= 8:
            return name, key
    pytest.fail("the seed index has no full name to look up")


def test_the_mix_is_read_as_who_reads_it():
    mix = [("who", "typo", "who ông Zelenskyi"), ("who", "exact", "who Putin"), ("on", "day", "on 2022-03-01")]
    assert query_keys(mix, "who", "typo") == [("who ông Zelenskyi", "zelenskyi")]


def test_the_naive_scan_finds_the_person_behind_a_typo(engine, best_known):
    name, key = best_known
    typo = key[:3] + key[4:]
    match = naive_match(typo, all_keys(engine))
    assert match is not None
    assert fetch_person(engine, match)[1] == name


def test_the_floor_fetch_gives_the_person_row_of_an_exact_key(engine, best_known):
    name, key = best_known
    assert fetch_person(engine, key)[1] == name
    assert fetch_person(engine, "zqxv plorbnik") is None


class _Recorder:
    def __init__(self, fail: bool = False) -> None:
        self.asked: list[tuple[str, str]] = []
        self.fail = fail
        self.lock = threading.Lock()

    def answer(self, text: str) -> None:
        with self.lock:
            self.asked.append((text, threading.current_thread().name))
        if self.fail:
            raise ValueError("damaged index")


def test_a_burst_returns_when_every_query_has_its_answer_each_on_its_own_thread():
    engine = _Recorder()
    concurrent_answers(engine, [f"who q{i}" for i in range(16)])
    assert sorted(t for t, _ in engine.asked) == sorted(f"who q{i}" for i in range(16))
    assert len({thread for _, thread in engine.asked}) == 16


def test_a_failed_answer_in_a_burst_is_raised_not_timed():
    with pytest.raises(ValueError, match="damaged index"):
        concurrent_answers(_Recorder(fail=True), ["who a", "who b"])


def test_each_baseline_row_puts_the_bot_beside_it_with_the_ratio():
    b = Baselines(keys=900, naive_typo=(4.0, 8.0), fetch=(0.01, 0.04), open_seconds=0.5, cold_seconds=0.2,
                  warm_seconds=0.1)
    values = dict(zip(ROWS, cells({"who/typo": (1.0, 4.0, 30), "who/exact": (0.5, 2.0, 30)}, b)))
    assert len(values) == len(ROWS)
    assert values["  naive extractOne over every key"] == "4.00 / 8.00 (900 keys)"
    assert values["  ratio bot / naive (p50 / p99)"] == "0.25 / 0.50"
    assert values["  ratio bot / floor (p50 / p99)"] == "50 / 50"
    assert values["16 concurrent who typo (s): fresh engine / warm"] == "0.200 / 0.100"
