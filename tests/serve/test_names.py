"""The name matcher: one trigram map per index generation, built before any query needs it."""

import threading

from bot.serve.engine import Engine


def test_the_name_map_is_built_when_the_engine_opens_the_index(seed_index):
    engine = Engine(seed_index)
    assert engine.names.builds == 1
    engine.answer("who Sulivan")
    assert engine.names.builds == 1


def test_concurrent_typo_queries_on_a_fresh_map_build_it_once(seed_index):
    engine = Engine(seed_index)
    engine.names._fuzzy = None  # as if the index had just been swapped and nobody had warmed it
    start = threading.Barrier(16)
    answers = []

    def ask() -> None:
        start.wait()
        answers.append(engine.answer("who Sulivan").actor)

    threads = [threading.Thread(target=ask) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert engine.names.builds == 2
    assert {a.name for a in answers if a} == {"Jake Sullivan"} and len(answers) == 16
