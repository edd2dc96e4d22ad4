"""Role holders kept between answers: reused only for the index generation they were read from."""

import os
import threading

from bot.build.pipeline import build_index
from bot.serve.engine import Engine
from bot.serve.session import GenerationMemo

HOLMWOOD = ("2021-03-02", "Thủ tướng Anh tới Kiev\nThủ tướng Anh Peter Holmwood hôm qua đã tới Kiev.\n")
WESTBROOK = ("2023-05-10", "Thủ tướng Anh điện đàm\nThủ tướng Anh Clara Westbrook đã điện đàm với Kiev.\n")


def write_index(folder, out, articles: dict[str, tuple[str, str]]) -> None:
    folder.mkdir()
    entries = []
    for name, (published, text) in articles.items():
        (folder / name).write_text(text, encoding="utf-8")
        entries.append(f"- file: {name}\n  title: {text.splitlines()[0]}\n  outlet: Báo Mẫu\n  url: null\n"
                       f"  published: {published}\n")
    (folder / "sources.yml").write_text("".join(entries), encoding="utf-8")
    assert not build_index(folder, out).problems


def test_a_role_asked_after_the_index_is_replaced_is_answered_from_the_new_index(tmp_path):
    index = tmp_path / "index.db"
    write_index(tmp_path / "old", index, {"a.txt": HOLMWOOD})
    engine = Engine(index)
    question = "ai là thủ tướng Anh ngày 1/6/2023"
    assert [h.name for h in engine.answer(question).holders] == ["Peter Holmwood"]

    write_index(tmp_path / "new", tmp_path / "new.db", {"a.txt": HOLMWOOD, "b.txt": WESTBROOK})
    os.replace(tmp_path / "new.db", index)  # what `ukraine-bot index` does when it rewrites the file

    answer = engine.answer(question)
    assert [h.name for h in answer.holders] == ["Peter Holmwood", "Clara Westbrook"]
    assert answer.holder == "Clara Westbrook"


def test_a_kept_result_is_given_again_for_its_generation_and_key():
    memo, calls = GenerationMemo(4), []
    assert memo.get(1, "role", lambda: calls.append(1) or "first") == "first"
    assert memo.get(1, "role", lambda: calls.append(1) or "second") == "first"
    assert calls == [1]


def test_a_result_of_another_generation_is_never_given():
    memo = GenerationMemo(4)
    memo.get(1, "role", lambda: "old index")
    assert memo.get(2, "role", lambda: "new index") == "new index"
    # An answer still pinned to the old file reads it afresh: its result was dropped.
    assert memo.get(1, "role", lambda: "old index, read again") == "old index, read again"
    assert memo.get(2, "role", lambda: "unused") == "new index"


def test_past_its_size_the_least_recently_used_result_goes_first():
    memo = GenerationMemo(2)
    memo.get(1, "a", lambda: "a")
    memo.get(1, "b", lambda: "b")
    memo.get(1, "a", lambda: "unused")
    memo.get(1, "c", lambda: "c")
    assert memo.get(1, "a", lambda: "unused") == "a"
    assert memo.get(1, "b", lambda: "b again") == "b again"


def test_threads_asking_at_once_all_get_the_result():
    memo = GenerationMemo(8)
    results: list[str] = []

    def ask(n: int) -> None:
        results.append(memo.get(1, n % 3, lambda: f"role {n % 3}"))

    threads = [threading.Thread(target=ask, args=(n,)) for n in range(30)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == sorted(f"role {n % 3}" for n in range(30))
