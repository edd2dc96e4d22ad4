"""Replicas sharing one state: each retried event or replayed command is answered once, each notice sent once.

Every test runs against SQLite (processes on one host sharing the file) and
PostgreSQL (replicas on several hosts). Two stores in one process stand for two
replicas with their own connections; the process tests are the real thing.
"""

from __future__ import annotations

import multiprocessing
import random
import threading
from collections import Counter
from collections.abc import Callable

from tests.state.stores import open_named

KEYS = [f"event:Ev{n:010d}" for n in range(60)]
ARTICLES = [f"web_{n:016x}" for n in range(60)]
TTL = 600


def _hammer(claims: list[Callable[[str], bool]], items: list[str], seed: int) -> list[str]:
    """Claim every item with each of `claims` on a thread of its own, all at once, each in its own order.

    Returns the items won, once per win.
    """
    won: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(len(claims))

    def run(n: int) -> None:
        order = list(items)
        random.Random(seed * 100 + n).shuffle(order)
        start.wait()
        for item in order:
            if claims[n](item):
                with lock:
                    won.append(item)

    workers = [threading.Thread(target=run, args=(n,)) for n in range(len(claims))]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return won


def _replica_process(kind: str, where: str, what: str, watch_id: int, seed: int, start, results) -> None:
    """One replica: its own store, four threads claiming every key (or notice) at once with the others."""
    store = open_named(kind, where)
    if what == "keys":
        claim, items = (lambda key: store.first_time(key, TTL)), KEYS
    else:
        claim, items = (lambda article: store.mark_sent(watch_id, article)), ARTICLES
    start.wait()
    results.put(_hammer([claim] * 4, items, seed=seed))
    store.close()


def _race_processes(open_store, what: str, watch_id: int = 0) -> Counter[str]:
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(2)
    results = context.Queue()
    replicas = [
        context.Process(target=_replica_process, args=(open_store.kind, open_store.where, what, watch_id, seed, start, results))
        for seed in (1, 2)
    ]
    for replica in replicas:
        replica.start()
    won = [results.get(timeout=60) for _ in replicas]
    for replica in replicas:
        replica.join(timeout=30)
        assert replica.exitcode == 0
    return Counter(item for items in won for item in items)


def test_two_replicas_answer_each_retried_event_exactly_once(open_store):
    first, second = open_store(), open_store()
    claims = [lambda key: first.first_time(key, TTL), lambda key: second.first_time(key, TTL)] * 3
    assert Counter(_hammer(claims, KEYS, seed=1)) == Counter(KEYS)


def test_two_replicas_racing_on_one_request_key_let_one_answer(open_store):
    first, second = open_store(), open_store()
    won: list[bool] = []
    start = threading.Barrier(8)

    def claim(store) -> None:
        start.wait()
        won.append(store.first_time("command:1234.5678.abcdef", TTL))

    threads = [threading.Thread(target=claim, args=(store,)) for store in (first, second) * 4]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(won) == [False] * 7 + [True]


def test_two_replica_processes_answer_each_request_key_exactly_once(open_store):
    open_store()  # creates the tables before the replicas race
    assert _race_processes(open_store, "keys") == Counter(KEYS)


def test_two_replica_processes_claim_each_watch_notice_exactly_once(open_store):
    watch = open_store().add_watch("C1", "person", "Lavrov")
    assert _race_processes(open_store, "notices", watch.id) == Counter(ARTICLES)


def test_a_notice_one_replica_claimed_is_not_claimed_by_another(open_store):
    first, second = open_store(), open_store()
    watch = first.add_watch("C1", "person", "Lavrov")
    assert first.mark_sent(watch.id, "a1")
    assert not second.mark_sent(watch.id, "a1")
    assert second.was_sent(watch.id, "a1")


def test_a_digest_is_marked_sent_by_one_replica_of_many(open_store):
    from datetime import date

    stores = [open_store() for _ in range(4)]
    stores[0].set_digest("C1", "07:30", "UTC")
    won: list[bool] = []
    start = threading.Barrier(4)

    def claim(store) -> None:
        start.wait()
        won.append(store.mark_digest_sent("C1", date(2024, 3, 5)))

    threads = [threading.Thread(target=claim, args=(store,)) for store in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(won) == [False, False, False, True]
